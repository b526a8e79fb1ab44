package org.jrhcs.qdisk.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jrhcs.qdisk.core.Peer.Status;

/**
 * The per-cycle decision of qdiskd (qdisk(5) section 2), as a pure function:
 * {@code (state, blocks read, own score, cman members, now) → (next state, blocks to write,
 * advertise or not, nodes to kill, log lines, self-fence)}.
 *
 * <p>Phases, in the order {@link #step} runs them:
 * <ol>
 *   <li><b>own eviction</b>: a notice in our block for our incarnation ends everything;</li>
 *   <li><b>liveness</b>: each peer's sequence moved (hit) or not (miss); tko misses make an
 *       online node dead, tko_up hits make a node online; shutdown and eviction states are
 *       noticed and logged;</li>
 *   <li><b>score</b>: below min_score we stop advertising, and with reboot="1" fence ourselves;</li>
 *   <li><b>election</b>: with no master, the lowest running healthy node bids, the others vote
 *       for it, and after master_wait cycles with every candidate's vote it is master;</li>
 *   <li><b>master duties</b>: the master grants membership of the master partition to online,
 *       healthy nodes that cman also sees (so a network partition with a shared disk leaves the
 *       votes in the master's partition only) and writes eviction notices for dead nodes;</li>
 *   <li><b>advertise</b>: healthy, running and granted by a master in our cman partition
 *       (master_wins: master only); without such a master cman keeps its last answer only while
 *       no other partition lives on the disk;</li>
 *   <li><b>own block</b>.</li>
 * </ol>
 *
 * <p>Determinism: no clock, no randomness; the same inputs give the same outcome.
 * Failure: never throws on what it reads; a bad block is an absent block.
 */
public final class QdiskPolicy {
    /** Status blocks on a quorum disk: node ids 1..16 (qdisk(5) 1.4). */
    public static final int MAX_NODES = 16;

    private QdiskPolicy() {}

    public static CycleOutcome step(QdiskState s, CycleInput in, QdiskConfig c) {
        List<LogLine> logs = new ArrayList<>();
        int self = s.self();

        // 1. An eviction notice for this very life: the master has decided, obey before writing
        // anything (writing first would erase the notice and look alive again).
        StatusBlock own = in.blocks().get(self);
        if (own != null && own.state() == NodeState.EVICT && own.incarnation() == s.incarnation()
                && own.updatedBy() != self) {
            logs.add(LogLine.crit("Node " + self + " evicted by master node " + own.updatedBy()
                    + "; removing this node from the cluster"));
            return new CycleOutcome(s, List.of(), false, true, List.of(), logs, SelfFenceReason.EVICTED);
        }

        // 1b. A cycle that comes more than interval × tko after the previous one (the node hung,
        // or its disk failed for that long) while another node wrote tko times or more: that
        // node may have found us dead, elected another master and granted its partition
        // meanwhile, and since every sequence moved, everything looks alive and our old master
        // role or grant would look current (sim seed 6580: a master hung 33 s, woke and told
        // cman "available" beside the new master's partition). The eviction notice above is
        // honoured first; then we forget the disk and watch it afresh as at start-up: not
        // master, no grant, "unavailable" to cman until tko_up cycles have shown who is alive
        // and a master grants us again. When nobody wrote that often (the whole disk hung, or
        // the others were down too) nobody can have acted without us, and we go on.
        if (TimeoutPolicy.stale(c, in.sincePreviousMs()) && othersMovedOn(s, in, c)) {
            logs.add(LogLine.warning("Cycle started " + in.sincePreviousMs() + " ms after the previous one (interval * tko = "
                    + c.tkoMs() + " ms): disk state is stale" + (s.master() ? ", giving up master role" : "")
                    + "; watching the disk afresh"));
            s = new QdiskState(self, s.incarnation(), s.sequence(), 0, s.healthy(), s.score(), s.upgradeLeft(), false, 0, 0,
                    QdiskState.initial(self, s.incarnation()).peers(), s.avgCycleMicros(), -1, s.toldAvailable());
        }

        // 2. Liveness of every other node.
        Map<Integer, Peer> peers = new TreeMap<>();
        for (int n = 1; n <= MAX_NODES; n++) {
            if (n == self) continue;
            peers.put(n, observe(n, s.peer(n), in.blocks().get(n), c, logs));
        }

        // 3. Score.
        int maxScore = c.maxScore();
        boolean healthy = in.score() >= c.minScore();
        int upgradeLeft = s.upgradeLeft();
        String scoreText = in.score() + "/" + maxScore + "; required=" + c.minScore();
        if (s.healthy() == null) {
            logs.add(LogLine.info("Initial score " + in.score() + "/" + maxScore));
        } else if (s.healthy() && !healthy) {
            logs.add(LogLine.err("Score insufficient for master operation (" + scoreText + "); downgrading"));
            if (c.reboot()) {
                QdiskState next = new QdiskState(self, s.incarnation(), s.sequence(), s.cycles() + 1, false,
                        in.score(), 0, false, 0, 0, peers, s.avgCycleMicros(), -1, false);
                return new CycleOutcome(next, List.of(), false, true, List.of(), logs, SelfFenceReason.SCORE);
            }
        } else if (!s.healthy() && healthy) {
            logs.add(LogLine.notice("Score sufficient for master operation (" + scoreText + "); upgrading"));
            upgradeLeft = c.upgradeWait();
        } else if (upgradeLeft > 0) {
            upgradeLeft--;
        }

        int cycles = s.cycles() + 1;
        boolean running = cycles > c.tkoUp();
        if (cycles == c.tkoUp() + 1) logs.add(LogLine.info("Initialization complete"));

        // 4. Election.
        boolean master = s.master() && healthy;
        if (s.master() && !healthy) logs.add(LogLine.notice("Giving up master role: score too low"));
        int otherMaster = 0;
        for (Map.Entry<Integer, Peer> e : peers.entrySet()) {
            if (e.getValue().claimsMaster()) { otherMaster = e.getKey(); break; }
        }
        if (master && otherMaster != 0 && otherMaster < self) {
            // Two masters can only meet after a disk stall; the lower id keeps the role.
            logs.add(LogLine.warning("Node " + otherMaster + " is also master; giving up master role"));
            master = false;
        }
        int masterId = master ? self : otherMaster;
        Message msg = Message.NONE;
        int msgArg = 0;
        int bidCycles = 0;
        boolean eligible = healthy && running && upgradeLeft == 0;
        if (masterId == 0 && eligible) {
            int lowest = self;
            for (Map.Entry<Integer, Peer> e : peers.entrySet()) {
                if (e.getKey() < lowest && e.getValue().candidate()) lowest = e.getKey();
            }
            if (lowest == self) {
                msg = Message.BID;
                msgArg = self;
                bidCycles = s.bidCycles() + 1;
                if (bidCycles >= c.masterWait() && allVotedFor(self, peers)) {
                    master = true;
                    masterId = self;
                    msg = Message.NONE;
                    msgArg = 0;
                    bidCycles = 0;
                    logs.add(LogLine.info("Assuming master role"));
                }
            } else if (peers.get(lowest).last().message() == Message.BID) {
                msg = Message.VOTE;
                msgArg = lowest;
            }
        } else if (masterId != 0 && masterId != self) {
            msg = Message.VOTE;
            msgArg = masterId;
        }
        if (masterId != 0 && masterId != self && masterId != s.knownMaster()) {
            logs.add(LogLine.info("Node " + masterId + " is the master"));
        }

        // 5. Master duties.
        List<StatusBlock> writes = new ArrayList<>();
        List<Integer> kills = new ArrayList<>();
        List<StatusBlock> notices = new ArrayList<>();
        int masterMask = 0;
        if (master) {
            masterMask = StatusBlock.bit(self);
            Set<Integer> members = in.cmanMembers();
            for (Map.Entry<Integer, Peer> e : peers.entrySet()) {
                int n = e.getKey();
                Peer p = e.getValue();
                if (p.status() == Status.ONLINE && p.last().healthy() && (members == null || members.contains(n))) {
                    masterMask |= StatusBlock.bit(n);
                }
                if (p.status() == Status.DEAD && p.last() != null) {
                    if (!p.noticeWritten()) {
                        logs.add(LogLine.notice("Writing eviction notice for node " + n));
                        // cman can only kill a member; a node it already dropped is fenced anyway
                        if (c.allowKill() && (members == null || members.contains(n))) kills.add(n);
                        e.setValue(p.withNotice());
                    }
                    // Rewritten every cycle until read back: a node that woke from a hang may
                    // have overwritten the first one.
                    notices.add(p.last().withState(NodeState.EVICT, self, in.nowMs()));
                }
            }
            masterMask = heldBackGrant(self, own, masterMask, peers, members, in.unreadable(), logs);
        }

        // 6. Advertise. The master's grant holds only while the master is in our cman
        // partition: after a network split its mask still names us until it rewrites it,
        // and both halves would count the disk. While no master in our partition grants us
        // (it left the partition, or an election is under way), staying silent keeps cman's
        // last answer, which is safe only if no other partition can take the votes meanwhile:
        // every node alive on the disk must be in our cman partition. Otherwise we give the
        // votes up at once and leave them to the master (simulation seeds 504, 572, 3665: a
        // split and the master's crash in one detection window; both halves kept the silent
        // master's grant, or one kept it through the election while the other's new master
        // granted itself). With no one alive outside, a master that left our partition is
        // watched one cycle (cman holds the transition open meanwhile): if it writes again it
        // is alive on the other side and the votes are not ours; if it stays silent it crashed
        // or hung, and its old grant carries us to the election (cman must not lose the votes
        // meanwhile - quorum_dev_poll may be shorter than tko + master_wait - or a lone
        // survivor would lose quorum with its master).
        Set<Integer> members = in.cmanMembers();
        boolean othersAlive = members != null && aliveOutside(peers, members, masterId, in.unreadable());
        // A master whose block is unreadable this cycle may be alive and granting itself on the
        // other side: its torn write is not the silence of a crash (seed 10462: the master,
        // cut off alone, tore its writes, and the other three kept its old grant beside it).
        boolean masterTorn = in.unreadable().contains(masterId);
        boolean away = masterId != 0 && !master && members != null && !members.contains(masterId);
        long awayMark = -1;
        boolean undecided = false, cutOff = false;
        if (away) {
            long seq = peers.get(masterId).lastSequence();
            boolean marked = s.masterAwayMark() >= 0 && masterId == s.knownMaster();
            awayMark = marked ? s.masterAwayMark() : seq;
            undecided = !marked && !othersAlive && !masterTorn;
            cutOff = othersAlive || masterTorn || marked && seq != s.masterAwayMark();
        }
        boolean granted = master || (masterId != 0 && !cutOff && peers.get(masterId).last().grants(self));
        boolean advertise = healthy && running && granted && (!c.masterWins() || master);
        // A healthy running node without a master is in an election: it says nothing to cman
        // unless another partition lives on the disk (then it has just given the votes up).
        boolean electing = masterId == 0 && healthy && running;
        // A master whose previous write completed more than one interval before this cycle may
        // have looked silent for a whole cycle to a node whose partition it has left: that node
        // takes it for crashed and keeps its last grant through the election (the rule above).
        // Saying "available" now would count the disk in both partitions until that node reads
        // this cycle's block and gives the grant up (sim seed 3409: a master cut off alone lost
        // its disk path for 3.7 s while node 2 kept its grant; its path back, it granted itself
        // at once). So the block goes first and cman keeps its last answer one cycle more
        // ("unavailable" after long errors, or the transition a split left open).
        boolean reappearing = master && in.sinceLastWriteMs() > c.intervalMs();
        boolean pollCman = (!electing || othersAlive) && !undecided && !reappearing;
        // A vote elects a master who grants its own partition at once: it must not be readable
        // on the disk before cman has our "unavailable". The block is written before the poll,
        // so in the cycle we give the votes up we hold the vote back (the election takes one
        // cycle more; a node that keeps cman's answer or never had the votes votes at once).
        if (electing && msg == Message.VOTE && pollCman && !advertise && s.toldAvailable()) {
            msg = Message.NONE;
            msgArg = 0;
        }
        // 7. Our own block.
        int seen = StatusBlock.bit(self);
        for (Map.Entry<Integer, Peer> e : peers.entrySet()) {
            if (e.getValue().status() == Status.ONLINE) seen |= StatusBlock.bit(e.getKey());
        }
        long avg = s.avgCycleMicros() == 0 ? in.lastCycleMicros() : (s.avgCycleMicros() * 7 + in.lastCycleMicros()) / 8;
        long seq = s.sequence() + 1;
        NodeState state = master ? NodeState.MASTER : running ? NodeState.RUN : NodeState.INIT;
        writes.add(new StatusBlock(self, self, in.nowMs(), seq, s.incarnation(), state,
                healthy ? StatusBlock.FLAG_HEALTHY : 0, msg, msgArg, in.score(), maxScore, seen, masterMask,
                in.lastCycleMicros(), avg));
        writes.addAll(notices);

        QdiskState next = new QdiskState(self, s.incarnation(), seq, cycles, healthy, in.score(), upgradeLeft,
                master, masterId, bidCycles, peers, avg, awayMark, pollCman ? advertise : s.toldAvailable());
        return new CycleOutcome(next, writes, advertise, pollCman, kills, logs, null);
    }

    /**
     * A cycle whose read or write failed: nothing on the disk is known, and cman keeps our last
     * answer. That is kept (a short error must not cost the votes) until no write of ours has
     * completed for half of interval × tko: then the others may soon find us dead and elect,
     * so cman is told "unavailable" (sim seed 8842: a master cut off alone lost its disk path
     * and its cman counted the disk for quorum_dev_poll after the other half had elected and
     * granted itself).
     */
    public static CycleOutcome ioErrorCycle(QdiskState s, QdiskConfig c, long sinceLastWriteMs) {
        if (!TimeoutPolicy.votesAtRisk(c, sinceLastWriteMs)) {
            return new CycleOutcome(s, List.of(), false, false, List.of(), List.of(), null);
        }
        List<LogLine> logs = s.toldAvailable()
                ? List.of(LogLine.warning("No write to the quorum disk completed for " + sinceLastWriteMs
                        + " ms; telling cman the quorum device is unavailable"))
                : List.of();
        QdiskState next = new QdiskState(s.self(), s.incarnation(), s.sequence(), s.cycles(), s.healthy(), s.score(),
                s.upgradeLeft(), s.master(), s.knownMaster(), s.bidCycles(), s.peers(), s.avgCycleMicros(),
                s.masterAwayMark(), false);
        return new CycleOutcome(next, List.of(), false, true, List.of(), logs, null);
    }

    /** The block a clean stop writes, so the others log "Node N shutdown" instead of evicting. */
    public static StatusBlock shutdownBlock(QdiskState s, QdiskConfig c, long nowMs) {
        return new StatusBlock(s.self(), s.self(), nowMs, s.sequence() + 1, s.incarnation(), NodeState.SHUTDOWN,
                0, Message.NONE, 0, s.score(), c.maxScore(), 0, 0, 0, s.avgCycleMicros());
    }

    /**
     * A node other than the master is alive on the disk (online: it wrote within the last tko
     * cycles) but outside our cman partition: another partition exists that could take the
     * disk's votes, from the master's last grant or from a master it elects. A node that
     * counts the votes writes every cycle, so it stays online in our view. A node whose
     * block is unreadable this cycle may be writing too.
     */
    private static boolean aliveOutside(Map<Integer, Peer> peers, Set<Integer> members, int masterId, Set<Integer> unreadable) {
        for (Map.Entry<Integer, Peer> e : peers.entrySet()) {
            int n = e.getKey();
            if (n != masterId && !members.contains(n) && e.getValue().status() == Status.ONLINE) return true;
        }
        for (int n : unreadable) if (n != masterId && !members.contains(n)) return true;
        return false;
    }

    /**
     * A grant never gains a node in the write that takes one away that is still alive on the
     * disk outside our cman partition. That node read our previous grant, and until its next
     * read (an interval later) it may count the disk's votes on it: its cman has not dropped
     * us yet (the view that split us reached it later, or it was hung through it), and it holds
     * a partition of its own. A newcomer counting the new grant meanwhile would make two
     * quorate partitions (sim seeds 23863, 29066 and 19807 under rgsafety's schedule: a view
     * moved one node from the other side into ours and took one away, and we granted the
     * newcomer while the one taken away still counted the grant it had read, hung through the
     * view or still in its transition). The newcomers are granted one cycle later.
     *
     * @param own our block as read this cycle: its mask is the grant the others last read
     */
    private static int heldBackGrant(int self, StatusBlock own, int mask, Map<Integer, Peer> peers, Set<Integer> members,
                                     Set<Integer> unreadable, List<LogLine> logs) {
        if (members == null || own == null || own.updatedBy() != self || own.state() != NodeState.MASTER) return mask;
        int previous = own.masterMask();
        int newcomers = mask & ~previous;
        if (newcomers == 0) return mask;
        for (int n = 1; n <= MAX_NODES; n++) {
            if (n == self || (previous & StatusBlock.bit(n)) == 0 || (mask & StatusBlock.bit(n)) != 0 || members.contains(n))
                continue;
            boolean alive = peers.get(n).status() == Status.ONLINE || unreadable.contains(n);
            if (!alive) continue;
            logs.add(LogLine.debug("Node " + n + " left the partition and may still count the previous grant;"
                    + " granting " + nodes(newcomers) + " next cycle"));
            return mask & ~newcomers;
        }
        return mask;
    }

    private static String nodes(int mask) {
        List<String> out = new ArrayList<>();
        for (int n = 1; n <= MAX_NODES; n++) if ((mask & StatusBlock.bit(n)) != 0) out.add(String.valueOf(n));
        return String.join(", ", out);
    }

    /**
     * Another node wrote at least tko times since our last read (a new life counts its writes
     * since its start): it ran long enough to find us dead. Eviction notices are skipped: the
     * master writes them with their victim's sequence.
     */
    private static boolean othersMovedOn(QdiskState s, CycleInput in, QdiskConfig c) {
        for (Map.Entry<Integer, StatusBlock> e : in.blocks().entrySet()) {
            int n = e.getKey();
            StatusBlock b = e.getValue();
            if (n == s.self() || b.updatedBy() != n) continue;
            Peer p = s.peer(n);
            long writes = b.incarnation() == p.incarnation() ? b.sequence() - p.lastSequence() : b.sequence();
            if (writes >= c.tko()) return true;
        }
        return false;
    }

    private static boolean allVotedFor(int self, Map<Integer, Peer> peers) {
        for (Peer p : peers.values()) {
            if (!p.candidate()) continue;
            StatusBlock b = p.last();
            if (b.message() != Message.VOTE || b.messageArg() != self) return false;
        }
        return true;
    }

    /** One peer's block this cycle → what we now believe about it. */
    private static Peer observe(int n, Peer p, StatusBlock b, QdiskConfig c, List<LogLine> logs) {
        if (b == null || b.state() == NodeState.NONE) return miss(n, p, null, c, logs);
        boolean sameLife = b.incarnation() == p.incarnation();
        switch (b.state()) {
            case EVICT -> {
                if (sameLife && (p.status() == Status.ONLINE || p.status() == Status.DEAD)) {
                    logs.add(LogLine.notice("Node " + n + " evicted"));
                    return p.with(Status.EVICTED, b, 0, 0);
                }
                return p.with(p.status() == Status.ONLINE ? Status.EVICTED : p.status(), b, 0, 0);
            }
            case SHUTDOWN -> {
                if (p.status() == Status.ONLINE && (b.sequence() != p.lastSequence() || !sameLife)) {
                    logs.add(LogLine.info("Node " + n + " shutdown"));
                    return p.with(Status.DOWN, b, 0, 0);
                }
                return p.with(p.status() == Status.ONLINE ? Status.ONLINE : p.status(), b, 0, p.misses());
            }
            default -> { /* a live state: below */ }
        }
        boolean progress = !sameLife || b.sequence() != p.lastSequence();
        if (!progress) return miss(n, p, b, c, logs);
        if (sameLife && (p.status() == Status.EVICTED || (p.status() == Status.DEAD && p.noticeWritten()))) {
            // Writing again after its eviction (it woke from a hang): still evicted, and the
            // master keeps rewriting the notice until the node reads it.
            return p.with(p.status(), b, 0, 0);
        }
        Status status = p.status();
        if (!sameLife && (status == Status.EVICTED || status == Status.DEAD || status == Status.ONLINE)) {
            status = Status.UNKNOWN; // a new life starts its tko_up watch from scratch
        }
        int hits = (sameLife ? p.hits() : 0) + 1;
        if (status != Status.ONLINE && hits >= c.tkoUp()) {
            status = Status.ONLINE;
            logs.add(LogLine.debug("Node " + n + " is UP"));
        }
        return new Peer(status, b.sequence(), b.incarnation(), hits, 0, b, sameLife && p.noticeWritten());
    }

    private static Peer miss(int n, Peer p, StatusBlock b, QdiskConfig c, List<LogLine> logs) {
        if (p.status() != Status.ONLINE) return p.with(p.status(), b, 0, p.misses());
        int misses = p.misses() + 1;
        if (misses >= c.tko()) {
            logs.add(LogLine.info("Node " + n + " DOWN (missed " + misses + " updates)"));
            return p.with(Status.DEAD, b, 0, misses);
        }
        if (misses > 1) logs.add(LogLine.debug("Node " + n + " missed an update (" + misses + "/" + c.tko() + ")"));
        return p.with(Status.ONLINE, b, 0, misses);
    }
}
