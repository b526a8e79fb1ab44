package org.jrhcs.ccsd;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The package rules of STYLE.md, checked over the sources' imports. */
class ArchitectureTest {
    static final Path SRC = Path.of("src/main/java/org/jrhcs/ccsd");
    static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    static List<String> violations(String pkg, List<String> forbidden, List<String> allowedOnly) throws IOException {
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.list(SRC.resolve(pkg))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                Matcher m = IMPORT.matcher(text);
                while (m.find()) {
                    String imp = m.group(2);
                    if (forbidden.stream().anyMatch(imp::startsWith)) bad.add(f.getFileName() + ": " + imp);
                    if (!allowedOnly.isEmpty() && allowedOnly.stream().noneMatch(imp::startsWith)) bad.add(f.getFileName() + ": " + imp);
                }
                for (String call : List.of("System.currentTimeMillis", "System.nanoTime", "new Thread", "new Random()"))
                    if (pkg.equals("core") && text.contains(call)) bad.add(f.getFileName() + ": " + call);
            }
        }
        return bad;
    }

    @Test void coreIsPure() throws IOException {
        assertEquals(List.of(), violations("core", List.of("java.io", "java.nio", "java.net", "java.util.concurrent", "java.time",
                "org.jgroups", "org.apache", "org.jrhcs.client", "org.jrhcs.cman", "org.jrhcs.ccsd.daemon"), List.of()));
    }

    @Test void clientIsJdkOnly() throws IOException {
        assertEquals(List.of(), violations("client", List.of(), List.of("java.", "org.jrhcs.client.")));
    }

    @Test void ccsToolLoadsNeitherLoggingNorJgroups() throws IOException {
        assertEquals(List.of(), violations("tool", List.of("org.jgroups", "org.apache", "org.jrhcs.log", "org.jrhcs.cman",
                "org.jrhcs.ccsd.core", "org.jrhcs.ccsd.wire"), List.of()));
        String atomic = Files.readString(SRC.resolve("daemon/AtomicFile.java"));
        Matcher m = IMPORT.matcher(atomic);
        while (m.find()) assertTrue(m.group(2).startsWith("java."), "AtomicFile (used by ccs_tool) imports " + m.group(2));
    }
}
