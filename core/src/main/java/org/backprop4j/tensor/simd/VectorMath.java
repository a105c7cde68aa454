package org.backprop4j.tensor.simd;

import static org.backprop4j.tensor.FloatMath.EXP_HI;
import static org.backprop4j.tensor.FloatMath.EXP_LO;
import static org.backprop4j.tensor.FloatMath.L3;
import static org.backprop4j.tensor.FloatMath.L5;
import static org.backprop4j.tensor.FloatMath.L7;
import static org.backprop4j.tensor.FloatMath.L9;
import static org.backprop4j.tensor.FloatMath.LN2_HI;
import static org.backprop4j.tensor.FloatMath.LN2_LO;
import static org.backprop4j.tensor.FloatMath.LOG2E;
import static org.backprop4j.tensor.FloatMath.MAGIC;
import static org.backprop4j.tensor.FloatMath.MAGIC_BITS;
import static org.backprop4j.tensor.FloatMath.P0;
import static org.backprop4j.tensor.FloatMath.P1;
import static org.backprop4j.tensor.FloatMath.P2;
import static org.backprop4j.tensor.FloatMath.P3;
import static org.backprop4j.tensor.FloatMath.P4;
import static org.backprop4j.tensor.FloatMath.P5;
import static org.backprop4j.tensor.FloatMath.SQRT2_MINUS_1;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.tensor.FloatMath;

/**
 * exp, expm1 and log1p over arrays, lane by lane the same operations in the same order as
 * {@link FloatMath}, whose scalar functions finish each array. Every result is therefore bitwise equal
 * to FloatMath's, in any JIT tier: see FloatMath for why that matters.
 *
 * <p>The functions work array to array (in and out may be the same array) rather than vector to vector:
 * a helper that takes or returns vectors is boxed by C2 whenever it declines to inline it.
 */
public final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorMath() {}

    /** out[outOff + i] = e^(in[inOff + i]) for i in [0, n). */
    public static void exp(float[] in, int inOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, in, inOff + i);
            FloatVector c = x.max(EXP_LO).min(EXP_HI);
            FloatVector t = c.mul(LOG2E).add(MAGIC);
            FloatVector nf = t.sub(MAGIC);
            FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), c);
            r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector scale = ((IntVector) t.reinterpretAsInts().sub(MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats();
            FloatVector p = FloatVector.broadcast(S, P5).fma(r, FloatVector.broadcast(S, P4));
            p = p.fma(r, FloatVector.broadcast(S, P3));
            p = p.fma(r, FloatVector.broadcast(S, P2));
            p = p.fma(r, FloatVector.broadcast(S, P1));
            p = p.fma(r, FloatVector.broadcast(S, P0));
            FloatVector er = r.mul(r).fma(p, r).add(1f);
            VectorMask<Float> under = x.compare(VectorOperators.LT, EXP_LO);
            er.mul(scale).blend(0f, under).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = FloatMath.exp(in[inOff + i]);
    }

    /** out[outOff + i] = e^(in[inOff + i]) − 1 for i in [0, n). */
    public static void expm1(float[] in, int inOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, in, inOff + i);
            FloatVector c = x.max(EXP_LO).min(EXP_HI);
            FloatVector t = c.mul(LOG2E).add(MAGIC);
            FloatVector nf = t.sub(MAGIC);
            FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), c);
            r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector scale = ((IntVector) t.reinterpretAsInts().sub(MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats();
            FloatVector p = FloatVector.broadcast(S, P5).fma(r, FloatVector.broadcast(S, P4));
            p = p.fma(r, FloatVector.broadcast(S, P3));
            p = p.fma(r, FloatVector.broadcast(S, P2));
            p = p.fma(r, FloatVector.broadcast(S, P1));
            p = p.fma(r, FloatVector.broadcast(S, P0));
            FloatVector em = r.mul(r).fma(p, r);
            FloatVector y = scale.fma(em, scale.sub(1f));
            VectorMask<Float> under = x.compare(VectorOperators.LT, EXP_LO);
            y.blend(-1f, under).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = FloatMath.expm1(in[inOff + i]);
    }

    /** out[outOff + i] = ln(1 + in[inOff + i]) for i in [0, n), for in ≥ 0. */
    public static void log1p(float[] in, int inOff, float[] out, int outOff, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector u = FloatVector.fromArray(S, in, inOff + i);
            VectorMask<Float> big = u.compare(VectorOperators.GT, SQRT2_MINUS_1);
            FloatVector num = u.blend(u.sub(1f), big);
            FloatVector den = u.add(2f).blend(u.add(3f), big);
            FloatVector e = zero.blend(one, big);
            FloatVector s = num.div(den);
            FloatVector s2 = s.mul(s);
            FloatVector q = FloatVector.broadcast(S, L9).fma(s2, FloatVector.broadcast(S, L7));
            q = q.fma(s2, FloatVector.broadcast(S, L5));
            q = q.fma(s2, FloatVector.broadcast(S, L3));
            FloatVector atanh2 = s.mul(s2).fma(q, s.add(s));
            e.fma(FloatVector.broadcast(S, LN2_HI), e.fma(FloatVector.broadcast(S, LN2_LO), atanh2)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = FloatMath.log1p(in[inOff + i]);
    }
}
