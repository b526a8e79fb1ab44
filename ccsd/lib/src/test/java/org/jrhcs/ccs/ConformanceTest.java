package org.jrhcs.ccs;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * rgmanager's own test configurations (rm-only fragments, most without clusternodes,
 * name or config_version) load into the model and pass the schema.
 */
class ConformanceTest {
    static Stream<Path> conformance() {
        Path dir = Fixtures.conformanceDir();
        assumeTrue(Files.isDirectory(dir), "conformance fixtures not found at " + dir);
        return Fixtures.confFiles(dir).stream();
    }

    @Test void thereAreConformanceFiles() {
        List<Path> files = conformance().toList();
        assertTrue(files.size() >= 20, files.toString());
    }

    @ParameterizedTest @MethodSource("conformance")
    void loadsIntoTheModel(Path file) throws Exception {
        ConfDocument doc = ConfDocument.load(file);
        assertNotNull(doc.cluster());
        assertNotNull(doc.cluster().rm, "every fixture has an <rm>");
    }

    @ParameterizedTest @MethodSource("conformance")
    void passesTheSchema(Path file) throws Exception {
        ConfSchema.Report r = ConfSchema.validate(Files.readAllBytes(file), file.toString());
        assertTrue(r.wellFormed());
        assertEquals(List.of(), r.problems());
    }

    @ParameterizedTest @MethodSource("conformance")
    void fragmentsWithoutNodesValidateWithOneWarning(Path file) throws Exception {
        ConfDocument doc = ConfDocument.load(file);
        assumeTrue(doc.root().child("clusternodes").isEmpty(), "has clusternodes");
        ConfValidator.Result r = ConfValidator.validate(file);
        assertTrue(r.validates(), r.problems().toString());
        assertEquals(1, r.warnings().size(), r.problems().toString());
        assertTrue(r.warnings().get(0).message().startsWith("no <clusternodes>"));
    }
}
