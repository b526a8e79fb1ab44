package org.jrhcs.tools.drill;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code drill_probe --out FILE [--interval MS] [--port N] ADDRESS} — the drill client:
 * every interval one ping (ICMP echo when run as root, as {@link InetAddress#isReachable}
 * does) and one HTTP GET of {@code http://ADDRESS:PORT/}, one line per poll appended to
 * FILE: {@code EPOCH_MS ADDRESS ping=ok|fail http=ANSWER|fail}, where ANSWER is the first
 * word of the body (the drill's web server answers its node's name). Runs until SIGTERM.
 */
public final class ServiceProbe {
    private ServiceProbe() {}

    public static void main(String[] args) throws Exception {
        String out = null, addr = null;
        long interval = 200;
        int port = 80;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = args[++i];
                case "--interval" -> interval = Long.parseLong(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                default -> addr = args[i];
            }
        }
        if (out == null || addr == null) {
            System.err.println("usage: drill_probe --out FILE [--interval MS] [--port N] ADDRESS");
            System.exit(2);
        }
        InetAddress target = InetAddress.getByName(addr);
        URI uri = URI.create("http://" + addr + ":" + port + "/");
        int timeout = (int) Math.max(100, Math.min(interval, 500));
        try (PrintStream w = new PrintStream(Files.newOutputStream(Path.of(out), StandardOpenOption.CREATE, StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
            long next = System.currentTimeMillis();
            while (true) {
                long t = System.currentTimeMillis();
                boolean ping = reachable(target, timeout);
                String http = get(uri, timeout);
                w.println(t + " " + addr + " ping=" + (ping ? "ok" : "fail") + " http=" + (http == null ? "fail" : http));
                next += interval;
                long sleep = next - System.currentTimeMillis();
                if (sleep > 0) Thread.sleep(sleep);
                else next = System.currentTimeMillis();
            }
        }
    }

    private static boolean reachable(InetAddress a, int timeout) {
        try {
            return a.isReachable(timeout);
        } catch (IOException e) {
            return false;
        }
    }

    /** The first word of the body of a 200 answer, or null. */
    static String get(URI uri, int timeout) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(timeout);
            c.setReadTimeout(timeout);
            c.setUseCaches(false);
            try {
                if (c.getResponseCode() != 200) return null;
                try (InputStream in = c.getInputStream()) {
                    String body = new String(in.readNBytes(200), StandardCharsets.UTF_8).trim();
                    String word = body.isEmpty() ? "?" : body.split("\\s+")[0];
                    return word.replaceAll("[^A-Za-z0-9._-]", "_");
                }
            } finally {
                c.disconnect();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
