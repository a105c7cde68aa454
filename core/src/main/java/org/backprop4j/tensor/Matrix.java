package org.backprop4j.tensor;

import java.util.Arrays;

/**
 * A dense float32 matrix stored row-major in one contiguous array: element (i, j) is at
 * {@code array()[offset() + i * cols + j]}, and the values are the last rows·cols floats of the array.
 * The offset is 0 except for {@link #lineAligned} matrices (layer weights), whose first value starts a
 * cache line when the JVM says where lines fall.
 *
 * <p>Hot loops work on the raw arrays through {@link Gemm} and {@link ElementWise}; this class is the
 * owner of such an array plus its shape, used for parameters and for tests.
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    private final float[] data;
    private final int offset;

    public Matrix(int rows, int cols) {
        this(rows, cols, new float[checkedSize(rows, cols)]);
    }

    public Matrix(int rows, int cols, float[] data) {
        if (data.length != checkedSize(rows, cols)) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix needs " + (long) rows * cols
                    + " values, got " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
        this.offset = 0;
    }

    private Matrix(int rows, int cols, float[] data, int offset) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
        this.offset = offset;
    }

    /**
     * A zero matrix whose first value starts a 64-byte cache line ({@link LineAlignment}), so that the
     * vector kernels' rows of it do not straddle two lines; an ordinary matrix (offset 0) when where the
     * lines fall is not known. Its values are then at an offset of its array: see {@link #array()}.
     */
    public static Matrix lineAligned(int rows, int cols) {
        return withOffset(rows, cols, Math.max(0, LineAlignment.alignedIndex()));
    }

    /** A zero rows×cols matrix whose values start at index {@code offset} of an array of offset + rows·cols floats. */
    public static Matrix withOffset(int rows, int cols, int offset) {
        int size = checkedSize(rows, cols);
        if (offset < 0 || offset > Integer.MAX_VALUE - 16 - size) throw new IllegalArgumentException("offset " + offset + " for a " + rows + "x" + cols + " matrix");
        return new Matrix(rows, cols, new float[offset + size], offset);
    }

    private static int checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("matrix too large: " + rows + "x" + cols);
        return (int) size;
    }

    public static Matrix of(int rows, int cols, float... values) {
        return new Matrix(rows, cols, values.clone());
    }

    public int rows() { return rows; }

    public int cols() { return cols; }

    /**
     * The backing array (not a copy), indexed from 0. Refused for a matrix whose values lie at an offset,
     * so that no caller reads such a matrix from the wrong place: use {@link #array()} and {@link #offset()}.
     */
    public float[] data() {
        if (offset != 0) {
            throw new IllegalStateException("matrix " + shape() + " holds its values from index " + offset + " of its array: use array() and offset()");
        }
        return data;
    }

    /** The backing array (not a copy): the values are array()[offset(), offset() + size()). */
    public float[] array() { return data; }

    /** Where the values start in {@link #array()}: 0, or the first cache line for {@link #lineAligned} matrices. */
    public int offset() { return offset; }

    /** rows·cols. */
    public int size() { return rows * cols; }

    /** The values as a new array of size() floats, row-major from index 0. */
    public float[] values() { return java.util.Arrays.copyOfRange(data, offset, offset + rows * cols); }

    /** Replaces the values by src[from, from + size()). */
    public void setValues(float[] src, int from) { System.arraycopy(src, from, data, offset, rows * cols); }

    public float get(int i, int j) { return data[offset + index(i, j)]; }

    public void set(int i, int j, float v) { data[offset + index(i, j)] = v; }

    private int index(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") outside " + rows + "x" + cols);
        }
        return i * cols + j;
    }

    /** A copy with the same layout (offset included). */
    public Matrix copy() { return new Matrix(rows, cols, data.clone(), offset); }

    /** Fills with draws from N(mean, std²). */
    public Matrix fillGaussian(Rng rng, double mean, double std) {
        for (int i = offset; i < data.length; i++) data[i] = (float) (mean + std * rng.nextGaussian());
        return this;
    }

    /** Fills with draws from U(−limit, limit). */
    public Matrix fillUniform(Rng rng, double limit) {
        for (int i = offset; i < data.length; i++) data[i] = (float) ((2 * rng.nextDouble() - 1) * limit);
        return this;
    }

    public Matrix fill(float v) {
        Arrays.fill(data, offset, data.length, v);
        return this;
    }

    public String shape() { return rows + "x" + cols; }

    /**
     * Transposes the rows×cols values at the end of a row-major array in place (through a copy), leaving
     * them cols×rows: all of an ordinary matrix's array, or a {@link #lineAligned} one's values; for
     * trainers that hold a layer's weights input-major for an epoch.
     */
    public static void transposeInPlace(float[] data, int rows, int cols) {
        int at = data.length - rows * cols;
        if (at < 0) throw new IllegalArgumentException("transpose of " + rows + "x" + cols + " given " + data.length + " values");
        float[] src = java.util.Arrays.copyOfRange(data, at, data.length);
        transpose(src, 0, cols, rows, cols, data, at, rows);
    }

    /** dst (cols×rows) ← src (rows×cols)ᵀ, in blocks that keep both sides in cache; src and dst must differ. */
    public static void transpose(float[] src, int rows, int cols, float[] dst) {
        if (src.length != rows * cols || dst.length != rows * cols) {
            throw new IllegalArgumentException("transpose of " + rows + "x" + cols + " given " + src.length + " and " + dst.length + " values");
        }
        transpose(src, 0, cols, rows, cols, dst, 0, rows);
    }

    /**
     * dst[dstOff + j·ldd + i] ← src[srcOff + i·lds + j] for a rows×cols block of src: the transpose of a
     * block inside larger row-major arrays (a kernel's transposed copy of an operand), in 32×32 blocks.
     * The caller checks the bounds; src and dst must differ.
     */
    public static void transpose(float[] src, int srcOff, int lds, int rows, int cols, float[] dst, int dstOff, int ldd) {
        final int block = 32;
        for (int i0 = 0; i0 < rows; i0 += block) {
            int i1 = Math.min(rows, i0 + block);
            for (int j0 = 0; j0 < cols; j0 += block) {
                int j1 = Math.min(cols, j0 + block);
                for (int i = i0; i < i1; i++) {
                    int from = srcOff + i * lds;
                    for (int j = j0; j < j1; j++) dst[dstOff + j * ldd + i] = src[from + j];
                }
            }
        }
    }

    /**
     * The column of the largest entry of row {@code row} in a row-major array of {@code cols} columns,
     * the first on ties: a network's guess for one example from its output row.
     */
    public static int argmaxRow(float[] a, int row, int cols) {
        int at = row * cols;
        int best = 0;
        for (int j = 1; j < cols; j++) if (a[at + j] > a[at + best]) best = j;
        return best;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Matrix ").append(shape());
        if (rows * cols <= 64) {
            for (int i = 0; i < rows; i++) {
                sb.append(i == 0 ? " [" : ", ").append(Arrays.toString(Arrays.copyOfRange(data, offset + i * cols, offset + (i + 1) * cols)));
            }
            sb.append(rows > 0 ? "]" : "");
        }
        return sb.toString();
    }
}
