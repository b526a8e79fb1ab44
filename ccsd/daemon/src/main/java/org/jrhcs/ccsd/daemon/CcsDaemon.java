package org.jrhcs.ccsd.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfException;
import org.jrhcs.ccsd.client.CcsClient;
import org.jrhcs.ccsd.core.CcsdCore;
import org.jrhcs.ccsd.core.ConfigCopy;
import org.jrhcs.ccsd.core.Effect;
import org.jrhcs.ccsd.core.GroupMessage;
import org.jrhcs.ccsd.core.Input;
import org.jrhcs.ccsd.wire.GroupCodec;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcException;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.client.ipc.IpcServer;
import org.jrhcs.cman.client.GroupView;
import org.jrhcs.cman.client.ProcessGroup;
import org.jrhcs.log.Severity;

/**
 * One node's ccsd: holds the cluster's cluster.conf, serves it on
 * {@code var/run/cluster/ccsd.sock} ({@code get}, {@code version}, {@code subscribe})
 * and takes updates on {@code ccsd-admin.sock} ({@code update}). Decisions are
 * {@link CcsdCore}'s; this class runs them on one thread and carries out the effects:
 * group sends, atomic writes under {@code etc/cluster/}, answers, change events and
 * cman reloads.
 */
public final class CcsDaemon implements AutoCloseable {
    public static final String GROUP = "ccsd";
    public static final String UNPUBLISHED_SUFFIX = ".unpublished";
    static final long UPDATE_TIMEOUT_MS = 120_000;
    private long updateTimeoutMs = UPDATE_TIMEOUT_MS;

    /** Where log lines go (ClusterLog in production; a list in tests). */
    @FunctionalInterface
    public interface LogSink {
        void log(Severity severity, String message);
    }

    /** Tells cman to reload (CmanClient.reloadConfig in production). */
    @FunctionalInterface
    public interface Reloader {
        void reload(int version) throws Exception;
    }

    private final ClusterRoot root;
    private final GroupTransport transport;
    private final Reloader reloader;
    private final LogSink log;
    private final ExecutorService loop;
    private final AtomicLong requests = new AtomicLong();
    private final Map<Long, CompletableFuture<Effect.Reply>> waiting = new ConcurrentHashMap<>();
    private final Set<IpcServer.Connection> subscribers = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<ConfigCopy> firstPublished = new CompletableFuture<>();
    private final CompletableFuture<String> disconnected = new CompletableFuture<>();
    private volatile ConfigCopy served;
    private CcsdCore core;
    private IpcServer querySocket;
    private IpcServer adminSocket;
    private GroupTransport.Handle group;
    private volatile boolean closing;

    public CcsDaemon(ClusterRoot root, GroupTransport transport, Reloader reloader, LogSink log) {
        this.root = root;
        this.transport = transport;
        this.reloader = reloader;
        this.log = log;
        this.loop = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ccsd-loop");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads the local file, opens the sockets and joins the group; may be called again after it failed. */
    public CcsDaemon start() throws IOException {
        ConfigCopy disk = loadDisk();
        core = new CcsdCore(disk, disk.present() && digest(disk.text()).equals(readWrittenRecord()),
                new java.security.SecureRandom().nextLong());
        querySocket = new IpcServer(root.socket(CcsClient.DAEMON), false, this::query).start("ccsd");
        adminSocket = new IpcServer(root.adminSocket(CcsClient.DAEMON), true, this::admin).start("ccsd-admin");
        // Views can arrive before join() returns the handle the loop sends with: hold
        // the loop until the handle is in place.
        CountDownLatch joined = new CountDownLatch(1);
        loop.execute(() -> {
            try {
                joined.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            group = transport.join(GROUP, listener());
        } catch (RuntimeException e) {
            // leave nothing behind, so start() can be tried again once cman is ready
            querySocket.close();
            adminSocket.close();
            throw e;
        } finally {
            joined.countDown();
        }
        return this;
    }

    private ProcessGroup.Listener listener() {
        return new ProcessGroup.Listener() {
            @Override public void onView(GroupView v) {
                submit(new Input.View(v.members(), v.joined(), v.localNodeId(), v.quorate()));
            }

            @Override public void onMessage(int from, IpcMessage payload) {
                GroupMessage m;
                try {
                    m = GroupCodec.decode(payload);
                } catch (IpcException e) {
                    log.log(Severity.ERR, "Ignoring a group message from node " + from + ": " + e.getMessage());
                    return;
                }
                submit(new Input.Delivered(from, m));
            }

            @Override public void onDisconnect(String reason) {
                if (closing) return;
                log.log(Severity.ERR, "Lost the connection to cman: " + reason);
                disconnected.complete(reason);
            }
        };
    }

    /**
     * Where ccsd records the digest of the last copy it wrote: a file on disk that matches
     * it was published by a cluster this node was in; one that does not was edited by hand.
     */
    Path writtenRecord() { return root.stateDir().resolve("ccsd.written"); }

    private String readWrittenRecord() {
        try {
            return Files.readString(writtenRecord(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    static String digest(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ConfigCopy loadDisk() throws IOException {
        Path conf = root.clusterConf();
        if (AtomicFile.removeStaleTemp(conf))
            log.log(Severity.WARNING, "Removed " + AtomicFile.sibling(conf, AtomicFile.TEMP_SUFFIX)
                    + " left by an interrupted write; " + conf + " is the last complete copy");
        if (!Files.exists(conf)) {
            log.log(Severity.NOTICE, "No " + conf + " on this node; waiting for the cluster's copy");
            return ConfigCopy.NONE;
        }
        String text = Files.readString(conf, StandardCharsets.UTF_8);
        try {
            ConfDocument doc = ConfDocument.parse(text, conf.toString());
            Integer version = doc.cluster().configVersion;
            log.log(Severity.INFO, "cluster.conf (cluster name = " + doc.cluster().name + ", version = "
                    + (version == null ? 0 : version) + ") found.");
            return new ConfigCopy(version == null ? 0 : version, text);
        } catch (ConfException e) {
            log.log(Severity.ERR, "Unable to use the local cluster.conf: " + e.getMessage() + "; taking the cluster's copy");
            return ConfigCopy.NONE;
        }
    }

    private void submit(Input input) {
        try {
            loop.execute(() -> run(core.handle(input)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: nothing more to decide
        }
    }

    private void run(List<Effect> effects) {
        for (Effect e : effects) {
            try {
                execute(e);
            } catch (RuntimeException ex) {
                log.log(Severity.ERR, "Failed to carry out " + e.getClass().getSimpleName() + ": " + ex);
            }
        }
    }

    private void execute(Effect e) {
        if (e instanceof Effect.Broadcast b) {
            try {
                group.send(GroupCodec.encode(b.message()));
            } catch (IpcException ex) {
                log.log(Severity.ERR, "Unable to send to the ccsd group: " + ex.getMessage());
            }
        } else if (e instanceof Effect.Persist p) {
            Input.Persisted result;
            try {
                AtomicFile.write(root.clusterConf(), p.copy().text().getBytes(StandardCharsets.UTF_8), true);
                result = new Input.Persisted(p.copy().version(), true, null);
                recordWritten(p.copy());
            } catch (IOException ex) {
                result = new Input.Persisted(p.copy().version(), false, root.clusterConf() + ": " + ex);
            }
            run(core.handle(result));
        } else if (e instanceof Effect.KeepUnpublished k) {
            Path aside = AtomicFile.sibling(root.clusterConf(), UNPUBLISHED_SUFFIX);
            try {
                AtomicFile.write(aside, k.copy().text().getBytes(StandardCharsets.UTF_8), false);
            } catch (IOException ex) {
                log.log(Severity.ERR, "Unable to keep the unpublished copy as " + aside + ": " + ex);
            }
        } else if (e instanceof Effect.Publish p) {
            served = p.copy();
            firstPublished.complete(p.copy());
            IpcMessage event = new IpcMessage().put("event", "changed").put("version", p.copy().version());
            subscribers.removeIf(c -> !c.push(event));
        } else if (e instanceof Effect.Reload r) {
            try {
                reloader.reload(r.version());
            } catch (Exception ex) {
                log.log(Severity.WARNING, "cman did not reload config version " + r.version() + ": " + ex.getMessage());
            }
        } else if (e instanceof Effect.Reply r) {
            CompletableFuture<Effect.Reply> f = waiting.remove(r.request());
            if (f != null) f.complete(r);
        } else if (e instanceof Effect.Log l) {
            log.log(l.severity(), l.message());
        }
    }

    private void recordWritten(ConfigCopy copy) {
        try {
            AtomicFile.write(writtenRecord(), (digest(copy.text()) + "\n").getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException ex) {
            // Without the record a restart treats the file as edited by hand: safe, only less helpful.
            log.log(Severity.WARNING, "Unable to record the copy written in " + writtenRecord() + ": " + ex);
        }
    }

    // --- the read-only socket -------------------------------------------------------

    private IpcMessage query(IpcMessage req, IpcServer.Connection conn) {
        switch (req.op()) {
            case "get": {
                // cluster.conf holds fence device passwords: root only, as RHCS keeps the file 0640.
                if (!conn.isPrivileged())
                    return IpcMessage.error("permission denied: only root may read cluster.conf (it holds fence device passwords)");
                ConfigCopy c = served;
                long waitMs = req.getLong("wait_ms", 0);
                if (c == null && waitMs > 0) c = awaitFirst(waitMs);
                if (c == null) return IpcMessage.error("ccsd has no configuration to serve yet: it is not in sync with the cluster");
                return IpcMessage.ok().put("version", c.version()).put("text", c.text());
            }
            case "version": {
                ConfigCopy c = served;
                return IpcMessage.ok().put("version", c == null ? 0 : c.version()).put("synced", c != null);
            }
            case "subscribe": {
                subscribers.add(conn);
                conn.onClose(() -> subscribers.remove(conn));
                ConfigCopy c = served;
                return IpcMessage.ok().put("version", c == null ? 0 : c.version());
            }
            default:
                return IpcMessage.error("unknown request \"" + req.op() + "\" (ccsd.sock knows get, version, subscribe)");
        }
    }

    private ConfigCopy awaitFirst(long waitMs) {
        try {
            return firstPublished.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    // --- the admin socket -----------------------------------------------------------

    private IpcMessage admin(IpcMessage req, IpcServer.Connection conn) {
        if (!"update".equals(req.op()))
            return IpcMessage.error("unknown request \"" + req.op() + "\" (ccsd-admin.sock knows update)");
        String text = req.get("text");
        if (text == null) return IpcMessage.error("malformed request: update needs a text field");
        String file = req.get("file", "update");
        ConfigCopy current = served;
        ConfigCheck.Checked checked = ConfigCheck.check(text, file, current == null ? null : current.text());
        ConfDocument doc = checked.document();
        long id = requests.incrementAndGet();
        CompletableFuture<Effect.Reply> reply = new CompletableFuture<>();
        waiting.put(id, reply);
        submit(new Input.UpdateRequest(id, new ConfigCopy(doc.cluster().configVersion, text)));
        try {
            Effect.Reply r = reply.get(updateTimeoutMs, TimeUnit.MILLISECONDS);
            IpcMessage m = r.ok() ? IpcMessage.ok() : IpcMessage.error(r.message());
            m.put("message", r.message()).put("from_version", r.fromVersion()).put("to_version", r.toVersion());
            return m.putList("warning", checked.warnings().stream().map(w -> Map.of("text", w)).toList());
        } catch (TimeoutException e) {
            waiting.remove(id);
            return IpcMessage.error("no answer from the cluster within " + updateTimeoutMs / 1000.0
                    + " s; the update may still be applied (check with ccs_tool lsnode or cman_tool version)");
        } catch (InterruptedException | ExecutionException e) {
            waiting.remove(id);
            return IpcMessage.error("update interrupted: " + e);
        }
    }

    // --- lifecycle ------------------------------------------------------------------

    /** How long an update request waits for the cluster (tests shorten it). */
    CcsDaemon updateTimeout(long ms) {
        updateTimeoutMs = ms;
        return this;
    }

    /** The copy served now, or null before the node is in sync. */
    public ConfigCopy served() { return served; }

    /** Completes with the reason when cman goes away (the daemon should then exit). */
    public CompletableFuture<String> disconnected() { return disconnected; }

    /** Leaves the group cleanly and closes the sockets. */
    @Override public void close() {
        closing = true;
        if (group != null) group.leave();
        if (querySocket != null) querySocket.close();
        if (adminSocket != null) adminSocket.close();
        loop.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiting.values().forEach(f -> f.completeExceptionally(new IpcException("ccsd is stopping")));
    }
}
