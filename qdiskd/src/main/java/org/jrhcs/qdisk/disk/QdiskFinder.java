package org.jrhcs.qdisk.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds quorum disks by their header: every block device of {@code /proc/partitions} plus any
 * files named explicitly (the sandbox keeps its shared disk in a file). A device that cannot
 * be opened or holds no quorum disk header is skipped silently, as mkqdisk -L does.
 */
public final class QdiskFinder {
    /**
     * A quorum disk found.
     *
     * @param names every name of the device, sorted: for a block device its {@code /dev/block}
     *              and {@code /dev/disk/by-*} links too (mkqdisk -L prints them all, as RHCS does)
     */
    public record Found(Path path, QdiskHeader header, int kernelBlockSize, List<Path> names) {}

    private final Path procPartitions;
    private final Path devDir;

    public QdiskFinder(Path procPartitions, Path devDir) {
        this.procPartitions = procPartitions;
        this.devDir = devDir;
    }

    public static QdiskFinder system() { return new QdiskFinder(Path.of("/proc/partitions"), Path.of("/dev")); }

    /** Candidates: block devices first (in /proc/partitions order), then {@code extraFiles}. */
    public List<Path> candidates(List<Path> extraFiles) {
        LinkedHashSet<Path> all = new LinkedHashSet<>(BlockDevices.fromProcPartitions(procPartitions, devDir));
        all.addAll(extraFiles);
        return new ArrayList<>(all);
    }

    public List<Found> scan(List<Path> extraFiles) {
        List<Found> out = new ArrayList<>();
        for (Path p : candidates(extraFiles)) probe(p).map(this::named).ifPresent(out::add);
        return out;
    }

    /** The first quorum disk carrying {@code label}. */
    public Optional<Found> find(String label, List<Path> extraFiles) {
        for (Path p : candidates(extraFiles)) {
            Optional<Found> f = probe(p);
            if (f.isPresent() && f.get().header().label().equals(label)) return f.map(this::named);
        }
        return Optional.empty();
    }

    public static Optional<Found> probe(Path p) {
        try (QdiskDevice d = QdiskDevice.open(p, false, false, null)) {
            Decoded<QdiskHeader> h = d.readHeader();
            return h.isOk() ? Optional.of(new Found(p, h.value(), d.kernelBlockSize(), List.of(p))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Adds the device's other names: links in {@code /dev/block} and {@code /dev/disk/*} to the same node. */
    private Found named(Found f) {
        if (Files.isRegularFile(f.path())) return f;
        TreeSet<Path> names = new TreeSet<>(List.of(f.path()));
        try {
            Path real = f.path().toRealPath();
            List<Path> dirs = new ArrayList<>(List.of(devDir.resolve("block")));
            if (Files.isDirectory(devDir.resolve("disk"))) {
                try (Stream<Path> s = Files.list(devDir.resolve("disk"))) {
                    s.filter(Files::isDirectory).forEach(dirs::add);
                }
            }
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir)) continue;
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path link : s.toList()) {
                        try {
                            if (link.toRealPath().equals(real)) names.add(link);
                        } catch (IOException ignored) {
                            // a dangling link names nothing
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // without the links, the device's own name still identifies it
        }
        return new Found(f.path(), f.header(), f.kernelBlockSize(), new ArrayList<>(names));
    }
}
