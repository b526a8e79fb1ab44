package org.jrhcs.fence.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.cman.client.GroupView;
import org.jrhcs.fence.agent.AgentRunner;
import org.jrhcs.fence.core.FenceSettings;
import org.jrhcs.fence.tool.FenceTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fence_tool join -w SECS} returns once this node is in the domain's view, not when the
 * join was only asked for (the cman init script's start relies on it: a node killed right after
 * its start was not yet a member anywhere, and nobody fenced it); it fails after SECS when the
 * view does not come.
 */
class FenceToolJoinWaitTest {
    @TempDir Path root;

    /** {@code group}, with every view held back until {@code open} is released. */
    static DomainGroup heldViews(DomainGroup group, CountDownLatch open) {
        return new DomainGroup() {
            @Override public void join(Listener l) {
                group.join(new Listener() {
                    @Override public void onView(GroupView view) {
                        try {
                            open.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        l.onView(view);
                    }
                    @Override public void onMessage(int from, IpcMessage payload) { l.onMessage(from, payload); }
                    @Override public void onDisconnect(String reason) { l.onDisconnect(reason); }
                });
            }
            @Override public void send(IpcMessage payload) { group.send(payload); }
            @Override public void leave() { group.leave(); }
            @Override public Map<Integer, Long> clusterMembers() { return group.clusterMembers(); }
            @Override public AutoCloseable watchMembership(Runnable changed) { return group.watchMembership(changed); }
        };
    }

    record Run(int exit, String err) {}

    Run joinWait(int seconds) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = FenceTool.run(new String[] {"join", "-w", Integer.toString(seconds)}, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), Map.of("CLUSTER_ROOT", root.toString(), "PATH", "/usr/bin:/bin"));
        return new Run(rc, e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void joinWaitsForTheViewWithThisNode() throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        try (TestDomain d = new TestDomain(root, "", new FenceSettings(0, 0, false, 200, false))) {
            FencedDaemon daemon = new FencedDaemon(d.config, 1, "web1", heldViews(d.hub.group(1), open),
                    new AgentRunner(new ClusterRoot(root), "web1", Duration.ofSeconds(20), "/usr/bin:/bin"), (sev, text) -> { },
                    System::currentTimeMillis).start();
            try (FencedServer s = new FencedServer(new ClusterRoot(root), daemon)) {
                assertEquals(new Run(1, "fence_tool: this node is not a member of the fence domain after 1 s\n"), joinWait(1));
                open.countDown();
                assertEquals(new Run(0, ""), joinWait(15));
            } finally {
                open.countDown();
                daemon.stop(0);
            }
        }
    }
}
