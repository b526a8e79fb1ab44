package org.jrhcs.ccsd.tool;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Places new elements in a hand-written file the way its author would have: after
 * the last sibling, at the siblings' indentation, nested children one indentation
 * step deeper (the step is the file's own: the indentation of the root's first
 * child, two spaces when the file has none).
 */
final class Indent {
    private Indent() {}

    /** Appends {@code child} (with any nested children, not yet indented) as the last element of {@code parent}. */
    static void insert(Element parent, Element child) {
        Document dom = parent.getOwnerDocument();
        String step = step(dom);
        Element last = null;
        for (Node n = parent.getLastChild(); n != null; n = n.getPreviousSibling())
            if (n instanceof Element e) { last = e; break; }
        String indent;
        if (last != null) {
            indent = leading(last);
            Node after = last.getNextSibling();
            parent.insertBefore(dom.createTextNode("\n" + indent), after);
            parent.insertBefore(child, after);
        } else {
            String parentIndent = leading(parent);
            indent = parentIndent + step;
            // only whitespace (or nothing) inside: replace it, so a self-closed <x/> opens cleanly
            while (parent.getFirstChild() != null) parent.removeChild(parent.getFirstChild());
            parent.appendChild(dom.createTextNode("\n" + indent));
            parent.appendChild(child);
            parent.appendChild(dom.createTextNode("\n" + parentIndent));
        }
        indentChildren(child, indent, step);
    }

    private static void indentChildren(Element e, String indent, String step) {
        if (e.getFirstChild() == null) return;
        Document dom = e.getOwnerDocument();
        String inner = indent + step;
        Node n = e.getFirstChild();
        while (n != null) {
            Node next = n.getNextSibling();
            e.insertBefore(dom.createTextNode("\n" + inner), n);
            if (n instanceof Element c) indentChildren(c, inner, step);
            n = next;
        }
        e.appendChild(dom.createTextNode("\n" + indent));
    }

    /** The whitespace between the previous line break and {@code e}. */
    static String leading(Element e) {
        Node prev = e.getPreviousSibling();
        if (prev != null && prev.getNodeType() == Node.TEXT_NODE) {
            String t = prev.getTextContent();
            int nl = t.lastIndexOf('\n');
            if (nl >= 0 && t.substring(nl + 1).isBlank()) return t.substring(nl + 1);
        }
        return "";
    }

    private static String step(Document dom) {
        Element root = dom.getDocumentElement();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                String s = leading(e);
                return s.isEmpty() ? "  " : s;
            }
        }
        return "  ";
    }
}
