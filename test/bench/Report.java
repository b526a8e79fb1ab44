import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the benchmark suite's figures (test/bench/run-all) as BENCHMARKS.md and
 * BENCHMARKS.json. Run as {@code java test/bench/Report.java FIGURES.tsv META.tsv OUTDIR}.
 *
 * <p>FIGURES.tsv: one line per figure, {@code section, name, unit, v1,v2,..., ratio-to, note}
 * (tab-separated; name {@code #note} is prose for the section; {@code #budget} lines are
 * {@code section, #budget, budget, limit, measured, met|missed, why}).
 * A figure whose ratio-to names another figure of its section was measured in the same
 * trials; its ratios are taken trial by trial. META.tsv: {@code key, value} lines (machine,
 * date, command, intro).
 */
public class Report {
    record Stats(double median, double min, double max, int trials) {
        static Stats of(double[] v) {
            double[] s = v.clone();
            Arrays.sort(s);
            int n = s.length;
            double med = n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
            return new Stats(med, n == 0 ? Double.NaN : s[0], n == 0 ? Double.NaN : s[n - 1], n);
        }
    }

    record Figure(String section, String name, String unit, double[] values, String ratioTo, String note) {}

    record Budget(String section, String what, String limit, String measured, String verdict, String why) {}

    public static void main(String[] a) throws IOException {
        List<Figure> figures = new ArrayList<>();
        List<Budget> budgets = new ArrayList<>();
        Map<String, List<String>> notes = new LinkedHashMap<>();
        List<String> sections = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(a[0]))) {
            if (line.isBlank()) continue;
            String[] f = Arrays.copyOf(line.split("\t", -1), 7);
            for (int i = 0; i < 7; i++) if (f[i] == null) f[i] = "";
            if (!sections.contains(f[0])) sections.add(f[0]);
            switch (f[1]) {
                case "#note" -> notes.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[5]);
                case "#budget" -> budgets.add(new Budget(f[0], f[2], f[3], f[4], f[5], f[6]));
                default -> {
                    double[] v = f[3].isEmpty() ? new double[0]
                            : Arrays.stream(f[3].split(",")).filter(s -> !s.isBlank()).mapToDouble(Double::parseDouble).toArray();
                    figures.add(new Figure(f[0], f[1], f[2], v, f[4].equals("-") ? "" : f[4], f[5]));
                }
            }
        }
        // the suite's order, whatever order the figures came in (carried-over phases first)
        List<String> order = List.of("tools", "memory", "jmh", "failover", "rgmanager", "scale");
        sections.sort((x, y) -> Integer.compare(order.contains(x) ? order.indexOf(x) : order.size(),
                order.contains(y) ? order.indexOf(y) : order.size()));
        Map<String, String> meta = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(a[1]))) {
            int t = line.indexOf('\t');
            if (t > 0) meta.put(line.substring(0, t), line.substring(t + 1));
        }
        // section -> {date, command} of the run that measured it (run-all --only carries some over)
        Map<String, String[]> provenance = new LinkedHashMap<>();
        if (a.length > 3 && Files.exists(Path.of(a[3]))) {
            for (String line : Files.readAllLines(Path.of(a[3]))) {
                String[] f = line.split("\t", 3);
                if (f.length == 3 && sections.contains(f[0])) provenance.put(f[0], new String[] {f[1], f[2]});
            }
        }
        Path out = Path.of(a[2]);
        Files.writeString(out.resolve("BENCHMARKS.md"), markdown(meta, sections, figures, budgets, notes, provenance));
        Files.writeString(out.resolve("BENCHMARKS.json"), json(meta, figures, budgets, notes, provenance));
    }

    static Figure find(List<Figure> all, String section, String name) {
        for (Figure f : all) if (f.section.equals(section) && f.name.equals(name)) return f;
        return null;
    }

    /** Trial-by-trial ratios of f to its reference, or null. */
    static double[] ratios(List<Figure> all, Figure f) {
        if (f.ratioTo.isEmpty()) return null;
        Figure ref = find(all, f.section, f.ratioTo);
        if (ref == null) return null;
        int n = Math.min(f.values.length, ref.values.length);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = f.values[i] / ref.values[i];
        return r;
    }

    static String num(double d) {
        if (Double.isNaN(d)) return "—";
        double m = Math.abs(d);
        if (m >= 1000) return String.format(Locale.ROOT, "%,.0f", d);
        if (m >= 100) return String.format(Locale.ROOT, "%.0f", d);
        if (m >= 10) return String.format(Locale.ROOT, "%.1f", d);
        return String.format(Locale.ROOT, "%.2f", d);
    }

    static String cell(String s) { return s.replace("|", "\\|"); }

    static String markdown(Map<String, String> meta, List<String> sections, List<Figure> figures, List<Budget> budgets,
                           Map<String, List<String>> notes, Map<String, String[]> provenance) {
        StringBuilder b = new StringBuilder("# Benchmarks\n\n");
        b.append("Generated by `").append(meta.getOrDefault("command", "test/bench/run-all")).append("` on ")
                .append(meta.getOrDefault("date", "?")).append(" (do not edit; run it again).\n\n");
        if (meta.containsKey("intro")) b.append(meta.get("intro").replace("\\n", "\n")).append("\n\n");
        b.append("| machine | |\n|---|---|\n");
        for (String k : List.of("cpu", "cores", "memory", "kernel", "java", "load")) {
            if (meta.containsKey(k)) b.append("| ").append(k).append(" | ").append(cell(meta.get(k))).append(" |\n");
        }
        if (!provenance.isEmpty()) {
            b.append("\n## Provenance\n\n| phase | measured | by |\n|---|---|---|\n");
            for (String s : sections) {
                String[] p = provenance.get(s);
                if (p != null) b.append("| ").append(s).append(" | ").append(p[0]).append(" | `").append(p[1]).append("` |\n");
            }
        }
        if (!budgets.isEmpty()) {
            b.append("\n## Budgets (DESIGN.md)\n\n| budget | limit | measured (median) | verdict | where it goes / what would fix it |\n|---|---|---|---|---|\n");
            for (Budget x : budgets) {
                b.append("| ").append(cell(x.what)).append(" | ").append(cell(x.limit)).append(" | ").append(cell(x.measured))
                        .append(" | ").append(x.verdict).append(" | ").append(cell(x.why)).append(" |\n");
            }
        }
        for (String s : sections) {
            List<Figure> fs = figures.stream().filter(f -> f.section.equals(s)).toList();
            if (fs.isEmpty() && !notes.containsKey(s)) continue;
            b.append("\n## ").append(s).append("\n\n");
            for (String n : notes.getOrDefault(s, List.of())) b.append(n.replace("\\n", "\n")).append("\n\n");
            if (fs.isEmpty()) continue;
            b.append("| figure | unit | median | min | max | trials | ratio (median, min–max) |\n|---|---|---|---|---|---|---|\n");
            for (Figure f : fs) {
                Stats st = Stats.of(f.values);
                double[] r = ratios(figures, f);
                String ratio = "";
                if (r != null && r.length > 0) {
                    Stats rs = Stats.of(r);
                    ratio = num(rs.median) + "× " + cell(f.ratioTo) + " (" + num(rs.min) + "–" + num(rs.max) + ")";
                }
                b.append("| ").append(cell(f.name)).append(f.note.isEmpty() ? "" : " — " + cell(f.note)).append(" | ").append(f.unit)
                        .append(" | ").append(num(st.median)).append(" | ").append(num(st.min)).append(" | ").append(num(st.max))
                        .append(" | ").append(st.trials).append(" | ").append(ratio).append(" |\n");
            }
        }
        return b.toString();
    }

    static String js(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> { if (c < 0x20) b.append(String.format("\\u%04x", (int) c)); else b.append(c); }
            }
        }
        return b.append('"').toString();
    }

    static String jn(double d) { return Double.isNaN(d) || Double.isInfinite(d) ? "null" : String.format(Locale.ROOT, "%.6g", d); }

    static String stats(Stats s) {
        return "\"median\": " + jn(s.median) + ", \"min\": " + jn(s.min) + ", \"max\": " + jn(s.max) + ", \"trials\": " + s.trials;
    }

    static String json(Map<String, String> meta, List<Figure> figures, List<Budget> budgets, Map<String, List<String>> notes,
                       Map<String, String[]> provenance) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"date\": ").append(js(meta.getOrDefault("date", ""))).append(",\n");
        b.append("  \"command\": ").append(js(meta.getOrDefault("command", ""))).append(",\n");
        b.append("  \"machine\": {");
        String sep = "";
        for (String k : List.of("cpu", "cores", "memory", "kernel", "java", "load")) {
            if (!meta.containsKey(k)) continue;
            b.append(sep).append(js(k)).append(": ").append(js(meta.get(k)));
            sep = ", ";
        }
        b.append("},\n  \"provenance\": {");
        sep = "";
        for (Map.Entry<String, String[]> e : provenance.entrySet()) {
            b.append(sep).append(js(e.getKey())).append(": {\"date\": ").append(js(e.getValue()[0])).append(", \"command\": ")
                    .append(js(e.getValue()[1])).append('}');
            sep = ", ";
        }
        b.append("},\n  \"budgets\": [");
        sep = "\n";
        for (Budget x : budgets) {
            b.append(sep).append("    {\"section\": ").append(js(x.section)).append(", \"budget\": ").append(js(x.what))
                    .append(", \"limit\": ").append(js(x.limit)).append(", \"measured\": ").append(js(x.measured))
                    .append(", \"verdict\": ").append(js(x.verdict)).append(", \"why\": ").append(js(x.why)).append('}');
            sep = ",\n";
        }
        b.append("\n  ],\n  \"figures\": [");
        sep = "\n";
        for (Figure f : figures) {
            b.append(sep).append("    {\"section\": ").append(js(f.section)).append(", \"name\": ").append(js(f.name))
                    .append(", \"unit\": ").append(js(f.unit)).append(", ").append(stats(Stats.of(f.values))).append(", \"values\": [");
            for (int i = 0; i < f.values.length; i++) b.append(i > 0 ? ", " : "").append(jn(f.values[i]));
            b.append(']');
            double[] r = ratios(figures, f);
            if (r != null) b.append(", \"ratio\": {\"to\": ").append(js(f.ratioTo)).append(", ").append(stats(Stats.of(r))).append('}');
            if (!f.note.isEmpty()) b.append(", \"note\": ").append(js(f.note));
            b.append('}');
            sep = ",\n";
        }
        b.append("\n  ],\n  \"notes\": {");
        sep = "\n";
        for (Map.Entry<String, List<String>> e : notes.entrySet()) {
            b.append(sep).append("    ").append(js(e.getKey())).append(": [");
            for (int i = 0; i < e.getValue().size(); i++) b.append(i > 0 ? ", " : "").append(js(e.getValue().get(i)));
            b.append(']');
            sep = ",\n";
        }
        return b.append("\n  }\n}\n").toString();
    }
}
