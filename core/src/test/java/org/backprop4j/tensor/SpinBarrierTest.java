package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SpinBarrierTest {
    private static final ExecutionContext TWO = ExecutionContext.create(2);


    @Test
    @Timeout(60)
    void everyRoundSeesWhatTheOtherWroteBeforeIt() {
        int rounds = 20_000;
        int[] slot = new int[2];
        int[] wrong = new int[2];
        SpinBarrier barrier = new SpinBarrier(2);
        assertTrue(TWO.runConcurrently((part, parts) -> {
            for (int r = 1; r <= rounds; r++) {
                slot[part] = r; // plain write, published by the barrier
                barrier.await();
                if (slot[1 - part] != r) wrong[part]++;
                barrier.await(); // nobody writes round r + 1 before both have read round r
            }
        }, 2));
        assertEquals(0, wrong[0] + wrong[1]);
    }

    @Test
    @Timeout(60)
    void aFailingPartReleasesTheOthersWithItsCause() {
        SpinBarrier barrier = new SpinBarrier(2);
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> TWO.runConcurrently((part, parts) -> {
            try {
                if (part == 1) throw boom;
                barrier.await(); // would wait forever for part 1
            } catch (RuntimeException e) {
                barrier.breakBarrier(e);
                throw e;
            }
        }, 2));
        assertSame(boom, thrown.getCause());
    }

    @Test
    void refusesToRunInsideAnotherTask() {
        AtomicBoolean inner = new AtomicBoolean(true);
        TWO.run((part, parts) -> {
            if (part == 0) inner.set(TWO.runConcurrently((p, n) -> {}, 2));
        }, 2);
        assertFalse(inner.get(), "a task's parts cannot wait for parts that would run after them on the same thread");
        assertThrows(IllegalArgumentException.class, () -> TWO.runConcurrently((p, n) -> {}, 1));
    }
}
