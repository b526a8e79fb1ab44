package org.jrhcs.qdisk.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the kernel says about block devices: {@code /proc/partitions} and {@code /sys/class/block}. */
public final class BlockDevices {
    private BlockDevices() {}

    /** Device paths ({@code /dev/NAME}) for every entry of {@code /proc/partitions}, in its order. */
    public static List<Path> fromProcPartitions(Path procPartitions, Path devDir) {
        List<Path> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(procPartitions);
        } catch (IOException e) {
            return out;
        }
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            // "major minor #blocks name"; the heading and blank lines do not parse
            if (f.length != 4 || !f[0].chars().allMatch(Character::isDigit)) continue;
            out.add(devDir.resolve(f[3]));
        }
        return out;
    }

    /** Logical block size from sysfs (a partition uses its disk's queue); 512 when unknown. */
    public static int logicalBlockSize(Path device) {
        Path sys = sysEntry(device);
        for (Path q : new Path[] {sys.resolve("queue/logical_block_size"), sys.resolve("../queue/logical_block_size")}) {
            try {
                int v = Integer.parseInt(Files.readString(q).trim());
                if (v >= 512 && Integer.bitCount(v) == 1) return v;
            } catch (IOException | NumberFormatException e) {
                // try the next place
            }
        }
        return 512;
    }

    /** Size in bytes from sysfs ({@code size} counts 512-byte sectors); -1 when unknown. */
    public static long sizeBytes(Path device) {
        try {
            return Long.parseLong(Files.readString(sysEntry(device).resolve("size")).trim()) * 512;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static Path sysEntry(Path device) {
        Path link = Path.of("/sys/class/block", device.getFileName().toString());
        try {
            return link.toRealPath();
        } catch (IOException e) {
            return link;
        }
    }
}
