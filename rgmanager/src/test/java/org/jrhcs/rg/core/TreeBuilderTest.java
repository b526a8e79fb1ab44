package org.jrhcs.rg.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfNode;
import org.junit.jupiter.api.Test;

/** The pure tree rules, over hand-written metadata (no agents run). */
class TreeBuilderTest {
    static ParamSpec p(String name, String flags) {
        return new ParamSpec(name, flags.contains("P"), flags.contains("U"), flags.contains("R"), flags.contains("C"), null, null);
    }

    static ParamSpec inherit(String name, String from) {
        return new ParamSpec(name, false, false, false, false, from, null);
    }

    static final Map<String, ResourceType> TYPES = new LinkedHashMap<>();
    static {
        add(new ResourceType("service", "service.sh", List.of(p("name", "PUR"), p("domain", "C"), p("nfslock", "")), List.of(), 1,
                List.of(new ChildRule("fs", 2, 8, false), new ChildRule("ip", 7, 2, false), new ChildRule("script", 9, 1, false))));
        add(new ResourceType("fs", "fs.sh", List.of(p("name", "P"), p("mountpoint", "UR"), p("device", "UR"), inherit("nfslock", "nfslock")),
                List.of(new ActionSpec("start", 900, 0, 0)), 1, List.of(new ChildRule("nfsexport", 3, 1, false), new ChildRule("ip", 0, 0, true))));
        add(new ResourceType("nfsexport", "nfsexport.sh", List.of(p("name", "P"), inherit("path", "mountpoint")), List.of(), 0, List.of()));
        add(new ResourceType("ip", "ip.sh", List.of(p("address", "PU"), new ParamSpec("monitor_link", false, false, false, false, null, "1")),
                List.of(), 1, List.of()));
        add(new ResourceType("script", "script.sh", List.of(p("name", "PU"), p("file", "UR"), inherit("service_name", "service%name")),
                List.of(), 0, List.of()));
    }

    static void add(ResourceType t) { TYPES.put(t.name(), t); }

    static ResourceTree build(String rm) throws Exception {
        String xml = "<cluster name=\"c\" config_version=\"1\">\n<rm>\n" + rm + "\n</rm>\n</cluster>\n";
        return TreeBuilder.build(ConfNode.of(ConfDocument.parseDom(xml.getBytes(), "cluster.conf").getDocumentElement()), TYPES);
    }

    static List<String> labels(List<ResourceNode> nodes) {
        return nodes.stream().map(ResourceNode::label).toList();
    }

    @Test
    void typedChildrenByLevelUntypedAfterInConfigOrderStopReversed() throws Exception {
        ResourceTree t = build("""
                <service name="s">
                  <script name="sc" file="/x"><ip address="10.0.0.1"/><script name="inner" file="/y"/></script>
                  <ip address="10.0.0.2"/>
                  <fs name="f" mountpoint="/m" device="/d"><nfsexport name="e"/></fs>
                </service>""");
        ResourceNode s = t.service("s").orElseThrow();
        assertEquals(List.of("service:s", "fs:f", "nfsexport:e", "ip:10.0.0.2", "script:sc", "ip:10.0.0.1", "script:inner"),
                labels(ResourceTree.startOrder(s)));
        assertEquals(List.of("script:inner", "ip:10.0.0.1", "script:sc", "ip:10.0.0.2", "nfsexport:e", "fs:f", "service:s"),
                labels(ResourceTree.stopOrder(s)));
    }

    @Test
    void inheritanceFromParentOnlyAndDefaultsListed() throws Exception {
        ResourceTree t = build("""
                <service name="s" nfslock="1">
                  <fs name="f" mountpoint="/m" device="/d"><nfsexport name="e"/></fs>
                  <script name="a" file="/a"><script name="b" file="/b"/></script>
                  <ip address="10.0.0.9"/>
                </service>""");
        ResourceNode s = t.service("s").orElseThrow();
        ResourceNode fs = s.children().get(0);
        assertEquals("1", fs.attributes().get("nfslock"));
        assertEquals("/m", fs.children().get(0).attributes().get("path"));
        ResourceNode a = s.children().get(2);
        assertEquals("s", a.attributes().get("service_name"));
        assertNull(a.children().get(0).attributes().get("service_name"), "service%name only from a service parent");
        Resource ip = s.children().get(1).resource();
        assertEquals("1", ip.values().get("monitor_link"), "defaults are listed");
        assertNull(ip.written("monitor_link"), "but not passed as written");
    }

    @Test
    void maxInstancesWarnsAndDropsTheExtraReference() throws Exception {
        ResourceTree t = build("""
                <resources><ip address="10.0.0.1"/></resources>
                <service name="a"><ip ref="10.0.0.1"/></service>
                <service name="b"><ip ref="10.0.0.1"/></service>""");
        assertEquals(List.of("Max references exceeded for resource address (type ip)"), t.warnings());
        assertTrue(t.service("b").orElseThrow().children().isEmpty());
        assertEquals(1, t.instancesOf(t.resources().get(0)));
    }

    @Test
    void badInputNamesElementAndLine() {
        ResourceException e = assertThrows(ResourceException.class, () -> build("<service name=\"s\">\n<bogus name=\"x\"/>\n</service>"));
        assertTrue(e.getMessage().startsWith("cluster.conf:4:"), e.getMessage());
        assertTrue(e.getMessage().contains("<bogus>: unknown resource type"), e.getMessage());

        e = assertThrows(ResourceException.class, () -> build("<service name=\"s\">\n<fs name=\"f\" mountpoint=\"/m\"/>\n</service>"));
        assertTrue(e.getMessage().startsWith("cluster.conf:4:") && e.getMessage().contains("missing required parameter \"device\""),
                e.getMessage());

        e = assertThrows(ResourceException.class, () -> build(
                "<service name=\"s\">\n<fs name=\"f\" mountpoint=\"/m\" device=\"/d\">\n<ip address=\"1.2.3.4\"/>\n</fs>\n</service>"));
        assertTrue(e.getMessage().startsWith("cluster.conf:5:") && e.getMessage().contains("<ip> may not be a child of <fs>"),
                e.getMessage());

        e = assertThrows(ResourceException.class, () -> build("<service name=\"s\">\n<script ref=\"nope\"/>\n</service>"));
        assertTrue(e.getMessage().contains("<script ref=\"nope\">: no such <script> under <resources>"), e.getMessage());

        e = assertThrows(ResourceException.class, () -> build("<service>\n</service>"));
        assertTrue(e.getMessage().contains("missing required parameter \"name\""), e.getMessage());

        e = assertThrows(ResourceException.class, () -> build(
                "<resources><script name=\"a\" file=\"/same\"/><script name=\"b\" file=\"/same\"/></resources>"));
        assertTrue(e.getMessage().contains("file=\"/same\" must be unique"), e.getMessage());
    }

    @Test
    void specialAttributesOnNodes() throws Exception {
        ResourceTree t = build("""
                <service name="s"><script name="a" file="/a" __independent_subtree="1" __enforce_timeouts="1"
                   __max_failures="3" __failure_expire_time="2m"/></service>""");
        ResourceNode a = t.service("s").orElseThrow().children().get(0);
        assertEquals(1, a.independentSubtree());
        assertTrue(a.enforceTimeouts());
        assertEquals(3, a.maxFailures());
        assertEquals(120, a.failureExpireTimeSeconds());
    }

    @Test
    void deltaStartsAndStops() throws Exception {
        ResourceTree old = build("""
                <service name="s" domain="d1"><ip address="10.0.0.1"/><script name="a" file="/a"/></service>
                <service name="gone"/>""");
        ResourceTree neu = build("""
                <service name="s" domain="d2"><ip address="10.0.0.2"/><script name="a" file="/a"/></service>
                <service name="new"/>""");
        Delta d = Delta.between(old, neu);
        assertEquals(List.of(List.of("ip:10.0.0.1"), List.of("service:gone")),
                d.stops().stream().map(TreeBuilderTest::labels).toList());
        assertEquals(List.of(List.of("ip:10.0.0.2"), List.of("service:new")),
                d.starts().stream().map(TreeBuilderTest::labels).toList());
        Resource s = neu.resources().stream().filter(r -> r.key().equals("service:s")).findFirst().orElseThrow();
        assertEquals(Delta.Flag.NEEDRECONFIG, d.newResource(s), "domain is reconfigurable: no restart");
    }

    @Test
    void ocfExitCodesMapToRecovery() {
        assertEquals(OcfExit.Recovery.NONE, OcfExit.recovery("stop", 7));
        assertEquals(OcfExit.Recovery.FAILED, OcfExit.recovery("stop", 1));
        assertEquals(OcfExit.Recovery.RESTART, OcfExit.recovery("status", 7));
        assertEquals(OcfExit.Recovery.RESTART, OcfExit.recovery("status", 1));
        assertEquals(OcfExit.Recovery.RELOCATE, OcfExit.recovery("start", 5));
        assertEquals(OcfExit.Recovery.RELOCATE, OcfExit.recovery("start", 4));
        assertEquals(OcfExit.Recovery.RELOCATE, OcfExit.recovery("start", 2));
        assertEquals(OcfExit.Recovery.RELOCATE, OcfExit.recovery("start", 3));
        assertEquals(OcfExit.Recovery.DISABLE, OcfExit.recovery("start", 6));
        assertEquals("generic error", OcfExit.of(1).text());
    }

    /** RHCS's per-resource {@code <action>} children override the agent's check times. */
    @Test
    void actionChildrenOverrideTheAgentsCheckTimes() throws Exception {
        add(new ResourceType("chk", "chk.sh", List.of(p("name", "PU")), List.of(new ActionSpec("status", 10, 30, 0),
                new ActionSpec("status", 20, 60, 10)), 0, List.of()));
        try {
            ResourceTree t = build("""
                    <service name="s">
                      <chk name="a"><action name="status" depth="*" interval="2"/></chk>
                      <chk name="b"><action name="status" depth="10" timeout="1m"/><action name="status" depth="20" interval="90"/></chk>
                      <chk name="c"/>
                    </service>""");
            List<ResourceNode> kids = t.service("s").orElseThrow().children();
            assertEquals(List.of(new ActionSpec("status", 10, 2, 0), new ActionSpec("status", 20, 2, 10)), kids.get(0).statusChecks());
            assertEquals(List.of(new ActionSpec("status", 10, 30, 0), new ActionSpec("status", 60, 60, 10),
                    new ActionSpec("status", 0, 90, 20)), kids.get(1).statusChecks());
            assertEquals(kids.get(2).type().statusChecks(), kids.get(2).statusChecks());
            assertEquals(List.of("chk:a", "chk:b", "chk:c"), labels(kids), "<action> is not a resource");
            ResourceException bad = assertThrows(ResourceException.class, () -> build("""
                    <service name="s">
                      <chk name="a"><action name="status" depth="deep" interval="2"/></chk>
                    </service>"""));
            assertTrue(bad.getMessage().startsWith("cluster.conf:4:") && bad.getMessage().contains("depth must be * or a number"),
                    bad.getMessage());
            bad = assertThrows(ResourceException.class, () -> build("<service name=\"s\"><chk name=\"a\"><action name=\"status\" interval=\"soon\"/></chk></service>"));
            assertTrue(bad.getMessage().contains("not a duration: \"soon\""), bad.getMessage());
        } finally {
            TYPES.remove("chk");
        }
    }
}
