package org.backprop4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.autodiff.GradientCheck;
import org.backprop4j.autodiff.Value;
import org.backprop4j.loss.Cost;
import org.backprop4j.loss.CrossEntropy;
import org.backprop4j.loss.NegativeLogLikelihood;
import org.backprop4j.loss.Quadratic;
import org.backprop4j.tensor.ConvGeometry;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backpropagation through every kind of layer, checked as {@link NetworkGradientTest} checks dense
 * networks: the network written as a double-precision autodiff graph, straight from the definitions
 * (sums over windows, max as selection of the largest, the batch's mean and variance), against finite
 * differences (≤ 1e-6), and the float32 passes over a mini-batch of 5 (two groups of examples) against
 * that graph, on one, two and three threads. Dropout uses the masks of the float32 training pass, batch
 * normalization the batch's statistics.
 */
class LayerGradientTest {
    static final int M = 5;


    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("conv 3 3x3 tanh same, dense 4 softmax", new Shape(2, 5, 7), NegativeLogLikelihood.INSTANCE),
                Arguments.of("conv 4 3x3 sigmoid stride 2 same, dense 3 softmax", new Shape(3, 5, 7), NegativeLogLikelihood.INSTANCE),
                Arguments.of("conv 5 2x3 softplus stride 2, dense 3 sigmoid", new Shape(1, 7, 6), Quadratic.INSTANCE),
                Arguments.of("conv 3 2x2 relu, maxpool 2, dense 4 softmax", new Shape(1, 7, 5), NegativeLogLikelihood.INSTANCE),
                Arguments.of("conv 2 3x3 tanh, maxpool 3 stride 2, dense 3 softmax", new Shape(2, 9, 8), NegativeLogLikelihood.INSTANCE),
                Arguments.of("conv 2 3x3 softplus, avgpool 2 stride 1, dense 3 sigmoid", new Shape(1, 6, 5), CrossEntropy.INSTANCE),
                // a 12 × 12 window: where its maximum lies, up to 143, is an unsigned byte
                Arguments.of("conv 3 3x3 tanh same, maxpool 12, dense 3 softmax", new Shape(1, 13, 12), NegativeLogLikelihood.INSTANCE),
                Arguments.of("batchnorm tanh, dense 3 softmax", Shape.flat(6), NegativeLogLikelihood.INSTANCE),
                Arguments.of("conv 3 3x3 identity, batchnorm relu, maxpool 2, dense 4 softmax", new Shape(2, 6, 6), NegativeLogLikelihood.INSTANCE),
                Arguments.of("dense 6 tanh, dropout 0.4, dense 3 softmax", Shape.flat(5), NegativeLogLikelihood.INSTANCE),
                Arguments.of("dense 6 tanh, dropout 0.4 inference-scaled, dense 3 softmax", Shape.flat(5), NegativeLogLikelihood.INSTANCE),
                // a small convolutional network end to end, every kind of layer in it
                Arguments.of("conv 4 3x3 relu, maxpool 2, conv 6 2x2 tanh same, avgpool 2, dropout 0.3, dense 8 relu, batchnorm sigmoid,"
                        + " dense 3 softmax", new Shape(2, 9, 8), NegativeLogLikelihood.INSTANCE));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("networks")
    void backpropagationMatchesFiniteDifferences(String spec, Shape input, Cost cost) {
        Rng rng = new Rng(spec.hashCode());
        Network net = NetSpec.build(spec, input, Init.XAVIER, rng);
        for (Param p : net.params()) {
            if (!p.weight()) { // biases, γ and β away from their starting values
                float[] v = p.value().values();
                for (int i = 0; i < v.length; i++) v[i] += (float) ((rng.nextDouble() - 0.5) * (p.name().endsWith("gamma") ? 0.8 : 1.0));
                p.value().setValues(v, 0);
            }
        }
        float[] x = new float[M * input.size()];
        for (int i = 0; i < x.length; i++) x[i] = (float) (rng.nextDouble() * 2 - 1);
        int classes = net.outputSize();
        float[] y = new float[M * classes];
        for (int r = 0; r < M; r++) y[r * classes + rng.nextInt(classes)] = 1;

        float[][] reference = null;
        float[][] masks = null;
        for (int threads = 1; threads <= 3; threads++) {
            Network copy = net.copy(); // batch normalization's running statistics move in a training pass
            Workspace ws = copy.workspace(M, ExecutionContext.create(threads));
            float[] out = copy.forward(ws, x, M, new Rng(9));
            if (masks == null) {
                masks = new float[copy.layers().size()][];
                for (int l = 0; l < masks.length; l++) {
                    float[] mask = ws.dropoutMask(l);
                    if (mask != null) masks[l] = java.util.Arrays.copyOfRange(mask, ws.offset(l), ws.offset(l) + M * copy.layers().get(l).outputSize());
                }
            }
            cost.outputDelta(copy.outputActivation(), ws.outputZ(), out, y, ws.outputDelta(), M, classes);
            copy.backward(ws, x, M);
            float[][] got = new float[copy.params().size()][];
            for (int p = 0; p < got.length; p++) got[p] = NetworkGradientTest.valuesOf(ws.grads()[p], copy.params().get(p));
            if (reference == null) {
                reference = got;
            } else {
                for (int p = 0; p < got.length; p++) {
                    for (int i = 0; i < got[p].length; i++) {
                        assertEquals(Float.floatToRawIntBits(reference[p][i]), Float.floatToRawIntBits(got[p][i]),
                                copy.params().get(p).name() + "[" + i + "] on " + threads + " threads: the same bits as on one");
                    }
                }
            }
        }

        List<Param> params = net.params();
        int total = 0;
        for (Param p : params) total += p.size();
        double[] theta = new double[total];
        int at = 0;
        for (Param p : params) for (float v : p.value().values()) theta[at++] = v;
        float[][] fixedMasks = masks;
        // h = 1e-6: batch normalization over 5 examples curves enough for 1e-5 to miss by 3e-6 (the difference
        // shrinks as h², so it is truncation, not a wrong derivative)
        GradientCheck.Result r = GradientCheck.check(t -> graphCost(net, t, x, y, cost, fixedMasks), theta, 1e-6);
        assertTrue(r.maxRelativeError() <= 1e-6, r.toString());

        // within 1e-4 of the parameter's largest gradient, and 1e-6 of the network's: a convolution's bias
        // just below batch normalization has a gradient of exactly 0, which float32 sums leave at ~1e-8
        double global = 0;
        for (double v : r.analytic()) global = Math.max(global, Math.abs(v));
        at = 0;
        for (int p = 0; p < params.size(); p++) {
            float[] g = reference[p];
            double scale = 0;
            for (int i = 0; i < g.length; i++) scale = Math.max(scale, Math.abs(r.analytic()[at + i]));
            for (int i = 0; i < g.length; i++, at++) {
                assertEquals(r.analytic()[at], g[i], 1e-4 * scale + 1e-6 * global + 1e-4 * Math.abs(r.analytic()[at]), params.get(p).name() + "[" + i + "]");
            }
        }
    }

    /** The mean cost of the batch as a computational graph of the network's definitions, θ its leaves. */
    static Value graphCost(Network net, Value[] theta, float[] x, float[] y, Cost cost, float[][] masks) {
        int in = net.inputSize();
        Value[][] a = new Value[M][in];
        for (int r = 0; r < M; r++) for (int k = 0; k < in; k++) a[r][k] = Value.of(x[r * in + k]);
        int at = 0;
        for (int l = 0; l < net.layers().size(); l++) {
            Layer layer = net.layers().get(l);
            Value[][] z = new Value[M][layer.outputSize()];
            switch (layer) {
                case Dense d -> {
                    int nIn = d.inputSize(), nOut = d.outputSize();
                    for (int r = 0; r < M; r++) {
                        for (int j = 0; j < nOut; j++) {
                            Value[] w = new Value[nIn];
                            System.arraycopy(theta, at + j * nIn, w, 0, nIn);
                            z[r][j] = Value.dot(w, a[r]).add(theta[at + nIn * nOut + j]);
                        }
                    }
                    at += nIn * nOut + nOut;
                }
                case Conv2d c -> {
                    ConvGeometry g = c.geometry();
                    int wAt = at, bAt = at + g.outChannels() * g.patch();
                    for (int r = 0; r < M; r++) {
                        for (int o = 0; o < g.outChannels(); o++) {
                            for (int oy = 0; oy < g.outHeight(); oy++) {
                                for (int ox = 0; ox < g.outWidth(); ox++) {
                                    List<Value> terms = new ArrayList<>();
                                    terms.add(theta[bAt + o]);
                                    for (int ch = 0; ch < g.inChannels(); ch++) {
                                        for (int ky = 0; ky < g.kernelHeight(); ky++) {
                                            for (int kx = 0; kx < g.kernelWidth(); kx++) {
                                                int iy = oy * g.stride() - g.padTop() + ky, ix = ox * g.stride() - g.padLeft() + kx;
                                                if (iy < 0 || iy >= g.height() || ix < 0 || ix >= g.width()) continue;
                                                Value w = theta[wAt + ((o * g.inChannels() + ch) * g.kernelHeight() + ky) * g.kernelWidth() + kx];
                                                terms.add(w.mul(a[r][(ch * g.height() + iy) * g.width() + ix]));
                                            }
                                        }
                                    }
                                    z[r][(o * g.outHeight() + oy) * g.outWidth() + ox] = Value.sum(terms.toArray(new Value[0]));
                                }
                            }
                        }
                    }
                    at = bAt + g.outChannels();
                }
                case MaxPool2d p -> pool(layer, a, z, p.size(), p.stride(), true);
                case AvgPool2d p -> pool(layer, a, z, p.size(), p.stride(), false);
                case Dropout d -> {
                    for (int r = 0; r < M; r++) for (int j = 0; j < z[r].length; j++) z[r][j] = a[r][j].mul(masks[l][r * z[r].length + j]);
                }
                case BatchNorm b -> {
                    int channels = layer.inputShape().channels(), plane = layer.inputShape().plane();
                    double n = (double) M * plane;
                    for (int c = 0; c < channels; c++) {
                        List<Value> values = new ArrayList<>();
                        for (int r = 0; r < M; r++) for (int i = 0; i < plane; i++) values.add(a[r][c * plane + i]);
                        Value mean = Value.sum(values.toArray(new Value[0])).mul(1 / n);
                        List<Value> sq = new ArrayList<>();
                        for (Value v : values) sq.add(v.sub(mean).pow(2));
                        Value inv = Value.sum(sq.toArray(new Value[0])).mul(1 / n).add(b.epsilon()).pow(-0.5);
                        for (int r = 0; r < M; r++) {
                            for (int i = 0; i < plane; i++) {
                                z[r][c * plane + i] = a[r][c * plane + i].sub(mean).mul(inv).mul(theta[at + c]).add(theta[at + channels + c]);
                            }
                        }
                    }
                    at += 2 * channels;
                }
                default -> throw new AssertionError(layer);
            }
            if (layer.activation() != null) for (int r = 0; r < M; r++) z[r] = layer.activation().apply(z[r]);
            a = z;
        }
        int classes = net.outputSize();
        Value[] perExample = new Value[M];
        for (int r = 0; r < M; r++) {
            double[] yr = new double[classes];
            for (int j = 0; j < classes; j++) yr[j] = y[r * classes + j];
            perExample[r] = cost.apply(a[r], yr);
        }
        return Value.sum(perExample).mul(1.0 / M);
    }

    /** Max (the window's largest value itself, as the derivative routes to it) or mean over each window. */
    private static void pool(Layer layer, Value[][] a, Value[][] z, int k, int s, boolean max) {
        Shape in = layer.inputShape(), out = layer.outputShape();
        for (int r = 0; r < M; r++) {
            for (int c = 0; c < in.channels(); c++) {
                for (int oy = 0; oy < out.height(); oy++) {
                    for (int ox = 0; ox < out.width(); ox++) {
                        Value best = null;
                        List<Value> all = new ArrayList<>();
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                Value v = a[r][(c * in.height() + oy * s + ky) * in.width() + ox * s + kx];
                                all.add(v);
                                if (best == null || v.data() > best.data()) best = v;
                            }
                        }
                        z[r][(c * out.height() + oy) * out.width() + ox] = max ? best : Value.sum(all.toArray(new Value[0])).mul(1.0 / (k * k));
                    }
                }
            }
        }
    }
}
