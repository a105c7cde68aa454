package org.backprop4j.tensor;

/**
 * The shape of a 2-D convolution (cross-correlation, as in PyTorch and ONNX): c_in input channels of
 * h × w, c_out filters of k_h × k_w, one stride for both directions, and padding of zeros on each side.
 * Output position (oy, ox) sees input rows oy·stride − padTop + ky and columns ox·stride − padLeft + kx.
 */
public record ConvGeometry(int inChannels, int height, int width, int outChannels, int kernelHeight, int kernelWidth,
                           int stride, int padTop, int padLeft, int padBottom, int padRight) {
    public ConvGeometry {
        if (inChannels <= 0 || height <= 0 || width <= 0 || outChannels <= 0 || kernelHeight <= 0 || kernelWidth <= 0) {
            throw new IllegalArgumentException("a convolution needs positive sizes");
        }
        if (stride <= 0) throw new IllegalArgumentException("stride must be positive, got " + stride);
        if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) throw new IllegalArgumentException("padding must be 0 or more");
        if (padTop >= kernelHeight || padBottom >= kernelHeight || padLeft >= kernelWidth || padRight >= kernelWidth) {
            throw new IllegalArgumentException("padding of " + padTop + "/" + padLeft + "/" + padBottom + "/" + padRight
                    + " would give windows of nothing but padding for a " + kernelHeight + "x" + kernelWidth + " kernel");
        }
        if (height + padTop + padBottom < kernelHeight || width + padLeft + padRight < kernelWidth) {
            throw new IllegalArgumentException("a " + kernelHeight + "x" + kernelWidth + " kernel does not fit a " + height + "x" + width
                    + " input" + (padTop + padBottom + padLeft + padRight > 0 ? " with its padding" : ""));
        }
    }

    /**
     * 'valid' (no padding) or 'same' padding: for 'same' the output is ⌈h / stride⌉ × ⌈w / stride⌉, the
     * padding needed split evenly with the odd one at the bottom and right (ONNX's SAME_UPPER).
     */
    public static ConvGeometry of(int inChannels, int height, int width, int outChannels, int kernelHeight, int kernelWidth,
                                  int stride, boolean same) {
        if (!same) return new ConvGeometry(inChannels, height, width, outChannels, kernelHeight, kernelWidth, stride, 0, 0, 0, 0);
        if (stride <= 0) throw new IllegalArgumentException("stride must be positive, got " + stride);
        int ph = Math.max(0, ((height + stride - 1) / stride - 1) * stride + kernelHeight - height);
        int pw = Math.max(0, ((width + stride - 1) / stride - 1) * stride + kernelWidth - width);
        return new ConvGeometry(inChannels, height, width, outChannels, kernelHeight, kernelWidth, stride, ph / 2, pw / 2, ph - ph / 2, pw - pw / 2);
    }

    public int outHeight() { return (height + padTop + padBottom - kernelHeight) / stride + 1; }

    public int outWidth() { return (width + padLeft + padRight - kernelWidth) / stride + 1; }

    /** K = c_in·k_h·k_w: the length of a filter, rows of the im2col matrix. */
    public int patch() { return inChannels * kernelHeight * kernelWidth; }

    /** P = out_h·out_w: output positions per channel, columns of the im2col matrix. */
    public int positions() { return outHeight() * outWidth(); }

    public int inputSize() { return inChannels * height * width; }

    public int outputSize() { return outChannels * positions(); }

    public boolean padded() { return padTop + padLeft + padBottom + padRight > 0; }

    /** The first output column whose input column ox·stride − padLeft + kx lies inside the input. */
    public int firstColumn(int kx) {
        int x0 = kx - padLeft;
        return x0 >= 0 ? 0 : (-x0 + stride - 1) / stride;
    }

    /** One past the last output column whose input column lies inside the input (≤ firstColumn when none does). */
    public int endColumn(int kx) {
        int x0 = kx - padLeft;
        return Math.min(outWidth(), x0 >= width ? 0 : (width - 1 - x0) / stride + 1);
    }
}
