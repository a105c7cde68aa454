package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void sameSeedSameSequenceOtherSeedOtherSequence() {
        Rng a = new Rng(42);
        Rng b = new Rng(42);
        Rng c = new Rng(43);
        long[] sa = new long[100];
        long[] sb = new long[100];
        long[] sc = new long[100];
        for (int i = 0; i < 100; i++) {
            sa[i] = a.nextLong();
            sb[i] = b.nextLong();
            sc[i] = c.nextLong();
        }
        assertArrayEquals(sa, sb);
        assertNotEquals(Arrays.toString(sa), Arrays.toString(sc));
    }

    @Test
    void restoredStateContinuesTheSequenceExactly() {
        Rng a = new Rng(7);
        for (int i = 0; i < 13; i++) a.nextGaussian(); // odd count: a spare Gaussian is pending
        Rng b = Rng.restore(a.state());
        for (int i = 0; i < 50; i++) {
            assertEquals(Double.doubleToLongBits(a.nextGaussian()), Double.doubleToLongBits(b.nextGaussian()));
            assertEquals(a.nextInt(1000), b.nextInt(1000));
        }
    }

    @Test
    void gaussianHasMeanZeroAndUnitVariance() {
        Rng r = new Rng(1);
        int n = 200_000;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            sum += g;
            sq += g * g;
        }
        double mean = sum / n;
        double var = sq / n - mean * mean;
        // 5 standard errors: a correct generator fails this with probability below 1e-6
        assertEquals(0, mean, 5 / Math.sqrt(n));
        assertEquals(1, var, 5 * Math.sqrt(2.0 / n));
    }

    @Test
    void nextIntIsUniformAndInRange() {
        Rng r = new Rng(3);
        int[] counts = new int[10];
        for (int i = 0; i < 100_000; i++) counts[r.nextInt(10)]++;
        for (int c : counts) assertEquals(10_000, c, 500); // ~5 standard deviations
    }

    @Test
    void shuffleIsAPermutation() {
        int[] a = new int[1000];
        for (int i = 0; i < a.length; i++) a[i] = i;
        new Rng(5).shuffle(a);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < a.length; i++) assertEquals(i, sorted[i]);
        int fixed = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == i) fixed++;
        assertTrue(fixed < 10, "a shuffle leaves few elements in place, got " + fixed);
    }
}
