package org.jrhcs.ccsd.tool;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Writes an edited cluster.conf so that a diff against the original shows only the
 * edit. A DOM keeps attributes sorted by name and drops the line breaks between the
 * top-level comment and {@code <cluster>}; this writer puts every attribute back in
 * the order the file had it (new ones in the order the edit set them), keeps the
 * original XML declaration, and writes each top-level node on its own line.
 *
 * <p>Use: {@link #remember} right after loading (the DOM and the bytes it came from
 * have the same elements in the same order), {@link #order} for elements the edit
 * creates, then {@link #write}.
 */
final class FaithfulWriter {
    private final Map<Element, List<String>> orders = new IdentityHashMap<>();
    private final String declaration;

    private FaithfulWriter(String declaration) {
        this.declaration = declaration;
    }

    /** Records the attribute order of every element of {@code dom}, parsed from {@code original}. */
    static FaithfulWriter remember(Document dom, byte[] original, String fileName) {
        String text = new String(original, StandardCharsets.UTF_8);
        String decl = "<?xml version=\"1.0\"?>";
        String head = text.stripLeading();
        if (head.startsWith("<?xml")) {
            int end = head.indexOf("?>");
            if (end > 0) decl = head.substring(0, end + 2);
        }
        FaithfulWriter w = new FaithfulWriter(decl);
        w.pair(dom.getDocumentElement(), OrderedXml.parse(original, fileName));
        return w;
    }

    private void pair(Element e, OrderedXml o) {
        if (!e.getTagName().equals(o.name())) return;
        orders.put(e, new ArrayList<>(o.attributes().keySet()));
        List<Element> kids = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element c) kids.add(c);
        for (int i = 0; i < Math.min(kids.size(), o.children().size()); i++) pair(kids.get(i), o.children().get(i));
    }

    /** Sets attributes on a new element and remembers their order. */
    Element order(Element e, String... keyValues) {
        List<String> order = orders.computeIfAbsent(e, k -> new ArrayList<>());
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            e.setAttribute(keyValues[i], keyValues[i + 1]);
            if (!order.contains(keyValues[i])) order.add(keyValues[i]);
        }
        return e;
    }

    String write(Document dom) {
        StringBuilder s = new StringBuilder(declaration).append('\n');
        for (Node n = dom.getFirstChild(); n != null; n = n.getNextSibling()) {
            node(n, s);
            s.append('\n');
        }
        return s.toString();
    }

    private void node(Node n, StringBuilder s) {
        switch (n.getNodeType()) {
            case Node.ELEMENT_NODE -> element((Element) n, s);
            case Node.TEXT_NODE -> escape(n.getNodeValue(), false, s);
            case Node.CDATA_SECTION_NODE -> s.append("<![CDATA[").append(n.getNodeValue()).append("]]>");
            case Node.COMMENT_NODE -> s.append("<!--").append(n.getNodeValue()).append("-->");
            case Node.PROCESSING_INSTRUCTION_NODE -> s.append("<?").append(n.getNodeName()).append(' ')
                    .append(n.getNodeValue()).append("?>");
            default -> { /* entity references and the like do not occur: the parser refuses DTDs */ }
        }
    }

    private void element(Element e, StringBuilder s) {
        s.append('<').append(e.getTagName());
        NamedNodeMap attrs = e.getAttributes();
        Set<String> names = new LinkedHashSet<>(orders.getOrDefault(e, List.of()));
        for (int i = 0; i < attrs.getLength(); i++) names.add(attrs.item(i).getNodeName());
        for (String name : names) {
            Attr a = e.getAttributeNode(name);
            if (a == null) continue;
            s.append(' ').append(name).append("=\"");
            escape(a.getValue(), true, s);
            s.append('"');
        }
        if (e.getFirstChild() == null) {
            s.append("/>");
            return;
        }
        s.append('>');
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) node(c, s);
        s.append("</").append(e.getTagName()).append('>');
    }

    private static void escape(String v, boolean attribute, StringBuilder s) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append(attribute ? ">" : "&gt;");
                case '"' -> s.append(attribute ? "&quot;" : "\"");
                case '\n' -> s.append(attribute ? "&#10;" : "\n");
                case '\t' -> s.append(attribute ? "&#9;" : "\t");
                case '\r' -> s.append("&#13;");
                default -> s.append(c);
            }
        }
    }
}
