package org.jrhcs.cman.daemon;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * How this node reaches the others, derived from cluster.conf (see {@link CmanDaemon}).
 *
 * @param channelName    the JGroups cluster name: nodes of other clusters never share a channel
 * @param localName      this node's name (the JGroups logical name; peers map it to a node id)
 * @param bind           the address and port this node listens on
 * @param members        every configured node's address and port (TCP discovery list)
 * @param udp            true for UDP multicast ({@code <cman transport="udp">} or {@code <multicast>})
 * @param multicastAddr  the multicast group for UDP
 * @param tokenMs        {@code <totem token>}: a node that is silent this long is dropped
 * @param testDiscard    tests only: add a DISCARD layer so a test can cut this node off
 * @param key            the cluster key: every frame on the wire is sealed with it; null: clear text
 */
public record TransportSettings(String channelName, String localName, InetSocketAddress bind,
                                List<InetSocketAddress> members, boolean udp, String multicastAddr,
                                int tokenMs, boolean testDiscard, ClusterKey key) {

    /** Without a key (traffic in the clear). */
    public TransportSettings(String channelName, String localName, InetSocketAddress bind,
                             List<InetSocketAddress> members, boolean udp, String multicastAddr,
                             int tokenMs, boolean testDiscard) {
        this(channelName, localName, bind, members, udp, multicastAddr, tokenMs, testDiscard, null);
    }

    public TransportSettings withToken(int token) {
        return new TransportSettings(channelName, localName, bind, members, udp, multicastAddr, token, testDiscard, key);
    }

    public TransportSettings withKey(ClusterKey k) {
        return new TransportSettings(channelName, localName, bind, members, udp, multicastAddr, tokenMs, testDiscard, k);
    }

    /** FD_ALL3 timeout: 0.7 of the token; the checker period, verification and the view change fit in the rest (+10%). */
    public long suspectAfterMs() { return Math.max(300, tokenMs * 7L / 10); }

    /** Heartbeat interval: ten per token, so one lost packet is not a failure. */
    public long heartbeatMs() { return Math.max(50, tokenMs / 10L); }

    /** VERIFY_SUSPECT2: a last check before exclusion. */
    public long verifyMs() { return Math.max(50, tokenMs / 20L); }

    /** MERGE3 sends its view every {@code mergeMaxMs / 2 .. mergeMaxMs}, so healed partitions find each other. */
    public long mergeMaxMs() { return Math.max(1000, Math.min(tokenMs, 5000)); }

    /**
     * How long a witness must have been silent from a suspect to confirm the suspicion
     * ({@link SuspectConfirmation}): half the suspicion timeout, so a hung or cut-off node,
     * silent to everyone alike, is confirmed in the first round.
     */
    public long confirmSilenceMs() { return suspectAfterMs() / 2; }

    /** A suspicion that witnesses keep contradicting is acted on after this long (a link cut between two nodes only). */
    public long escalateAfterMs() { return 2 * suspectAfterMs(); }

    /**
     * How long a round of questions to the witnesses waits for their answers: as long as the
     * silence they confirm. A round ends as soon as every answer is in, so this costs time
     * only when a witness does not answer; a CPU-starved witness (seen: answers 1.2 s late
     * at a load of 30 on two cores) must still be counted.
     */
    public long confirmRoundMs() { return Math.max(100, confirmSilenceMs()); }

    /** TCP connect timeout: a peer behind a cut link must not hold a sender for long. */
    public int connectTimeoutMs() { return (int) Math.max(200, tokenMs / 10L); }
}
