package org.jrhcs.client.ipc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request, reply or event on a local socket: an ordered set of string fields.
 * The field {@code op} names a request; replies carry {@code status} ("ok" or "error")
 * and, on error, {@code error} with a message for the operator. Lists are encoded as
 * numbered fields ({@code node.0.name}, {@code node.1.name}, ... with {@code node.count}).
 */
public final class IpcMessage {
    private final LinkedHashMap<String, String> fields = new LinkedHashMap<>();

    public static IpcMessage request(String op) { return new IpcMessage().put("op", op); }
    public static IpcMessage ok() { return new IpcMessage().put("status", "ok"); }
    public static IpcMessage error(String message) {
        return new IpcMessage().put("status", "error").put("error", message);
    }

    public IpcMessage put(String key, String value) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\n') >= 0)
            throw new IllegalArgumentException("bad field name: " + key);
        if (value != null) fields.put(key, value);
        return this;
    }
    public IpcMessage put(String key, long value) { return put(key, Long.toString(value)); }
    public IpcMessage put(String key, boolean value) { return put(key, value ? "1" : "0"); }

    public String get(String key) { return fields.get(key); }
    public String get(String key, String fallback) { return fields.getOrDefault(key, fallback); }
    public boolean has(String key) { return fields.containsKey(key); }

    public long getLong(String key, long fallback) {
        String v = fields.get(key);
        if (v == null) return fallback;
        try { return Long.parseLong(v.trim()); }
        catch (NumberFormatException e) { throw new IpcException("field " + key + " is not a number: " + v); }
    }
    public int getInt(String key, int fallback) { return (int) getLong(key, fallback); }
    public boolean getBool(String key) { return "1".equals(fields.get(key)) || "true".equals(fields.get(key)); }

    public String op() { return fields.get("op"); }
    public boolean isOk() { return "ok".equals(fields.get("status")); }
    public String errorText() { return fields.getOrDefault("error", "unknown error"); }

    /** Number of elements of the list named {@code prefix}. */
    public int count(String prefix) { return getInt(prefix + ".count", 0); }

    /** Elements of a list written by {@link #putList}: each as a map of its sub-fields. */
    public List<Map<String, String>> list(String prefix) {
        int n = count(prefix);
        List<Map<String, String>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(new LinkedHashMap<>());
        // One pass over the fields (a status of 1,000 services has 7,000 of them).
        String p = prefix + ".";
        for (Map.Entry<String, String> e : fields.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(p)) continue;
            int dot = k.indexOf('.', p.length());
            if (dot < 0) continue;
            int i;
            try {
                i = Integer.parseInt(k.substring(p.length(), dot));
            } catch (NumberFormatException ex) {
                continue;
            }
            if (i >= 0 && i < n) out.get(i).put(k.substring(dot + 1), e.getValue());
        }
        return out;
    }

    public IpcMessage putList(String prefix, List<? extends Map<String, String>> items) {
        put(prefix + ".count", items.size());
        for (int i = 0; i < items.size(); i++)
            for (Map.Entry<String, String> e : items.get(i).entrySet())
                put(prefix + "." + i + "." + e.getKey(), e.getValue());
        return this;
    }

    public Map<String, String> fields() { return Collections.unmodifiableMap(fields); }

    @Override public boolean equals(Object o) {
        return o instanceof IpcMessage m && m.fields.equals(fields);
    }
    @Override public int hashCode() { return fields.hashCode(); }
    @Override public String toString() { return fields.toString(); }
}
