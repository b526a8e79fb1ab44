package org.jrhcs.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * Scripted fence and resource agents: each call ends after a latency drawn from the
 * seed, with the result the script (the nemesis or a transcript) set for it.
 */
public final class SimAgents {
    public enum FenceMode { OK, FAIL, HANG }

    /** How one agent call ends: after {@code latencyMs}, successful or not. */
    public record Result(boolean ok, long latencyMs) {}

    private final VirtualClock clock;
    private final SimRandom random;
    private final Map<String, Long> fenceFailUntil = new HashMap<>();
    private final Map<String, Long> fenceHangUntil = new HashMap<>();
    private final Map<String, Long> startFailUntil = new HashMap<>();
    private final Map<String, Long> stopFailUntil = new HashMap<>();
    /** fence_dummy's usual run time and a hung agent's timeout. */
    private long fenceLatencyMin = 500, fenceLatencyMax = 3000, fenceTimeoutMs = 60_000;
    private long resourceLatencyMin = 200, resourceLatencyMax = 3000;

    public SimAgents(VirtualClock clock, SimRandom random) {
        this.clock = clock;
        this.random = random;
    }

    public void fence(String victim, FenceMode mode, long until) {
        fenceFailUntil.remove(victim);
        fenceHangUntil.remove(victim);
        if (mode == FenceMode.FAIL) fenceFailUntil.put(victim, until);
        if (mode == FenceMode.HANG) fenceHangUntil.put(victim, until);
    }

    public void failStart(String service, String node, long until) { startFailUntil.put(service + "@" + node, until); }

    public void failStop(String service, String node, long until) { stopFailUntil.put(service + "@" + node, until); }

    public void heal() {
        fenceFailUntil.clear();
        fenceHangUntil.clear();
        startFailUntil.clear();
        stopFailUntil.clear();
    }

    /** Fixed latencies for transcripts, where log order must not depend on jitter. */
    public void fixedLatencies(long fenceMs, long resourceMs) {
        fenceLatencyMin = fenceLatencyMax = fenceMs;
        resourceLatencyMin = resourceLatencyMax = resourceMs;
    }

    public Result fenceCall(String victim) {
        long now = clock.now();
        if (fenceHangUntil.getOrDefault(victim, 0L) > now) return new Result(false, fenceTimeoutMs);
        boolean ok = fenceFailUntil.getOrDefault(victim, 0L) <= now;
        return new Result(ok, random.between(fenceLatencyMin, fenceLatencyMax));
    }

    public Result start(String service, String node) {
        return new Result(startFailUntil.getOrDefault(service + "@" + node, 0L) <= clock.now(),
                random.between(resourceLatencyMin, resourceLatencyMax));
    }

    public Result stop(String service, String node) {
        return new Result(stopFailUntil.getOrDefault(service + "@" + node, 0L) <= clock.now(),
                random.between(resourceLatencyMin, resourceLatencyMax));
    }

    public long probeLatency() { return random.between(100, 1000); }
}
