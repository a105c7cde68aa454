package org.backprop4j.tensor.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.tensor.MaxPool2x2;
import org.backprop4j.tensor.PlainMaxPool2x2;

/**
 * {@link MaxPool2x2} on 256-bit vectors, 8 windows at a time: two vectors of each input row hold their
 * pairs side by side; the vertical maximum, then the horizontal one (each lane against its neighbour),
 * leaves the windows' maxima in the even lanes, which one two-vector permutation packs into 8 outputs.
 * The backward pass spreads each y and dy over its window's two lanes and picks, by comparisons, the
 * first lane equal to y. Rows shorter than 16 values, and the last windows of a row, go through the
 * plain kernel's code (the same results): every value equal to the plain kernel's, bit for bit.
 */
public final class VectorMaxPool2x2 implements MaxPool2x2 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    /** Each lane against its neighbour in the pair: 1, 0, 3, 2, … */
    private static final VectorShuffle<Float> NEIGHBOUR = VectorShuffle.fromOp(S, i -> i ^ 1);
    /** The even lanes of two vectors: a0, a2, a4, a6, b0, b2, b4, b6 (b's lanes numbered 8 and up). */
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromValues(S, 0, 2, 4, 6, -8, -6, -4, -2);
    /** Each of lanes 0-3 twice, and each of lanes 4-7 twice: a window's value over its pair of lanes. */
    private static final VectorShuffle<Float> LOW_PAIRS = VectorShuffle.fromValues(S, 0, 0, 1, 1, 2, 2, 3, 3);
    private static final VectorShuffle<Float> HIGH_PAIRS = VectorShuffle.fromValues(S, 4, 4, 5, 5, 6, 6, 7, 7);
    private static final VectorMask<Float> EVEN = VectorMask.fromLong(S, 0x55L);
    private static final VectorMask<Float> FIRST4 = VectorMask.fromLong(S, 0x0FL);

    public static final VectorMaxPool2x2 INSTANCE = new VectorMaxPool2x2();

    private VectorMaxPool2x2() {}

    @Override
    public String name() { return "vector-256"; }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int planes, int h, int w) {
        int ow = w / 2;
        for (int r = 0; r < planes * (h / 2); r++) {
            int r0 = xOff + 2 * r * w, r1 = r0 + w, to = yOff + r * ow;
            int ox = 0;
            for (; ox + 8 <= ow; ox += 8) {
                int i = 2 * ox;
                FloatVector lo = FloatVector.fromArray(S, x, r0 + i).max(FloatVector.fromArray(S, x, r1 + i));
                FloatVector hi = FloatVector.fromArray(S, x, r0 + i + 8).max(FloatVector.fromArray(S, x, r1 + i + 8));
                lo = lo.max(lo.rearrange(NEIGHBOUR));
                hi = hi.max(hi.rearrange(NEIGHBOUR));
                lo.rearrange(EVENS, hi).intoArray(y, to + ox);
            }
            if (ox + 4 <= ow && r1 + 2 * ox + 8 <= x.length && to + ox + 8 <= y.length) { // 4 windows: one vector per row
                int i = 2 * ox;
                FloatVector lo = FloatVector.fromArray(S, x, r0 + i).max(FloatVector.fromArray(S, x, r1 + i));
                lo = lo.max(lo.rearrange(NEIGHBOUR));
                lo.rearrange(EVENS, lo).intoArray(y, to + ox, FIRST4);
                ox += 4;
            }
            for (; ox < ow; ox++) {
                y[to + ox] = Math.max(Math.max(x[r0 + 2 * ox], x[r0 + 2 * ox + 1]), Math.max(x[r1 + 2 * ox], x[r1 + 2 * ox + 1]));
            }
        }
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff, float[] gx, int gxOff, int planes, int h, int w) {
        int ow = w / 2;
        FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < planes * (h / 2); r++) {
            int r0 = xOff + 2 * r * w, r1 = r0 + w, g0 = gxOff + 2 * r * w, g1 = g0 + w;
            int ox = 0;
            while (ox + 8 <= ow || ox + 4 <= ow && yOff + r * ow + ox + 8 <= y.length && dyOff + r * ow + ox + 8 <= dy.length) {
                // 8 windows, or the last 4 of a row (y and dy read a vector past them, within the arrays)
                int halves = ox + 8 <= ow ? 2 : 1;
                FloatVector m = FloatVector.fromArray(S, y, yOff + r * ow + ox);
                FloatVector d = FloatVector.fromArray(S, dy, dyOff + r * ow + ox);
                for (int half = 0; half < halves; half++) {
                    FloatVector mm = m.rearrange(half == 0 ? LOW_PAIRS : HIGH_PAIRS);
                    FloatVector dd = d.rearrange(half == 0 ? LOW_PAIRS : HIGH_PAIRS);
                    int i = 2 * ox + 8 * half;
                    FloatVector top = FloatVector.fromArray(S, x, r0 + i), bottom = FloatVector.fromArray(S, x, r1 + i);
                    VectorMask<Float> e0 = top.compare(VectorOperators.EQ, mm), p0 = top.rearrange(NEIGHBOUR).compare(VectorOperators.EQ, mm);
                    VectorMask<Float> e2 = bottom.compare(VectorOperators.EQ, mm), p2 = bottom.rearrange(NEIGHBOUR).compare(VectorOperators.EQ, mm);
                    // an odd lane loses to an equal even neighbour; the bottom row loses to any equal value above it
                    VectorMask<Float> topWins = e0.and(EVEN.or(p0.not()));
                    VectorMask<Float> bottomWins = e2.and(EVEN.or(p2.not())).andNot(e0.or(p0));
                    zero.blend(dd, topWins).intoArray(gx, g0 + i);
                    zero.blend(dd, bottomWins).intoArray(gx, g1 + i);
                }
                ox += 4 * halves;
            }
            if (ox < ow) tail(x, r0, r1, y, yOff + r * ow, dy, dyOff + r * ow, gx, g0, g1, ox, ow);
        }
    }

    /** Windows [from, ow) of one row as {@link PlainMaxPool2x2} computes them. */
    private static void tail(float[] x, int r0, int r1, float[] y, int yRow, float[] dy, int dyRow, float[] gx, int g0, int g1, int from, int ow) {
        for (int ox = from; ox < ow; ox++) {
            float m = y[yRow + ox], d = dy[dyRow + ox];
            int i = 2 * ox;
            boolean e0 = x[r0 + i] == m, e1 = !e0 && x[r0 + i + 1] == m, e2 = !e0 && !e1 && x[r1 + i] == m, e3 = !e0 && !e1 && !e2;
            gx[g0 + i] = e0 ? d : 0f;
            gx[g0 + i + 1] = e1 ? d : 0f;
            gx[g1 + i] = e2 ? d : 0f;
            gx[g1 + i + 1] = e3 ? d : 0f;
        }
    }
}
