package org.jrhcs.ccs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrhcs.ccs.model.Cluster;
import org.jrhcs.ccs.model.ClusterNode;
import org.jrhcs.ccs.model.FailoverDomain;
import org.jrhcs.ccs.model.FailoverDomainNode;
import org.jrhcs.ccs.model.FenceDevice;
import org.jrhcs.ccs.model.FenceDeviceRef;
import org.jrhcs.ccs.model.FenceMethod;
import org.jrhcs.ccs.model.Heuristic;
import org.jrhcs.ccs.model.Quorumd;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The second validation layer: what a schema cannot say because it needs the whole
 * document — unique names and ids, references that resolve, quorum-disk limits, and
 * timings that are legal but known to cause false evictions or fence races.
 *
 * <p>A pure function: no files, clocks or logging; the same document always gives the
 * same problems, in file order. Values the schema already rejected (a non-numeric
 * {@code votes}) arrive here unset and are not reported twice.
 *
 * <p>A file without {@code <clusternodes>} is an rgmanager fragment (the form rg_test
 * reads): the checks that need nodes are skipped and one warning says so.
 */
public final class ConfChecks {
    /**
     * The attribute that names a resource of each type, which {@code ref=} matches
     * (the "primary" parameter of the agent's metadata). Types not listed use {@code name}.
     */
    static final Map<String, String> PRIMARY_ATTRIBUTE = Map.of(
            "ip", "address",
            "SAPInstance", "InstanceName",
            "SAPDatabase", "SID");

    /** Children of {@code <rm>} that are not resource trees. */
    private static final Set<String> NOT_RESOURCE_TREES =
            Set.of("resources", "failoverdomains", "events", "resource-defaults", "dependencies");

    /**
     * Sections {@code <cluster>} holds at most once. Of the ones that only carry settings
     * a second copy is a warning (real clusters have split one over two elements) unless
     * the copies disagree; of the ones that hold lists, a second copy is an error: the
     * nodes, devices or services in one of them would be missing.
     */
    private static final Set<String> SETTINGS_SECTIONS = Set.of("cman", "totem", "quorumd", "fence_daemon",
            "logging", "dlm", "gfs_controld", "uidgid", "fence_xvmd", "group", "clvmd");
    private static final Set<String> LIST_SECTIONS = Set.of("clusternodes", "fencedevices", "rm");

    /** Sections a {@code <clusternode>} holds at most once. */
    private static final Set<String> NODE_SECTIONS = Set.of("fence", "unfence");

    /** Elements under {@code <rm>} whose text is content: an event's script. */
    private static final Set<String> TEXT_ELEMENTS = Set.of("event");

    /** What a host name or address may contain (":" for IPv6; "_" is used though RFC 952 forbids it). */
    private static final Pattern NOT_IN_A_HOST_NAME = Pattern.compile("[^A-Za-z0-9._:-]");

    /** Words of template placeholders (NEEDNAME is what ccs_tool create writes), looked for in a name lower-cased, without "-" and "_". */
    private static final List<String> PLACEHOLDER_WORDS = List.of("hostname", "nodename", "machinename",
            "servername", "needname", "changeme", "fixme", "placeholder", "yourhost", "yournode", "yourserver");

    private ConfChecks() {}

    public static String primaryAttribute(String resourceType) {
        return PRIMARY_ATTRIBUTE.getOrDefault(resourceType, "name");
    }

    public static List<Problem> check(ConfDocument doc) {
        Checker c = new Checker(doc);
        c.run();
        List<Problem> out = new ArrayList<>(c.problems);
        out.sort(Problem.IN_FILE_ORDER);
        return List.copyOf(out);
    }

    private static final class Checker {
        private final ConfDocument doc;
        private final Cluster cluster;
        private final ConfNode root;
        private final List<Problem> problems = new ArrayList<>();
        private final boolean fragment;

        Checker(ConfDocument doc) {
            this.doc = doc;
            this.cluster = doc.cluster();
            this.root = doc.root();
            this.fragment = root.child("clusternodes").isEmpty();
        }

        private ConfLocation at(Object modelObject) { return doc.locationOf(modelObject); }

        private void error(ConfLocation at, String message) { problems.add(Problem.error(at, message)); }

        private void warning(ConfLocation at, String message) { problems.add(Problem.warning(at, message)); }

        void run() {
            header();
            singleSections();
            textInResources();
            nodes();
            twoNode();
            fencing();
            quorumDisk();
            expectedVotes();
            timings();
            resourceManager();
        }

        // ---------------------------------------------------------------- <cluster>

        private void header() {
            ConfLocation here = at(cluster);
            if (fragment) {
                warning(here, "no <clusternodes>: this file only describes resources and services "
                        + "(rg_test can read it), cman cannot start a cluster from it");
            } else {
                if (cluster.name == null || cluster.name.isBlank())
                    error(here, "<cluster> needs a name attribute; cman cannot start without a cluster name");
                else if (cluster.name.length() > Defaults.CLUSTER_NAME_MAX_LENGTH)
                    error(here, "cluster name \"" + cluster.name + "\" is " + cluster.name.length()
                            + " characters long; cman accepts at most " + Defaults.CLUSTER_NAME_MAX_LENGTH);
                if (cluster.configVersion == null && !hasAttribute(root, "config_version"))
                    error(here, "<cluster> needs a config_version attribute; nodes compare it to agree on the newest configuration");
            }
            if (cluster.configVersion != null && cluster.configVersion <= 0)
                error(here, "config_version=\"" + cluster.configVersion + "\" must be 1 or more; "
                        + "a node refuses a configuration whose version is not newer than the one it runs");
        }

        private static boolean hasAttribute(ConfNode n, String name) { return n.attributes().containsKey(name); }

        // ---------------------------------------------------------------- sections written twice

        private void singleSections() {
            Map<String, ConfNode> first = new LinkedHashMap<>();
            for (ConfNode section : root.children()) {
                if (!SETTINGS_SECTIONS.contains(section.tag()) && !LIST_SECTIONS.contains(section.tag())) continue;
                ConfNode earlier = first.putIfAbsent(section.tag(), section);
                if (earlier != null) secondCopy(earlier, section, "<cluster>");
            }
            for (ConfNode clusternodes : root.children("clusternodes"))
                for (ConfNode node : clusternodes.children("clusternode")) {
                    Map<String, ConfNode> firstInNode = new LinkedHashMap<>();
                    for (ConfNode part : node.children()) {
                        if (!NODE_SECTIONS.contains(part.tag())) continue;
                        ConfNode earlier = firstInNode.putIfAbsent(part.tag(), part);
                        if (earlier != null)
                            error(part.location(), "node \"" + node.attr("name", "") + "\" has a second <" + part.tag()
                                    + "> (the first is on line " + earlier.location().line() + "); only one is read, "
                                    + "so the methods of the other are lost; put all methods in one <" + part.tag() + ">");
                    }
                }
        }

        private void secondCopy(ConfNode earlier, ConfNode again, String parent) {
            String tag = again.tag();
            String where = "a second <" + tag + "> in " + parent + " (the first is on line " + earlier.location().line() + ")";
            if (LIST_SECTIONS.contains(tag)) {
                error(again.location(), where + ": only one is read, so what the other lists is lost; "
                        + "put everything in one <" + tag + ">");
                return;
            }
            List<String> conflicts = new ArrayList<>();
            for (Map.Entry<String, String> a : again.attributes().entrySet()) {
                String before = earlier.attr(a.getKey());
                if (before != null && !before.equals(a.getValue()))
                    conflicts.add(a.getKey() + "=\"" + before + "\" and \"" + a.getValue() + "\"");
            }
            if (!conflicts.isEmpty())
                error(again.location(), where + " sets " + String.join(", ", conflicts)
                        + ": only one copy is read; keep one <" + tag + "> with the values you mean");
            else
                warning(again.location(), where + ": only one copy is read, so the settings of the other "
                        + "are ignored; merge their attributes into one <" + tag + ">");
        }

        // ---------------------------------------------------------------- text in resource trees

        /**
         * Text directly inside a resource, service or resource list is ignored by
         * rgmanager; it is usually a resource written without its "<" (which is then lost)
         * or a template's filler. The schema reports text in the strict sections; the
         * trees under {@code <rm>} are open to any element, so they are checked here.
         */
        private void textInResources() {
            for (Node n = doc.dom().getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling())
                if (n instanceof Element e && e.getTagName().equals("rm"))
                    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling())
                        if (c instanceof Element child) textIn(child);
        }

        private void textIn(Element e) {
            if (TEXT_ELEMENTS.contains(e.getTagName())) return;
            for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element child) {
                    textIn(child);
                } else if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                    String text = c.getNodeValue().strip();
                    if (text.isEmpty()) continue;
                    String shown = text.lines().findFirst().orElse("");
                    if (shown.length() > 40) shown = shown.substring(0, 40) + "...";
                    else if (!shown.equals(text)) shown += "...";
                    error(ConfDocument.locationOf(e), "<" + e.getTagName() + describe(e) + "> contains the text \""
                            + shown + "\"; rgmanager ignores text here (a resource written without its \"<\" "
                            + "is lost this way): remove it or make it an element");
                }
            }
        }

        private static String describe(Element e) {
            for (String a : List.of("name", "ref", "address"))
                if (e.hasAttribute(a)) return " " + a + "=\"" + e.getAttribute(a) + "\"";
            return "";
        }

        // ---------------------------------------------------------------- nodes

        private void nodes() {
            if (fragment) return;
            List<ClusterNode> nodes = cluster.nodes();
            if (nodes.isEmpty()) {
                error(root.child("clusternodes").map(ConfNode::location).orElse(at(cluster)),
                        "<clusternodes> lists no node");
                return;
            }
            Map<String, ClusterNode> byName = new LinkedHashMap<>();
            Map<Integer, ClusterNode> byId = new LinkedHashMap<>();
            for (ClusterNode n : nodes) {
                nodeName(n, nodes.size());
                if (n.name != null) {
                    ClusterNode first = byName.putIfAbsent(n.name, n);
                    if (first != null)
                        error(at(n), "node name \"" + n.name + "\" is already used on line " + at(first).line()
                                + "; every node needs its own name");
                }
                if (n.nodeid != null) {
                    ClusterNode first = byId.putIfAbsent(n.nodeid, n);
                    if (first != null)
                        error(at(n), "nodeid " + n.nodeid + " of node \"" + n.name + "\" is already used by node \""
                                + first.name + "\" (line " + at(first).line() + "); every node needs its own nodeid");
                }
            }
        }

        /**
         * cman finds its own node by matching these names against the host's names and
         * addresses. Errors: an empty name, or one with a character no host name or address
         * has (a template variable like $NODE1 or @NODE1@ left unfilled). Warnings: legal
         * names that read like a template's placeholder (NODENAME, CHANGEME), which only
         * work if some host really is called that, and a loopback name in a cluster of
         * several nodes, which the others cannot reach.
         */
        private void nodeName(ClusterNode n, int nodeCount) {
            if (n.name == null) return; // the schema requires the attribute
            if (n.name.isBlank()) {
                error(at(n), "node name is empty; cman matches each <clusternode> name against the host's names, "
                        + "so every node needs its host name or address here");
                return;
            }
            Matcher bad = NOT_IN_A_HOST_NAME.matcher(n.name);
            if (bad.find()) {
                String c = bad.group();
                error(at(n), "node name \"" + n.name + "\" contains " + (c.isBlank() ? "white space" : "\"" + c + "\"")
                        + ", which no host name or address has"
                        + ("${}<>%@".contains(c) ? "; it looks like a template placeholder that was never filled in" : "")
                        + "; write the node's host name");
                return;
            }
            String folded = n.name.toLowerCase(java.util.Locale.ROOT).replace("-", "").replace("_", "");
            for (String word : PLACEHOLDER_WORDS)
                if (folded.contains(word)) {
                    warning(at(n), "node name \"" + n.name + "\" looks like a template placeholder; cman only finds "
                            + "this node if a host is really called that");
                    return;
                }
            if (nodeCount > 1 && isLoopback(n.name))
                warning(at(n), "node name \"" + n.name + "\" is the loopback address: cman binds to it and the "
                        + "other nodes cannot reach this one; use a name or address on the cluster network");
        }

        private static boolean isLoopback(String name) {
            String l = name.toLowerCase(java.util.Locale.ROOT);
            return l.equals("localhost") || l.startsWith("localhost.") || l.startsWith("localhost6")
                    || l.startsWith("127.") || l.equals("::1");
        }

        private void twoNode() {
            if (cluster.cman == null || cluster.cman.twoNode == null || cluster.cman.twoNode != 1) return;
            ConfLocation here = at(cluster.cman);
            int count = cluster.nodes().size();
            if (!fragment && count != 2)
                error(here, "two_node=\"1\" is only for clusters of exactly two nodes, but <clusternodes> lists "
                        + count + "; remove two_node (cman then takes quorum from the votes)");
            if (cluster.cman.expectedVotes == null || cluster.cman.expectedVotes != 1)
                error(here, "two_node=\"1\" needs expected_votes=\"1\" on <cman>"
                        + (cluster.cman.expectedVotes == null ? "" : ", not " + cluster.cman.expectedVotes));
            for (ClusterNode n : cluster.nodes())
                if (n.votes != null && n.votes != 1)
                    error(at(n), "node \"" + n.name + "\" has votes=\"" + n.votes + "\"; with two_node=\"1\" each node must have one vote");
        }

        // ---------------------------------------------------------------- fencing

        private void fencing() {
            Map<String, FenceDevice> devices = new LinkedHashMap<>();
            for (FenceDevice d : cluster.devices()) {
                if (d.name == null) continue;
                FenceDevice first = devices.putIfAbsent(d.name, d);
                if (first != null)
                    error(at(d), "fence device name \"" + d.name + "\" is already used on line " + at(first).line());
            }
            for (ClusterNode n : cluster.nodes()) {
                boolean canFence = false;
                if (n.fence != null) {
                    for (FenceMethod m : n.fence.methods) {
                        for (FenceDeviceRef ref : m.devices) {
                            canFence = true;
                            checkDeviceRef(devices, ref, "node \"" + n.name + "\" fence method \"" + m.name + "\"");
                        }
                    }
                }
                if (n.unfence != null)
                    for (FenceDeviceRef ref : n.unfence.devices)
                        checkDeviceRef(devices, ref, "node \"" + n.name + "\" <unfence>");
                if (!canFence && !fragment)
                    warning(at(n), "node \"" + n.name + "\" has no fence method: if it fails, its services and "
                            + "shared storage stay blocked until an operator runs fence_ack_manual");
            }
        }

        private void checkDeviceRef(Map<String, FenceDevice> devices, FenceDeviceRef ref, String user) {
            if (ref.name != null && !devices.containsKey(ref.name))
                error(at(ref), user + " uses device \"" + ref.name + "\", which is not defined under <fencedevices>"
                        + (devices.isEmpty() ? "" : " (defined: " + String.join(", ", devices.keySet()) + ")"));
        }

        // ---------------------------------------------------------------- quorum disk

        private void quorumDisk() {
            Quorumd q = cluster.quorumd;
            if (q == null) return;
            ConfLocation here = at(q);
            List<ClusterNode> nodes = cluster.nodes();
            if (nodes.size() > Defaults.QDISK_MAX_NODES)
                error(root.child("clusternodes").map(ConfNode::location).orElse(here),
                        "a cluster with a quorum disk can have at most " + Defaults.QDISK_MAX_NODES
                                + " nodes, but <clusternodes> lists " + nodes.size());
            for (ClusterNode n : nodes) {
                if (n.nodeid != null && (n.nodeid < 1 || n.nodeid > Defaults.QDISK_MAX_NODES))
                    error(at(n), "nodeid " + n.nodeid + " of node \"" + n.name + "\" is outside 1.."
                            + Defaults.QDISK_MAX_NODES + ", the ids the quorum disk has status blocks for");
                if (n.votes != null && n.votes != 1)
                    error(at(n), "node \"" + n.name + "\" has votes=\"" + n.votes
                            + "\"; with a quorum disk every node must have exactly one vote (qdisk(5))");
            }
            if (blank(q.label) && blank(q.device))
                error(here, "<quorumd> needs a label or a device attribute to find the quorum disk");
            int total = 0;
            for (Heuristic h : q.heuristics) total += h.score == null ? Defaults.HEURISTIC_SCORE : h.score;
            if (q.minScore != null && q.minScore > 0 && !q.heuristics.isEmpty() && q.minScore > total)
                error(here, "min_score=\"" + q.minScore + "\" is more than the heuristics' total score of " + total
                        + "; the quorum disk would never be available");
            if (q.masterWins != null && q.masterWins == 1) {
                if (nodes.size() > 2)
                    warning(here, "master_wins=\"1\" with " + nodes.size() + " nodes: qdisk(5) defines master-wins "
                            + "mode for two-node clusters only");
                if (!q.heuristics.isEmpty())
                    warning(here, "master_wins=\"1\" has no effect: qdiskd turns master-wins mode off when heuristics are configured");
            }
            if (cluster.cman != null && cluster.cman.twoNode != null && cluster.cman.twoNode == 1)
                warning(here, "two_node=\"1\" together with a quorum disk: to use the disk as a tie-breaker, set "
                        + "two_node=\"0\" and expected_votes=\"3\" on <cman> (qdisk(5))");
            if (q.heuristics.size() > Defaults.QDISK_MAX_HEURISTICS)
                warning(at(q.heuristics.get(Defaults.QDISK_MAX_HEURISTICS)), "qdiskd runs at most "
                        + Defaults.QDISK_MAX_HEURISTICS + " heuristics; this one and the ones after it are ignored");
        }

        private static boolean blank(String s) { return s == null || s.isBlank(); }

        private void expectedVotes() {
            if (fragment || cluster.cman == null || cluster.cman.expectedVotes == null) return;
            if (cluster.cman.twoNode != null && cluster.cman.twoNode == 1) return;
            int votes = 0;
            for (ClusterNode n : cluster.nodes()) votes += n.votes == null ? Defaults.NODE_VOTES : n.votes;
            int qdiskVotes = 0;
            if (cluster.quorumd != null)
                qdiskVotes = cluster.quorumd.votes == null ? Defaults.qdiskVotes(cluster.nodes().size()) : cluster.quorumd.votes;
            int expected = cluster.cman.expectedVotes;
            int quorum = expected / 2 + 1;
            if (quorum > votes + qdiskVotes)
                error(at(cluster.cman), "expected_votes=\"" + expected + "\" needs " + quorum
                        + " votes for quorum, but the nodes" + (qdiskVotes > 0 ? " and the quorum disk" : "")
                        + " have only " + (votes + qdiskVotes) + "; the cluster could never become quorate");
        }

        // ---------------------------------------------------------------- timings (warnings)

        private int tokenMs() {
            return cluster.totem != null && cluster.totem.token != null ? cluster.totem.token : Defaults.TOKEN_MS;
        }

        private ConfLocation tokenLocation() {
            return cluster.totem != null ? at(cluster.totem) : at(cluster);
        }

        private void timings() {
            int token = tokenMs();
            boolean tokenSet = cluster.totem != null && cluster.totem.token != null;
            if (tokenSet && token < Defaults.TOKEN_MIN_SAFE_MS)
                warning(tokenLocation(), "totem token=\"" + token + "\" is under " + Defaults.TOKEN_MIN_SAFE_MS
                        + " ms: a short scheduling or network pause will make cman declare healthy nodes dead "
                        + "and fence them");
            Quorumd q = cluster.quorumd;
            if (q != null) {
                if (tokenSet && token < Defaults.QDISK_TOKEN_MIN_MS)
                    error(tokenLocation(), "totem token=\"" + token + "\" is under " + Defaults.QDISK_TOKEN_MIN_MS
                            + " ms; qdiskd refuses to run with a token that short");
                QdiskTimings t = QdiskTimings.of(q, token);
                if (t.tko() < Defaults.QDISK_TKO_MIN)
                    warning(at(q), "the quorum disk's tko is " + t.tko() + (q.tko == null ? " (derived from the token)" : "")
                            + ", below " + Defaults.QDISK_TKO_MIN + ": one slow write gets a healthy node evicted");
                int needed = t.masterRecoveryMs() + t.intervalS() * 1000;
                if (token < needed)
                    warning(tokenLocation(), "totem token (" + token + " ms) is too short for the quorum disk: "
                            + "electing a new master takes interval x (tko + master_wait + upgrade_wait) = "
                            + t.intervalS() + " x (" + t.tko() + " + " + t.masterWait() + " + " + t.upgradeWait()
                            + ") s = " + t.masterRecoveryMs() + " ms, and the token must exceed that by one interval; "
                            + "cman will drop the quorum disk's votes during a master change (quorum loss, evictions); "
                            + "set <totem token=\"" + needed + "\"/> or more");
                int allowance = Defaults.heuristicAllowance(t.intervalS(), t.tko());
                for (Heuristic h : q.heuristics) {
                    int interval = h.interval == null ? Defaults.heuristicInterval(t.intervalS(), t.tko()) : h.interval;
                    int tko = h.tko == null ? Defaults.heuristicTko(t.intervalS(), t.tko()) : h.tko;
                    if (interval * tko > allowance && allowance > 0)
                        warning(at(h), "heuristic \"" + h.program + "\" needs interval x tko = " + interval + " x " + tko
                                + " = " + interval * tko + " s to count as failed, more than the quorum disk's "
                                + allowance + " s (interval x (tko - 1)): a node that lost its network keeps its "
                                + "score until after the disk has evicted it");
                }
            }
            if (cluster.fenceDaemon != null && cluster.fenceDaemon.postFailDelay != null) {
                int delayMs = cluster.fenceDaemon.postFailDelay * 1000;
                if (delayMs > token)
                    warning(at(cluster.fenceDaemon), "post_fail_delay=\"" + cluster.fenceDaemon.postFailDelay
                            + "\" (" + delayMs + " ms) is longer than the totem token (" + token + " ms): after a "
                            + "failure is detected, recovery and shared storage wait longer than detection itself "
                            + "took, and a hung node that resumes within the delay is not fenced");
            }
            if (cluster.cman != null && cluster.cman.twoNode != null && cluster.cman.twoNode == 1
                    && q == null && cluster.nodes().size() == 2 && !asymmetricFenceDelay())
                warning(at(cluster.cman), "two_node=\"1\" without a quorum disk or a fence delay: when the two nodes "
                        + "lose contact each fences the other at the same moment (a fence race) and both can go "
                        + "down; give one node's fence <device> a delay=\"15\", or add a <quorumd>");
        }

        /** True when the two nodes would start fencing each other at different times. */
        private boolean asymmetricFenceDelay() {
            Set<Integer> delays = new HashSet<>();
            for (ClusterNode n : cluster.nodes()) delays.add(firstFenceDelay(n));
            return delays.size() > 1;
        }

        private int firstFenceDelay(ClusterNode n) {
            if (n.fence == null) return 0;
            for (FenceMethod m : n.fence.methods) {
                for (FenceDeviceRef ref : m.devices) {
                    String delay = ref.other("delay");
                    if (delay == null && ref.name != null)
                        delay = cluster.fenceDevice(ref.name).map(d -> d.other("delay")).orElse(null);
                    return parseSeconds(delay);
                }
            }
            return 0;
        }

        private static int parseSeconds(String s) {
            if (s == null) return 0;
            try { return Integer.parseInt(s.trim()); } catch (NumberFormatException e) { return 0; }
        }

        // ---------------------------------------------------------------- <rm>

        private void resourceManager() {
            Optional<ConfNode> rm = root.child("rm");
            if (rm.isEmpty()) return;
            Set<String> nodeNames = new HashSet<>();
            for (ClusterNode n : cluster.nodes()) if (n.name != null) nodeNames.add(n.name);

            Map<String, FailoverDomain> domains = new LinkedHashMap<>();
            for (FailoverDomain d : cluster.failoverDomains()) {
                if (d.name == null) continue;
                FailoverDomain first = domains.putIfAbsent(d.name, d);
                if (first != null) error(at(d), "failover domain \"" + d.name + "\" is already defined on line " + at(first).line());
                for (FailoverDomainNode dn : d.nodes)
                    if (!fragment && dn.name != null && !nodeNames.contains(dn.name))
                        error(at(dn), "failover domain \"" + d.name + "\" lists node \"" + dn.name
                                + "\", which is not a <clusternode>");
            }

            // resources defined once under <resources>, keyed by type and primary attribute
            Map<String, ConfNode> defined = new LinkedHashMap<>();
            for (ConfNode resources : rm.get().children("resources")) {
                for (ConfNode r : resources.children()) {
                    String key = r.attr(primaryAttribute(r.tag()));
                    if (key == null) continue;
                    ConfNode first = defined.putIfAbsent(r.tag() + "\u0000" + key, r);
                    if (first != null)
                        error(r.location(), "<" + r.tag() + "> " + primaryAttribute(r.tag()) + "=\"" + key
                                + "\" is already defined on line " + first.location().line());
                }
            }

            // services may also be defined under <resources> and used with <service ref=...>
            for (ConfNode resources : rm.get().children("resources"))
                for (ConfNode r : resources.children())
                    if (r.tag().equals("service") || r.tag().equals("vm")) checkDomain(r, domains);

            Map<String, ConfNode> services = new LinkedHashMap<>();
            for (ConfNode top : rm.get().children()) {
                if (NOT_RESOURCE_TREES.contains(top.tag())) continue;
                if (top.tag().equals("service") || top.tag().equals("vm")) {
                    String name = top.attr("name");
                    if (name != null) {
                        ConfNode first = services.putIfAbsent(top.tag() + ":" + name, top);
                        if (first != null)
                            error(top.location(), top.tag() + " \"" + name + "\" is already defined on line " + first.location().line());
                    }
                }
                walk(top, defined, domains);
            }
            for (ConfNode top : rm.get().children()) {
                String depend = top.attr("depend");
                if (depend == null || !(top.tag().equals("service") || top.tag().equals("vm"))) continue;
                // rgmanager names the service it depends on as "service:NAME"
                String target = depend.contains(":") ? depend : "service:" + depend;
                boolean known = services.containsKey(target) || defined.containsKey(
                        target.substring(0, target.indexOf(':')) + "\u0000" + target.substring(target.indexOf(':') + 1));
                if (!known)
                    error(top.location(), top.tag() + " \"" + top.attr("name", top.attr("ref")) + "\" depends on \""
                            + depend + "\", which is not a service in this file");
            }
        }

        private void checkDomain(ConfNode n, Map<String, FailoverDomain> domains) {
            String domain = n.attr("domain");
            if (domain != null && !domains.containsKey(domain))
                error(n.location(), n.tag() + " \"" + n.attr("name", n.attr("ref")) + "\" uses failover domain \"" + domain
                        + "\", which is not defined under <failoverdomains>");
        }

        private void walk(ConfNode n, Map<String, ConfNode> defined, Map<String, FailoverDomain> domains) {
            String ref = n.attr("ref");
            if (ref != null && !defined.containsKey(n.tag() + "\u0000" + ref))
                error(n.location(), "<" + n.tag() + " ref=\"" + ref + "\"> refers to a resource that is not defined: "
                        + "no <" + n.tag() + " " + primaryAttribute(n.tag()) + "=\"" + ref + "\"> under <rm><resources>");
            if (n.tag().equals("service") || n.tag().equals("vm")) checkDomain(n, domains);
            for (ConfNode child : n.children()) walk(child, defined, domains);
        }
    }
}
