package org.jrhcs.cman.daemon;

import static org.jrhcs.cman.daemon.JGroupsAdapterTest.await;
import static org.jrhcs.cman.daemon.JGroupsAdapterTest.freePorts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrhcs.cman.daemon.JGroupsAdapterTest.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real JGroups channels on loopback TCP with sealed frames: three nodes sharing a key form
 * one view and exchange messages; a node with another key and a node with no key stay
 * outside, and both sides say why.
 */
class SealedTransportTest {
    private static final int TOKEN = 1000;

    private final Map<String, Node> nodes = new LinkedHashMap<>();

    @AfterEach
    void close() {
        for (Node n : nodes.values()) if (n.adapter != null) n.adapter.close();
    }

    private static ClusterKey key(int seed) {
        byte[] b = new byte[128];
        new java.util.Random(seed).nextBytes(b);
        return new ClusterKey(Path.of("/test/key" + seed), b);
    }

    @Test
    void onlyNodesWithTheKeyFormTheCluster() throws Exception {
        List<Integer> ports = freePorts(5);
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        List<InetSocketAddress> members = ports.stream().map(p -> new InetSocketAddress(lo, p)).toList();
        ClusterKey[] keys = {key(1), key(1), key(1), key(2), null};
        for (int i = 0; i < 5; i++) {
            Node n = new Node("n" + (i + 1));
            n.adapter = new JGroupsAdapter(new TransportSettings("cman-sealed-" + ports.get(0), n.name,
                    members.get(i), members, false, null, TOKEN, false, keys[i]), n);
            nodes.put(n.name, n);
        }
        for (int i = 0; i < 3; i++) nodes.get("n" + (i + 1)).adapter.connect();
        await("n1..n3 in one view", 15_000, () -> nodes.values().stream().limit(3).allMatch(n -> n.lastView().size() == 3));
        nodes.get("n4").adapter.connect();
        nodes.get("n5").adapter.connect();
        String wrong = "127.0.0.1:" + ports.get(3), none = "127.0.0.1:" + ports.get(4);
        await("members refuse the wrong key and the keyless node", 10_000, () ->
                nodes.values().stream().limit(3).anyMatch(n -> n.refusedMatching(wrong, "authentication failed"))
                        && nodes.values().stream().limit(3).anyMatch(n -> n.refusedMatching(none, "not encrypted")));
        await("the outsiders say why", 10_000, () ->
                nodes.get("n4").refused.stream().anyMatch(r -> r.contains("authentication failed"))
                        && nodes.get("n5").refused.stream().anyMatch(r -> r.contains("no key file")));
        for (int i = 0; i < 3; i++) assertEquals(List.of("n1", "n2", "n3"), nodes.get("n" + (i + 1)).lastView());
        assertEquals(List.of("n4"), nodes.get("n4").lastView());
        assertEquals(List.of("n5"), nodes.get("n5").lastView());

        nodes.get("n2").adapter.broadcast("sealed hello".getBytes(StandardCharsets.UTF_8));
        await("members get the broadcast", 5_000, () -> nodes.values().stream().limit(3)
                .allMatch(n -> n.messages.contains("n2:sealed hello")));
        nodes.get("n4").adapter.broadcast("intruder".getBytes(StandardCharsets.UTF_8));
        nodes.get("n5").adapter.broadcast("intruder".getBytes(StandardCharsets.UTF_8));
        assertTrue(nodes.values().stream().limit(3).noneMatch(n -> n.messages.stream().anyMatch(m -> m.contains("intruder"))));
        assertTrue(nodes.get("n4").messages.stream().noneMatch(m -> m.contains("sealed hello")));
    }

    @Test
    void udpMulticastFramesAreSealedToo() throws Exception {
        List<Integer> ports = freePorts(1);
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        InetSocketAddress bind = new InetSocketAddress(lo, ports.get(0));
        String group = "239.192.77." + (1 + new java.util.Random().nextInt(250));
        ClusterKey[] keys = {key(1), key(1), key(2)};
        for (int i = 0; i < 3; i++) {
            Node n = new Node("u" + (i + 1));
            // One multicast port for all; each node on its own loopback address (as the sandbox does).
            n.adapter = new JGroupsAdapter(new TransportSettings("cman-udp-" + ports.get(0), n.name,
                    new InetSocketAddress(InetAddress.getByName("127.0.0." + (i + 1)), ports.get(0)), List.of(bind), true,
                    group, TOKEN, false, keys[i]), n);
            nodes.put(n.name, n);
        }
        for (Node n : nodes.values()) n.adapter.connect();
        await("u1 and u2 in one view", 15_000, () -> nodes.get("u1").lastView().size() == 2 && nodes.get("u2").lastView().size() == 2);
        await("the wrong key is refused", 10_000, () -> nodes.get("u1").refused.stream().anyMatch(r -> r.contains("authentication failed"))
                || nodes.get("u2").refused.stream().anyMatch(r -> r.contains("authentication failed")));
        assertEquals(List.of("u3"), nodes.get("u3").lastView());
    }
}
