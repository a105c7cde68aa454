package org.backprop4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.backprop4j.nn.Param;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * A trainer may hold a parameter transposed for a while (an input-major first layer): an optimizer that
 * follows it with {@link Optimizer#transposeState} must continue exactly as if nothing had moved.
 */
class TransposedStateTest {
    static final int ROWS = 7;
    static final int COLS = 13;

    @Test
    void stepsOnTheTransposeGiveTheSameBits() {
        List<Supplier<Optimizer>> optimizers = List.of(() -> new Sgd(0.1f), () -> new Momentum(0.05f, 0.9f, false),
                () -> new Momentum(0.05f, 0.9f, true), () -> new Adam(0.01f, 0.9f, 0.999f, 1e-8f));
        for (Supplier<Optimizer> make : optimizers) {
            for (int before : new int[] {0, 2}) { // transposed before the first step (no state yet) or after two
                Optimizer straight = make.get();
                Optimizer turned = make.get();
                List<Param> a = params();
                List<Param> b = params();
                Rng rng = new Rng(4);
                for (int step = 0; step < 5; step++) {
                    float[][] g = gradients(rng);
                    if (step == before) {
                        Matrix.transposeInPlace(b.get(0).value().data(), ROWS, COLS);
                        turned.transposeState(0, ROWS, COLS);
                    }
                    straight.step(a, g);
                    float[][] gb = {g[0].clone(), g[1].clone()};
                    if (step >= before && step < 4) Matrix.transposeInPlace(gb[0], ROWS, COLS);
                    if (step == 4) {
                        // back to the notes' layout before the last step
                        Matrix.transposeInPlace(b.get(0).value().data(), COLS, ROWS);
                        turned.transposeState(0, COLS, ROWS);
                    }
                    turned.step(b, gb);
                }
                String name = make.get().name() + " transposed before step " + before;
                assertArrayEquals(a.get(0).value().data(), b.get(0).value().data(), name);
                assertArrayEquals(a.get(1).value().data(), b.get(1).value().data(), name);
                assertTrue(java.util.Arrays.deepEquals(straight.state().buffers(), turned.state().buffers()), name + ": state");
                assertTrue(java.util.Arrays.deepEquals(straight.state().buffers2(), turned.state().buffers2()), name + ": state");
                assertTrue(turned.canTransposeState());
            }
        }
    }

    @Test
    void optimizersThatCannotFollowSayWhy() {
        Optimizer custom = new Optimizer() {
            public String name() { return "custom"; }
            public void step(List<Param> params, float[][] grads, int batchSize) {}
            public void beginStep(List<Param> params) {}
            public void update(int index, float[] w, float[] g, int from, int to) {}
            public float learningRate() { return 1; }
            public void setLearningRate(float eta) {}
            public OptimizerState state() { return null; }
            public void restore(OptimizerState state) {}
        };
        assertFalse(custom.canTransposeState());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> custom.transposeState(0, 2, 3));
        assertTrue(e.getMessage().contains("custom"), e.getMessage());
    }

    private static List<Param> params() {
        Rng rng = new Rng(8);
        return List.of(new Param("w", new Matrix(ROWS, COLS).fillGaussian(rng, 0, 1), true),
                new Param("b", new Matrix(1, COLS).fillGaussian(rng, 0, 1), false));
    }

    private static float[][] gradients(Rng rng) {
        float[][] g = {new float[ROWS * COLS], new float[COLS]};
        for (float[] x : g) for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble() - 0.5f;
        return g;
    }
}
