package org.jrhcs.ccs;

import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Edits a copy of a cluster.conf DOM in place, so comments, order and unknown content
 * survive (ccs_tool's addnode, delnode, ... and config_version bumps), then re-reads it
 * into a fresh {@link ConfDocument}. The original document is never changed.
 */
public final class ConfEditor {
    private final String fileName;
    private final Document dom;

    public ConfEditor(ConfDocument doc) {
        this.fileName = doc.fileName();
        this.dom = (Document) doc.dom().cloneNode(true);
    }

    public Document dom() { return dom; }

    /** The first element the XPath selects; an IllegalArgumentException names the path when none does. */
    public Element element(String path) {
        try {
            Node n = (Node) XPathFactory.newInstance().newXPath().evaluate(path, dom, XPathConstants.NODE);
            if (!(n instanceof Element e)) throw new IllegalArgumentException("no element at " + path);
            return e;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("bad path " + path + ": " + e.getMessage(), e);
        }
    }

    public ConfEditor set(String path, String attribute, String value) {
        element(path).setAttribute(attribute, value);
        return this;
    }

    /** The element at {@code parentPath}'s child named {@code tag}, created (last, indented like its siblings) when missing. */
    public Element childOf(String parentPath, String tag) {
        Element parent = element(parentPath);
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling())
            if (n instanceof Element e && e.getTagName().equals(tag)) return e;
        return append(parent, tag);
    }

    /** Appends a new element after the parent's last child, copying the indentation in front of it. */
    public Element append(Element parent, String tag) {
        Element e = dom.createElement(tag);
        String indent = indentOf(parent);
        parent.appendChild(dom.createTextNode("\n" + indent + "\t"));
        parent.appendChild(e);
        parent.appendChild(dom.createTextNode("\n" + indent));
        return e;
    }

    public void remove(Element e) {
        Node prev = e.getPreviousSibling();
        if (prev != null && prev.getNodeType() == Node.TEXT_NODE && prev.getTextContent().isBlank())
            prev.getParentNode().removeChild(prev);
        e.getParentNode().removeChild(e);
    }

    private static String indentOf(Element e) {
        Node prev = e.getPreviousSibling();
        if (prev != null && prev.getNodeType() == Node.TEXT_NODE) {
            String t = prev.getTextContent();
            int nl = t.lastIndexOf('\n');
            if (nl >= 0 && t.substring(nl + 1).isBlank()) return t.substring(nl + 1);
        }
        return "";
    }

    /** Serialises the edited DOM and reads it back, so locations and the model are fresh. */
    public ConfDocument commit() throws ConfException {
        return ConfDocument.parse(ConfDocument.serialize(dom, fileName), fileName);
    }
}
