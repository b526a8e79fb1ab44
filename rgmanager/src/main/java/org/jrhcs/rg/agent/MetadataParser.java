package org.jrhcs.rg.agent;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jrhcs.rg.core.ActionSpec;
import org.jrhcs.rg.core.ChildRule;
import org.jrhcs.rg.core.ParamSpec;
import org.jrhcs.rg.core.ResourceType;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads an agent's {@code meta-data} output (OCF resource-agent XML, with rgmanager's
 * {@code <special tag="rgmanager">} section when present) into a {@link ResourceType}.
 * An OCF agent that marks no parameter primary (Debian's heartbeat agents) gets a
 * {@code name} parameter as its primary key, so it can be named in cluster.conf.
 */
public final class MetadataParser {
    private MetadataParser() {}

    // Building a parser costs more than parsing one agent's metadata; keep one per thread.
    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(() -> {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // OCF metadata often carries a DOCTYPE line; never fetch it.
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (Exception e) {
            throw new IllegalStateException("no XML parser: " + e.getMessage(), e);
        }
    });

    /** Bad or missing metadata; the message names the agent. */
    public static final class MetadataException extends Exception {
        public MetadataException(String message) { super(message); }
    }

    public static ResourceType parse(String xml, String agentFile) throws MetadataException {
        Document doc;
        try {
            DocumentBuilder b = BUILDER.get();
            b.reset();
            doc = b.parse(new ByteArrayInputStream(xml.trim().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new MetadataException(agentFile + ": meta-data is not valid XML: " + e.getMessage());
        }
        try {
            return build(doc.getDocumentElement(), agentFile);
        } catch (IllegalArgumentException e) {
            throw new MetadataException(agentFile + ": bad meta-data: " + e.getMessage());
        }
    }

    private static ResourceType build(Element root, String agentFile) throws MetadataException {
        if (!root.getTagName().equals("resource-agent"))
            throw new MetadataException(agentFile + ": meta-data has <" + root.getTagName() + ">, expected <resource-agent>");
        String name = root.getAttribute("name");
        if (name.isEmpty()) name = agentFile.endsWith(".sh") ? agentFile.substring(0, agentFile.length() - 3) : agentFile;

        List<ParamSpec> params = new ArrayList<>();
        for (Element p : children(first(root, "parameters"), "parameter")) {
            String pname = p.getAttribute("name");
            if (pname.isEmpty()) throw new MetadataException(agentFile + ": a <parameter> has no name");
            Element content = first(p, "content");
            String def = content == null || !content.hasAttribute("default") ? null : content.getAttribute("default");
            String inherit = p.hasAttribute("inherit") && !p.getAttribute("inherit").isEmpty() ? p.getAttribute("inherit") : null;
            params.add(new ParamSpec(pname, flag(p, "primary"), flag(p, "unique"), flag(p, "required"),
                    flag(p, "reconfig"), inherit, def));
        }
        if (params.stream().filter(ParamSpec::primary).count() > 1)
            throw new MetadataException(agentFile + ": more than one parameter is marked primary");
        if (params.stream().noneMatch(ParamSpec::primary)) {
            int i = indexOf(params, "name");
            if (i >= 0) {
                ParamSpec p = params.get(i);
                params.set(i, new ParamSpec(p.name(), true, true, p.required(), p.reconfig(), p.inherit(), p.defaultValue()));
            } else {
                params.add(0, new ParamSpec("name", true, true, true, false, null, null));
            }
        }

        List<ActionSpec> actions = new ArrayList<>();
        for (Element a : children(first(root, "actions"), "action"))
            actions.add(new ActionSpec(a.getAttribute("name"), ActionSpec.seconds(a.getAttribute("timeout")),
                    ActionSpec.seconds(a.getAttribute("interval")), intAttr(a, "depth")));

        int max = 0;
        List<ChildRule> kids = new ArrayList<>();
        for (Element s : children(root, "special")) {
            if (!s.getAttribute("tag").equals("rgmanager")) continue;
            Element attrs = first(s, "attributes");
            if (attrs != null) max = intAttr(attrs, "maxinstances");
            for (Element c : children(s, "child"))
                kids.add(new ChildRule(c.getAttribute("type"), intAttr(c, "start"), intAttr(c, "stop"), flag(c, "forbid")));
        }
        return new ResourceType(name, agentFile, params, actions, max, kids);
    }

    private static int indexOf(List<ParamSpec> params, String name) {
        for (int i = 0; i < params.size(); i++) if (params.get(i).name().equals(name)) return i;
        return -1;
    }

    private static boolean flag(Element e, String attr) {
        String v = e.getAttribute(attr).trim();
        return v.equals("1") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true");
    }

    private static int intAttr(Element e, String attr) {
        String v = e.getAttribute(attr).trim();
        if (v.isEmpty()) return 0;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(attr + "=\"" + v + "\" is not a number");
        }
    }

    private static Element first(Element parent, String tag) {
        List<Element> l = children(parent, tag);
        return l.isEmpty() ? null : l.get(0);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        if (parent == null) return out;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling())
            if (n instanceof Element e && e.getTagName().equals(tag)) out.add(e);
        return out;
    }
}
