package org.backprop4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.backprop4j.autodiff.GradientCheck;
import org.backprop4j.autodiff.Value;
import org.backprop4j.loss.Cost;
import org.backprop4j.loss.CrossEntropy;
import org.backprop4j.loss.NegativeLogLikelihood;
import org.backprop4j.loss.Quadratic;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backpropagation through a 3-layer network (two hidden layers), checked twice:
 * the network written as a double-precision autodiff graph against finite differences (≤ 1e-6), and
 * the float32 matrix-form backpropagation over a mini-batch (the four equations) against that graph.
 */
class NetworkGradientTest {
    static final int[] SIZES = {7, 6, 5, 4};
    static final int M = 3;

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of(Sigmoid.INSTANCE, Sigmoid.INSTANCE, Quadratic.INSTANCE),
                Arguments.of(ReLU.INSTANCE, Softmax.INSTANCE, NegativeLogLikelihood.INSTANCE),
                Arguments.of(Tanh.INSTANCE, Sigmoid.INSTANCE, CrossEntropy.INSTANCE),
                Arguments.of(Softplus.INSTANCE, Softmax.INSTANCE, Quadratic.INSTANCE));
    }

    @ParameterizedTest(name = "{0} hidden, {1} output, {2}")
    @MethodSource("configs")
    void backpropagationMatchesFiniteDifferences(Activation hidden, Activation output, Cost cost) {
        Rng rng = new Rng(2024);
        Network net = Network.of(SIZES, hidden, output, Init.XAVIER, rng);
        for (Param p : net.params()) if (!p.weight()) p.value().fillGaussian(rng, 0, 0.5); // non-zero biases
        float[] x = new float[M * SIZES[0]];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble();
        int classes = SIZES[SIZES.length - 1];
        float[] y = new float[M * classes];
        for (int r = 0; r < M; r++) y[r * classes + rng.nextInt(classes)] = 1;

        // all parameters as one vector of doubles, in the order of net.params()
        List<Param> params = net.params();
        int total = 0;
        for (Param p : params) total += p.size();
        double[] theta = new double[total];
        int at = 0;
        for (Param p : params) for (float v : p.value().values()) theta[at++] = v;

        GradientCheck.Result r = GradientCheck.check(t -> graphCost(net, t, x, y, cost), theta, 1e-5);
        assertTrue(r.maxRelativeError() <= 1e-6, r.toString());

        // the float32 matrix form over the whole mini-batch
        Workspace ws = net.workspace(M);
        float[] out = net.forward(ws, x, M);
        cost.outputDelta(output, ws.outputZ(), out, y, ws.outputDelta(), M, classes);
        net.backward(ws, x, M);
        at = 0;
        for (int p = 0; p < params.size(); p++) {
            float[] g = valuesOf(ws.grads()[p], params.get(p)); // a gradient has its parameter's layout
            double scale = 0;
            for (int i = 0; i < g.length; i++) scale = Math.max(scale, Math.abs(r.analytic()[at + i]));
            for (int i = 0; i < g.length; i++, at++) {
                assertEquals(r.analytic()[at], g[i], 1e-4 * scale + 1e-4 * Math.abs(r.analytic()[at]),
                        params.get(p).name() + "[" + i + "]");
            }
        }
    }

    /** The network's mean cost on the batch as a computational graph, with θ as its leaves. */
    static Value graphCost(Network net, Value[] theta, float[] x, float[] y, Cost cost) {
        List<Dense> layers = net.denseLayers();
        int classes = net.outputSize();
        Value[] perExample = new Value[M];
        for (int r = 0; r < M; r++) {
            Value[] a = new Value[SIZES[0]];
            for (int k = 0; k < a.length; k++) a[k] = Value.of(x[r * SIZES[0] + k]);
            int at = 0;
            for (Dense d : layers) {
                int in = d.inputSize();
                int outN = d.outputSize();
                int wAt = at;
                int bAt = at + in * outN;
                Value[] z = new Value[outN];
                for (int j = 0; j < outN; j++) {
                    Value[] w = new Value[in];
                    System.arraycopy(theta, wAt + j * in, w, 0, in);
                    z[j] = Value.dot(w, a).add(theta[bAt + j]);
                }
                a = d.activation().apply(z);
                at = bAt + outN;
            }
            double[] yr = new double[classes];
            for (int j = 0; j < classes; j++) yr[j] = y[r * classes + j];
            perExample[r] = cost.apply(a, yr);
        }
        return Value.sum(perExample).mul(1.0 / M);
    }

    /** The values of a gradient held in its parameter's layout (from Param.offset()). */
    static float[] valuesOf(float[] g, Param p) { return java.util.Arrays.copyOfRange(g, p.offset(), p.offset() + p.size()); }
}
