package org.jrhcs.qdisk.core;

/** The text of {@code status_file}: qdiskd's view of the disk, rewritten every cycle. */
public final class StatusReport {
    private StatusReport() {}

    /**
     * @param own       the block we wrote this cycle
     * @param timestamp the time, already formatted by the caller
     */
    public static String render(QdiskState s, StatusBlock own, QdiskConfig c, String timestamp) {
        StringBuilder init = new StringBuilder();
        StringBuilder visible = new StringBuilder();
        for (int n = 1; n <= QdiskPolicy.MAX_NODES; n++) {
            Peer p = s.peer(n);
            boolean self = n == s.self();
            if (!self && p.status() != Peer.Status.ONLINE) continue;
            visible.append(' ').append(n);
            NodeState st = self ? own.state() : p.last().state();
            if (st == NodeState.INIT) init.append(' ').append(n);
        }
        int mask = s.master() ? own.masterMask()
                : s.knownMaster() != 0 && s.peer(s.knownMaster()).last() != null
                        ? s.peer(s.knownMaster()).last().masterMask() : 0;
        StringBuilder quorate = new StringBuilder();
        for (int n = 1; n <= QdiskPolicy.MAX_NODES; n++) if ((mask & StatusBlock.bit(n)) != 0) quorate.append(' ').append(n);
        return "Time Stamp: " + timestamp + "\n"
                + "Node ID: " + s.self() + "\n"
                + "Score: " + own.score() + "/" + c.maxScore() + " (Minimum required = " + c.minScore() + ")\n"
                + "Current state: " + own.state().display() + "\n"
                + "Initializing Set: {" + init + " }\n"
                + "Visible Set: {" + visible + " }\n"
                + (s.knownMaster() != 0 ? "Master Node ID: " + s.knownMaster() + "\n" : "")
                + "Quorate Set: {" + quorate + " }\n";
    }
}
