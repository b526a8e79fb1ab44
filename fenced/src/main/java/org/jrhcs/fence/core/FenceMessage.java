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
     * received fence_ack_manual), at epoch milliseconds {@code time}.
     */
    record Fenced(int victimId, String name, long time, How how, int by) implements FenceMessage {}

    /** A daemon (qdiskd, cman, fence_node -w0) asks the domain to fence {@code victimId}. */
    record Request(int victimId, String name, int by) implements FenceMessage {}
}
