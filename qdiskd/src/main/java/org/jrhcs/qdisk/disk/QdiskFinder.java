package org.jrhcs.qdisk.disk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Finds quorum disks by their header: every block device of {@code /proc/partitions} plus any
 * files named explicitly (the sandbox keeps its shared disk in a file). A device that cannot
 * be opened or holds no quorum disk header is skipped silently, as mkqdisk -L does.
 */
public final class QdiskFinder {
    /** A quorum disk found. */
    public record Found(Path path, QdiskHeader header, int kernelBlockSize) {}

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
        for (Path p : candidates(extraFiles)) probe(p).ifPresent(out::add);
        return out;
    }

    /** The first quorum disk carrying {@code label}. */
    public Optional<Found> find(String label, List<Path> extraFiles) {
        for (Path p : candidates(extraFiles)) {
            Optional<Found> f = probe(p);
            if (f.isPresent() && f.get().header().label().equals(label)) return f;
        }
        return Optional.empty();
    }

    public static Optional<Found> probe(Path p) {
        try (QdiskDevice d = QdiskDevice.open(p, false, false, null)) {
            Decoded<QdiskHeader> h = d.readHeader();
            return h.isOk() ? Optional.of(new Found(p, h.value(), d.kernelBlockSize())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
