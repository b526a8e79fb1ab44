package org.jrhcs.qdisk.disk;

/**
 * The first block of a quorum disk, written once by {@code mkqdisk -c}.
 *
 * @param version        on-disk format version ({@link DiskFormat#VERSION})
 * @param blockSize      the block size every block is aligned to ("Recorded Sector Size")
 * @param maxNodes       status blocks that follow (16)
 * @param createdSeconds when mkqdisk wrote it (epoch seconds)
 * @param label          the label qdiskd's {@code label=} looks for (at most 127 bytes UTF-8)
 * @param host           the host that ran mkqdisk (at most 63 bytes UTF-8)
 */
public record QdiskHeader(int version, int blockSize, int maxNodes, long createdSeconds, String label, String host) {}
