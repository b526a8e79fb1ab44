package org.jrhcs.ccsd.daemon;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Run in a child JVM: writes args[1] to args[0] and dies (halt, no clean-up) at step args[2]. */
public final class CrashingWriter {
    public static void main(String[] args) throws Exception {
        AtomicFile.write(Path.of(args[0]), args[1].getBytes(StandardCharsets.UTF_8), true, step -> {
            if (step.equals(args[2])) Runtime.getRuntime().halt(9);
        });
        System.exit(0);
    }
}
