package org.backprop4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.List;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A network's passes run the bias and σ, and σ' with dropout's mask, as epilogues of the products, on
 * each block of rows as it is computed (see {@code Gemm.Epilogue}). They must give the bits of the
 * separate passes (the product over the whole batch, then the element-wise work over the whole batch)
 * on any number of threads: the batch here is large enough for the products to split their rows.
 */
class FusedEpilogueTest {


    static final int M = 64;
    static final int[] SIZES = {300, 200, 150, 10};

    @ParameterizedTest
    @ValueSource(strings = {"relu", "sigmoid", "tanh"})
    void fusedPassesGiveTheBitsOfSeparatePasses(String hidden) {
        float[][] reference = separatePasses(network(hidden), hidden);
        for (int threads = 1; threads <= 3; threads++) {
            Network net = network(hidden);
            Workspace ws = net.workspace(M, ExecutionContext.create(threads));
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

    /**
     * The passes of the notes done one after another with the Dense API: products, then σ, then dropout's
     * mask; δ·W, then ⊙ mask, then σ'.
     */
    private static float[][] separatePasses(Network net, String hidden) {
        Workspace ws = net.workspace(M, ExecutionContext.create(1)); // its buffers and the masks its forward pass draws
        float[] x = input();
        net.forward(ws, x, M, new Rng(7)); // for the masks only: every value below is recomputed
        List<Layer> layers = net.layers();
        int n = layers.size();
        float[] in = x;
        int inOff = 0;
        for (int l = 0; l < n; l++) {
            int off = ws.offset(l);
            Arrays.fill(ws.a[l], Float.NaN);
            if (layers.get(l) instanceof Dense d) {
                Arrays.fill(ws.z[l], Float.NaN);
                d.forward(in, inOff, M, ws.z[l], ws.a[l], off);
            } else {
                float[] mask = ws.dropoutMask(l);
                for (int i = 0; i < M * layers.get(l).outputSize(); i++) ws.a[l][off + i] = in[inOff + i] * mask[off + i];
            }
            in = ws.a[l];
            inOff = off;
        }
        fillOutputDelta(ws.outputDelta());
        int p = net.params().size();
        for (int l = n - 1; l >= 0; l--) {
            if (!(layers.get(l) instanceof Dense d)) continue;
            p -= 2;
            float[] below = l == 0 ? x : ws.a[l - 1];
            int belowOff = l == 0 ? 0 : ws.offset(l - 1);
            float[] gradIn = l == 0 ? null : ws.delta[l - 1];
            d.backward(below, belowOff, M, ws.delta[l], ws.offset(l), ws.grads[p], 0f, ws.grads[p + 1], gradIn);
            if (l > 0) {
                int b = l - 1;
                int end = belowOff + M * layers.get(b).outputSize();
                if (layers.get(b) instanceof Dropout) {
                    float[] mask = ws.dropoutMask(b);
                    for (int i = belowOff; i < end; i++) gradIn[i] *= mask[i];
                    b--; // the dropout layer shares the δ of the layer below it
                }
                Layer act = layers.get(b);
                act.activation().backward(ws.z[b], ws.a[b], gradIn, belowOff, M, act.outputSize());
            }
        }
        return collect(net, ws);
    }

    private static Network network(String hidden) {
        // the first hidden layer's mask is applied in the epilogue of a split product (δ²·W²)
        Network net = Network.mlp(SIZES, Activations.byName(hidden), Softmax.INSTANCE, Init.HE, new Rng(3), 0.3f);
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

    /** Every layer's z (where it has one), a and δ over the batch, then every gradient. */
    private static float[][] collect(Network net, Workspace ws) {
        int n = net.layers().size();
        float[][] out = new float[3 * n + ws.grads.length][];
        for (int l = 0; l < n; l++) {
            int off = ws.offset(l), len = M * net.layers().get(l).outputSize();
            out[3 * l] = ws.z[l] == null ? new float[0] : Arrays.copyOfRange(ws.z[l], off, off + len);
            out[3 * l + 1] = Arrays.copyOfRange(ws.a[l], off, off + len);
            out[3 * l + 2] = Arrays.copyOfRange(ws.delta[l], off, off + len);
        }
        for (int p = 0; p < ws.grads.length; p++) out[3 * n + p] = ws.grads[p].clone();
        return out;
    }
}
