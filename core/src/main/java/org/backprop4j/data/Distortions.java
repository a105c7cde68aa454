package org.backprop4j.data;

import org.backprop4j.BadInputException;
import org.backprop4j.tensor.ElementWise;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.tensor.Parallel;
import org.backprop4j.tensor.Rng;

/**
 * Random distortions of training images, drawn afresh every epoch (Simard, Steinkraus and Platt 2003,
 * "Best practices for convolutional neural networks applied to visual document analysis").
 *
 * <p>An affine distortion rotates, scales and shears the image about its centre by random amounts.
 * An elastic distortion moves every pixel by a random displacement field: uniform noise in [−1, 1],
 * smoothed by a Gaussian of width σ and scaled by α, so that neighbouring pixels move together like
 * ink on a stretched sheet. The image is resampled bilinearly; what comes from outside it is 0.
 *
 * <p>Image i of an epoch draws from its own generator, seeded from the epoch's seed and i, so an
 * epoch's distorted images are the same whatever the number of threads that compute them.
 */
public final class Distortions implements Parallel.Task {
    private static final ElementWise EW = Kernels.elementWise();
    /**
     * Amounts of distortion: rotation in degrees, scale and shear as fractions, the elastic σ and α, and
     * a translation of up to {@code shift} whole pixels in each direction.
     */
    public record Params(float rotationDegrees, float scale, float shear, float sigma, float alpha, int shift) {
        public Params(float rotationDegrees, float scale, float shear, float sigma, float alpha) {
            this(rotationDegrees, scale, shear, sigma, alpha, 0);
        }

        public Params {
            if (shift < 0) throw new IllegalArgumentException("the shift must be 0 or more pixels, got " + shift);
        }

        /** Simard's elastic distortion (σ = 4, α = 34) with a little affine jitter. */
        public static Params elastic() { return new Params(5f, 0.05f, 0.05f, 4f, 34f); }

        /** Affine only: up to ±10°, ±10% scale, ±0.1 shear. */
        public static Params affine() { return new Params(10f, 0.10f, 0.10f, 0f, 0f); }

        /** No distortion: the identity, to which {@link #withShift} adds translations alone. */
        public static Params none() { return new Params(0f, 0f, 0f, 0f, 0f); }

        /** The same distortion followed by a translation of up to {@code pixels} in each direction. */
        public Params withShift(int pixels) { return new Params(rotationDegrees, scale, shear, sigma, alpha, pixels); }
    }

    /** Per-thread image, field and blur buffers, reused from epoch to epoch. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[0], new float[0]});
    private final Params params;
    private final int h;
    private final int w;
    private final float[] kernel;
    private final int radius;
    // the epoch being distorted (see distort)
    private Dataset source;
    private float[] target;
    private long epochSeed;

    public Distortions(Params params, int height, int width) {
        this.params = params;
        this.h = height;
        this.w = width;
        if (params.sigma() > 0) {
            radius = (int) Math.ceil(3 * params.sigma());
            kernel = new float[2 * radius + 1];
            double sum = 0;
            for (int t = -radius; t <= radius; t++) sum += StrictMath.exp(-t * t / (2.0 * params.sigma() * params.sigma()));
            for (int t = -radius; t <= radius; t++) {
                kernel[t + radius] = (float) (StrictMath.exp(-t * t / (2.0 * params.sigma() * params.sigma())) / sum);
            }
        } else {
            radius = 0;
            kernel = null;
        }
    }

    /** Writes distorted copies of every image of {@code src} into {@code out} (same layout), for one epoch, on the calling thread. */
    public void distort(Dataset src, float[] out, long seed) { distort(src, out, seed, null); }

    /** {@link #distort(Dataset, float[], long)} on the threads of {@code context} (null: the calling thread). */
    public void distort(Dataset src, float[] out, long seed, ExecutionContext context) {
        if (!src.isImage() || src.height() != h || src.width() != w) {
            throw new BadInputException(src.name() + ": distortions need " + h + "x" + w + " images");
        }
        source = src;
        target = out;
        epochSeed = seed;
        if (context == null) run(0, 1);
        else context.run(this, context.threads());
        source = null;
        target = null;
    }

    @Override
    public void run(int part, int parts) {
        int n = source.size();
        int from = (int) ((long) n * part / parts);
        int to = (int) ((long) n * (part + 1) / parts);
        int f = h * w;
        float[][] scratch = SCRATCH.get();
        if (scratch[0].length < f) scratch = new float[][] {new float[f], new float[f], new float[f], new float[f]};
        SCRATCH.set(scratch);
        float[] img = scratch[0];
        float[] dx = scratch[1];
        float[] dy = scratch[2];
        float[] tmp = scratch[3];
        for (int i = from; i < to; i++) {
            source.copyRow(i, img, 0);
            distortImage(img, target, i * f, new Rng(epochSeed ^ (0x9E3779B97F4A7C15L * (i + 1))), dx, dy, tmp);
        }
    }

    /** One image into out[off …], with the given generator and scratch arrays of h·w floats. */
    void distortImage(float[] img, float[] out, int off, Rng rng, float[] dx, float[] dy, float[] tmp) {
        int f = h * w;
        // affine part: the inverse map from an output pixel to where it comes from, about the centre
        double theta = StrictMath.toRadians(params.rotationDegrees() * (2 * rng.nextDouble() - 1));
        double sx = 1 + params.scale() * (2 * rng.nextDouble() - 1);
        double sy = 1 + params.scale() * (2 * rng.nextDouble() - 1);
        double shear = params.shear() * (2 * rng.nextDouble() - 1);
        double cos = StrictMath.cos(theta);
        double sin = StrictMath.sin(theta);
        // the image is mapped by M = R(θ)·Sh(shear)·S(sx, sy); each output pixel reads from M⁻¹ of itself:
        // M⁻¹ = S⁻¹·Sh⁻¹·R⁻¹ = [[(cos + shear·sin)/sx, (sin − shear·cos)/sx], [−sin/sy, cos/sy]]
        double a00 = (cos + shear * sin) / sx;
        double a01 = (sin - shear * cos) / sx;
        double a10 = -sin / sy;
        double a11 = cos / sy;
        float cy = (h - 1) / 2f;
        float cx = (w - 1) / 2f;
        if (kernel != null) {
            randomField(dx, rng);
            randomField(dy, rng);
            smooth(dx, tmp);
            smooth(dy, tmp);
        } else {
            java.util.Arrays.fill(dx, 0, f, 0f);
            java.util.Arrays.fill(dy, 0, f, 0f);
        }
        float alpha = kernel != null ? params.alpha() : 0f;
        // a whole-pixel translation, drawn last so that the distortions without one keep their draws:
        // the content moves by (tx, ty), so each output pixel reads from (x − tx, y − ty)
        int tx = 0, ty = 0;
        if (params.shift() > 0) {
            tx = rng.nextInt(2 * params.shift() + 1) - params.shift();
            ty = rng.nextInt(2 * params.shift() + 1) - params.shift();
        }
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double yy = r - cy;
                double xx = c - cx;
                float srcX = (float) (a00 * xx + a01 * yy + cx) + alpha * dx[r * w + c] - tx;
                float srcY = (float) (a10 * xx + a11 * yy + cy) + alpha * dy[r * w + c] - ty;
                out[off + r * w + c] = bilinear(img, srcX, srcY);
            }
        }
    }

    private void randomField(float[] field, Rng rng) {
        int f = h * w;
        for (int i = 0; i < f; i += 2) {
            long bits = rng.nextLong();
            field[i] = (int) (bits >>> 40) * 0x1p-23f - 1f;
            if (i + 1 < f) field[i + 1] = (int) ((bits >>> 16) & 0xFFFFFF) * 0x1p-23f - 1f;
        }
    }

    /** Gaussian blur in place: a vertical pass, a transpose, a vertical pass, a transpose back. */
    private void smooth(float[] field, float[] tmp) {
        verticalBlur(field, tmp, h, w);
        transpose(tmp, field, h, w);
        verticalBlur(field, tmp, w, h);
        transpose(tmp, field, w, h);
    }

    /**
     * out(r, ·) = Σ_t k(t)·in(r + t − radius, ·), rows outside being 0: one axpy per tap over the whole
     * field (out[i] += k·in[i + shift]), vectorized by the element-wise kernels. Each element adds its taps
     * in order t = 0, 1, …, with a fused multiply-add, the same in every kernel and thread.
     */
    private void verticalBlur(float[] in, float[] out, int rows, int cols) {
        int n = rows * cols;
        java.util.Arrays.fill(out, 0, n, 0f);
        for (int t = 0; t < kernel.length; t++) {
            int shift = (t - radius) * cols;
            int from = Math.max(0, -shift);
            int to = Math.min(n, n - shift);
            EW.axpy(kernel[t], in, from + shift, out, from, to - from);
        }
    }

    private static void transpose(float[] in, float[] out, int rows, int cols) {
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) out[c * rows + r] = in[r * cols + c];
    }

    private float bilinear(float[] img, float x, float y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = x - x0;
        float fy = y - y0;
        return (1 - fy) * ((1 - fx) * pixel(img, x0, y0) + fx * pixel(img, x0 + 1, y0))
                + fy * ((1 - fx) * pixel(img, x0, y0 + 1) + fx * pixel(img, x0 + 1, y0 + 1));
    }

    private float pixel(float[] img, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0f : img[y * w + x];
    }
}
