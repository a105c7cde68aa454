package org.backprop4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.List;
import org.backprop4j.tensor.Parallel;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A network's passes run the bias and σ, and σ' with dropout's mask, as epilogues of the products, on
 * each block of rows as it is computed (see {@code Gemm.Epilogue}). They must give the bits of the
 * separate passes (the product over the whole batch, then the element-wise work over the whole batch)
 * on any number of threads: the batch here is large enough for the products to split their rows.
 */
class FusedEpilogueTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    static final int M = 64;
    static final int[] SIZES = {300, 200, 150, 10};

    @ParameterizedTest
    @ValueSource(strings = {"relu", "sigmoid", "tanh"})
    void fusedPassesGiveTheBitsOfSeparatePasses(String hidden) {
        Parallel.setThreads(1);
        float[][] reference = separatePasses(network(hidden), hidden);
        for (int threads = 1; threads <= 3; threads++) {
            Parallel.setThreads(threads);
            Network net = network(hidden);
            Workspace ws = net.workspace(M);
            float[] x = input();
            net.forward(ws, x, M, new Rng(7));
            fillOutputDelta(ws.outputDelta());
            net.backward(ws, x, M);
            float[][] got = collect(net, ws);
            for (int i = 0; i < got.length; i++) {
                assertArrayEquals(reference[i], got[i], hidden + " on " + threads + " threads, array " + i);
            }
        }
    }

    /** The passes of the notes done one after another with the Dense API: products, then σ; δ·W, then ⊙ mask, then σ'. */
    private static float[][] separatePasses(Network net, String hidden) {
        Workspace ws = net.workspace(M); // its buffers and the masks its forward pass draws
        float[] x = input();
        net.forward(ws, x, M, new Rng(7)); // for the masks only: every value below is recomputed
        List<Dense> layers = net.layers();
        int n = layers.size();
        float[] in = x;
        int inOff = 0;
        for (int l = 0; l < n; l++) {
            Dense d = layers.get(l);
            int off = ws.offset(l);
            Arrays.fill(ws.z[l], Float.NaN);
            Arrays.fill(ws.a[l], Float.NaN);
            d.forward(in, inOff, M, ws.z[l], ws.a[l], off);
            in = ws.a[l];
            inOff = off;
            if (d.dropout() > 0) {
                for (int i = off; i < off + M * d.outputSize(); i++) ws.dropped[l][i] = in[i] * ws.mask[l][i];
                in = ws.dropped[l];
            }
        }
        fillOutputDelta(ws.outputDelta());
        for (int l = n - 1; l >= 0; l--) {
            Dense d = layers.get(l);
            boolean belowDropped = l > 0 && layers.get(l - 1).dropout() > 0;
            float[] below = l == 0 ? x : belowDropped ? ws.dropped[l - 1] : ws.a[l - 1];
            int belowOff = l == 0 ? 0 : ws.offset(l - 1);
            float[] gradIn = l == 0 ? null : ws.delta[l - 1];
            d.backward(below, belowOff, M, ws.delta[l], ws.offset(l), ws.grads[2 * l], 0f, ws.grads[2 * l + 1], gradIn);
            if (l > 0) {
                Dense b = layers.get(l - 1);
                int end = belowOff + M * b.outputSize();
                if (belowDropped) for (int i = belowOff; i < end; i++) gradIn[i] *= ws.mask[l - 1][i];
                b.activation().backward(ws.z[l - 1], ws.a[l - 1], gradIn, belowOff, M, b.outputSize());
            }
        }
        return collect(net, ws);
    }

    private static Network network(String hidden) {
        Network net = Network.of(SIZES, Activations.byName(hidden), Softmax.INSTANCE, Init.HE, new Rng(3));
        net.setHiddenDropout(0.3f); // the first hidden layer's mask is applied in the epilogue of a split product (δ²·W²)
        for (Param p : net.params()) if (!p.weight()) p.value().fillGaussian(new Rng(p.name().hashCode()), 0, 0.3);
        return net;
    }

    private static float[] input() {
        Rng data = new Rng(4);
        float[] x = new float[M * SIZES[0]];
        for (int i = 0; i < x.length; i++) x[i] = i % 3 == 0 ? 0f : (float) data.nextDouble();
        return x;
    }

    private static void fillOutputDelta(float[] delta) {
        Rng r = new Rng(5);
        for (int i = 0; i < M * SIZES[SIZES.length - 1]; i++) delta[i] = (float) (r.nextDouble() - 0.5) / M;
    }

    /** Every layer's z, a and δ over the batch, then every gradient. */
    private static float[][] collect(Network net, Workspace ws) {
        int n = net.layers().size();
        float[][] out = new float[3 * n + ws.grads.length][];
        for (int l = 0; l < n; l++) {
            int off = ws.offset(l), len = M * net.layers().get(l).outputSize();
            out[3 * l] = Arrays.copyOfRange(ws.z[l], off, off + len);
            out[3 * l + 1] = Arrays.copyOfRange(ws.a[l], off, off + len);
            out[3 * l + 2] = Arrays.copyOfRange(ws.delta[l], off, off + len);
        }
        for (int p = 0; p < ws.grads.length; p++) out[3 * n + p] = ws.grads[p].clone();
        return out;
    }
}
