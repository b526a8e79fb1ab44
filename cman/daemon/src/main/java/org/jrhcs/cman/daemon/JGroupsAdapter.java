package org.jrhcs.cman.daemon;

import java.io.DataInput;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.PING;
import org.jgroups.protocols.SEQUENCER;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.TP;
import org.jgroups.protocols.UDP;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;
import org.jgroups.util.NameCache;

/**
 * The one class in cman that speaks JGroups. It turns {@link TransportSettings} into a
 * protocol stack and JGroups callbacks into {@link Listener} calls carrying node names
 * and byte frames, so nothing else depends on JGroups.
 *
 * <p>Stack: TCP with a static member list (TCPPING) or UDP multicast (PING); MERGE3 so
 * healed partitions merge; FD_SOCK2 (a closed socket: fast) and FD_ALL3 (silence: a
 * hung process or cut cable) tuned from the token; VERIFY_SUSPECT2; NAKACK2/UNICAST3
 * reliability; GMS; SEQUENCER for one total order of broadcasts; flow control; FRAG4.
 *
 * <p>With a {@link ClusterKey} the transport seals every frame it puts on the wire
 * ({@link WireCipher}: discovery, heartbeats, views, merges and data alike) and drops, and
 * reports through {@link Listener#onRefused}, every frame that does not open with the key.
 * Without a key it still drops (and reports) sealed frames, so a keyless node says why
 * it cannot join. TCP frames over {@value #MAX_FRAME} bytes close the connection.
 *
 * <p>Threading: JGroups calls the listener on its own threads; views and messages of
 * one channel arrive one at a time in the order JGroups delivers them (the listener
 * must hand them to a single loop without reordering).
 */
public final class JGroupsAdapter implements AutoCloseable {

    /** Receives the channel's views and messages. */
    public interface Listener {
        void onView(long viewId, List<String> members, boolean merge);

        void onMessage(String fromNode, byte[] frame);

        /** A frame from {@code peer} (an address:port) was dropped; at most one call per peer per 10 s. */
        default void onRefused(String peer, String reason) {}
    }

    /** Largest TCP frame accepted (JGroups bundles up to 64 KB; FRAG4 splits larger messages). */
    static final int MAX_FRAME = 1 << 20;
    private static final long REPORT_EVERY_NS = 10_000_000_000L;

    private final TransportSettings settings;
    private final JChannel channel;
    private final Map<String, Address> byName = new ConcurrentHashMap<>();
    private volatile View view;

    public JGroupsAdapter(TransportSettings s, Listener listener) throws Exception {
        this.settings = s;
        List<Protocol> stack = new ArrayList<>();
        TP transport;
        Protocol discovery;
        InetAddress bind = s.bind().getAddress();
        WireGuard guard = new WireGuard(s.key() == null ? null : s.key().cipher(s.channelName()), listener::onRefused);
        if (s.udp()) {
            UDP udp = new SealedUdp(guard);
            udp.setMulticastAddress(InetAddress.getByName(s.multicastAddr()));
            udp.setMulticastPort(s.bind().getPort());
            transport = udp;
            transport.setBindPort(s.bind().getPort() + 1);
            discovery = new PING();
        } else {
            TCP tcp = new SealedTcp(guard);
            tcp.setClientBindAddr(bind);
            tcp.setMaxLength(MAX_FRAME);
            // A peer behind a cut link never answers a connect: with blocking sends that
            // connect would stall heartbeats to everyone else and get healthy nodes
            // suspected. Each connection gets its own queue, and connects give up early.
            tcp.nonBlockingSends(true).maxSendQueue(256);
            tcp.setSockConnTimeout((int) Math.max(200, s.tokenMs() / 10));
            transport = tcp;
            transport.setBindPort(s.bind().getPort());
            TCPPING ping = new TCPPING();
            ping.setInitialHosts(s.members());
            ping.setPortRange(0);
            discovery = ping;
        }
        transport.setBindAddress(bind);
        transport.setPortRange(0);
        stack.add(transport);
        if (s.testDiscard()) stack.add(new DISCARD());
        stack.add(discovery);
        long merge = Math.max(1000, Math.min(s.tokenMs(), 5000));
        stack.add(new MERGE3().setMinInterval(merge / 2).setMaxInterval(merge));
        stack.add(new FD_SOCK2().setOffset(100).setPortRange(0).setBindAddress(bind));
        stack.add(new FD_ALL3().setTimeout(s.suspectAfterMs()).setInterval(s.heartbeatMs()));
        stack.add(new VERIFY_SUSPECT2().setTimeout(s.verifyMs()));
        stack.add(new NAKACK2());
        stack.add(new UNICAST3());
        stack.add(new STABLE());
        GMS gms = new GMS().setJoinTimeout(Math.max(1000, Math.min(s.tokenMs() / 2, 3000)))
                .setViewAckCollectionTimeout(Math.max(200, s.tokenMs() / 10)).printLocalAddress(false);
        gms.setMaxJoinAttempts(2);
        stack.add(gms);
        stack.add(new SEQUENCER());
        stack.add(new UFC());
        stack.add(new MFC());
        stack.add(new FRAG4());
        channel = new JChannel(stack);
        channel.setName(s.localName());
        channel.setDiscardOwnMessages(false);
        channel.setReceiver(new Receiver() {
            @Override public void viewAccepted(View v) {
                view = v;
                List<String> names = new ArrayList<>();
                for (Address a : v.getMembers()) {
                    String n = nameOf(a);
                    byName.put(n, a);
                    names.add(n);
                }
                listener.onView(v.getViewId().getId(), names, v instanceof org.jgroups.MergeView);
            }

            @Override public void receive(Message msg) {
                listener.onMessage(nameOf(msg.getSrc()), msg.getArray() == null ? new byte[0]
                        : java.util.Arrays.copyOfRange(msg.getArray(), msg.getOffset(), msg.getOffset() + msg.getLength()));
            }
        });
    }

    private static String nameOf(Address a) {
        String n = NameCache.get(a);
        return n != null ? n : String.valueOf(a);
    }

    public void connect() throws Exception { channel.connect(settings.channelName()); }

    /** To every member, this node included, in total order. */
    public void broadcast(byte[] frame) throws Exception { channel.send(new BytesMessage(null, frame)); }

    /** To one node by name; silently dropped when it is not in the current view. */
    public void sendTo(String node, byte[] frame) throws Exception {
        Address a = byName.get(node);
        View v = view;
        if (a == null || v == null || !v.containsMember(a)) return;
        channel.send(new BytesMessage(a, frame));
    }

    /** Tests: drop everything this node sends and receives, as a pulled cable would. */
    public void cutOff(boolean cut) {
        DISCARD d = channel.getProtocolStack().findProtocol(DISCARD.class);
        if (d == null) throw new IllegalStateException("built without testDiscard");
        d.discardAll(cut);
    }

    /** Leaves the channel (the others see the node go) and releases the sockets. */
    /**
     * A reloaded {@code <totem token>}: failure detection (FD_ALL3 timeout, VERIFY_SUSPECT2)
     * follows it at once; the heartbeat and merge periods keep their start values until
     * cman restarts (JGroups schedules them once).
     */
    public void retune(int tokenMs) {
        TransportSettings t = settings.withToken(tokenMs);
        FD_ALL3 fd = channel.getProtocolStack().findProtocol(FD_ALL3.class);
        if (fd != null) fd.setTimeout(t.suspectAfterMs());
        VERIFY_SUSPECT2 vs = channel.getProtocolStack().findProtocol(VERIFY_SUSPECT2.class);
        if (vs != null) vs.setTimeout(t.verifyMs());
    }

    @Override public void close() { channel.close(); }

    /** Seals outgoing and opens incoming wire frames; reports refusals, rate-limited per peer. */
    static final class WireGuard {
        private final WireCipher cipher;
        private final BiConsumer<String, String> report;
        private final Map<String, Long> lastReport = new ConcurrentHashMap<>();

        WireGuard(WireCipher cipher, BiConsumer<String, String> report) {
            this.cipher = cipher;
            this.report = report;
        }

        boolean sealing() { return cipher != null; }

        byte[] seal(byte[] data, int off, int len) { return cipher.seal(data, off, len); }

        /** The opened frame; null: hand the received frame on unchanged (no key, not sealed); empty: dropped. */
        byte[] open(Address sender, byte[] data, int off, int len) {
            if (cipher == null) {
                if (!WireCipher.looksSealed(data, off, len)) return null;
                refused(sender, "encrypted cluster traffic, but this node has no key file configured");
                return new byte[0];
            }
            try {
                return cipher.open(data, off, len);
            } catch (WireCipher.Rejected e) {
                refused(sender, e.getMessage());
                return new byte[0];
            }
        }

        void refused(Address sender, String why) {
            String peer = String.valueOf(sender);
            long now = System.nanoTime();
            Long last = lastReport.get(peer);
            if (last != null && now - last < REPORT_EVERY_NS) return;
            if (lastReport.size() > 4096) lastReport.clear();
            lastReport.put(peer, now);
            report.accept(peer, why);
        }
    }

    /** TCP whose frames are sealed by a {@link WireGuard}. */
    static final class SealedTcp extends TCP {
        private final WireGuard guard;

        SealedTcp(WireGuard guard) { this.guard = guard; }

        @Override public void send(Address dest, byte[] data, int off, int len) throws Exception {
            if (!guard.sealing()) { super.send(dest, data, off, len); return; }
            byte[] f = guard.seal(data, off, len);
            super.send(dest, f, 0, f.length);
        }

        @Override public void receive(Address sender, byte[] data, int off, int len) {
            byte[] p = guard.open(sender, data, off, len);
            if (p == null) super.receive(sender, data, off, len);
            else if (p.length > 0) super.receive(sender, p, 0, p.length);
        }

        @Override public void receive(Address sender, DataInput in, int len) throws Exception {
            if (len < 0 || len > MAX_FRAME) {
                guard.refused(sender, "frame of " + len + " bytes (limit " + MAX_FRAME + "); connection closed");
                throw new IOException("frame of " + len + " bytes from " + sender + " exceeds " + MAX_FRAME);
            }
            byte[] buf = new byte[len];
            in.readFully(buf);
            receive(sender, buf, 0, len);
        }
    }

    /** UDP whose datagrams are sealed by a {@link WireGuard}. */
    static final class SealedUdp extends UDP {
        private final WireGuard guard;

        SealedUdp(WireGuard guard) { this.guard = guard; }

        @Override protected void _send(InetAddress dest, int port, byte[] data, int off, int len) throws Exception {
            if (!guard.sealing()) { super._send(dest, port, data, off, len); return; }
            byte[] f = guard.seal(data, off, len);
            super._send(dest, port, f, 0, f.length);
        }

        @Override public void receive(Address sender, byte[] data, int off, int len) {
            byte[] p = guard.open(sender, data, off, len);
            if (p == null) super.receive(sender, data, off, len);
            else if (p.length > 0) super.receive(sender, p, 0, p.length);
        }
    }
}
