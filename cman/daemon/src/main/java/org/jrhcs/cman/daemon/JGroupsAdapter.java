package org.jrhcs.cman.daemon;

import java.io.DataInput;
import java.io.IOException;
import java.net.InetAddress;
import java.io.DataOutput;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.EmptyMessage;
import org.jgroups.Event;
import org.jgroups.Header;
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
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.stack.Protocol;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;
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

        /** A suspicion held back or acted on by the witnesses' confirmation (a sentence naming nodes). */
        default void onSuspicion(String text) {}
    }

    static {
        // Ids above JGroups' own range (its protocols and headers use ids below 1000).
        ClassConfigurator.addProtocol((short) 1710, HeardFrom.class);
        ClassConfigurator.addProtocol((short) 1711, ConfirmSuspect.class);
        ClassConfigurator.add((short) 1712, ConfirmHeader.class);
    }

    /** Largest TCP frame accepted (JGroups bundles up to 64 KB; FRAG4 splits larger messages). */
    static final int MAX_FRAME = 1 << 20;
    private static final long REPORT_EVERY_NS = 10_000_000_000L;

    private final TransportSettings settings;
    private volatile TransportSettings current;
    private final JChannel channel;
    private final Map<String, Address> byName = new ConcurrentHashMap<>();
    private final ConfirmSuspect confirm;
    private volatile View view;

    public JGroupsAdapter(TransportSettings s, Listener listener) throws Exception {
        this.settings = s;
        this.current = s;
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
            tcp.setSockConnTimeout(s.connectTimeoutMs());
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
        stack.add(new TunableMerge3().retune(s.mergeMaxMs()));
        // Right below FD_ALL3, so a witness counts what FD_ALL3 counts: not the discovery
        // and merge announcements a node outside the view keeps sending.
        HeardFrom heard = new HeardFrom();
        confirm = new ConfirmSuspect(heard, s, listener);
        stack.add(new ClosureReportingFdSock2(confirm::socketClosed).setOffset(100).setPortRange(0).setBindAddress(bind));
        stack.add(heard);
        stack.add(new TunableFdAll3().setTimeout(s.suspectAfterMs()).setInterval(s.heartbeatMs()));
        stack.add(new VERIFY_SUSPECT2().setTimeout(s.verifyMs()));
        stack.add(confirm);
        stack.add(new NAKACK2());
        stack.add(new UNICAST3());
        stack.add(new STABLE());
        GMS gms = new GMS().setJoinTimeout(Math.max(1000, Math.min(s.tokenMs() / 2, 3000)))
                .setViewAckCollectionTimeout(viewAckMs(s)).printLocalAddress(false);
        // A joiner that found a coordinator but got no answer in time gives up and forms a
        // membership of its own after this many tries; then only a merge brings it in, and
        // when the others form a quorate fence domain meanwhile they fence it after
        // post_join_delay (RHCS's start-up fencing). With every node starting at once on a
        // loaded machine, the answer can come from a coordinator whose view is still
        // changing: two tries (6 s at token 10 s) left one node of four alone in 2 starts
        // of 4 and it was fenced. A coordinator that answers discovery is alive, so trying
        // longer costs nothing when none is found (no tries then: a membership of its own at once).
        gms.setMaxJoinAttempts(5);
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

    private static String names(Collection<Address> as) {
        return as.stream().map(JGroupsAdapter::nameOf).collect(java.util.stream.Collectors.joining(", "));
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

    /** Tests: drop everything that arrives from {@code node} (a link cut on this end only when the other end does not do the same). */
    void cutFrom(String node, boolean cut) {
        DISCARD d = channel.getProtocolStack().findProtocol(DISCARD.class);
        if (d == null) throw new IllegalStateException("built without testDiscard");
        if (cut) d.addIgnoreMember(byName.get(node));
        else d.removeIgnoredMember(byName.get(node));
    }

    /** Tests: drop everything this node sends and receives, as a pulled cable would. */
    public void cutOff(boolean cut) {
        DISCARD d = channel.getProtocolStack().findProtocol(DISCARD.class);
        if (d == null) throw new IllegalStateException("built without testDiscard");
        d.discardAll(cut);
    }

    /**
     * A reloaded {@code <totem token>}: the heartbeat period and suspicion timeout (FD_ALL3,
     * restarted with fresh silence counts), VERIFY_SUSPECT2, the witnesses' confirmation,
     * MERGE3's periods and the view acknowledgement timeout follow it at once. The TCP
     * connect timeout and the join timeout keep their start values (used only when cman
     * starts, or set on sockets already made). Returns what changed, for the log.
     */
    public List<String> retune(int tokenMs) {
        TransportSettings from = current, to = from.withToken(tokenMs);
        current = to;
        ProtocolStack st = channel.getProtocolStack();
        List<String> changed = new ArrayList<>();
        TunableFdAll3 fd = st.findProtocol(TunableFdAll3.class);
        fd.retune(to.suspectAfterMs(), to.heartbeatMs());
        changed.add("heartbeat every " + from.heartbeatMs() + " -> " + to.heartbeatMs() + " ms");
        changed.add("suspect after " + from.suspectAfterMs() + " -> " + to.suspectAfterMs() + " ms of silence");
        st.<VERIFY_SUSPECT2>findProtocol(VERIFY_SUSPECT2.class).setTimeout(to.verifyMs());
        changed.add("verify " + from.verifyMs() + " -> " + to.verifyMs() + " ms");
        confirm.retune(to);
        changed.add("witnesses confirm silence of " + from.confirmSilenceMs() + " -> " + to.confirmSilenceMs() + " ms");
        st.<TunableMerge3>findProtocol(TunableMerge3.class).retune(to.mergeMaxMs());
        changed.add("merge check every " + from.mergeMaxMs() + " -> " + to.mergeMaxMs() + " ms at most");
        st.<GMS>findProtocol(GMS.class).setViewAckCollectionTimeout(viewAckMs(to));
        return changed;
    }

    /** The settings the stack runs with now (the start ones, or the last {@link #retune}). */
    TransportSettings current() { return current; }

    private static long viewAckMs(TransportSettings s) { return Math.max(200, s.tokenMs() / 10); }

    /** Leaves the channel (the others see the node go) and releases the sockets. */
    @Override public void close() { channel.close(); }

    /**
     * Tests: dies as a killed process does: every socket closes at once, no leave is sent,
     * nothing more is heard from this node. The adapter is unusable afterwards (no {@link #close}).
     */
    void crash() {
        ProtocolStack st = channel.getProtocolStack();
        // The transport and the failure-detection sockets first, together: stopping the
        // stack goes top down and keeps the transport answering for a while after FD_SOCK2's
        // sockets closed (the others' VERIFY_SUSPECT2 then hears this node still alive).
        st.getTransport().stop();
        st.<FD_SOCK2>findProtocol(FD_SOCK2.class).stop();
        st.stopStack(settings.channelName());
        st.destroy();
    }

    /** Records when anything last arrived from each sender (sits right below FD_ALL3). */
    static final class HeardFrom extends Protocol {
        private final Map<Address, Long> last = new ConcurrentHashMap<>();

        @Override public Object up(Message msg) {
            if (msg.getSrc() != null) last.put(msg.getSrc(), System.nanoTime());
            return up_prot.up(msg);
        }

        @Override public void up(MessageBatch batch) {
            if (batch.sender() != null) last.put(batch.sender(), System.nanoTime());
            up_prot.up(batch);
        }

        /** Milliseconds since {@code a} was last heard from; {@link Long#MAX_VALUE} when never. */
        long silentMs(Address a) {
            Long t = last.get(a);
            return t == null ? Long.MAX_VALUE : (System.nanoTime() - t) / 1_000_000;
        }
    }

    /**
     * FD_SOCK2 that tells the confirmation whose failure-detection socket the other end
     * closed. FD_SOCK2 passes a node to {@code connectToNextPingDest} only from
     * {@code connectionClosed}: the established connection to the node it monitors was closed
     * from the other end while this node is not leaving. Connects that fail or time out
     * (a lossy link, a cut cable) also make FD_SOCK2 suspect, but pass no node here: they
     * are no evidence that the process is gone.
     */
    static final class ClosureReportingFdSock2 extends FD_SOCK2 {
        private final Consumer<Address> closedBy;

        ClosureReportingFdSock2(Consumer<Address> closedBy) {
            this.closedBy = closedBy;
            setId(ClassConfigurator.getProtocolId(FD_SOCK2.class)); // its headers are FD_SOCK2's (see TunableFdAll3)
        }

        @Override protected void connectToNextPingDest(Address closed) {
            if (closed != null) closedBy.accept(closed);
            super.connectToNextPingDest(closed);
        }
    }

    /**
     * Between VERIFY_SUSPECT2 and GMS: a verified suspicion reaches GMS (which changes the
     * view) only once the other members confirm that they do not hear the suspect either,
     * or this node or one of them saw the suspect's failure-detection socket closed
     * ({@link SuspectConfirmation} decides). Its questions and answers travel below the
     * reliable layers: a lost one is a round without every answer.
     */
    static final class ConfirmSuspect extends Protocol {
        private final HeardFrom heard;
        private final Listener listener;
        private SuspectConfirmation<Address> policy; // guarded by this
        private volatile long roundMs;
        private volatile View view;
        private long roundSeq;            // guarded by this
        private Round round;               // the round in flight; guarded by this
        private final Set<Address> reportedHeld = new HashSet<>(); // guarded by this

        private static final class Round {
            final long seq, start;
            final List<Address> witnesses;
            final List<Address> asked;
            final Map<Address, Map<Address, Long>> answers = new HashMap<>();

            Round(long seq, long start, List<Address> witnesses, List<Address> asked) {
                this.seq = seq;
                this.start = start;
                this.witnesses = witnesses;
                this.asked = asked;
            }
        }

        ConfirmSuspect(HeardFrom heard, TransportSettings s, Listener listener) {
            this.heard = heard;
            this.listener = listener;
            this.policy = new SuspectConfirmation<>(s.confirmSilenceMs(), s.escalateAfterMs());
            this.roundMs = s.confirmRoundMs();
        }

        synchronized void retune(TransportSettings s) {
            policy.retune(s.confirmSilenceMs(), s.escalateAfterMs());
            roundMs = s.confirmRoundMs();
        }

        private static long nowMs() { return System.nanoTime() / 1_000_000; }

        /** FD_SOCK2 saw {@code node} close the socket it monitors (see {@link ClosureReportingFdSock2}). */
        void socketClosed(Address node) {
            synchronized (this) { policy.socketClosed(node, nowMs()); }
            log.debug("%s: %s closed its failure-detection socket", self(), node);
        }

        private Address self() { return addr(); }

        @Override public Object down(Event evt) {
            if (evt.getType() == Event.VIEW_CHANGE) {
                View v = evt.getArg();
                view = v;
                synchronized (this) {
                    policy.view(v.getMembers());
                    reportedHeld.retainAll(v.getMembers());
                }
            }
            return down_prot.down(evt);
        }

        @Override public Object up(Event evt) {
            switch (evt.getType()) {
                case Event.SUSPECT -> {
                    Object arg = evt.getArg();
                    Collection<Address> suspects = arg instanceof Address a ? List.of(a) : evt.getArg();
                    synchronized (this) {
                        List<Address> s = new ArrayList<>(suspects);
                        s.remove(self());
                        policy.suspect(s, nowMs());
                    }
                    startRound();
                    return null;
                }
                case Event.UNSUSPECT -> {
                    synchronized (this) {
                        policy.unsuspect(evt.getArg());
                        reportedHeld.remove((Address) evt.getArg());
                    }
                    return up_prot.up(evt);
                }
                default -> { return up_prot.up(evt); }
            }
        }

        @Override public Object up(Message msg) {
            ConfirmHeader h = msg.getHeader(id);
            if (h == null) return up_prot.up(msg);
            handle(msg.getSrc(), h);
            return null;
        }

        @Override public void up(MessageBatch batch) {
            for (Iterator<Message> it = batch.iterator(); it.hasNext(); ) {
                Message m = it.next();
                ConfirmHeader h = m.getHeader(id);
                if (h == null) continue;
                it.remove();
                handle(m.getSrc(), h);
            }
            if (!batch.isEmpty()) up_prot.up(batch);
        }

        private void handle(Address from, ConfirmHeader h) {
            if (h.question) {
                View v = view;
                // A node outside our view is not ours to vouch for: no answer.
                if (v == null || !v.containsMember(from)) return;
                Map<Address, Long> silence = new LinkedHashMap<>();
                for (Address s : h.silentMs.keySet()) silence.put(s, heard.silentMs(s));
                Set<Address> closed;
                synchronized (this) { closed = policy.socketClosedRecently(h.silentMs.keySet(), nowMs()); }
                log.debug("%s: answering %s (round %d): silent %s, socket closed %s", self(), from, h.seq, silence, closed);
                send(from, new ConfirmHeader(false, h.seq, silence, closed));
                return;
            }
            Round done = null;
            synchronized (this) {
                Round r = round;
                if (r != null && r.seq == h.seq && r.witnesses.contains(from)) {
                    r.answers.put(from, h.silentMs);
                    long now = nowMs();
                    for (Address s : h.socketClosed) policy.socketClosed(s, now);
                    // A suspect that answered (asked as a witness) is alive: the others decide.
                    List<Address> unanswered = new ArrayList<>(r.asked);
                    unanswered.removeAll(r.answers.keySet());
                    if (r.answers.keySet().containsAll(r.witnesses) || policy.settledBySockets(unanswered, now)) done = r;
                }
            }
            if (done != null) finish(done);
        }

        private void send(Address to, ConfirmHeader h) {
            down_prot.down(new EmptyMessage(to).setFlag(Message.Flag.OOB).putHeader(id, h));
        }

        /** Asks every witness about the current suspects, unless a round is in flight (its end starts the next). */
        private void startRound() {
            Round r;
            boolean settled;
            synchronized (this) {
                View v = view;
                if (round != null || v == null || policy.suspects().isEmpty()) return;
                Map<Address, Long> silentMs = new HashMap<>();
                for (Address a : policy.suspects()) silentMs.put(a, heard.silentMs(a));
                List<Address> witnesses = policy.witnesses(v.getMembers(), self(), silentMs, nowMs());
                r = new Round(++roundSeq, nowMs(), witnesses, new ArrayList<>(policy.suspects()));
                round = r;
                settled = policy.settledBySockets(r.asked, r.start);
            }
            log.debug("%s: round %d asks %s about %s%s", self(), r.seq, r.witnesses, r.asked, settled ? " (no: sockets closed here)" : "");
            if (r.witnesses.isEmpty() || settled) { finish(r); return; }
            Map<Address, Long> about = new LinkedHashMap<>();
            for (Address s : r.asked) about.put(s, 0L);
            for (Address w : r.witnesses) send(w, new ConfirmHeader(true, r.seq, about, Set.of()));
            getTransport().getTimer().schedule(() -> finish(r), roundMs, TimeUnit.MILLISECONDS);
        }

        private void finish(Round r) {
            SuspectConfirmation.Decision<Address> d;
            List<String> notes = new ArrayList<>();
            synchronized (this) {
                if (round != r) return;
                round = null;
                View v = view;
                d = policy.decide(self(), v == null ? List.of() : v.getMembers(), r.witnesses, r.asked, r.answers, r.start, nowMs());
                log.debug("%s: round %d answers %s: exclude %s, held %s", self(), r.seq, r.answers, d.exclude(), d.heldBy());
                d.heldBy().forEach((s, w) -> {
                    if (reportedHeld.add(s))
                        notes.add("node " + nameOf(s) + " is silent here but node " + nameOf(w)
                                + " still hears it: not failing it yet");
                });
                for (Address s : d.escalated())
                    notes.add("node " + nameOf(s) + " still silent here after " + policy.escalateAfterMs()
                            + " ms while others hear it: failing it");
                for (Address s : d.refuted())
                    notes.add("node " + nameOf(s) + " was suspected but answered: it stays");
                if (r.witnesses.isEmpty() && !d.exclude().isEmpty())
                    notes.add("node" + (d.exclude().size() > 1 ? "s " : " ") + names(d.exclude())
                            + " silent here and no other member left to ask: failing "
                            + (d.exclude().size() > 1 ? "them" : "it"));
                if (!r.witnesses.isEmpty())
                    for (Address s : d.socketClosed())
                        notes.add("node " + nameOf(s) + " closed its failure-detection connection (its process is gone):"
                                + " failing it without waiting for the others' silence");
            }
            notes.forEach(listener::onSuspicion);
            // FD_SOCK2 stopped monitoring a node it suspected until it hears it was wrong.
            for (Address s : d.refuted()) down_prot.down(new Event(Event.UNSUSPECT, s));
            if (!d.exclude().isEmpty()) up_prot.up(new Event(Event.SUSPECT, new ArrayList<>(d.exclude())));
        }
    }

    /**
     * A question (suspects, values unused) or an answer (suspect → ms silent, and the
     * suspects whose failure-detection socket was closed at the witness) of {@link ConfirmSuspect}.
     */
    public static final class ConfirmHeader extends Header {
        boolean question;
        long seq;
        Map<Address, Long> silentMs = new LinkedHashMap<>();
        Set<Address> socketClosed = Set.of();

        public ConfirmHeader() {}

        ConfirmHeader(boolean question, long seq, Map<Address, Long> silentMs, Set<Address> socketClosed) {
            this.question = question;
            this.seq = seq;
            this.silentMs = silentMs;
            this.socketClosed = socketClosed;
        }

        @Override public short getMagicId() { return 1712; }

        @Override public Supplier<? extends Header> create() { return ConfirmHeader::new; }

        @Override public int serializedSize() {
            int n = 1 + Long.BYTES + 2 * Integer.BYTES;
            for (Address a : silentMs.keySet()) n += Util.size(a) + Long.BYTES;
            for (Address a : socketClosed) n += Util.size(a);
            return n;
        }

        @Override public void writeTo(DataOutput out) throws IOException {
            out.writeBoolean(question);
            out.writeLong(seq);
            out.writeInt(silentMs.size());
            for (Map.Entry<Address, Long> e : silentMs.entrySet()) {
                Util.writeAddress(e.getKey(), out);
                out.writeLong(e.getValue());
            }
            out.writeInt(socketClosed.size());
            for (Address a : socketClosed) Util.writeAddress(a, out);
        }

        @Override public void readFrom(DataInput in) throws IOException, ClassNotFoundException {
            question = in.readBoolean();
            seq = in.readLong();
            int n = in.readInt();
            if (n < 0 || n > 4096) throw new IOException("confirmation header lists " + n + " nodes");
            silentMs = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) silentMs.put(Util.readAddress(in), in.readLong());
            int c = in.readInt();
            if (c < 0 || c > n) throw new IOException("confirmation header lists " + c + " closed sockets of " + n + " nodes");
            socketClosed = new HashSet<>();
            for (int i = 0; i < c; i++) socketClosed.add(Util.readAddress(in));
        }
    }

    /** FD_ALL3 whose heartbeat period and timeout can change while it runs. */
    static final class TunableFdAll3 extends FD_ALL3 {
        // A subclass has no protocol id of its own (JGroups would give it 0, a clash); its
        // headers are FD_ALL3's, so it takes FD_ALL3's id.
        TunableFdAll3() { setId(ClassConfigurator.getProtocolId(FD_ALL3.class)); }

        void retune(long timeoutMs, long intervalMs) {
            // FD_ALL3's setters recompute the number of heartbeat periods in a timeout; the
            // per-member records are sized by it, so they start afresh (as on a new view).
            setInterval(intervalMs);
            setTimeout(timeoutMs);
            timestamps.clear();
            List<Address> mbrs;
            synchronized (this) { mbrs = new ArrayList<>(members); }
            mbrs.forEach(m -> update(m, false, true));
            boolean sending = isHeartbeatSenderRunning(), checking = isTimeoutCheckerRunning();
            stopHeartbeatSender();
            stopTimeoutChecker();
            if (sending) startHeartbeatSender();
            if (checking) startTimeoutChecker();
        }
    }

    /** MERGE3 whose periods can change while it runs (its sender picks each next period afresh). */
    static final class TunableMerge3 extends MERGE3 {
        TunableMerge3() { setId(ClassConfigurator.getProtocolId(MERGE3.class)); }

        TunableMerge3 retune(long maxMs) {
            setMinInterval(maxMs / 2);
            setMaxInterval(maxMs);
            setCheckInterval(computeCheckInterval());
            if (isViewConsistencyCheckerRunning()) {
                stopViewConsistencyChecker();
                startViewConsistencyChecker();
            }
            return this;
        }
    }

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
