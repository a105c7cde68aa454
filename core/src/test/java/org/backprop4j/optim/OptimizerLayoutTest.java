package org.backprop4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.backprop4j.nn.Param;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * Parameters whose values sit at an offset of their array (line-aligned weights): gradients and state
 * share that layout, steps give the same bits as at offset 0, and checkpoints hold values only, so a
 * state taken under one layout continues under another.
 */
class OptimizerLayoutTest {
    static final int ROWS = 5;
    static final int COLS = 21;
    static final List<Supplier<Optimizer>> OPTIMIZERS = List.of(() -> new Sgd(0.1f), () -> new Momentum(0.05f, 0.9f, false),
            () -> new Momentum(0.05f, 0.9f, true), () -> new Adam(0.01f, 0.9f, 0.999f, 1e-8f));

    static List<Param> params(int offset) {
        Matrix w = Matrix.withOffset(ROWS, COLS, offset);
        Rng rng = new Rng(7);
        for (int i = 0; i < ROWS; i++) for (int j = 0; j < COLS; j++) w.set(i, j, (float) rng.nextGaussian());
        return List.of(new Param("W", w, true), new Param("b", Matrix.of(1, 3, 0.5f, -1f, 2f), false));
    }

    /** The gradients of step s, the same values in each parameter's layout. */
    static float[][] gradients(List<Param> params, int s) {
        Rng rng = new Rng(100 + s);
        float[][] g = new float[params.size()][];
        for (int p = 0; p < g.length; p++) {
            Param param = params.get(p);
            g[p] = param.newBuffer();
            java.util.Arrays.fill(g[p], Float.NaN); // outside the values: never read
            for (int i = 0; i < param.size(); i++) g[p][param.offset() + i] = (float) rng.nextGaussian();
        }
        return g;
    }

    @Test
    void stepsAtAnOffsetGiveTheSameBitsAndTheirStateIsValuesOnly() {
        for (Supplier<Optimizer> make : OPTIMIZERS) {
            Optimizer plain = make.get(), shifted = make.get();
            List<Param> a = params(0), b = params(12);
            for (int s = 0; s < 4; s++) {
                plain.step(a, gradients(a, s), 1);
                shifted.step(b, gradients(b, s), 1);
            }
            String name = plain.name();
            for (int p = 0; p < a.size(); p++) {
                assertTrue(java.util.Arrays.equals(a.get(p).value().values(), b.get(p).value().values()), name + ": " + a.get(p).name());
            }
            assertTrue(java.util.Arrays.deepEquals(plain.state().buffers(), shifted.state().buffers()), name + ": state");
            assertTrue(java.util.Arrays.deepEquals(plain.state().buffers2(), shifted.state().buffers2()), name + ": state");
            for (float[] buffer : shifted.state().buffers()) assertTrue(buffer.length == ROWS * COLS || buffer.length == 3, name + ": values only");
        }
    }

    /** Stopped after two steps at offset 0, restored under offset 12 (transposed and back before its first step): the same bits as never stopping. */
    @Test
    void aStateRestoredUnderAnotherLayoutContinuesExactly() {
        for (Supplier<Optimizer> make : OPTIMIZERS) {
            Optimizer straight = make.get(), first = make.get();
            List<Param> a = params(0), b = params(0);
            for (int s = 0; s < 2; s++) {
                straight.step(a, gradients(a, s), 1);
                first.step(b, gradients(b, s), 1);
            }
            List<Param> c = params(12);
            for (int p = 0; p < c.size(); p++) c.get(p).value().setValues(b.get(p).value().values(), 0);
            Optimizer resumed = make.get();
            resumed.restore(first.state());
            resumed.transposeState(0, ROWS, COLS); // a trainer may move the state before the first step after a restore
            resumed.transposeState(0, COLS, ROWS);
            for (int s = 2; s < 4; s++) {
                straight.step(a, gradients(a, s), 1);
                resumed.step(c, gradients(c, s), 1);
            }
            assertTrue(java.util.Arrays.equals(a.get(0).value().values(), c.get(0).value().values()), straight.name());
            assertTrue(java.util.Arrays.deepEquals(straight.state().buffers(), resumed.state().buffers()), straight.name() + ": state");
        }
    }

    @Test
    void aGradientOutOfItsParametersLayoutIsRefused() {
        List<Param> b = params(12);
        float[][] valuesOnly = {new float[ROWS * COLS], new float[3]};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1f).step(b, valuesOnly, 1));
        assertTrue(e.getMessage().contains("newBuffer"), e.getMessage());
        assertEquals(12 + ROWS * COLS, b.get(0).newBuffer().length);
    }
}
