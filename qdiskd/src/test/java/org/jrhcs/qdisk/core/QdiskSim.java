package org.jrhcs.qdisk.core;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jrhcs.qdisk.disk.Decoded;
import org.jrhcs.qdisk.disk.DiskFormat;
import org.jrhcs.qdisk.disk.StatusReads;

/**
 * Several qdiskd cores over one in-memory disk and a virtual clock: every node steps once per
 * {@link #cycle()}, in node id order, reading the disk as the previous node left it. Blocks are
 * kept as encoded bytes, so torn and foreign blocks go through the real decoder.
 */
final class QdiskSim {
    static final int BLOCK = 512;

    final QdiskConfig config;
    final Map<Integer, byte[]> disk = new TreeMap<>();
    final Map<Integer, Node> nodes = new TreeMap<>();
    long nowMs = 1_700_000_000_000L;
    int cycle;
    /** Runs after every node's step (a check between the steps of one cycle). */
    Runnable afterEachStep = () -> { };

    final class Node {
        final int id;
        QdiskState state;
        int score;
        boolean running = true;
        boolean hung;
        Set<Integer> cmanView;
        boolean advertise;
        boolean polled;
        SelfFenceReason fenced;
        /** When this life last stepped (-1: not yet): a hung node's next cycle comes late. */
        long lastStepMs = -1;
        final List<String> log = new ArrayList<>();
        final List<Integer> kills = new ArrayList<>();
        /** What reaches the platter of each encoded block it writes (a torn write garbles it). */
        java.util.function.UnaryOperator<byte[]> writeFault = b -> b;

        Node(int id, long incarnation) {
            this.id = id;
            this.state = QdiskState.initial(id, incarnation);
            this.score = config.maxScore();
        }

        boolean master() { return state.master(); }

        boolean logged(String text) { return log.stream().anyMatch(l -> l.endsWith(text)); }
    }

    QdiskSim(QdiskConfig config) {
        this.config = config;
        for (int n = 1; n <= QdiskPolicy.MAX_NODES; n++) disk.put(n, DiskFormat.encodeStatus(StatusBlock.empty(n, nowMs), BLOCK));
    }

    Node start(int id) {
        Node n = new Node(id, nowMs * 100 + id);
        nodes.put(id, n);
        return n;
    }

    Node node(int id) { return nodes.get(id); }

    void cycle() {
        cycle++;
        for (Node n : nodes.values()) {
            if (!n.running || n.hung || n.fenced != null) continue;
            Map<Integer, Decoded<StatusBlock>> decoded = new HashMap<>();
            for (Map.Entry<Integer, byte[]> e : disk.entrySet())
                decoded.put(e.getKey(), DiskFormat.decodeStatus(ByteBuffer.wrap(e.getValue()), 0, e.getKey()));
            StatusReads read = StatusReads.of(decoded);
            long sincePrevious = n.lastStepMs < 0 ? 0 : nowMs - n.lastStepMs;
            n.lastStepMs = nowMs;
            CycleOutcome o = QdiskPolicy.step(n.state, new CycleInput(nowMs, read.blocks(), n.score, n.cmanView, 1000,
                    sincePrevious, read.unreadable(), sincePrevious), config);
            o.logs().forEach(l -> n.log.add("cycle " + cycle + ": " + l));
            n.kills.addAll(o.kills());
            if (o.selfFence() != null) {
                n.fenced = o.selfFence();
                n.advertise = false;
                continue;
            }
            for (StatusBlock b : o.writes()) disk.put(b.nodeId(), n.writeFault.apply(DiskFormat.encodeStatus(b, BLOCK)));
            n.state = o.next();
            n.polled = o.pollCman();
            if (o.pollCman()) n.advertise = o.advertise(); // what cman believes: the last poll
            afterEachStep.run();
        }
        nowMs += config.intervalMs();
    }

    void run(int cycles) { for (int i = 0; i < cycles; i++) cycle(); }

    /** Runs until {@code done} holds, at most {@code max} cycles; returns the cycles taken or -1. */
    int runUntil(java.util.function.BooleanSupplier done, int max) {
        for (int i = 1; i <= max; i++) {
            cycle();
            if (done.getAsBoolean()) return i;
        }
        return -1;
    }

    void shutdown(int id) {
        Node n = nodes.get(id);
        disk.put(id, DiskFormat.encodeStatus(QdiskPolicy.shutdownBlock(n.state, config, nowMs), BLOCK));
        n.running = false;
    }

    List<Integer> masters() {
        return nodes.values().stream().filter(n -> n.running && !n.hung && n.fenced == null && n.master())
                .map(n -> n.id).toList();
    }

    StatusBlock block(int id) {
        return DiskFormat.decodeStatus(ByteBuffer.wrap(disk.get(id)), 0, id).value();
    }

    static QdiskConfig config(int tko, boolean masterWins, boolean allowKill, boolean reboot, List<HeuristicSpec> hs) {
        int total = hs.stream().mapToInt(HeuristicSpec::score).sum();
        return new QdiskConfig(1000, tko, Math.max(1, tko / 3), 2, Math.max(2, tko / 2), 3, (total + 1) / 2, masterWins,
                allowKill, reboot, false, false, 0, false, "qd", null, null, null, hs);
    }

    static QdiskConfig config() { return config(10, false, true, true, List.of()); }
}
