package org.jrhcs.tools.drill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code drill_judge [--json] DRILL SANDBOX_DIR} — reads a drill's evidence from a
 * cluster-sandbox directory (each node's var/log/messages and var/log/drill.journal,
 * client.record, drill.actions) and prints the report. {@code drill_judge --list} prints
 * the drills: name, cluster (000|001|002), root|any, title. Exit 0 pass, 1 fail, 2 usage.
 */
public final class DrillJudge {
    private DrillJudge() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        boolean json = false;
        int i = 0;
        if (args.length == 1 && args[0].equals("--list")) {
            for (DrillSpec s : DrillSpecs.all())
                System.out.println(s.name() + " " + s.conf() + " " + (s.needsRoot() ? "root" : "any") + " " + s.title());
            return 0;
        }
        if (i < args.length && args[i].equals("--json")) { json = true; i++; }
        if (args.length - i != 2) {
            System.err.println("usage: drill_judge [--json] DRILL SANDBOX_DIR | --list");
            return 2;
        }
        Optional<DrillSpec> spec = DrillSpecs.get(args[i]);
        if (spec.isEmpty()) {
            System.err.println("drill_judge: no drill " + args[i] + " (drill_judge --list)");
            return 2;
        }
        Path dir = Path.of(args[i + 1]);
        try {
            Evidence ev = read(dir, ZoneId.systemDefault());
            Report r = Judge.judge(spec.get(), ev);
            System.out.print(json ? r.json() : r.text(ZoneId.systemDefault()));
            return r.pass() ? 0 : 1;
        } catch (IOException e) {
            System.err.println("drill_judge: " + e.getMessage());
            return 2;
        }
    }

    /** Reads the evidence files of a sandbox; missing ones count as empty. */
    public static Evidence read(Path dir, ZoneId zone) throws IOException {
        Path env = dir.resolve("sandbox.env");
        if (!Files.exists(env)) throw new IOException(dir + " is not a cluster-sandbox (no sandbox.env)");
        String nodes = "";
        for (String l : Files.readAllLines(env))
            if (l.startsWith("NODES=")) nodes = l.substring(6).replace("\"", "").trim();
        Map<String, List<String>> messages = new LinkedHashMap<>(), journals = new LinkedHashMap<>();
        for (String n : nodes.split("\\s+")) {
            if (n.isEmpty()) continue;
            messages.put(n, lines(dir.resolve(n).resolve("var/log/messages")));
            journals.put(n, lines(dir.resolve(n).resolve("var/log/drill.journal")));
        }
        return Evidence.parse(messages, journals, lines(dir.resolve("client.record")), lines(dir.resolve("drill.actions")), zone);
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
    }
}
