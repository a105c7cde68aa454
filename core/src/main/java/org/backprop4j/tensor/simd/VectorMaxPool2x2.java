package org.backprop4j.tensor.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.tensor.MaxPool2x2;
import org.backprop4j.tensor.PlainMaxPool2x2;

/**
 * {@link MaxPool2x2} on 256-bit vectors, 4 windows at a time: a vector of each input row holds their
 * pairs side by side; each lane is compared with its neighbour (the top and bottom rows' first maxima,
 * then the bottom against the top), which leaves every window's maximum in its even lane, and a
 * permutation packs the 4 into the first lanes for a masked store. The three comparisons' masks, as bits,
 * give each window's position (0–3) with shifts instead of branches. The backward pass turns the kept
 * positions into lane masks the same way and blends ∂C/∂y into each window's two lanes of each row.
 * The last windows of a row go through the plain kernel's row methods: the same results, bit for bit.
 */
public final class VectorMaxPool2x2 implements MaxPool2x2 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    /** Each lane against its neighbour in the pair: 1, 0, 3, 2, … */
    private static final VectorShuffle<Float> NEIGHBOUR = VectorShuffle.fromOp(S, i -> i ^ 1);
    /** The even lanes first: 0, 2, 4, 6 (then the odd ones, unused). */
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromValues(S, 0, 2, 4, 6, 1, 3, 5, 7);
    /** Each of lanes 0-3 twice, and each of lanes 4-7 twice: a window's value over its pair of lanes. */
    private static final VectorShuffle<Float> LOW_PAIRS = VectorShuffle.fromValues(S, 0, 0, 1, 1, 2, 2, 3, 3);
    private static final VectorShuffle<Float> HIGH_PAIRS = VectorShuffle.fromValues(S, 4, 4, 5, 5, 6, 6, 7, 7);
    private static final VectorMask<Float> FIRST4 = VectorMask.fromLong(S, 0x0FL);

    public static final VectorMaxPool2x2 INSTANCE = new VectorMaxPool2x2();

    private VectorMaxPool2x2() {}

    @Override
    public String name() { return "vector-256"; }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, byte[] argmax, int aOff, int planes, int h, int w) {
        int ow = w / 2;
        for (int r = 0; r < planes * (h / 2); r++) {
            int r0 = xOff + 2 * r * w, r1 = r0 + w, to = yOff + r * ow, at = aOff + r * ow;
            int ox = 0;
            // 4 windows at a time: 8 values of each row, 4 maxima stored (a vector's first 4 lanes, inside y)
            for (; ox + 4 <= ow && to + ox + 8 <= y.length; ox += 4) {
                int i = 2 * ox;
                FloatVector t = FloatVector.fromArray(S, x, r0 + i), b = FloatVector.fromArray(S, x, r1 + i);
                FloatVector tn = t.rearrange(NEIGHBOUR), bn = b.rearrange(NEIGHBOUR);
                VectorMask<Float> b1 = tn.compare(VectorOperators.GT, t), b3 = bn.compare(VectorOperators.GT, b);
                FloatVector topMax = t.blend(tn, b1), bottomMax = b.blend(bn, b3);
                VectorMask<Float> low = bottomMax.compare(VectorOperators.GT, topMax);
                topMax.blend(bottomMax, low).rearrange(EVENS).intoArray(y, to + ox, FIRST4);
                if (argmax != null) {
                    long l = low.toLong(), s1 = b1.toLong(), s3 = b3.toLong();
                    long second = (l & s3) | (~l & s1); // whether it is the second of its row's pair, in its row
                    for (int k = 0; k < 4; k++) argmax[at + ox + k] = (byte) (((l >>> 2 * k) & 1) << 1 | ((second >>> 2 * k) & 1));
                }
            }
            PlainMaxPool2x2.forwardRow(x, r0, r1, y, to, argmax, at, ox, ow);
        }
    }

    @Override
    public void backward(byte[] argmax, int aOff, float[] dy, int dyOff, float[] gx, int gxOff, int planes, int h, int w) {
        int ow = w / 2;
        FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < planes * (h / 2); r++) {
            int g0 = gxOff + 2 * r * w, g1 = g0 + w, at = aOff + r * ow, from = dyOff + r * ow;
            int ox = 0;
            while (ox + 8 <= ow || ox + 4 <= ow && from + ox + 8 <= dy.length) {
                // 8 windows, or the last 4 of a row (dy read a vector past them, within the array)
                int halves = ox + 8 <= ow ? 2 : 1;
                FloatVector d = FloatVector.fromArray(S, dy, from + ox);
                for (int half = 0; half < halves; half++) {
                    // lane bits of each window's position: top row 0 → lane 2k, 1 → lane 2k + 1; bottom row 2, 3 likewise
                    long topBits = 0, bottomBits = 0;
                    for (int k = 0; k < 4; k++) {
                        int p = argmax[at + ox + 4 * half + k];
                        topBits |= (long) ((1 << p) & 3) << 2 * k;
                        bottomBits |= (long) ((1 << p) >>> 2 & 3) << 2 * k;
                    }
                    FloatVector dd = d.rearrange(half == 0 ? LOW_PAIRS : HIGH_PAIRS);
                    int i = 2 * ox + 8 * half;
                    zero.blend(dd, VectorMask.fromLong(S, topBits)).intoArray(gx, g0 + i);
                    zero.blend(dd, VectorMask.fromLong(S, bottomBits)).intoArray(gx, g1 + i);
                }
                ox += 4 * halves;
            }
            PlainMaxPool2x2.backwardRow(argmax, at, dy, from, gx, g0, g1, ox, ow);
        }
    }
}
