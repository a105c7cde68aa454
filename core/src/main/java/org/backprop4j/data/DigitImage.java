package org.backprop4j.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.backprop4j.BadInputException;

/**
 * Turns a picture of a digit into a network input the way MNIST was made (LeCun et al.): grayscale,
 * light ink on a dark background, the ink's bounding box scaled to fit 20×20 keeping its aspect ratio
 * (area averaging), then placed in a 28×28 field so that its centre of mass is at the centre.
 * Pictures of dark ink on light paper are inverted; transparency counts as background.
 */
public final class DigitImage {
    private static final int SIDE = 28;
    private static final int BOX = 20;

    private DigitImage() {}

    public static float[] read(Path file) {
        BufferedImage img;
        try {
            if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such image file");
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read image (" + e.getMessage() + ")");
        }
        if (img == null) throw new BadInputException(file + ": not an image format Java can read (PNG, JPEG, GIF, BMP)");
        return prepare(toGray(img), img.getWidth(), img.getHeight(), file.toString());
    }

    /** Pictures larger than this on a side are refused before they are decoded (a small file can hold a huge blank image). */
    public static final int MAX_SIDE = 4096;

    /**
     * A picture sent as bytes (PNG, JPEG, GIF, BMP: a canvas a user drew on) to a 28×28 input, as {@link #read(Path)}
     * does for a file; {@code name} names it in errors.
     */
    public static float[] decode(byte[] bytes, String name) {
        BufferedImage img;
        try (var in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(bytes))) {
            var readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) throw new BadInputException(name + ": not an image format Java can read (PNG, JPEG, GIF, BMP)");
            var reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                if (w > MAX_SIDE || h > MAX_SIDE) throw new BadInputException(name + ": " + w + "x" + h + " pixels; at most " + MAX_SIDE + " on a side");
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) throw b;
            throw new BadInputException(name + ": cannot read image (" + e.getMessage() + ")");
        }
        return prepare(toGray(img), img.getWidth(), img.getHeight(), name);
    }

    /** Luminance in [0, 1] over a white background, row-major. */
    static float[] toGray(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] g = new float[w * h];
        boolean alpha = img.getColorModel().hasAlpha();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                double a = alpha ? ((argb >>> 24) & 0xFF) / 255.0 : 1;
                double lum = (0.299 * ((argb >> 16) & 0xFF) + 0.587 * ((argb >> 8) & 0xFF) + 0.114 * (argb & 0xFF)) / 255.0;
                g[y * w + x] = (float) (a * lum + (1 - a)); // composite over white
            }
        }
        return g;
    }

    /** Gray pixels (0 black … 1 white) of a w×h picture to a 28×28 MNIST-style input. */
    public static float[] prepare(float[] gray, int w, int h, String name) {
        // ink = the pixels that differ from the background, whose shade is the border's mean
        double border = 0;
        int nb = 0;
        for (int x = 0; x < w; x++) {
            border += gray[x] + gray[(h - 1) * w + x];
            nb += 2;
        }
        for (int y = 0; y < h; y++) {
            border += gray[y * w] + gray[y * w + w - 1];
            nb += 2;
        }
        boolean lightBackground = border / nb > 0.5;
        float[] ink = new float[w * h];
        float max = 0;
        for (int i = 0; i < ink.length; i++) {
            ink[i] = lightBackground ? 1 - gray[i] : gray[i];
            max = Math.max(max, ink[i]);
        }
        float min = Float.MAX_VALUE;
        for (float v : ink) min = Math.min(min, v);
        if (max - min < 0.1f) throw new BadInputException(name + ": the image has no visible digit (no contrast)");
        for (int i = 0; i < ink.length; i++) ink[i] = (ink[i] - min) / (max - min);

        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (ink[y * w + x] > 0.2f) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        int bw = x1 - x0 + 1;
        int bh = y1 - y0 + 1;
        double scale = (double) BOX / Math.max(bw, bh);
        int tw = Math.max(1, (int) Math.round(bw * scale));
        int th = Math.max(1, (int) Math.round(bh * scale));
        float[] box = resample(ink, w, x0, y0, bw, bh, tw, th);

        // centre of mass of the scaled digit, moved to the centre of the 28×28 field
        double mass = 0, cx = 0, cy = 0;
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                float v = box[y * tw + x];
                mass += v;
                cx += v * (x + 0.5);
                cy += v * (y + 0.5);
            }
        }
        int ox = (int) Math.round(SIDE / 2.0 - cx / mass);
        int oy = (int) Math.round(SIDE / 2.0 - cy / mass);
        ox = Math.max(0, Math.min(SIDE - tw, ox));
        oy = Math.max(0, Math.min(SIDE - th, oy));
        float[] out = new float[SIDE * SIDE];
        for (int y = 0; y < th; y++) System.arraycopy(box, y * tw, out, (oy + y) * SIDE + ox, tw);
        return out;
    }

    /** Area-averaging resample of the bw×bh region at (x0, y0) to tw×th: each output pixel averages what it covers. */
    private static float[] resample(float[] src, int w, int x0, int y0, int bw, int bh, int tw, int th) {
        float[] out = new float[tw * th];
        double sx = (double) bw / tw;
        double sy = (double) bh / th;
        for (int ty = 0; ty < th; ty++) {
            double fy0 = ty * sy;
            double fy1 = fy0 + sy;
            for (int tx = 0; tx < tw; tx++) {
                double fx0 = tx * sx;
                double fx1 = fx0 + sx;
                double sum = 0;
                double area = 0;
                for (int y = (int) fy0; y < Math.min(bh, (int) Math.ceil(fy1)); y++) {
                    double wy = Math.min(fy1, y + 1) - Math.max(fy0, y);
                    for (int x = (int) fx0; x < Math.min(bw, (int) Math.ceil(fx1)); x++) {
                        double wx = Math.min(fx1, x + 1) - Math.max(fx0, x);
                        sum += wx * wy * src[(y0 + y) * w + x0 + x];
                        area += wx * wy;
                    }
                }
                out[ty * tw + tx] = (float) (area == 0 ? 0 : sum / area);
            }
        }
        return out;
    }
}
