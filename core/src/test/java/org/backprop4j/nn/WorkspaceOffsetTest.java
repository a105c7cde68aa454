package org.backprop4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.backprop4j.loss.NegativeLogLikelihood;
import org.backprop4j.tensor.LineAlignment;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where a workspace's hidden batches start changes where the kernels read and write, never what they
 * compute: the outputs, gradients and dropout masks of a pass are the same bits at every offset, and the
 * offset itself is where the JVM puts a cache line (the test JVM runs with -XX:ObjectAlignmentInBytes=64).
 */
class WorkspaceOffsetTest {
    static final int M = 9;

    @Test
    void hiddenBuffersStartOnACacheLineAndTheOutputLayersAtZero() {
        Network net = Network.of(new int[] {5, 7, 6, 3}, ReLU.INSTANCE, Softmax.INSTANCE, Init.HE, new Rng(1));
        Workspace ws = net.workspace(4);
        int line = Math.max(0, LineAlignment.alignedIndex());
        assertEquals(line, ws.offset(0));
        assertEquals(line, ws.offset(1));
        assertEquals(0, ws.offset(2), "costs and evaluators read the output layer from 0");
        assertEquals(line + 4 * 7, ws.activations(0).length);
        for (int p = 0; p < net.params().size(); p++) {
            Param param = net.params().get(p);
            assertEquals(param.value().array().length, ws.grads()[p].length, param.name() + ": a gradient has its parameter's layout");
        }
    }

    /** Forward (with dropout) and backward, sigmoid and ReLU layers, dense and input-major: the same bits at offsets 0, 5 and 12. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyOffsetGivesTheSameBits(boolean inputMajor) {
        float[][] reference = null;
        for (int offset : new int[] {0, 5, 12}) {
            Network dense = Network.of(new int[] {11, 17, 13, 4}, ReLU.INSTANCE, Softmax.INSTANCE, Init.HE, new Rng(3));
            List<Layer> layers = new java.util.ArrayList<>(dense.layers());
            layers.add(2, new Dropout("dropout", layers.get(1).outputShape(), 0.25f)); // after the second hidden layer
            Network net = new Network(layers);
            for (Param p : net.params()) if (!p.weight()) p.value().fillGaussian(new Rng(p.name().hashCode()), 0, 0.3);
            ((Dense) net.layers().get(0)).setInputMajor(inputMajor);
            Rng data = new Rng(4);
            float[] x = new float[M * 11];
            for (int i = 0; i < x.length; i++) x[i] = i % 3 == 0 ? 0f : (float) data.nextDouble();
            float[] y = new float[M * 4];
            for (int r = 0; r < M; r++) y[r * 4 + data.nextInt(4)] = 1;

            Workspace ws = new Workspace(net, M, true, offset, org.backprop4j.tensor.ExecutionContext.create());
            float[] out = net.forward(ws, x, M, new Rng(5));
            NegativeLogLikelihood.INSTANCE.outputDelta(Softmax.INSTANCE, ws.outputZ(), out, y, ws.outputDelta(), M, 4);
            net.backward(ws, x, M);

            List<Param> params = net.params();
            float[][] got = new float[params.size() + 2][];
            for (int p = 0; p < params.size(); p++) got[p] = NetworkGradientTest.valuesOf(ws.grads()[p], params.get(p));
            got[params.size()] = java.util.Arrays.copyOf(out, M * 4);
            got[params.size() + 1] = java.util.Arrays.copyOfRange(ws.delta(0), ws.offset(0), ws.offset(0) + M * 17);
            assertEquals(offset, ws.offset(0));
            if (reference == null) {
                reference = got;
                continue;
            }
            for (int k = 0; k < got.length; k++) {
                for (int i = 0; i < got[k].length; i++) {
                    assertEquals(Float.floatToRawIntBits(reference[k][i]), Float.floatToRawIntBits(got[k][i]),
                            "offset " + offset + ", array " + k + " at " + i);
                }
            }
        }
    }
}
