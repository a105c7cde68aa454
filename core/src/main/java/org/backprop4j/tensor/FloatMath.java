package org.backprop4j.tensor;

/**
 * Float32 transcendental functions built only from IEEE-754 operations that every JVM tier computes
 * identically (+, −, ×, ÷, fused multiply-add, comparisons, bit moves). {@code simd.VectorMath} runs the
 * very same operations lane by lane, so a value gets the same bits whether it is computed in a vector
 * lane or a scalar tail, in the interpreter or in C2, with the plain kernels or the vector ones. The
 * JDK's Math.exp and the Vector API's EXP are each accurate to about an ulp but not equal to each
 * other, and which one runs depends on when the JIT compiles: that made training runs irreproducible.
 *
 * <p>Accuracy (checked against double precision in FloatMathTest): exp, expm1 and log1p within 2 ulp,
 * sigmoid, tanh and softplus, which compose them, within 4; exp flushes to 0 below −87.3 and saturates
 * at e^88.
 */
public final class FloatMath {
    private FloatMath() {}

    public static final float LOG2E = 1.44269502f;
    /** ln 2 split for Cody–Waite reduction: LN2_HI + LN2_LO = ln 2 to ~2^-50. */
    public static final float LN2_HI = 0.693147182f;
    public static final float LN2_LO = -1.90465421e-9f;
    /** 1.5·2^23: adding it rounds a float below 2^22 in magnitude to an integer, kept in the low mantissa bits. */
    public static final float MAGIC = 12582912f;
    public static final int MAGIC_BITS = 0x4B400000;
    public static final float EXP_HI = 88f;
    public static final float EXP_LO = -87.3f;
    /** e^r − 1 − r ≈ r²·P(r) on |r| ≤ ln2/2: the coefficients of P (Cephes expf, minimax). */
    public static final float P0 = 5.0000001201e-1f;
    public static final float P1 = 1.6666665459e-1f;
    public static final float P2 = 4.1665795894e-2f;
    public static final float P3 = 8.3334519073e-3f;
    public static final float P4 = 1.3981999507e-3f;
    public static final float P5 = 1.9875691500e-4f;
    public static final float SQRT2_MINUS_1 = 0.414213562f;
    /** log(m) = 2·atanh(s), s = (m − 1)/(m + 1): the odd series 2(s + s³/3 + … + s⁹/9). */
    public static final float L3 = 2f / 3f;
    public static final float L5 = 2f / 5f;
    public static final float L7 = 2f / 7f;
    public static final float L9 = 2f / 9f;

    /** e^x. */
    public static float exp(float x) {
        float c = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = c * LOG2E + MAGIC;
        float n = t - MAGIC;
        float r = Math.fma(n, -LN2_HI, c);
        r = Math.fma(n, -LN2_LO, r);
        float scale = Float.intBitsToFloat((Float.floatToRawIntBits(t) - MAGIC_BITS + 127) << 23);
        float er = Math.fma(r * r, poly(r), r) + 1f;
        float y = er * scale;
        return x < EXP_LO ? 0f : y;
    }

    /** e^x − 1, accurate near 0 where exp(x) − 1 would cancel. */
    public static float expm1(float x) {
        float c = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = c * LOG2E + MAGIC;
        float n = t - MAGIC;
        float r = Math.fma(n, -LN2_HI, c);
        r = Math.fma(n, -LN2_LO, r);
        float scale = Float.intBitsToFloat((Float.floatToRawIntBits(t) - MAGIC_BITS + 127) << 23);
        float em = Math.fma(r * r, poly(r), r); // e^r − 1
        float y = Math.fma(scale, em, scale - 1f); // 2^n(e^r − 1) + (2^n − 1)
        return x < EXP_LO ? -1f : y;
    }

    static float poly(float r) {
        float p = Math.fma(P5, r, P4);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P1);
        return Math.fma(p, r, P0);
    }

    /**
     * ln(1 + u) for u ≥ 0 (softplus needs u = e^(−|z|) in (0, 1]), as 2·atanh(s) with s = u/(2 + u), or for
     * u above √2 − 1 as ln 2 + 2·atanh(s) with s = (u − 1)/(u + 3), so that 1 + u is never rounded.
     */
    public static float log1p(float u) {
        boolean big = u > SQRT2_MINUS_1;
        float num = big ? u - 1f : u;
        float den = big ? u + 3f : u + 2f;
        float e = big ? 1f : 0f;
        float s = num / den;
        float s2 = s * s;
        float q = Math.fma(L9, s2, L7);
        q = Math.fma(q, s2, L5);
        q = Math.fma(q, s2, L3);
        float atanh2 = Math.fma(s * s2, q, s + s); // 2s + s³·(2/3 + 2s²/5 + …)
        return Math.fma(e, LN2_HI, Math.fma(e, LN2_LO, atanh2));
    }

    /** σ(z) = 1 / (1 + e^(−z)). */
    public static float sigmoid(float z) {
        return 1f / (1f + exp(-z));
    }

    /** tanh(z) = expm1(2|z|) / (expm1(2|z|) + 2), with the sign of z. */
    public static float tanh(float z) {
        float em = expm1(2f * Math.abs(z));
        float t = em / (em + 2f);
        return Math.copySign(t, z);
    }

    /** softplus(z) = max(z, 0) + ln(1 + e^(−|z|)). */
    public static float softplus(float z) {
        return Math.max(z, 0f) + log1p(exp(-Math.abs(z)));
    }
}
