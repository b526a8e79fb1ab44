package org.jrhcs.qdisk.disk;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jrhcs.qdisk.core.StatusBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real device: direct I/O on a file, the buffered fallback, and a loop device when root. */
class QdiskDeviceTest {
    @TempDir Path dir;

    private static void formatWriteRead(QdiskDevice d, Path raw) throws IOException {
        d.format("qd_label", "node1", 1_763_890_000L, n -> { });
        int bs = d.header().blockSize();
        assertEquals(0, bs % d.kernelBlockSize());
        d.write(DiskFormatTest.SAMPLE);
        Map<Integer, Decoded<StatusBlock>> blocks = d.readStatusBlocks();
        assertEquals(16, blocks.size());
        assertEquals(DiskFormatTest.SAMPLE, blocks.get(5).value());
        assertEquals(org.jrhcs.qdisk.core.NodeState.NONE, blocks.get(4).value().state());
        if (raw != null) {
            // the block sits exactly at 5 × block size on the medium
            byte[] all = Files.readAllBytes(raw);
            assertTrue(all.length >= DiskFormat.deviceBytes(bs));
            assertEquals(DiskFormatTest.SAMPLE, DiskFormat.decodeStatus(ByteBuffer.wrap(all), 5 * bs, 5).value());
        }
    }

    @Test
    void regularFileWithDirectIo() throws IOException {
        Path f = dir.resolve("qdisk.img");
        List<String> warnings = new ArrayList<>();
        try (QdiskDevice d = QdiskDevice.open(f, true, true, warnings::add)) {
            formatWriteRead(d, f);
            assertFalse(d.isBlockDevice());
            if (d.isDirect()) assertTrue(warnings.isEmpty());
        }
        try (QdiskDevice d = QdiskDevice.open(f, false, false, null)) {
            Decoded<QdiskHeader> h = d.readHeader();
            assertTrue(h.isOk());
            assertEquals("qd_label", h.value().label());
            assertEquals("node1", h.value().host());
        }
    }

    @Test
    void refusedDirectIoFallsBackToSynchronousIoAndSaysSoOnce() throws IOException {
        Path f = dir.resolve("qdisk.img");
        List<String> warnings = new ArrayList<>();
        try (QdiskDevice d = QdiskDevice.open(f, true, true, warnings::add, false)) {
            assertFalse(d.isDirect());
            formatWriteRead(d, f);
        }
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("refuses direct I/O"), warnings.get(0));
    }

    @Test
    void tmpfsWorksWithWhicheverIoItAllows() throws IOException {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm));
        Path f = Files.createTempFile(shm, "qdisk", ".img");
        try (QdiskDevice d = QdiskDevice.open(f, true, true, w -> { })) {
            formatWriteRead(d, f);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void plainFileIsNotAQuorumDisk() throws IOException {
        Path f = dir.resolve("other");
        Files.write(f, new byte[8192]);
        try (QdiskDevice d = QdiskDevice.open(f, false, false, null)) {
            assertEquals(Decoded.Problem.FOREIGN, d.readHeader().problem());
        }
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> QdiskDevice.open(dir.resolve("missing"), false, false, null));
    }

    @Test
    void loopDeviceWithDirectIo() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for losetup");
        Path img = dir.resolve("loop.img");
        Files.write(img, new byte[1 << 20]);
        String loop = sh("losetup", "-f", "--show", img.toString());
        assumeTrue(loop != null && loop.startsWith("/dev/loop"), "losetup is not available here");
        try (QdiskDevice d = QdiskDevice.open(Path.of(loop), true, false, null)) {
            assertTrue(d.isBlockDevice());
            assertTrue(d.isDirect());
            assertEquals(BlockDevices.logicalBlockSize(Path.of(loop)), d.kernelBlockSize());
            formatWriteRead(d, null);
            // found by label among /proc/partitions-style entries, with every /dev/block and
            // /dev/disk/by-* name of the device (a private /dev here, so the test owns it)
            String name = Path.of(loop).getFileName().toString();
            Path dev = Files.createDirectories(dir.resolve("dev"));
            Files.createSymbolicLink(dev.resolve(name), Path.of(loop));
            Files.createSymbolicLink(Files.createDirectories(dev.resolve("block")).resolve("7:99"), Path.of(loop));
            Files.createSymbolicLink(Files.createDirectories(dev.resolve("disk/by-id")).resolve("qd-test"), Path.of(loop));
            Path partitions = Files.writeString(dir.resolve("partitions"),
                    "major minor  #blocks  name\n\n 254 0 268435456 nosuchdisk\n   7 99 1024 " + name + "\n");
            QdiskFinder.Found f = new QdiskFinder(partitions, dev).find("qd_label", List.of()).orElseThrow();
            assertEquals(List.of(dev.resolve("block/7:99"), dev.resolve("disk/by-id/qd-test"), dev.resolve(name)), f.names());
        } finally {
            sh("losetup", "-d", loop);
        }
        // what went through the loop device is in the backing file at the documented offsets
        byte[] all = Files.readAllBytes(img);
        Decoded<QdiskHeader> h = DiskFormat.decodeHeader(java.util.Arrays.copyOf(all, 4096));
        assertTrue(h.isOk());
        int bs = h.value().blockSize();
        assertEquals(DiskFormatTest.SAMPLE, DiskFormat.decodeStatus(ByteBuffer.wrap(all), 5 * bs, 5).value());
    }

    private static String sh(String... cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
        return out;
    }
}
