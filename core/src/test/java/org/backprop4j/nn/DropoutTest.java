package org.backprop4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.backprop4j.autodiff.GradientCheck;
import org.backprop4j.autodiff.Value;
import org.backprop4j.loss.Cost;
import org.backprop4j.loss.NegativeLogLikelihood;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Dropout: its masks, evaluation, and backpropagation through them checked with a fixed mask. */
class DropoutTest {
    static final int[] SIZES = {7, 6, 5, 4};
    static final int M = 3;

    @Test
    void backpropagationThroughAFixedMaskMatchesFiniteDifferences() {
        Rng rng = new Rng(5);
        Network net = Network.mlp(SIZES, Tanh.INSTANCE, Softmax.INSTANCE, Init.XAVIER, rng, 0.4f); // dense, dropout, dense, dropout, dense
        for (Param p : net.params()) if (!p.weight()) p.value().fillGaussian(rng, 0, 0.5);
        float[] x = new float[M * SIZES[0]];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble();
        float[] y = new float[M * 4];
        for (int r = 0; r < M; r++) y[r * 4 + rng.nextInt(4)] = 1;
        Cost cost = NegativeLogLikelihood.INSTANCE;

        Workspace ws = net.workspace(M);
        float[] out = net.forward(ws, x, M, new Rng(9));
        // each hidden layer's batch starts at its workspace offset
        float[][] masks = {java.util.Arrays.copyOfRange(ws.dropoutMask(1), ws.offset(1), ws.offset(1) + M * SIZES[1]),
            java.util.Arrays.copyOfRange(ws.dropoutMask(3), ws.offset(3), ws.offset(3) + M * SIZES[2])};
        assertEquals(null, ws.dropoutMask(4), "no dropout on the output layer");
        cost.outputDelta(Softmax.INSTANCE, ws.outputZ(), out, y, ws.outputDelta(), M, 4);
        net.backward(ws, x, M);

        List<Param> params = net.params();
        int total = 0;
        for (Param p : params) total += p.size();
        double[] theta = new double[total];
        int at = 0;
        for (Param p : params) for (float v : p.value().values()) theta[at++] = v;
        GradientCheck.Result r = GradientCheck.check(t -> graph(net, t, x, y, cost, masks), theta, 1e-5);
        assertTrue(r.maxRelativeError() <= 1e-6, r.toString());

        at = 0;
        for (int p = 0; p < params.size(); p++) {
            float[] g = NetworkGradientTest.valuesOf(ws.grads()[p], params.get(p)); // a gradient has its parameter's layout
            double scale = 0;
            for (int i = 0; i < g.length; i++) scale = Math.max(scale, Math.abs(r.analytic()[at + i]));
            for (int i = 0; i < g.length; i++, at++) {
                assertEquals(r.analytic()[at], g[i], 1e-4 * scale + 1e-4 * Math.abs(r.analytic()[at]), params.get(p).name() + "[" + i + "]");
            }
        }
    }

    /** The mean cost with the hidden activations multiplied by the given masks. */
    static Value graph(Network net, Value[] theta, float[] x, float[] y, Cost cost, float[][] masks) {
        Value[] perExample = new Value[M];
        for (int r = 0; r < M; r++) {
            Value[] a = new Value[SIZES[0]];
            for (int k = 0; k < a.length; k++) a[k] = Value.of(x[r * SIZES[0] + k]);
            int at = 0;
            java.util.List<Dense> dense = net.layers().stream().filter(Dense.class::isInstance).map(Dense.class::cast).toList();
            for (int l = 0; l < dense.size(); l++) {
                Dense d = dense.get(l);
                int in = d.inputSize();
                int out = d.outputSize();
                Value[] z = new Value[out];
                for (int j = 0; j < out; j++) {
                    Value[] w = new Value[in];
                    System.arraycopy(theta, at + j * in, w, 0, in);
                    z[j] = Value.dot(w, a).add(theta[at + in * out + j]);
                }
                a = d.activation().apply(z);
                if (l < masks.length) for (int j = 0; j < out; j++) a[j] = a[j].mul(masks[l][r * out + j]);
                at += in * out + out;
            }
            double[] yr = new double[4];
            for (int j = 0; j < 4; j++) yr[j] = y[r * 4 + j];
            perExample[r] = cost.apply(a, yr);
        }
        return Value.sum(perExample).mul(1.0 / M);
    }

    @Test
    void masksDropAboutPAndScaleTheRestAndEvaluationDropsNothing() {
        Network net = Network.mlp(new int[] {20, 1000, 3}, ReLU.INSTANCE, Softmax.INSTANCE, Init.HE, new Rng(1), 0.3f);
        Workspace ws = net.workspace(10);
        float[] x = new float[10 * 20];
        java.util.Arrays.fill(x, 0.5f);
        net.forward(ws, x, 10, new Rng(2));
        float[] mask = ws.dropoutMask(1);
        int dropped = 0;
        for (int i = ws.offset(1); i < ws.offset(1) + 10_000; i++) {
            if (mask[i] == 0f) dropped++;
            else assertEquals(1 / 0.7f, mask[i], 0f);
        }
        assertEquals(0.3, dropped / 10_000.0, 0.02, "fraction dropped");
        float[] trained = ws.output().clone();
        float[] evaluated = net.forward(ws, x, 10).clone();
        assertTrue(!java.util.Arrays.equals(trained, evaluated), "training output differs from evaluation output");
        float[] again = net.forward(ws, x, 10).clone();
        assertArrayEquals(evaluated, again, "evaluation is deterministic: no dropout");
    }

    /**
     * Scaled at inference (network3.py): training keeps the values as they are (masks of 0 and 1) and
     * evaluation multiplies them by 1 − p, so that evaluating it is the network without dropout whose next
     * weights are multiplied by 1 − p; the inference workspace (Predictor) gives the same numbers.
     */
    @Test
    void scaledAtInferenceKeepsValuesInTrainingAndScalesThemInEvaluation() {
        Network net = NetSpec.build("dense 30 relu, dropout 0.3 inference-scaled, dense 4 softmax", Shape.flat(6), Init.HE, new Rng(4));
        assertFalse(((Dropout) net.layers().get(1)).inverted());
        Rng rng = new Rng(8);
        float[] x = new float[5 * 6];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble();

        Workspace ws = net.workspace(5);
        net.forward(ws, x, 5, new Rng(2));
        float[] mask = ws.dropoutMask(1);
        float[] hidden = ws.activations(0);
        float[] dropped = ws.activations(1);
        int zeros = 0;
        for (int i = ws.offset(1); i < ws.offset(1) + 5 * 30; i++) {
            assertTrue(mask[i] == 0f || mask[i] == 1f, "mask " + mask[i]);
            assertEquals(hidden[i] * mask[i], dropped[i], 0f);
            if (mask[i] == 0f) zeros++;
        }
        assertTrue(zeros > 10 && zeros < 90, zeros + " of 150 dropped");

        float[] evaluated = net.forward(ws, x, 5).clone();
        Network plain = NetSpec.build("dense 30 relu, dense 4 softmax", Shape.flat(6), Init.HE, new Rng(4));
        for (int p = 0; p < 4; p++) { // the same parameters, the weights after the dropout × (1 − p)
            float[] v = net.params().get(p).value().values();
            if (p == 2) for (int i = 0; i < v.length; i++) v[i] *= 0.7f;
            plain.params().get(p).value().setValues(v, 0);
        }
        float[] expected = plain.forward(plain.inferenceWorkspace(5), x, 5);
        for (int i = 0; i < 5 * 4; i++) assertEquals(expected[i], evaluated[i], 1e-6f, "output " + i);
        float[] inferred = net.forward(net.inferenceWorkspace(5), x, 5);
        assertArrayEquals(evaluated, java.util.Arrays.copyOf(inferred, 5 * 4), "inference workspace");
    }

    @Test
    void theSpecNamesTheScaling() {
        assertEquals("dropout 0.5 inference-scaled", NetSpec.build("dense 4, dropout 0.5 inference-scaled, dense 2", Shape.flat(3), Init.HE, new Rng(1))
                .layers().get(1).spec());
        assertEquals("dropout 0.5", NetSpec.build("dense 4, dropout 0.5 inverted, dense 2", Shape.flat(3), Init.HE, new Rng(1)).layers().get(1).spec());
        Network built = new NetBuilder().dense(4, Activations.RELU).dropoutScaledAtInference(0.5).dense(2, Activations.SOFTMAX)
                .build(Shape.flat(3), new Rng(1));
        assertFalse(((Dropout) built.layers().get(1)).inverted(), "NetBuilder.dropoutScaledAtInference");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetSpec.parse("dense 4, dropout 0.5 inverted inference-scaled, dense 2"));
        assertEquals("layer 2 'dropout 0.5 inverted inference-scaled': two scalings", e.getMessage());
    }
}
