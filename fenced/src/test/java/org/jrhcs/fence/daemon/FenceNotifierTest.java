package org.jrhcs.fence.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jrhcs.client.ipc.IpcMessage;
import org.jrhcs.fence.client.FencedClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A subscriber that stops reading holds up nothing but itself. */
class FenceNotifierTest {

    /** A client that does not read until {@link #release}: every push blocks until then. */
    static final class StuckClient implements FenceNotifier.Sink {
        final CountDownLatch reading = new CountDownLatch(1);
        final List<IpcMessage> got = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile Runnable closer = () -> {};

        public boolean push(IpcMessage m) {
            try {
                reading.await();
            } catch (InterruptedException e) {
                return false;
            }
            got.add(m);
            return true;
        }

        public void onClose(Runnable r) { closer = r; }

        void release() { reading.countDown(); }
    }

    @Test
    @Timeout(30)
    void aSubscriberThatDoesNotReadIsDroppedWithOverflowAndNeverBlocksPublishing() throws Exception {
        FenceNotifier n = new FenceNotifier();
        StuckClient stuck = new StuckClient();
        n.add(stuck, IpcMessage.ok().put("first", "reply"));
        int published = FencedClient.MAX_BEHIND * 4;
        for (int i = 0; i < published; i++) n.publish(new IpcMessage().put("event", "fence").put("seq", i));
        // publishing returned although nothing was read (a blocking publish never gets here: @Timeout)
        stuck.release();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (n.count() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertEquals(0, n.count(), "the overflowed subscriber is gone");
        List<IpcMessage> got = new ArrayList<>(stuck.got);
        assertEquals("reply", got.get(0).get("first"), "the subscription's reply comes first");
        assertEquals("overflow", got.get(got.size() - 1).get("event"), "then what was kept, then overflow: " + got.size());
        List<IpcMessage> events = got.subList(1, got.size() - 1);
        assertTrue(events.size() <= FencedClient.MAX_BEHIND, events.size() + " events kept");
        for (int i = 0; i < events.size(); i++) assertEquals(Integer.toString(i), events.get(i).get("seq"), "in order, none skipped");
    }

    @Test
    @Timeout(30)
    void aReadingSubscriberGetsEverythingInOrderAndIsForgottenWhenItCloses() throws Exception {
        FenceNotifier n = new FenceNotifier();
        StuckClient client = new StuckClient();
        client.release();
        n.add(client, IpcMessage.ok());
        for (int i = 0; i < 10; i++) n.publish(new IpcMessage().put("event", "fence").put("seq", i));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.got.size() < 11 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertEquals(11, client.got.size());
        for (int i = 0; i < 10; i++) assertEquals(Integer.toString(i), client.got.get(i + 1).get("seq"));
        client.closer.run();
        assertEquals(0, n.count());
        n.publish(new IpcMessage().put("event", "fence").put("seq", 99));
        assertEquals(11, client.got.size(), "nothing goes to a closed subscriber");
    }
}
