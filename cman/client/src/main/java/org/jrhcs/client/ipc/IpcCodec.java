package org.jrhcs.client.ipc;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Frames on every local socket: a 4-byte big-endian length, then that many bytes of
 * body. The body is one version byte ({@link #VERSION}) followed by UTF-8 lines
 * {@code key=value}; backslash, newline and carriage return in values are escaped as
 * {@code \\}, {@code \n}, {@code \r}. A frame over {@link #MAX_FRAME} bytes, a wrong
 * version, a line without '=' or invalid UTF-8 is rejected with an {@link IpcException}
 * naming the problem; the reader never allocates more than the limit.
 */
public final class IpcCodec {
    public static final int VERSION = 1;
    public static final int MAX_FRAME = 1 << 20;

    private IpcCodec() {}

    public static byte[] encode(IpcMessage message) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : message.fields().entrySet()) {
            sb.append(e.getKey()).append('=');
            escape(e.getValue(), sb);
            sb.append('\n');
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (text.length + 1 > MAX_FRAME) throw new IpcException("message too large: " + text.length + " bytes");
        ByteBuffer buf = ByteBuffer.allocate(4 + 1 + text.length);
        buf.putInt(text.length + 1).put((byte) VERSION).put(text);
        return buf.array();
    }

    public static void write(OutputStream out, IpcMessage message) throws IOException {
        out.write(encode(message));
        out.flush();
    }

    /** Reads one frame; returns null at a clean end of stream before a frame starts. */
    public static IpcMessage read(InputStream in) throws IOException {
        DataInputStream din = new DataInputStream(in);
        int first = din.read();
        if (first < 0) return null;
        byte[] rest = new byte[3];
        try { din.readFully(rest); } catch (EOFException e) { throw new IpcException("truncated frame header"); }
        int length = ((first & 0xff) << 24) | ((rest[0] & 0xff) << 16) | ((rest[1] & 0xff) << 8) | (rest[2] & 0xff);
        if (length < 1 || length > MAX_FRAME)
            throw new IpcException("bad frame length " + Integer.toUnsignedString(length) + " (limit " + MAX_FRAME + ")");
        byte[] body = new byte[length];
        try { din.readFully(body); } catch (EOFException e) { throw new IpcException("truncated frame: expected " + length + " bytes"); }
        return decodeBody(body);
    }

    public static IpcMessage decodeBody(byte[] body) {
        if (body.length < 1) throw new IpcException("empty frame");
        if (body[0] != VERSION) throw new IpcException("unsupported protocol version " + (body[0] & 0xff) + " (expected " + VERSION + ")");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, 1, body.length - 1)).toString();
        } catch (CharacterCodingException e) {
            throw new IpcException("frame is not valid UTF-8");
        }
        IpcMessage m = new IpcMessage();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) continue;
            int eq = line.indexOf('=');
            if (eq <= 0) throw new IpcException("malformed field on line " + lineNo + " of frame");
            m.put(line.substring(0, eq), unescape(line.substring(eq + 1), lineNo));
        }
        return m;
    }

    private static void escape(String v, StringBuilder sb) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
    }

    private static String unescape(String v, int lineNo) {
        if (v.indexOf('\\') < 0) return v;
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\') { sb.append(c); continue; }
            if (++i >= v.length()) throw new IpcException("dangling escape on line " + lineNo + " of frame");
            switch (v.charAt(i)) {
                case '\\' -> sb.append('\\');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                default -> throw new IpcException("bad escape on line " + lineNo + " of frame");
            }
        }
        return sb.toString();
    }
}
