package org.jrhcs.cman.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jrhcs.client.ipc.IpcMessage;

/** Encoding of cman's records on the local socket; used by the client and the daemon alike. */
public final class CmanWire {
    private CmanWire() {}

    public static String joinInts(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    public static List<Integer> splitInts(String s) {
        if (s == null || s.isBlank()) return List.of();
        List<Integer> out = new ArrayList<>();
        for (String p : s.split(",")) out.add(Integer.parseInt(p.trim()));
        return out;
    }

    public static String joinStrings(List<String> items) { return String.join(",", items); }

    public static List<String> splitStrings(String s) {
        if (s == null || s.isBlank()) return List.of();
        // a loop, not a stream: this is on every tool's start path (cman_tool status, clustat),
        // where a first stream and lambda cost milliseconds of bootstrapping
        List<String> out = new ArrayList<>();
        for (String p : s.split(",")) out.add(p.trim());
        return Collections.unmodifiableList(out);
    }

    public static IpcMessage event(GroupView v) {
        return new IpcMessage().put("event", "view").put("group", v.group())
                .put("generation", v.generation()).put("members", joinInts(v.members()))
                .put("joined", joinInts(v.joined())).put("left", joinInts(v.left()))
                .put("failed", joinInts(v.failed())).put("quorate", v.quorate())
                .put("local", v.localNodeId());
    }

    public static GroupView view(IpcMessage m) {
        return new GroupView(m.get("group"), m.getLong("generation", 0), splitInts(m.get("members")),
                splitInts(m.get("joined")), splitInts(m.get("left")), splitInts(m.get("failed")),
                m.getBool("quorate"), m.getInt("local", 0));
    }

    /** The fields of {@code m} that start with {@code prefix}, without it. */
    public static IpcMessage unprefix(IpcMessage m, String prefix) {
        IpcMessage out = new IpcMessage();
        for (Map.Entry<String, String> e : m.fields().entrySet())
            if (e.getKey().startsWith(prefix)) out.put(e.getKey().substring(prefix.length()), e.getValue());
        return out;
    }
}
