package org.backprop4j.tensor;

/**
 * The im2col matrix of a convolution (Chellapilla et al. 2006, Caffe): for one example, K = c_in·k_h·k_w
 * rows, one per weight of a filter, and P = out_h·out_w columns, one per output position, so that the
 * convolution becomes one product, z = W·col (W is c_out × K, as PyTorch's [c_out, c_in, k_h, k_w]
 * weights are stored). Row (c·k_h + ky)·k_w + kx, column oy·out_w + ox holds the input value at
 * channel c, row oy·stride − padTop + ky, column ox·stride − padLeft + kx, or 0 in the padding.
 *
 * <p>{@link #col2im} is its adjoint. Two implementations: {@link PlainIm2col} and the Vector API one,
 * which copy the same values and add in the same order (the same bits); {@link Kernels} picks.
 */
public interface Im2col {
    String name();

    /**
     * Writes one example's im2col matrix (input from x[xOff], c_in × h × w) into col: row r, column p at
     * col[colOff + r·ld + p] (ld ≥ P: several examples side by side share the rows).
     */
    void im2col(ConvGeometry g, float[] x, int xOff, float[] col, int colOff, int ld);

    /**
     * The adjoint of {@link #im2col}: gx (one example, c_in × h × w from gxOff) ← the sum, for each input
     * value, of the entries of gcol that im2col would have copied it to: ∂C/∂x = Σ over the entries that
     * copied x. Overwrites gx; each value's entries are added in the order of gcol's rows, then columns.
     */
    void col2im(ConvGeometry g, float[] gcol, int colOff, int ld, float[] gx, int gxOff);
}
