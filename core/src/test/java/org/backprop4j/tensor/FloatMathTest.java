package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.backprop4j.tensor.simd.VectorMath;
import org.junit.jupiter.api.Test;

/**
 * FloatMath against double precision (the oracle), and VectorMath against FloatMath bit for bit: the
 * property that makes training reproducible across JIT tiers.
 */
class FloatMathTest {
    interface FloatFn {
        float apply(float x);
    }

    /** Error in units of the float ulp at the exact result. */
    static double ulps(float actual, double exact) {
        return Math.abs(actual - exact) / Math.ulp((float) exact);
    }

    static void checkAccuracy(String name, FloatFn f, DoubleUnaryOperator exact, float from, float to, double maxUlps) {
        double worst = 0;
        float at = from;
        int steps = 200_000;
        for (int i = 0; i <= steps; i++) {
            float x = from + (to - from) * i / steps;
            double e = exact.applyAsDouble(x);
            if (Math.abs(e) < Float.MIN_NORMAL) continue;
            double u = ulps(f.apply(x), e);
            if (u > worst) {
                worst = u;
                at = x;
            }
        }
        assertTrue(worst <= maxUlps, name + ": " + worst + " ulp at " + at);
    }

    @Test
    void expIsWithinTwoUlp() {
        checkAccuracy("exp", FloatMath::exp, Math::exp, -87f, 88f, 2);
        checkAccuracy("exp near 0", FloatMath::exp, Math::exp, -1e-3f, 1e-3f, 1);
    }

    @Test
    void expm1IsWithinTwoUlpIncludingNearZero() {
        checkAccuracy("expm1", FloatMath::expm1, Math::expm1, -20f, 88f, 2);
        checkAccuracy("expm1 near 0", FloatMath::expm1, Math::expm1, -1e-3f, 1e-3f, 2);
    }

    @Test
    void log1pIsWithinTwoUlpOnTheUnitInterval() {
        checkAccuracy("log1p", FloatMath::log1p, Math::log1p, 0f, 1f, 2);
        checkAccuracy("log1p tiny", FloatMath::log1p, Math::log1p, 1e-12f, 1e-6f, 2);
    }

    @Test
    void activationsMatchTheirDoubleForms() {
        // compositions of two ≤ 2 ulp functions
        checkAccuracy("sigmoid", FloatMath::sigmoid, z -> 1 / (1 + Math.exp(-z)), -80f, 80f, 4);
        checkAccuracy("tanh", FloatMath::tanh, Math::tanh, -9f, 9f, 4);
        checkAccuracy("tanh near 0", FloatMath::tanh, Math::tanh, -1e-3f, 1e-3f, 4);
        checkAccuracy("softplus", FloatMath::softplus, z -> Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))), -80f, 80f, 4);
    }

    @Test
    void specialValues() {
        assertEquals(1f, FloatMath.exp(0f));
        assertEquals(0f, FloatMath.exp(-100f));
        assertEquals(0f, FloatMath.exp(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isFinite(FloatMath.exp(Float.POSITIVE_INFINITY)), "saturates at e^88");
        assertTrue(Float.isNaN(FloatMath.exp(Float.NaN)));
        assertEquals(0f, FloatMath.expm1(0f));
        assertEquals(-1f, FloatMath.expm1(-200f));
        assertEquals(0f, FloatMath.log1p(0f));
        assertEquals(1f, FloatMath.tanh(50f));
        assertEquals(-1f, FloatMath.tanh(-50f));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FloatMath.tanh(-0f)));
        assertEquals(0.5f, FloatMath.sigmoid(0f));
        assertEquals(100f, FloatMath.softplus(100f));
        assertTrue(FloatMath.softplus(-100f) >= 0 && FloatMath.softplus(-100f) < 1e-30);
    }

    @Test
    void vectorLanesEqualScalarResultsBitForBit() {
        Rng rng = new Rng(77);
        int n = 4099; // not a multiple of any vector length: tails run the scalar code
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double g = rng.nextGaussian();
            x[i] = (float) (i % 3 == 0 ? g * 40 : i % 3 == 1 ? g : g * 1e-4);
        }
        float[] special = {0f, -0f, 88f, 88.5f, -87.3f, -87.31f, -200f, 200f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-30f};
        System.arraycopy(special, 0, x, 0, special.length);
        float[] out = new float[n];

        VectorMath.exp(x, 0, out, 0, n);
        for (int i = 0; i < n; i++) assertBits(FloatMath.exp(x[i]), out[i], "exp", x[i]);
        VectorMath.expm1(x, 0, out, 0, n);
        for (int i = 0; i < n; i++) assertBits(FloatMath.expm1(x[i]), out[i], "expm1", x[i]);
        float[] u = new float[n];
        for (int i = 0; i < n; i++) u[i] = FloatMath.exp(-Math.abs(x[i]));
        VectorMath.log1p(u, 0, out, 0, n);
        for (int i = 0; i < n; i++) assertBits(FloatMath.log1p(u[i]), out[i], "log1p", u[i]);
        // from an offset of each array (the layout of a workspace's line-aligned buffers): the same bits, nothing else written
        float[] shifted = new float[n + 8];
        VectorMath.exp(x, 3, shifted, 5, n - 3);
        for (int i = 0; i < n - 3; i++) assertBits(FloatMath.exp(x[3 + i]), shifted[5 + i], "exp at an offset", x[3 + i]);
        VectorMath.expm1(x, 3, shifted, 5, n - 3);
        for (int i = 0; i < n - 3; i++) assertBits(FloatMath.expm1(x[3 + i]), shifted[5 + i], "expm1 at an offset", x[3 + i]);
        VectorMath.log1p(u, 3, shifted, 5, n - 3);
        for (int i = 0; i < n - 3; i++) assertBits(FloatMath.log1p(u[3 + i]), shifted[5 + i], "log1p at an offset", u[3 + i]);
        for (int i : new int[] {0, 1, 2, 3, 4, n + 2, n + 3, n + 4, n + 5, n + 6, n + 7}) assertEquals(0f, shifted[i], "written outside at " + i);
    }

    private static void assertBits(float expected, float actual, String what, float x) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), what + "(" + x + "): " + expected + " vs " + actual);
    }
}
