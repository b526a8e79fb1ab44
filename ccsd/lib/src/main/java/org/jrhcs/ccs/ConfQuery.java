package org.jrhcs.ccs;

import java.util.ArrayList;
import java.util.List;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Queries in the spirit of libccs's {@code ccs_get}: an XPath such as
 * {@code /cluster/cman/@expected_votes} or {@code /cluster/clusternodes/clusternode[@name="web1"]/@nodeid}
 * gives the text of the first match, {@link #getAll} every match.
 */
public final class ConfQuery {
    private final Document dom;
    private final XPath xpath = XPathFactory.newInstance().newXPath();

    public ConfQuery(Document dom) { this.dom = dom; }

    public ConfQuery(ConfDocument doc) { this(doc.dom()); }

    /** The value of the first node the path selects, or null when none does. */
    public String get(String path) {
        List<String> all = getAll(path);
        return all.isEmpty() ? null : all.get(0);
    }

    public String get(String path, String fallback) {
        String v = get(path);
        return v == null ? fallback : v;
    }

    public int getInt(String path, int fallback) {
        String v = get(path);
        if (v == null) return fallback;
        try { return Integer.parseInt(v.trim()); }
        catch (NumberFormatException e) { throw new IllegalArgumentException(path + " is not a number: " + v); }
    }

    public List<String> getAll(String path) {
        try {
            NodeList list = (NodeList) xpath.evaluate(path, dom, XPathConstants.NODESET);
            List<String> out = new ArrayList<>(list.getLength());
            for (int i = 0; i < list.getLength(); i++) out.add(list.item(i).getTextContent());
            return out;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("bad query " + path + ": " + e.getMessage(), e);
        }
    }

    /** Elements the path selects, as generic nodes. */
    public List<ConfNode> nodes(String path) {
        try {
            NodeList list = (NodeList) xpath.evaluate(path, dom, XPathConstants.NODESET);
            List<ConfNode> out = new ArrayList<>();
            for (int i = 0; i < list.getLength(); i++)
                if (list.item(i) instanceof org.w3c.dom.Element e) out.add(ConfNode.of(e));
            return out;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("bad query " + path + ": " + e.getMessage(), e);
        }
    }
}
