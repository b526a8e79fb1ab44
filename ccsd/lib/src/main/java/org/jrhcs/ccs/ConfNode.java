package org.jrhcs.ccs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * An immutable, generic view of one element: tag, attributes in document order, child
 * elements, and where it was written. Resource trees (any agent type, any depth) are
 * read through this.
 */
public record ConfNode(String tag, Map<String, String> attributes, List<ConfNode> children, ConfLocation location) {

    public ConfNode {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        children = List.copyOf(children);
    }

    public static ConfNode of(Element element) {
        Map<String, String> attrs = new LinkedHashMap<>();
        NamedNodeMap map = element.getAttributes();
        for (int i = 0; i < map.getLength(); i++) {
            Attr a = (Attr) map.item(i);
            attrs.put(a.getName(), a.getValue());
        }
        List<ConfNode> kids = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling())
            if (n instanceof Element e) kids.add(of(e));
        return new ConfNode(element.getTagName(), attrs, kids, ConfDocument.locationOf(element));
    }

    /** Same tag, attributes and children, wherever each was written. */
    public boolean sameContent(ConfNode other) {
        if (!tag.equals(other.tag) || !attributes.equals(other.attributes) || children.size() != other.children.size())
            return false;
        for (int i = 0; i < children.size(); i++)
            if (!children.get(i).sameContent(other.children.get(i))) return false;
        return true;
    }

    public String attr(String name) { return attributes.get(name); }

    public String attr(String name, String fallback) { return attributes.getOrDefault(name, fallback); }

    public List<ConfNode> children(String childTag) {
        return children.stream().filter(c -> c.tag.equals(childTag)).toList();
    }

    public Optional<ConfNode> child(String childTag) {
        return children.stream().filter(c -> c.tag.equals(childTag)).findFirst();
    }
}
