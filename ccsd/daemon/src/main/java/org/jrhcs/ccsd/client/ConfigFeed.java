package org.jrhcs.ccsd.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.client.ipc.IpcException;

/**
 * cluster.conf as every daemon reads it: the current copy and a signal when it changes.
 * While the local ccsd runs, the copy comes from ccsd ({@code get}, which serves only the
 * cluster's agreed copy and never a half-written file) and changes come from its
 * {@code subscribe} events. When ccsd is not running (cman starts before it; a node run
 * without ccsd), the file is read directly and watched for changes; the daemon's log says
 * so once each time it falls back. JDK only, so daemons and tools stay light.
 *
 * <p>Threading: {@link #current} and {@link #atLeast} may be called from any thread; the
 * {@code onChange} callback of {@link #watch} runs on the feed's own thread and should only
 * hand the work to the daemon's loop.
 */
public final class ConfigFeed implements AutoCloseable {
    /** Where a copy came from. */
    public enum Source { CCSD, FILE }

    /**
     * One copy of cluster.conf. {@code origin} names it in messages ("ccsd" or the file);
     * {@code version} is its config_version (0 when it has none).
     */
    public record Snapshot(int version, String text, Source source, String origin) {}

    /** How often a watched file is checked for changes, and ccsd for having started. */
    static final long POLL_MS = 1000;
    private static final Pattern VERSION =
            Pattern.compile("<cluster\\b[^>]*?\\bconfig_version\\s*=\\s*[\"'](\\d+)[\"']");

    private final ClusterRoot root;
    private final CcsClient ccs;
    /** Lines said before the daemon's log was open ({@link #logTo}), replayed when it is. */
    private final java.util.List<String> early = new java.util.ArrayList<>();
    private Consumer<String> log;
    private volatile boolean fellBack;
    private volatile boolean closed;
    private volatile int lastVersion = -1;
    private Thread watcher;
    private volatile CcsClient.Subscription subscription;

    /** @param log receives one line each time the feed falls back to the file (and when ccsd comes back) */
    public ConfigFeed(ClusterRoot root, Consumer<String> log) {
        this.root = root;
        this.ccs = new CcsClient(root);
        this.log = log;
    }

    /** A feed whose lines wait for {@link #logTo}: daemons read cluster.conf before they can open their log. */
    public ConfigFeed(ClusterRoot root) {
        this(root, null);
    }

    /** Where the feed's lines go from now on; lines said before are handed over first. */
    public synchronized ConfigFeed logTo(Consumer<String> sink) {
        early.forEach(sink);
        early.clear();
        log = sink;
        return this;
    }

    private synchronized void say(String line) {
        if (log == null) early.add(line);
        else log.accept(line);
    }

    /**
     * The current copy: ccsd's when it runs (waiting up to {@code waitForSync} for it to get
     * in sync with the cluster), else the file's.
     *
     * @throws IOException when neither ccsd nor the file can give one
     */
    public Snapshot current(Duration waitForSync) throws IOException {
        if (ccsdRunning()) {
            try {
                CcsClient.Config c = waitForSync.isZero() ? ccs.get() : ccs.await(waitForSync);
                if (fellBack) {
                    fellBack = false;
                    say("ccsd is running: reading cluster.conf through ccsd again");
                }
                lastVersion = c.version();
                return new Snapshot(c.version(), c.text(), Source.CCSD, "ccsd");
            } catch (IpcException e) {
                fallBack("ccsd could not serve cluster.conf (" + e.getMessage() + ")");
            }
        } else {
            fallBack("ccsd is not running");
        }
        return readFile();
    }

    /**
     * The copy at {@code version} or newer, asking again until {@code timeout} passes (an
     * announcement can reach a daemon just before its ccsd has written the copy).
     *
     * @throws IOException when no such copy arrives in time; the message names the version found
     */
    public Snapshot atLeast(int version, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Snapshot s = current(Duration.ZERO);
            if (s.version() >= version) return s;
            if (System.nanoTime() > deadline)
                throw new IOException(s.origin() + " has config_version " + s.version() + ", not " + version);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for config_version " + version);
            }
        }
    }

    /** The version of the copy last read or announced, -1 before any; cheap. */
    public int lastVersion() { return lastVersion; }

    /**
     * Calls {@code onChange} whenever the copy may have changed: each ccsd change event, each
     * change of the file while ccsd is not running, each switch between the two, and once at
     * the start. Call {@link #current} from the daemon's loop to get the copy and compare it
     * with the one in use (a call does not guarantee a change).
     */
    public synchronized ConfigFeed watch(Runnable onChange) {
        if (watcher != null) throw new IllegalStateException("already watching");
        Object stamp = fileStamp();
        watcher = new Thread(() -> watchLoop(onChange, stamp), "ccs-config-feed");
        watcher.setDaemon(true);
        watcher.start();
        return this;
    }

    private void watchLoop(Runnable onChange, Object stamp) {
        // Whatever changed between the daemon's first read and now counts as a change.
        onChange.run();
        while (!closed) {
            if (ccsdRunning()) {
                CountDownLatch gone = new CountDownLatch(1);
                try {
                    subscription = ccs.subscribe(new CcsClient.Listener() {
                        @Override public void changed(int version) {
                            lastVersion = version;
                            onChange.run();
                        }

                        @Override public void disconnected(String reason) { gone.countDown(); }
                    });
                    // A change may have happened while we were not subscribed.
                    lastVersion = ccs.version();
                    onChange.run();
                    gone.await();
                } catch (IpcException e) {
                    // ccsd went between the check and the subscription: poll the file below
                } catch (InterruptedException e) {
                    return;
                } finally {
                    CcsClient.Subscription s = subscription;
                    if (s != null) s.close();
                    subscription = null;
                }
                if (closed) return;
                fallBack("lost the connection to ccsd");
                stamp = fileStamp();
                onChange.run();
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
            Object now = fileStamp();
            if (!now.equals(stamp)) {
                stamp = now;
                if (!ccsdRunning()) onChange.run();
            }
        }
    }

    private boolean ccsdRunning() {
        if (!Files.exists(root.socket(CcsClient.DAEMON))) return false;
        try {
            ccs.version();
            return true;
        } catch (IpcException e) {
            return false;
        }
    }

    private void fallBack(String why) {
        if (fellBack) return;
        fellBack = true;
        say(why + ": reading " + root.clusterConf() + " directly");
    }

    private Snapshot readFile() throws IOException {
        Path f = root.clusterConf();
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(f + ": no such file", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException(f + ": not UTF-8 text", e);
        }
        int v = versionOf(text);
        lastVersion = v;
        return new Snapshot(v, text, Source.FILE, f.toString());
    }

    /** The {@code config_version} attribute of the {@code <cluster>} element, 0 when absent. */
    public static int versionOf(String text) {
        Matcher m = VERSION.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private Object fileStamp() {
        Path f = root.clusterConf();
        try {
            return Files.getLastModifiedTime(f) + ":" + Files.size(f);
        } catch (IOException e) {
            return "missing";
        }
    }

    @Override public void close() {
        closed = true;
        CcsClient.Subscription s = subscription;
        if (s != null) s.close();
        Thread t = watcher;
        if (t != null) t.interrupt();
    }
}
