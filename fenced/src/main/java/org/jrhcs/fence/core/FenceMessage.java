package org.jrhcs.fence.core;

/** What fenced members tell each other through the fence domain (cman process group "fence"). */
public sealed interface FenceMessage {

    /** How a victim stopped being a danger (fence_tool ls -n prints these words). */
    enum How {
        AGENT("agent"), OVERRIDE("override"), EXTERNAL("external");
        private final String word;
        How(String word) { this.word = word; }
        public String word() { return word; }
        public static How parse(String w) {
            for (How h : values()) if (h.word.equals(w)) return h;
            throw new IllegalArgumentException("unknown fence result kind: " + w);
        }
    }

    /**
     * Victim {@code victimId} is fenced: announced by the member that fenced it (or that
     * received fence_ack_manual), at epoch milliseconds {@code time}. {@code incarnation} is
     * the victim's cman incarnation the fence was aimed at, as the announcer knew it when the
     * node became a victim; -1 when it was not a cluster member then (startup fencing). Only
     * a failure of that life counts as already fenced: a node that came up while its fence
     * was under way is fenced again when it fails.
     */
    record Fenced(int victimId, String name, long time, How how, int by, long incarnation) implements FenceMessage {}

    /** A daemon (qdiskd, cman, fence_node -w0) asks the domain to fence {@code victimId}. */
    record Request(int victimId, String name, int by) implements FenceMessage {}
}
