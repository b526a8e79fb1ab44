package org.jrhcs.qdisk.core;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one qdiskd remembers between cycles (immutable; {@link QdiskPolicy#step} returns the next one).
 *
 * @param self         our node id (1..16)
 * @param incarnation  chosen at start (the daemon uses its start time); never 0
 * @param sequence     our last written sequence
 * @param cycles       cycles run since start
 * @param healthy      score reached min_score in the last cycle; null before the first cycle
 * @param score        our score in the last cycle
 * @param upgradeLeft  cycles to wait before bidding after the score became sufficient
 * @param master       we are the master
 * @param knownMaster  the master we last recognised (0: none)
 * @param bidCycles    consecutive cycles we have been bidding
 * @param peers        every other node id 1..16
 * @param avgCycleMicros running average cycle time, for the status block
 * @param masterAwayMark the master's sequence when we first found it outside our cman
 *                       partition, or -1: a later write proves it alive on the other side
 * @param toldAvailable  our last poll told cman the device is available (what cman counts
 *                       until we poll again)
 */
public record QdiskState(int self, long incarnation, long sequence, int cycles, Boolean healthy, int score,
                         int upgradeLeft, boolean master, int knownMaster, int bidCycles, Map<Integer, Peer> peers,
                         long avgCycleMicros, long masterAwayMark, boolean toldAvailable) {
    public QdiskState {
        if (self < 1 || self > QdiskPolicy.MAX_NODES) throw new IllegalArgumentException("node id " + self + " is outside 1.." + QdiskPolicy.MAX_NODES);
        peers = Map.copyOf(peers);
    }

    public static QdiskState initial(int self, long incarnation) {
        Map<Integer, Peer> peers = new TreeMap<>();
        for (int n = 1; n <= QdiskPolicy.MAX_NODES; n++) if (n != self) peers.put(n, Peer.UNKNOWN);
        return new QdiskState(self, incarnation, 0, 0, null, 0, 0, false, 0, 0, peers, 0, -1, false);
    }

    public Peer peer(int node) { return peers.getOrDefault(node, Peer.UNKNOWN); }

    /** Past the start-up watch of tko_up cycles. */
    public boolean running(QdiskConfig c) { return cycles > c.tkoUp(); }
}
