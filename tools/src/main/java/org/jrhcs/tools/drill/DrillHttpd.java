package org.jrhcs.tools.drill;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code drill_httpd [--port N] NAME} — the web server of the drills' httpd service: answers
 * every GET with NAME (the node it runs on), so the client records who served it. Binds
 * every address of the node, the service's VIP included. Runs until killed.
 */
public final class DrillHttpd {
    private DrillHttpd() {}

    public static void main(String[] args) throws IOException {
        int port = 80;
        String name = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port")) port = Integer.parseInt(args[++i]);
            else name = args[i];
        }
        if (name == null) {
            System.err.println("usage: drill_httpd [--port N] NAME");
            System.exit(2);
        }
        byte[] body = (name + "\n").getBytes(StandardCharsets.UTF_8);
        HttpServer s = HttpServer.create(new InetSocketAddress(port), 64);
        s.createContext("/", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        s.start();
    }
}
