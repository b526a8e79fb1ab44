package org.jrhcs.tools.clustat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The terminal's width, as RHCS clustat takes it from the terminal (TIOCGWINSZ): the JVM
 * cannot ask the terminal itself, so this asks {@code stty size} on {@code /dev/tty}, with
 * {@code $COLUMNS} first (shells set it for their children only when exported).
 */
final class TerminalWidth {
    private TerminalWidth() {}

    static int columns() {
        Integer fromEnv = parse(System.getenv("COLUMNS"));
        if (fromEnv != null) return fromEnv;
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!p.waitFor(2, TimeUnit.SECONDS)) p.destroyForcibly();
            Integer w = fromStty(out);
            return w != null ? w : 80;
        } catch (Exception e) {
            return 80;
        }
    }

    /** {@code stty size} prints "ROWS COLUMNS". */
    static Integer fromStty(String out) {
        String[] f = out.trim().split("\\s+");
        return f.length == 2 ? parse(f[1]) : null;
    }

    /** A usable width, or null: RHCS's layout needs at least 40 columns. */
    static Integer parse(String s) {
        if (s == null) return null;
        try {
            int v = Integer.parseInt(s.trim());
            return v > 0 ? Math.max(40, v) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
