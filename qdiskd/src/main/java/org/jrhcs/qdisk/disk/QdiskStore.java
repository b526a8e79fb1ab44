package org.jrhcs.qdisk.disk;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.jrhcs.qdisk.core.StatusBlock;

/**
 * The I/O seam of the disk loop: a formatted quorum disk whose status blocks can be read and
 * written. {@link QdiskDevice} is the real one (direct, synchronous I/O); tests may inject
 * faults behind this interface.
 *
 * <p>Threading: one thread at a time (the disk loop). Failure: I/O errors are exceptions;
 * blocks that cannot be trusted are {@link Decoded} values.
 */
public interface QdiskStore extends Closeable {
    /** The header read when the store was opened. */
    QdiskHeader header();

    /** Every status block 1..16, read in one pass. */
    Map<Integer, Decoded<StatusBlock>> readStatusBlocks() throws IOException;

    /** Writes one status block into slot {@code block.nodeId()}, durably before returning. */
    void write(StatusBlock block) throws IOException;

    /** A name for logs and for cman (the device path). */
    String name();
}
