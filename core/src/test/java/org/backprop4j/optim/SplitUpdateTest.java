package org.backprop4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Supplier;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.nn.Param;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Updates divided among threads give the same bits as on one thread, and are divided only after a divided product. */
class SplitUpdateTest {
    static final int N = 100_003; // odd: the parts end off the 64-value alignment


    @Test
    void splitOnlyWhenTheGradientsProductWasSplit() {
        assertEquals(2, Ranges.parts(2, 78_400, 64), "mlp100's first layer: 78,400 x 64 multiply-adds, split");
        assertEquals(1, Ranges.parts(2, 78_400, 10), "nielsen-ch3's: 78,400 x 10 ran on one core");
        assertEquals(1, Ranges.parts(2, 10_000, 1000), "too few values per part");
        assertEquals(1, Ranges.parts(1, 78_400, 64));
    }

    @Test
    void everyOptimizerGivesTheSameBitsSplitOrNot() {
        List<Supplier<Optimizer>> optimizers = List.of(() -> new Sgd(0.1f), () -> new Momentum(0.05f, 0.9f, false),
                () -> new Momentum(0.05f, 0.9f, true), () -> new Adam(0.001f, 0.9f, 0.999f, 1e-8f));
        for (Supplier<Optimizer> make : optimizers) {
            float[] one = run(make.get(), 1);
            float[] two = run(make.get(), 2);
            for (int i = 0; i < N; i++) {
                assertEquals(Float.floatToRawIntBits(one[i]), Float.floatToRawIntBits(two[i]), make.get().name() + " at " + i);
            }
        }
    }

    private static float[] run(Optimizer o, int threads) {
        o.useContext(ExecutionContext.create(threads));
        Rng rng = new Rng(3);
        float[] w = new float[N];
        for (int i = 0; i < N; i++) w[i] = (float) rng.nextDouble() - 0.5f;
        List<Param> params = List.of(new Param("w", Matrix.of(1, N, w), true));
        assertEquals(threads, Ranges.parts(threads, N, 64));
        for (int step = 0; step < 3; step++) {
            float[] g = new float[N];
            for (int i = 0; i < N; i++) g[i] = (float) rng.nextDouble() - 0.5f;
            o.step(params, new float[][] {g}, 64);
        }
        return params.get(0).value().data();
    }
}
