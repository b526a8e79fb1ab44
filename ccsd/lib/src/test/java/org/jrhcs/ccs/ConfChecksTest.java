package org.jrhcs.ccs;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table tests of the semantic checks: each case is a document and the problems expected,
 * written {@code E<line> text} (an error on that line whose message contains text) or
 * {@code W<line> text}. The list must match exactly: no problem more, none less.
 */
class ConfChecksTest {
    /** Three fenceable nodes; %s slots: cluster attributes, sections before nodes, extra node XML, sections after. */
    private static String cluster(String attrs, String before, String extraNodes, String after) {
        return "<cluster name=\"c\" config_version=\"1\"" + attrs + ">\n"            // line 1
                + before                                                              // n lines
                + "<clusternodes>\n"
                + node("n1", 1) + node("n2", 2) + node("n3", 3)
                + extraNodes
                + "</clusternodes>\n"
                + "<fencedevices><fencedevice name=\"pdu\" agent=\"fence_dummy\"/></fencedevices>\n"
                + after
                + "</cluster>\n";
    }

    private static String node(String name, int id) {
        return "<clusternode name=\"" + name + "\" nodeid=\"" + id + "\"><fence><method name=\"1\"><device name=\"pdu\"/></method></fence></clusternode>\n";
    }

    private static final String TWO_NODES = """
            <cluster name="c" config_version="1">
            <cman two_node="1" expected_votes="1"/>
            <clusternodes>
            <clusternode name="a" nodeid="1"><fence><method name="1"><device name="pdu" %s/></method></fence></clusternode>
            <clusternode name="b" nodeid="2"><fence><method name="1"><device name="pdu"/></method></fence></clusternode>
            </clusternodes>
            <fencedevices><fencedevice name="pdu" agent="fence_dummy"/></fencedevices>
            %s
            </cluster>
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("three fenceable nodes are clean", cluster("", "", "", ""), List.of()),
                Arguments.of("missing config_version", cluster("", "", "", "").replace(" config_version=\"1\"", ""),
                        List.of("E1 needs a config_version attribute")),
                Arguments.of("config_version 0", cluster("", "", "", "").replace("config_version=\"1\"", "config_version=\"0\""),
                        List.of("E1 config_version=\"0\" must be 1 or more")),
                Arguments.of("missing name", cluster("", "", "", "").replace(" name=\"c\"", ""),
                        List.of("E1 <cluster> needs a name attribute")),
                Arguments.of("name too long", cluster("", "", "", "").replace("name=\"c\"", "name=\"abcdefghijklmnop\""),
                        List.of("E1 is 16 characters long; cman accepts at most 15")),
                Arguments.of("duplicate node name", cluster("", "", node("n2", 4), ""),
                        List.of("E6 node name \"n2\" is already used on line 4")),
                Arguments.of("duplicate nodeid", cluster("", "", node("n4", 3), ""),
                        List.of("E6 nodeid 3 of node \"n4\" is already used by node \"n3\" (line 5)")),
                Arguments.of("node without fencing", cluster("", "", "<clusternode name=\"n4\" nodeid=\"4\"/>\n", ""),
                        List.of("W6 node \"n4\" has no fence method")),
                Arguments.of("undefined fence device", cluster("", "",
                                "<clusternode name=\"n4\" nodeid=\"4\"><fence><method name=\"1\"><device name=\"ipmi\"/></method></fence></clusternode>\n", ""),
                        List.of("E6 node \"n4\" fence method \"1\" uses device \"ipmi\", which is not defined under <fencedevices> (defined: pdu)")),
                Arguments.of("undefined unfence device", cluster("", "",
                                "<clusternode name=\"n4\" nodeid=\"4\"><unfence><device name=\"san\"/></unfence></clusternode>\n", ""),
                        List.of("E6 node \"n4\" <unfence> uses device \"san\"", "W6 node \"n4\" has no fence method")),
                Arguments.of("two_node with three nodes", cluster("", "<cman two_node=\"1\" expected_votes=\"1\"/>\n", "", ""),
                        List.of("E2 two_node=\"1\" is only for clusters of exactly two nodes, but <clusternodes> lists 3")),
                Arguments.of("two_node without expected_votes", TWO_NODES.formatted("delay=\"15\"", "").replace(" expected_votes=\"1\"", ""),
                        List.of("E2 two_node=\"1\" needs expected_votes=\"1\" on <cman>")),
                Arguments.of("two_node with an asymmetric fence delay is clean", TWO_NODES.formatted("delay=\"15\"", ""), List.of()),
                Arguments.of("two_node fence race", TWO_NODES.formatted("", ""),
                        List.of("W2 without a quorum disk or a fence delay")),
                Arguments.of("two_node with equal delays still races",
                        TWO_NODES.formatted("", "").replace("agent=\"fence_dummy\"", "agent=\"fence_dummy\" delay=\"5\""),
                        List.of("W2 a fence race")),
                Arguments.of("two_node with a vote of 2",
                        TWO_NODES.formatted("delay=\"15\"", "").replace("name=\"b\" nodeid=\"2\"", "name=\"b\" nodeid=\"2\" votes=\"2\""),
                        List.of("E5 node \"b\" has votes=\"2\"; with two_node=\"1\" each node must have one vote")),
                Arguments.of("expected votes out of reach", cluster("", "<cman expected_votes=\"9\"/>\n", "", ""),
                        List.of("E2 expected_votes=\"9\" needs 5 votes for quorum, but the nodes have only 3")),
                Arguments.of("token under a second", cluster("", "<totem token=\"800\"/>\n", "", ""),
                        List.of("W2 totem token=\"800\" is under 1000 ms")),
                Arguments.of("post_fail_delay longer than the token", cluster("", "<fence_daemon post_fail_delay=\"30\"/>\n", "", ""),
                        List.of("W2 post_fail_delay=\"30\" (30000 ms) is longer than the totem token (10000 ms)")),
                Arguments.of("quorum disk with default timings is clean", cluster("", "<quorumd label=\"q\"/>\n", "", ""), List.of()),
                Arguments.of("quorum disk tko too slow for the token", cluster("", "<quorumd label=\"q\" tko=\"10\"/>\n", "", ""),
                        List.of("W1 1 x (10 + 5 + 2) s = 17000 ms")),
                Arguments.of("quorum disk with enough token", cluster("", "<totem token=\"18000\"/>\n<quorumd label=\"q\" tko=\"10\"/>\n", "", ""),
                        List.of()),
                Arguments.of("quorum disk refuses a short token", cluster("", "<totem token=\"9000\"/>\n<quorumd label=\"q\" tko=\"3\"/>\n", "", ""),
                        List.of("E2 qdiskd refuses to run with a token that short", "W3 the quorum disk's tko is 3, below 4")),
                Arguments.of("quorum disk needs a label or device", cluster("", "<quorumd/>\n", "", ""),
                        List.of("E2 <quorumd> needs a label or a device attribute")),
                Arguments.of("quorum disk node votes", cluster("", "<quorumd label=\"q\"/>\n",
                                "<clusternode name=\"n4\" nodeid=\"4\" votes=\"2\"><fence><method name=\"1\"><device name=\"pdu\"/></method></fence></clusternode>\n", ""),
                        List.of("E7 node \"n4\" has votes=\"2\"; with a quorum disk every node must have exactly one vote")),
                Arguments.of("quorum disk node id above 16", cluster("", "<quorumd label=\"q\"/>\n", node("n17", 17), ""),
                        List.of("E7 nodeid 17 of node \"n17\" is outside 1..16")),
                Arguments.of("quorum disk with 17 nodes", cluster("", "<quorumd label=\"q\"/>\n", manyNodes(4, 17), ""),
                        List.of("E3 at most 16 nodes, but <clusternodes> lists 17", "E20 nodeid 17 of node \"n17\" is outside 1..16")),
                Arguments.of("min_score above the heuristics", cluster("",
                                "<quorumd label=\"q\" min_score=\"3\"><heuristic program=\"true\" score=\"2\"/></quorumd>\n", "", ""),
                        List.of("E2 min_score=\"3\" is more than the heuristics' total score of 2")),
                Arguments.of("heuristic slower than the disk", cluster("",
                                "<quorumd label=\"q\"><heuristic program=\"ping gw\" interval=\"5\" tko=\"5\"/></quorumd>\n", "", ""),
                        List.of("W2 heuristic \"ping gw\" needs interval x tko = 5 x 5 = 25 s")),
                Arguments.of("a second <fence_daemon> with other settings warns", cluster("",
                                "<fence_daemon post_join_delay=\"3\"/>\n<fence_daemon clean_start=\"1\"/>\n", "", ""),
                        List.of("W3 a second <fence_daemon> in <cluster> (the first is on line 2)")),
                Arguments.of("a second <cman>, <logging> and <quorumd> warn", cluster("",
                                "<cman/>\n<cman/>\n<logging/>\n<logging/>\n<quorumd label=\"q\"/>\n<quorumd label=\"q\"/>\n", "", ""),
                        List.of("W3 a second <cman>", "W5 a second <logging>", "W7 a second <quorumd>")),
                Arguments.of("two <totem> that disagree", cluster("", "<totem token=\"20000\"/>\n<totem token=\"30000\"/>\n", "", ""),
                        List.of("E3 sets token=\"20000\" and \"30000\": only one copy is read")),
                Arguments.of("a second <rm> loses its services", cluster("", "", "", "<rm/>\n<rm/>\n"),
                        List.of("E9 a second <rm> in <cluster> (the first is on line 8): only one is read")),
                Arguments.of("a second <fence> in a node", cluster("", "",
                                "<clusternode name=\"n4\" nodeid=\"4\"><fence/>\n<fence/></clusternode>\n", ""),
                        List.of("E7 node \"n4\" has a second <fence> (the first is on line 6)", "W6 node \"n4\" has no fence method")),
                Arguments.of("text in a service (a resource without its <)", cluster("", "", "",
                                "<rm><resources>[your resources]</resources>\n<service name=\"s\">\nip address=\"10.1.1.1\"/>\n</service></rm>\n"),
                        List.of("E8 <resources> contains the text \"[your resources]\"",
                                "E9 <service name=\"s\"> contains the text \"ip address=\"10.1.1.1\"/>\"")),
                Arguments.of("an event's script is text, as it should be", cluster("", "", "",
                                "<rm><events><event name=\"e\">notice(\"node down\");</event></events></rm>\n"), List.of()),
                Arguments.of("empty node name", cluster("", "", node("", 4), ""), List.of("E6 node name is empty")),
                Arguments.of("blank node name", cluster("", "", node("  ", 4), ""), List.of("E6 node name is empty")),
                Arguments.of("unfilled template variable as node name", cluster("", "", node("$NODE4", 4), ""),
                        List.of("E6 node name \"$NODE4\" contains \"$\", which no host name or address has; it looks like a template placeholder")),
                Arguments.of("white space in a node name", cluster("", "", node("node 4", 4), ""),
                        List.of("E6 node name \"node 4\" contains white space")),
                Arguments.of("placeholder word as node name", cluster("", "", node("OTHER_MACHINEHOSTNAME", 4), ""),
                        List.of("W6 node name \"OTHER_MACHINEHOSTNAME\" looks like a template placeholder")),
                Arguments.of("ccs_tool create's placeholder", cluster("", "", node("NEEDNAME-04", 4), ""),
                        List.of("W6 node name \"NEEDNAME-04\" looks like a template placeholder")),
                Arguments.of("loopback node name among several", cluster("", "", node("localhost", 4), ""),
                        List.of("W6 node name \"localhost\" is the loopback address")),
                Arguments.of("IPv6 addresses and FQDNs are names", cluster("", "", node("fd00::4", 4) + node("db-5.example.com", 5), ""),
                        List.of()),
                Arguments.of("master_wins beyond two nodes", cluster("", "<quorumd label=\"q\" master_wins=\"1\"/>\n", "", ""),
                        List.of("W2 master_wins=\"1\" with 3 nodes")),
                Arguments.of("master_wins with heuristics", TWO_NODES.formatted("", "").replace("<cman two_node=\"1\" expected_votes=\"1\"/>",
                                "<cman expected_votes=\"3\"/><quorumd label=\"q\" master_wins=\"1\"><heuristic program=\"true\"/></quorumd>"),
                        List.of("W2 master_wins=\"1\" has no effect")),
                Arguments.of("two_node with a quorum disk", TWO_NODES.formatted("", "").replace("expected_votes=\"1\"/>",
                                "expected_votes=\"1\"/><quorumd label=\"q\"/>"),
                        List.of("W2 to use the disk as a tie-breaker, set two_node=\"0\" and expected_votes=\"3\"")),
                Arguments.of("quorum disk tko too low", cluster("", "<totem token=\"10000\"/>\n<quorumd label=\"q\" tko=\"3\"/>\n", "", ""),
                        List.of("W3 the quorum disk's tko is 3, below 4")),
                Arguments.of("failover domain with an unknown node", cluster("", "", "",
                                "<rm><failoverdomains><failoverdomain name=\"d\"><failoverdomainnode name=\"n9\"/></failoverdomain></failoverdomains></rm>\n"),
                        List.of("E8 failover domain \"d\" lists node \"n9\", which is not a <clusternode>")),
                Arguments.of("service with an unknown domain", cluster("", "", "", "<rm><service name=\"s\" domain=\"d\"/></rm>\n"),
                        List.of("E8 service \"s\" uses failover domain \"d\"")),
                Arguments.of("refs resolve by primary attribute", cluster("", "", "",
                        "<rm><resources><ip address=\"198.18.0.9\"/><fs name=\"data\"/><service name=\"s\"/></resources>\n"
                                + "<service ref=\"s\"><ip ref=\"198.18.0.9\"><fs ref=\"data\"/></ip></service></rm>\n"), List.of()),
                Arguments.of("ref to a missing resource", cluster("", "", "",
                        "<rm><resources><fs name=\"data\"/></resources>\n<service name=\"s\">\n<script ref=\"data\"/></service></rm>\n"),
                        List.of("E10 <script ref=\"data\"> refers to a resource that is not defined: no <script name=\"data\">")),
                Arguments.of("resource defined twice", cluster("", "", "",
                        "<rm><resources><ip address=\"198.18.0.9\"/>\n<ip address=\"198.18.0.9\"/></resources></rm>\n"),
                        List.of("E9 <ip> address=\"198.18.0.9\" is already defined on line 8")),
                Arguments.of("service defined twice", cluster("", "", "", "<rm><service name=\"s\"/>\n<service name=\"s\"/></rm>\n"),
                        List.of("E9 service \"s\" is already defined on line 8")),
                Arguments.of("service depends on a missing service", cluster("", "", "",
                                "<rm><service name=\"a\"/>\n<service name=\"b\" depend=\"service:c\"/></rm>\n"),
                        List.of("E9 service \"b\" depends on \"service:c\", which is not a service in this file")),
                Arguments.of("service depends on an existing service", cluster("", "", "",
                        "<rm><service name=\"a\"/>\n<service name=\"b\" depend=\"service:a\"/></rm>\n"), List.of()),
                Arguments.of("service in resources with an unknown domain", cluster("", "", "",
                                "<rm><resources>\n<service name=\"s\" domain=\"d\"/></resources><service ref=\"s\"/></rm>\n"),
                        List.of("E9 service \"s\" uses failover domain \"d\"")),
                Arguments.of("fragment without nodes", "<cluster><rm><service name=\"s\"/></rm></cluster>",
                        List.of("W1 no <clusternodes>")));
    }

    private static String manyNodes(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i <= to; i++) b.append(node("n" + i, i));
        return b.toString();
    }

    @ParameterizedTest(name = "{0}") @MethodSource("cases")
    void checks(String description, String xml, List<String> expected) throws Exception {
        List<Problem> problems = ConfChecks.check(ConfDocument.parse(xml, "t.conf"));
        List<String> unmatched = new ArrayList<>(expected);
        List<Problem> unexpected = new ArrayList<>();
        for (Problem p : problems) {
            String found = null;
            for (String e : unmatched) {
                char kind = e.charAt(0);
                int space = e.indexOf(' ');
                int line = Integer.parseInt(e.substring(1, space));
                String text = e.substring(space + 1);
                if ((kind == 'E') == p.isError() && p.location().line() == line && p.message().contains(text)) { found = e; break; }
            }
            if (found != null) unmatched.remove(found); else unexpected.add(p);
        }
        assertTrue(unmatched.isEmpty() && unexpected.isEmpty(),
                description + ": missing " + unmatched + ", unexpected " + unexpected);
        for (Problem p : problems) assertEquals("t.conf", p.location().file());
    }
}
