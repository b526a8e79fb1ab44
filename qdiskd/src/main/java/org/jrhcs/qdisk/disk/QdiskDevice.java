package org.jrhcs.qdisk.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import com.sun.nio.file.ExtendedOpenOption;
import org.jrhcs.qdisk.core.QdiskPolicy;
import org.jrhcs.qdisk.core.StatusBlock;

/**
 * A quorum disk on a block device or a regular file, opened for direct ({@code O_DIRECT})
 * and synchronous ({@code O_DSYNC}) I/O so every node reads what the others wrote, not its
 * own page cache, and a write is on the disk when it returns.
 *
 * <p>Alignment: direct I/O needs buffers, offsets and lengths aligned to the device's logical
 * block size and, in the JDK, to the file store's block size; buffers come from
 * {@link ByteBuffer#allocateDirect} + {@link ByteBuffer#alignedSlice}, and the block size a
 * disk is formatted with is the larger of the two, so every block is one aligned I/O.
 *
 * <p>Filesystems that refuse {@code O_DIRECT} (tmpfs) get synchronous I/O only, reported
 * once through the {@code onFallback} callback: enough for a single machine, where every
 * "node" shares one page cache anyway.
 */
public final class QdiskDevice implements QdiskStore {
    private final Path path;
    private final FileChannel channel;
    private final boolean direct;
    private final boolean blockDevice;
    private final int kernelBlockSize;
    private final int ioAlign;
    private QdiskHeader header;
    private ByteBuffer readBuffer;
    private ByteBuffer writeBuffer;

    private QdiskDevice(Path path, FileChannel channel, boolean direct, boolean blockDevice, int kernelBlockSize,
                        int ioAlign) {
        this.path = path;
        this.channel = channel;
        this.direct = direct;
        this.blockDevice = blockDevice;
        this.kernelBlockSize = kernelBlockSize;
        this.ioAlign = ioAlign;
    }

    /**
     * Opens an existing device or file.
     *
     * @param write      open for writing too (qdiskd, mkqdisk -c); read-only otherwise
     * @param create     create a missing regular file (mkqdisk -c on a file)
     * @param onFallback told once when the filesystem refuses direct I/O
     */
    public static QdiskDevice open(Path path, boolean write, boolean create, Consumer<String> onFallback)
            throws IOException {
        return open(path, write, create, onFallback, true);
    }

    /** @param tryDirect false behaves as if the filesystem refused direct I/O (tests of the fallback) */
    static QdiskDevice open(Path path, boolean write, boolean create, Consumer<String> onFallback, boolean tryDirect)
            throws IOException {
        Path real = path;
        if (!Files.exists(path)) {
            if (!create) throw new NoSuchFileException(path.toString(), null, "no such device or file");
        } else {
            real = path.toRealPath();
        }
        boolean blockDevice = Files.exists(real) && !Files.isRegularFile(real) && !Files.isDirectory(real);
        if (Files.isDirectory(real)) throw new IOException(path + " is a directory");
        List<OpenOption> opts = new ArrayList<>(List.of(StandardOpenOption.READ));
        if (write) {
            opts.add(StandardOpenOption.WRITE);
            opts.add(StandardOpenOption.DSYNC);
            if (create && !blockDevice) opts.add(StandardOpenOption.CREATE);
        }
        FileChannel ch;
        boolean direct = true;
        List<OpenOption> withDirect = new ArrayList<>(opts);
        withDirect.add(ExtendedOpenOption.DIRECT);
        try {
            if (!tryDirect) throw new IOException("direct I/O disabled");
            ch = FileChannel.open(real, withDirect.toArray(OpenOption[]::new));
        } catch (IOException | UnsupportedOperationException e) {
            if (e instanceof NoSuchFileException) throw (NoSuchFileException) e;
            ch = FileChannel.open(real, opts.toArray(OpenOption[]::new));
            direct = false;
            if (onFallback != null) {
                onFallback.accept(path + ": the filesystem refuses direct I/O (" + e.getMessage()
                        + "); using synchronous buffered I/O");
            }
        }
        int kernel = blockDevice ? BlockDevices.logicalBlockSize(real) : fileBlockSize(real);
        int align = Math.max(kernel, storeBlockSize(real));
        return new QdiskDevice(path, ch, direct, blockDevice, kernel, Math.min(align, DiskFormat.MAX_BLOCK));
    }

    /** "Kernel Sector Size": the logical block size of a device; for a file 512 unless its file store says otherwise. */
    public int kernelBlockSize() { return kernelBlockSize; }

    /** The block size {@code mkqdisk -c} records: every I/O here is aligned to it. */
    public int formatBlockSize() { return Math.max(ioAlign, kernelBlockSize); }

    public boolean isDirect() { return direct; }

    public boolean isBlockDevice() { return blockDevice; }

    public Path path() { return path; }

    @Override public String name() { return path.toString(); }

    @Override public QdiskHeader header() {
        if (header == null) throw new IllegalStateException(path + ": header not read yet");
        return header;
    }

    /** Reads block 0; on success, later status reads and writes use the recorded block size. */
    public Decoded<QdiskHeader> readHeader() throws IOException {
        ByteBuffer buf = aligned(DiskFormat.MAX_BLOCK);
        int n = readFully(buf, 0);
        if (n < DiskFormat.HEADER_BYTES) return Decoded.bad(Decoded.Problem.FOREIGN);
        byte[] data = new byte[n];
        buf.flip().get(data);
        Decoded<QdiskHeader> h = DiskFormat.decodeHeader(data);
        if (h.isOk()) {
            if (h.value().blockSize() < ioAlign || h.value().blockSize() % ioAlign != 0) {
                throw new IOException(path + ": recorded sector size " + h.value().blockSize()
                        + " does not suit this device (needs a multiple of " + ioAlign + "); run mkqdisk -c again");
            }
            useHeader(h.value());
        }
        return h;
    }

    private void useHeader(QdiskHeader h) {
        header = h;
        readBuffer = aligned(h.blockSize() * QdiskPolicy.MAX_NODES);
        writeBuffer = aligned(h.blockSize());
    }

    /**
     * Writes a fresh header and an empty status block for every node id (mkqdisk -c).
     *
     * @param onBlock told before each status block is written (node id)
     */
    public void format(String label, String host, long createdSeconds, IntConsumer onBlock) throws IOException {
        int bs = formatBlockSize();
        if (blockDevice) {
            long size = BlockDevices.sizeBytes(path.toRealPath());
            if (size >= 0 && size < DiskFormat.deviceBytes(bs)) {
                throw new IOException(path + " is too small: " + size + " bytes, a quorum disk needs "
                        + DiskFormat.deviceBytes(bs));
            }
        }
        QdiskHeader h = new QdiskHeader(DiskFormat.VERSION, bs, QdiskPolicy.MAX_NODES, createdSeconds, label, host);
        byte[] encoded = DiskFormat.encodeHeader(h);
        useHeader(h);
        ByteBuffer buf = aligned(bs);
        buf.put(encoded).flip();
        writeFully(buf, 0);
        long now = createdSeconds * 1000;
        for (int n = 1; n <= QdiskPolicy.MAX_NODES; n++) {
            if (onBlock != null) onBlock.accept(n);
            write(StatusBlock.empty(n, now));
        }
        channel.force(true);
    }

    @Override public Map<Integer, Decoded<StatusBlock>> readStatusBlocks() throws IOException {
        int bs = header().blockSize();
        ByteBuffer buf = readBuffer;
        buf.clear();
        int n = readFully(buf, bs);
        Map<Integer, Decoded<StatusBlock>> out = new TreeMap<>();
        for (int id = 1; id <= QdiskPolicy.MAX_NODES; id++) {
            int at = (id - 1) * bs;
            out.put(id, at + DiskFormat.STATUS_BYTES <= n
                    ? DiskFormat.decodeStatus(buf, at, id) : Decoded.bad(Decoded.Problem.FOREIGN));
        }
        return out;
    }

    @Override public void write(StatusBlock block) throws IOException {
        int bs = header().blockSize();
        ByteBuffer buf = writeBuffer;
        buf.clear();
        for (int i = 0; i < bs; i++) buf.put(i, (byte) 0);
        DiskFormat.encodeStatusInto(block, buf, 0);
        buf.position(0).limit(bs);
        writeFully(buf, DiskFormat.offsetOf(block.nodeId(), bs));
    }

    @Override public void close() throws IOException { channel.close(); }

    private ByteBuffer aligned(int size) {
        int align = Math.max(ioAlign, 512);
        int rounded = (size + align - 1) / align * align;
        return ByteBuffer.allocateDirect(rounded + align).alignedSlice(align).limit(rounded);
    }

    private int readFully(ByteBuffer buf, long pos) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int r = channel.read(buf, pos + total);
            if (r <= 0) break;
            total += r;
        }
        return total;
    }

    private void writeFully(ByteBuffer buf, long pos) throws IOException {
        long at = pos;
        while (buf.hasRemaining()) at += channel.write(buf, at);
    }

    private static int fileBlockSize(Path p) {
        return Math.max(512, storeBlockSize(p));
    }

    private static int storeBlockSize(Path p) {
        try {
            Path existing = Files.exists(p) ? p : p.toAbsolutePath().getParent();
            long s = Files.getFileStore(existing).getBlockSize();
            return s >= 512 && s <= DiskFormat.MAX_BLOCK && Long.bitCount(s) == 1 ? (int) s : 512;
        } catch (IOException | UnsupportedOperationException e) {
            return 512;
        }
    }
}
