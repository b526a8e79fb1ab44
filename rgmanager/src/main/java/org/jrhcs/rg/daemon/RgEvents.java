package org.jrhcs.rg.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfNode;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@code <rm central_processing="1">} and {@code <rm><events>} (RHCS 5.x/6 central event
 * processing), read and checked. What is supported: the attribute and the elements are
 * accepted and validated (file:line:col on every error, and rgmanager refuses to start on
 * one); placement is always central here — the decision maker's built-in policy is the
 * one RHCS's default event script implements. What is not: the S/Lang scripts of
 * {@code <event>} elements are never run (rgmanager logs one warning per event).
 */
public record RgEvents(boolean centralProcessing, List<Event> events) {

    /** One {@code <event>}: its name, class, priority (RHCS 1..99, lower runs first) and where it was written. */
    public record Event(String name, String eventClass, int priority, String where) {}

    static final Set<String> CLASSES = Set.of("node", "service", "config", "user");
    static final Set<String> SERVICE_STATES = Set.of("stopped", "starting", "started", "stopping", "failed", "uninitialized",
            "checking", "recoverable", "recovering", "disabled", "migrating");

    /**
     * @param rm       the {@code <rm>} element, or null
     * @param nodes    configured node names (an event's {@code node} must be one)
     * @param services configured services, "service:NAME" / "vm:NAME" (an event's {@code service} must be one)
     * @throws IllegalArgumentException naming the file, line and problem
     */
    public static RgEvents from(Element rm, List<String> nodes, Set<String> services) {
        if (rm == null) return new RgEvents(false, List.of());
        ConfNode r = ConfNode.of(rm);
        String cp = r.attr("central_processing");
        if (cp != null && !cp.equals("0") && !cp.equals("1"))
            throw new IllegalArgumentException(r.location() + ": central_processing must be 0 or 1, not \"" + cp + "\"");
        List<Event> events = new ArrayList<>();
        for (Node n = rm.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e) || !e.getTagName().equals("events")) continue;
            for (Node k = e.getFirstChild(); k != null; k = k.getNextSibling()) {
                if (!(k instanceof Element ev)) continue;
                events.add(event(ev, nodes, services));
            }
        }
        return new RgEvents("1".equals(cp), List.copyOf(events));
    }

    private static Event event(Element ev, List<String> nodes, Set<String> services) {
        ConfNode c = ConfNode.of(ev);
        String at = ConfDocument.locationOf(ev) + ": ";
        if (!c.tag().equals("event")) throw new IllegalArgumentException(at + "<events> holds only <event> elements, not <" + c.tag() + ">");
        String name = c.attr("name");
        if (name == null || name.isBlank()) throw new IllegalArgumentException(at + "<event> without a name");
        at += "event \"" + name + "\": ";
        String cls = c.attr("class");
        if (cls == null || !CLASSES.contains(cls))
            throw new IllegalArgumentException(at + "class must be one of node, service, config, user (got " + quote(cls) + ")");
        int priority = 99;
        if (c.attr("priority") != null) {
            try {
                priority = Integer.parseInt(c.attr("priority").trim());
            } catch (NumberFormatException x) {
                priority = -1;
            }
            if (priority < 1 || priority > 99) throw new IllegalArgumentException(at + "priority must be 1..99 (got " + quote(c.attr("priority")) + ")");
        }
        for (String flag : List.of("node_state", "node_clean", "node_local"))
            if (c.attr(flag) != null && !c.attr(flag).equals("0") && !c.attr(flag).equals("1"))
                throw new IllegalArgumentException(at + flag + " must be 0 or 1 (got " + quote(c.attr(flag)) + ")");
        if (c.attr("node") != null && !nodes.contains(c.attr("node")))
            throw new IllegalArgumentException(at + "node " + quote(c.attr("node")) + " is not a cluster node");
        String svc = c.attr("service");
        if (svc != null && !services.contains(svc) && !services.contains("service:" + svc))
            throw new IllegalArgumentException(at + "service " + quote(svc) + " is not configured");
        if (c.attr("service_state") != null && !SERVICE_STATES.contains(c.attr("service_state")))
            throw new IllegalArgumentException(at + "service_state " + quote(c.attr("service_state")) + " is not a service state");
        boolean script = (c.attr("file") != null && !c.attr("file").isBlank()) || !ev.getTextContent().isBlank();
        if (!script) throw new IllegalArgumentException(at + "no script (a file= attribute or inline text)");
        return new Event(name, cls, priority, ConfDocument.locationOf(ev).toString());
    }

    private static String quote(String s) { return s == null ? "nothing" : "\"" + s + "\""; }

    /** What rgmanager logs at start about central processing (notice), or null when it is off. */
    public String notice() {
        return centralProcessing
                ? "Central event processing: placement follows the built-in policy (the rules of RHCS's default event script)"
                : null;
    }

    /** One warning per configured event: its script is not run. */
    public List<String> warnings() {
        return events.stream().map(e -> "Event " + e.name() + " (class " + e.eventClass() + ", " + e.where()
                + ") is not run: S/Lang event scripts are not supported").toList();
    }
}
