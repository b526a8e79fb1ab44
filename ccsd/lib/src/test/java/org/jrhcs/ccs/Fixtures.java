package org.jrhcs.ccs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the shared test inputs live, seen from this module's directory (Maven's working directory). */
public final class Fixtures {
    private Fixtures() {}

    /** conf/examples of this repository. */
    public static Path examplesDir() { return Path.of("../../conf/examples").toAbsolutePath().normalize(); }

    /** The rgmanager conformance fixtures beside the repository (../shared/conformance/rgmanager). */
    public static Path conformanceDir() {
        String override = System.getProperty("jrhcs.conformance.dir");
        if (override != null) return Path.of(override);
        return Path.of("../../../shared/conformance/rgmanager").toAbsolutePath().normalize();
    }

    public static List<Path> confFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Path> examples() { return confFiles(examplesDir()); }

    public static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
