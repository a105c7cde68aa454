package org.backprop4j.tensor.simd;

/**
 * The parts of the sparse-left GEMMs that do not depend on the vector width, shared by
 * {@link SparseLeftGemm512} and {@link SparseLeftGemm256} (scalar code: no vector crosses a call).
 */
final class SparseLeftParts {
    private SparseLeftParts() {}

    /**
     * Writes to lists[at…] every p in [0, k) where one of the tile's 4 rows of op(A) is non-zero, in
     * increasing order, and returns how many. Branch-free: each p is stored and kept only if non-zero,
     * since about half of them are and a branch would mispredict on every other one.
     */
    static int listNonZero(float[] a, int ai, int ars, int acs, int rows, int k, int[] lists, int at) {
        int last = rows - 1;
        int a0 = ai;
        int a1 = ai + Math.min(1, last) * ars;
        int a2 = ai + Math.min(2, last) * ars;
        int a3 = ai + Math.min(3, last) * ars;
        int count = 0;
        for (int p = 0; p < k; p++) {
            int ap = p * acs;
            boolean nonZero = a[a0 + ap] != 0 | a[a1 + ap] != 0 | a[a2 + ap] != 0 | a[a3 + ap] != 0;
            lists[at + count] = p;
            count += nonZero ? 1 : 0;
        }
        return count;
    }

    /**
     * Copies B's last `cols` (fewer than a vector's `width` lanes) columns into a k×width buffer padded
     * with zeros, once per call, so that they too go through vectors.
     */
    static void stageColumns(int k, float[] b, int bj, int ldb, int cols, int width, float[][] stage) {
        if (stage[0].length < k * width) stage[0] = new float[k * width];
        float[] sb = stage[0];
        for (int p = 0; p < k; p++) {
            int from = bj + p * ldb;
            int to = p * width;
            for (int q = 0; q < cols; q++) sb[to + q] = b[from + q];
            for (int q = cols; q < width; q++) sb[to + q] = 0f;
        }
    }
}
