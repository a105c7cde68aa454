package org.backprop4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.backprop4j.autodiff.GradientCheck;
import org.backprop4j.io.ModelFile;
import org.backprop4j.loss.NegativeLogLikelihood;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * Layers held input-major (V = Wᵀ) compute the same network: the same outputs and, read through the
 * transpose, the same gradients, checked against finite differences on inputs with many zeros (which
 * the sparse-left products skip); the layout round-trips exactly and never leaks into copies or files.
 */
class InputMajorTest {
    static final int[] SIZES = {7, 6, 5, 4};
    static final int M = 3;

    @Test
    void sameOutputsAndGradientsAsFiniteDifferences() {
        Rng rng = new Rng(77);
        Network net = Network.of(SIZES, ReLU.INSTANCE, Softmax.INSTANCE, Init.XAVIER, rng);
        for (Param p : net.params()) if (!p.weight()) p.value().fillGaussian(rng, 0, 0.5);
        float[] x = new float[M * SIZES[0]];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextDouble() < 0.6 ? 0f : (float) rng.nextDouble(); // sparse, like pixels
        int classes = SIZES[SIZES.length - 1];
        float[] y = new float[M * classes];
        for (int r = 0; r < M; r++) y[r * classes + rng.nextInt(classes)] = 1;

        List<Param> params = net.params();
        int total = 0;
        for (Param p : params) total += p.size();
        double[] theta = new double[total];
        int at = 0;
        for (Param p : params) for (float v : p.value().values()) theta[at++] = v;
        GradientCheck.Result r = GradientCheck.check(t -> NetworkGradientTest.graphCost(net, t, x, y, NegativeLogLikelihood.INSTANCE), theta, 1e-5);
        assertTrue(r.maxRelativeError() <= 1e-6, r.toString());

        Workspace plain = net.workspace(M);
        float[] expectedOut = net.forward(plain, x, M).clone();
        for (Dense d : net.denseLayers()) d.setInputMajor(true);
        Workspace ws = net.workspace(M);
        float[] out = net.forward(ws, x, M);
        assertArrayEquals(expectedOut, java.util.Arrays.copyOf(out, expectedOut.length), 1e-6f);
        NegativeLogLikelihood.INSTANCE.outputDelta(Softmax.INSTANCE, ws.outputZ(), out, y, ws.outputDelta(), M, classes);
        net.backward(ws, x, M);

        at = 0;
        for (int p = 0; p < params.size(); p++) {
            float[] g = NetworkGradientTest.valuesOf(ws.grads()[p], params.get(p)); // a gradient has its parameter's layout
            Param param = params.get(p);
            int rows = param.value().rows();
            int cols = param.value().cols();
            double scale = 0;
            for (int i = 0; i < g.length; i++) scale = Math.max(scale, Math.abs(r.analytic()[at + i]));
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    // a weight's gradient is laid out like V (n_in × n_out): W(i, j) at j·rows + i
                    float actual = param.weight() ? g[j * rows + i] : g[i * cols + j];
                    double expected = r.analytic()[at + i * cols + j];
                    assertEquals(expected, actual, 1e-4 * scale + 1e-4 * Math.abs(expected), param.name() + "(" + i + "," + j + ")");
                }
            }
            at += g.length;
        }
    }

    @Test
    void layoutRoundTripsExactlyAndCopiesAreLaidOutAsInTheNotes() {
        Network net = Network.of(new int[] {13, 7, 3}, Sigmoid.INSTANCE, Sigmoid.INSTANCE, Init.NORMAL, new Rng(3));
        Dense first = (Dense) net.layers().get(0);
        float[] before = first.weights().value().values().clone();
        first.setInputMajor(true);
        assertTrue(first.inputMajor());
        float[] v = first.weights().value().values();
        assertEquals(before[2 * 13 + 5], v[5 * 7 + 2], "W(2,5) is V(5,2)");
        Network copy = net.copy();
        assertFalse(((Dense) copy.layers().get(0)).inputMajor());
        assertArrayEquals(before, ((Dense) copy.layers().get(0)).weights().value().values(), "a copy has the notes' layout");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelFile.encode(net, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("input-major"), e.getMessage());
        first.setInputMajor(false);
        assertArrayEquals(before, first.weights().value().values());
        first.setInputMajor(false); // already: no change
        assertArrayEquals(before, first.weights().value().values());
    }
}
