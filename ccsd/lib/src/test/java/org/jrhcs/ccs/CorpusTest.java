package org.jrhcs.ccs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real-world cluster.conf files (src/test/resources/corpus, sources in its README): each
 * one loads, or is refused for a reason an administrator would accept. The outcome of every
 * file — whether {@link ConfDocument} loads it, whether {@link ConfValidator} passes it, and
 * the errors and warnings it names — is pinned in corpus/EXPECTED.txt. Review a change as a
 * diff: {@code -Dcorpus.update=true} rewrites the file.
 */
class CorpusTest {
    private static final Path DIR = Path.of("src/test/resources/corpus");

    @Test
    void everyFileLoadsOrIsRefusedWithAReason() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertTrue(files.size() >= 57, "the corpus holds at least 57 files, found " + files.size());
        StringBuilder out = new StringBuilder();
        int loads = 0, validates = 0;
        for (Path f : files) {
            String name = "corpus/" + f.getFileName();
            byte[] bytes = Files.readAllBytes(f);
            String load;
            try {
                ConfDocument.parse(bytes, name);
                load = "loads";
                loads++;
            } catch (ConfException e) {
                load = "refused: " + e.getMessage();
            }
            ConfValidator.Result r = ConfValidator.validate(bytes, name);
            if (r.validates()) validates++;
            out.append(f.getFileName()).append(": ").append(load).append('\n');
            out.append("  ccs_config_validate: ").append(r.validates() ? "valid" : "INVALID")
                    .append(" (").append(r.errors().size()).append(" errors, ").append(r.warnings().size()).append(" warnings)\n");
            for (Problem p : r.problems()) out.append("    ").append(p).append('\n');
        }
        out.append("summary: ").append(files.size()).append(" files, ").append(loads).append(" load, ")
                .append(validates).append(" validate\n");
        System.out.println("CorpusTest: " + files.size() + " files, " + loads + " load, " + validates
                + " pass ccs_config_validate");
        Path expected = DIR.resolve("EXPECTED.txt");
        if (Boolean.getBoolean("corpus.update")) Files.writeString(expected, out.toString(), StandardCharsets.UTF_8);
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), out.toString(),
                "corpus outcomes changed: review, then rerun with -Dcorpus.update=true");
    }
}
