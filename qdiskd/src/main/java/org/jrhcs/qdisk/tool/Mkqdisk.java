package org.jrhcs.qdisk.tool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jrhcs.qdisk.core.NodeState;
import org.jrhcs.qdisk.core.StatusBlock;
import org.jrhcs.qdisk.disk.Decoded;
import org.jrhcs.qdisk.disk.DiskFormat;
import org.jrhcs.qdisk.disk.QdiskDevice;
import org.jrhcs.qdisk.disk.QdiskFinder;
import org.jrhcs.qdisk.disk.QdiskHeader;

/**
 * {@code mkqdisk}: create, list and find quorum disks (mkqdisk(8)), with RHCS's output.
 *
 * <pre>
 * mkqdisk -c DEVICE -l LABEL [-F]   initialise DEVICE (block device or regular file)
 * mkqdisk -L [-d] [FILE...]         list quorum disks: /proc/partitions, -f FILE and FILE...
 * mkqdisk -f LABEL [-d] [FILE...]   show the quorum disk with LABEL
 * </pre>
 * {@code -f} names a label, unless its argument is an existing regular file: then that file
 * is searched too (the sandbox keeps its shared disk in a file). {@code -d} dumps the status
 * blocks. {@code -c} refuses a device on which some node wrote a live status block within
 * the last {@value #IN_USE_SECONDS} seconds, unless {@code -F} is given.
 */
public final class Mkqdisk {
    public static final String VERSION = "0.1.0";
    /** A live block younger than this means qdiskd is probably running on the device. */
    public static final int IN_USE_SECONDS = 60;
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH);

    /** Everything mkqdisk takes from the machine, injected so golden tests are exact. */
    public record Env(QdiskFinder finder, LongSupplier clockMs, ZoneId zone, String host, InputStream in,
                      boolean interactive) {
        public static Env system() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
            return new Env(QdiskFinder.system(), System::currentTimeMillis, ZoneId.systemDefault(), host, System.in,
                    System.console() != null);
        }
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Env env;

    public Mkqdisk(PrintStream out, PrintStream err, Env env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(new Mkqdisk(out, System.err, Env.system()).run(args));
    }

    public int run(String[] args) {
        String create = null, label = null, find = null;
        boolean list = false, force = false;
        int dump = 0;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-c", "-l", "-f" -> {
                    if (i + 1 >= args.length) return usage("option " + a + " needs an argument");
                    String v = args[++i];
                    if (a.equals("-c")) create = v;
                    else if (a.equals("-l")) label = v;
                    else if (Files.isRegularFile(Path.of(v))) files.add(Path.of(v));
                    else find = v;
                }
                case "-L" -> list = true;
                case "-d" -> dump++;
                case "-F" -> force = true;
                case "-h", "-?" -> {
                    printUsage(out);
                    return 0;
                }
                default -> {
                    if (a.startsWith("-")) return usage("unknown option " + a);
                    files.add(Path.of(a));
                }
            }
        }
        int modes = (create != null || label != null ? 1 : 0) + (list ? 1 : 0) + (find != null ? 1 : 0);
        if (modes == 0 && !files.isEmpty()) list = true; // "mkqdisk -f FILE": show that file
        else if (modes != 1) return usage(modes == 0 ? null : "choose one of -c, -L, -f");
        if ((create == null) != (label == null)) return usage("-c DEVICE and -l LABEL go together");
        out.print("mkqdisk v" + VERSION + "\n\n");
        if (create != null) {
            return create(Path.of(create), label, force);
        }
        if (list) {
            for (QdiskFinder.Found f : env.finder().scan(files)) show(f, dump > 0);
            return 0;
        }
        Optional<QdiskFinder.Found> f = env.finder().find(find, files);
        if (f.isEmpty()) {
            err.print("mkqdisk: no quorum disk with label '" + find + "' found\n");
            return 1;
        }
        show(f.get(), dump > 0);
        return 0;
    }

    private int create(Path device, String label, boolean force) {
        if (label.getBytes(StandardCharsets.UTF_8).length > DiskFormat.MAX_LABEL) {
            err.print("mkqdisk: the label is " + label.getBytes(StandardCharsets.UTF_8).length
                    + " bytes long; at most " + DiskFormat.MAX_LABEL + " fit\n");
            return 1;
        }
        try (QdiskDevice d = QdiskDevice.open(device, true, true, null)) {
            if (!force) {
                Optional<String> inUse = inUse(d);
                if (inUse.isPresent()) {
                    err.print("mkqdisk: " + device + " looks in use: " + inUse.get()
                            + "; stop qdiskd on every node, or use -F to overwrite anyway\n");
                    return 1;
                }
            }
            out.print("Writing new quorum disk label '" + label + "' to " + device + ".\n");
            if (env.interactive()) {
                out.print("WARNING: About to destroy all data on " + device + "; proceed [N/y] ? ");
                out.flush();
                String answer = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8)).readLine();
                if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                    out.print("\n");
                    return 1;
                }
            }
            String host = env.host();
            if (host.getBytes(StandardCharsets.UTF_8).length > DiskFormat.MAX_HOST) host = host.substring(0, DiskFormat.MAX_HOST);
            d.format(label, host, env.clockMs().getAsLong() / 1000,
                    n -> out.print("Initializing status block for node " + n + "...\n"));
            return 0;
        } catch (IOException e) {
            err.print("mkqdisk: " + device + ": " + describe(e) + "\n");
            return 1;
        }
    }

    /** Why the device looks in use, if it does: a live status block written recently. */
    private Optional<String> inUse(QdiskDevice d) throws IOException {
        if (!d.readHeader().isOk()) return Optional.empty();
        long now = env.clockMs().getAsLong();
        for (Map.Entry<Integer, Decoded<StatusBlock>> e : d.readStatusBlocks().entrySet()) {
            StatusBlock b = e.getValue().value();
            if (b == null || !b.state().isLive()) continue;
            long age = (now - b.timestampMs()) / 1000;
            if (Math.abs(age) < IN_USE_SECONDS) {
                return Optional.of("node " + e.getKey() + " wrote its status block " + Math.max(0, age) + " seconds ago");
            }
        }
        return Optional.empty();
    }

    private void show(QdiskFinder.Found f, boolean dump) {
        QdiskHeader h = f.header();
        for (Path name : f.names()) out.print(name + ":\n");
        out.print("\tMagic:                " + String.format("%08x", DiskFormat.HEADER_MAGIC) + "\n");
        out.print("\tLabel:                " + h.label() + "\n");
        out.print("\tCreated:              " + ctime(h.createdSeconds() * 1000) + "\n");
        out.print("\tHost:                 " + h.host() + "\n");
        out.print("\tKernel Sector Size:   " + f.kernelBlockSize() + "\n");
        out.print("\tRecorded Sector Size: " + h.blockSize() + "\n\n");
        if (!dump) return;
        try (QdiskDevice d = QdiskDevice.open(f.path(), false, false, null)) {
            if (!d.readHeader().isOk()) return;
            for (Map.Entry<Integer, Decoded<StatusBlock>> e : d.readStatusBlocks().entrySet()) {
                Decoded<StatusBlock> s = e.getValue();
                if (!s.isOk()) {
                    out.print("Status block for node " + e.getKey() + "\n\tUnreadable: " + s.problem().text() + "\n");
                    continue;
                }
                printStatus(s.value());
            }
        } catch (IOException e) {
            err.print("mkqdisk: Could not read from " + f.path() + ": " + describe(e) + "\n");
        }
    }

    private void printStatus(StatusBlock b) {
        if (b.state() == NodeState.NONE) return;
        out.print("Status block for node " + b.nodeId() + "\n");
        out.print("\tLast updated by node " + b.updatedBy() + "\n");
        out.print("\tLast updated on " + ctime(b.timestampMs()) + "\n");
        out.print("\tState: " + b.state().display() + "\n");
        out.print("\tFlags: " + String.format("%04x", b.flags()) + "\n");
        out.print("\tScore: " + b.score() + "/" + b.scoreMax() + "\n");
        out.print("\tAverage Cycle speed: " + seconds(b.avgCycleMicros()) + " seconds\n");
        out.print("\tLast Cycle speed: " + seconds(b.lastCycleMicros()) + " seconds\n");
        out.print("\tIncarnation: " + String.format("%016x", b.incarnation()) + "\n");
    }

    private static String seconds(long micros) {
        return (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000);
    }

    private String ctime(long epochMs) {
        return CTIME.format(Instant.ofEpochMilli(epochMs).atZone(env.zone()));
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) return "no such device or file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private int usage(String problem) {
        if (problem != null) err.print("mkqdisk: " + problem + "\n");
        printUsage(err);
        return 2;
    }

    private static void printUsage(PrintStream s) {
        s.print("usage: mkqdisk -L | -f <label> | -c <device> -l <label> [-F]\n"
                + "  -c <device> -l <label>  initialise a quorum disk (a block device or a file)\n"
                + "  -F                      overwrite even if the device looks in use\n"
                + "  -L                      list the quorum disks found\n"
                + "  -f <label>              show the quorum disk with this label\n"
                + "  -f <file>, <file>...    also search these files (besides /proc/partitions)\n"
                + "  -d                      with -L or -f: dump the status blocks\n");
    }
}
