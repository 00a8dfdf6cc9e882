package io.redline.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OwnerLanesTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aBlockedOwnerHoldsOnlyItsOwnLaneAndOverflowIsRefused() throws Exception {
        OwnerLanes lanes = new OwnerLanes(2, 1, pool);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch aStarted = new CountDownLatch(2);
        CountDownLatch aRan = new CountDownLatch(3);
        List<String> ran = new CopyOnWriteArrayList<>();
        Runnable blockedA = () -> {
            // Recorded before the latches open, so that whoever waits on them sees this run in the list.
            ran.add("a");
            aStarted.countDown();
            aRan.countDown();
            await(release);
        };
        assertThat(lanes.offer("a", blockedA)).isTrue();
        assertThat(lanes.offer("a", blockedA)).isTrue();
        assertThat(lanes.offer("a", blockedA)).isTrue(); // queued
        assertThat(lanes.hasRoom("a")).isFalse();
        assertThat(lanes.full()).containsExactly("a");
        assertThat(lanes.offer("a", blockedA)).isFalse(); // the lane is full: refused, not run
        aStarted.await();

        CountDownLatch bDone = new CountDownLatch(1);
        assertThat(lanes.offer("b", () -> {
                    ran.add("b");
                    bDone.countDown();
                }))
                .isTrue();
        // B runs on a free thread although A's two attempts never end until released.
        bDone.await();
        assertThat(release.getCount()).isEqualTo(1);
        assertThat(ran).containsExactly("a", "a", "b");

        release.countDown();
        aRan.await(); // the queued one runs once a slot is free
        assertThat(ran).filteredOn("a"::equals).hasSize(3);
        org.awaitility.Awaitility.await().until(() -> lanes.size("a") == 0);
        assertThat(lanes.full()).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
