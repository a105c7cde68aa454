package org.backprop4j.data;

import java.util.List;
import org.backprop4j.BadInputException;
import org.backprop4j.tensor.ElementWise;
import org.backprop4j.tensor.Kernels;

/**
 * Labelled examples as one contiguous array, one example per row, plus integer class labels. The array
 * holds floats, or, for images of unsigned bytes (IDX), the bytes themselves and a scale
 * ({@link #ofUnsignedBytes}): every accessor returns the same floats either way. A dataset may be a
 * slice of a larger one (the validation split, {@code --limit}): slices share the arrays, so splitting
 * copies nothing.
 */
public final class Dataset {
    private static final ElementWise EW = Kernels.elementWise();
    private final String name;
    /** The features as floats, or null when they are kept as {@link #bytes}. */
    private final float[] x;
    /** The features as unsigned bytes, each standing for (b &amp; 0xFF)·scale, or null. */
    private final byte[] bytes;
    private final float scale;
    private final int[] labels;
    private final int start;
    private final int size;
    private final int features;
    private final int classes;
    private final int height;
    private final int width;
    /** The name of each class (the CSV labels that were not class numbers, Fashion-MNIST's), or empty. */
    private final List<String> classNames;

    /**
     * @param height image height, or 0 when the features are not an image
     * @param width  image width, or 0
     */
    public Dataset(String name, float[] x, int[] labels, int features, int classes, int height, int width) {
        this(name, x, null, 1f, labels, 0, labels.length, features, classes, height, width, List.of());
    }

    /**
     * Examples held in memory: one row of features per example and its class, 0 to K−1 (K is the largest
     * label plus one). The rows are copied; every row must have the same length and finite values.
     */
    public static Dataset of(String name, float[][] rows, int[] labels) {
        if (rows.length == 0) throw new BadInputException(name + ": no examples");
        if (rows.length != labels.length) throw new BadInputException(name + ": " + rows.length + " rows but " + labels.length + " labels");
        int features = rows[0].length;
        if (features == 0) throw new BadInputException(name + ": rows have no features");
        float[] x = new float[rows.length * features];
        int classes = 0;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != features) {
                throw new BadInputException(name + ": row " + i + " has " + rows[i].length + " features, row 0 has " + features);
            }
            for (int j = 0; j < features; j++) {
                if (!Float.isFinite(rows[i][j])) throw new BadInputException(name + ": row " + i + ", feature " + j + " is " + rows[i][j]);
            }
            if (labels[i] < 0) throw new BadInputException(name + ": label " + i + " is " + labels[i] + "; classes are numbered from 0");
            classes = Math.max(classes, labels[i] + 1);
            System.arraycopy(rows[i], 0, x, i * features, features);
        }
        return new Dataset(name, x, labels.clone(), features, Math.max(classes, 2), 0, 0);
    }

    /**
     * Features kept as unsigned bytes b, each standing for (b &amp; 0xFF)·scale (IDX images: pixel/255):
     * a quarter of the memory of floats (MNIST's training images: 47 MB instead of 188) and of the memory
     * traffic of SGD's gathers of random rows. The floats handed out are exactly those of a float
     * dataset loaded from the same file.
     */
    public static Dataset ofUnsignedBytes(String name, byte[] x, float scale, int[] labels, int features, int classes,
                                          int height, int width) {
        if (!(scale > 0 && Float.isFinite(scale))) throw new IllegalArgumentException(name + ": byte scale must be positive, got " + scale);
        return new Dataset(name, null, x, scale, labels, 0, labels.length, features, classes, height, width, List.of());
    }

    private Dataset(String name, float[] x, byte[] bytes, float scale, int[] labels, int start, int size, int features,
                    int classes, int height, int width, List<String> classNames) {
        long values = x != null ? x.length : bytes.length;
        if ((long) labels.length * features != values) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels of " + features + " features need "
                    + (long) labels.length * features + " values, have " + values);
        }
        if (height * width != 0 && height * width != features) {
            throw new IllegalArgumentException(name + ": image " + height + "x" + width + " is not " + features + " features");
        }
        this.name = name;
        this.x = x;
        this.bytes = bytes;
        this.scale = scale;
        this.labels = labels;
        this.start = start;
        this.size = size;
        this.features = features;
        this.classes = classes;
        this.height = height;
        this.width = width;
        this.classNames = classNames;
    }

    public String name() { return name; }

    /**
     * The fraction of feature values that are exactly 0, estimated on up to 1,024 evenly spaced examples
     * (all of them in smaller sets): 0.81 for MNIST's pixels. Trainers and evaluators use it to choose
     * kernels that skip zeros. Deterministic for given data. Counted at every call (under a millisecond),
     * not remembered: the distorted training set of an epoch is a buffer refilled every epoch.
     */
    public double zeroFraction() {
        if (size == 0 || features == 0) return 0;
        int sample = Math.min(size, 1024);
        long zeros = 0;
        for (int s = 0; s < sample; s++) {
            int row = (int) ((long) s * size / sample);
            int off = (start + row) * features;
            if (x != null) {
                for (int f = 0; f < features; f++) if (x[off + f] == 0) zeros++;
            } else {
                for (int f = 0; f < features; f++) if (bytes[off + f] == 0) zeros++;
            }
        }
        return (double) zeros / ((long) sample * features);
    }

    public int size() { return size; }

    public int features() { return features; }

    public int classes() { return classes; }

    public boolean isImage() { return height > 0; }

    public int height() { return height; }

    public int width() { return width; }

    public int label(int i) { return labels[start + checkIndex(i)]; }

    /** Example i's features copied into {@code out} at {@code outOff}. */
    public void copyRow(int i, float[] out, int outOff) {
        copy((start + checkIndex(i)) * features, out, outOff, features);
    }

    /** n values from offset from of the whole array into out at outOff, as floats. */
    private void copy(int from, float[] out, int outOff, int n) {
        if (x != null) System.arraycopy(x, from, out, outOff, n);
        else EW.unsignedBytesToFloats(bytes, from, scale, out, outOff, n);
    }

    public float[] row(int i) {
        float[] r = new float[features];
        copyRow(i, r, 0);
        return r;
    }

    /** The rows indices[from..from+m) gathered into out (m × features): the mini-batch of SGD. */
    public void gather(int[] indices, int from, int m, float[] out) {
        gather(indices, from, m, out, 0);
    }

    /** The same, writing row r of the batch at row outRow + r of out. */
    public void gather(int[] indices, int from, int m, float[] out, int outRow) {
        for (int r = 0; r < m; r++) copy((start + indices[from + r]) * features, out, (outRow + r) * features, features);
    }

    /** Rows [from, from + m) copied into out without an index (evaluation in order). */
    public void copyRows(int from, int m, float[] out) {
        copy((start + from) * features, out, 0, m * features);
    }

    /** The label of example i, without the bounds check of {@link #label(int)} (for inner loops). */
    public int labelAt(int i) { return labels[start + i]; }

    /** Labels of all rows, aligned with the indices of this slice. */
    public int[] labels() {
        int[] l = new int[size];
        System.arraycopy(labels, start, l, 0, size);
        return l;
    }

    /** The same examples and labels with other features of the same shape (an epoch's distorted images). */
    public Dataset withFeatures(float[] features, String newName) {
        if (features.length < size * this.features) {
            throw new IllegalArgumentException(newName + ": " + features.length + " values for " + size + " examples of " + this.features);
        }
        int[] y = labels();
        float[] x = features.length == size * this.features ? features : java.util.Arrays.copyOf(features, size * this.features);
        return new Dataset(newName, x, null, 1f, y, 0, y.length, this.features, classes, height, width, classNames);
    }

    /** The same examples (sharing the arrays) counted as {@code classes} classes, at least as many as the labels need. */
    public Dataset withClasses(int classes) {
        if (classes == this.classes) return this;
        for (int i = 0; i < size; i++) {
            if (labels[start + i] >= classes) throw new IllegalArgumentException(name + ": label " + labels[start + i] + " needs more than " + classes + " classes");
        }
        return new Dataset(name, x, bytes, scale, labels, start, size, features, classes, height, width, classNames);
    }

    /** The same examples (sharing the arrays) with a name for each class. */
    public Dataset withClassNames(List<String> names) {
        if (!names.isEmpty() && names.size() != classes) throw new IllegalArgumentException(name + ": " + names.size() + " class names for " + classes + " classes");
        return new Dataset(name, x, bytes, scale, labels, start, size, features, classes, height, width, List.copyOf(names));
    }

    /** The name of each class in order, or empty when the classes are only numbered. */
    public List<String> classNames() { return classNames; }

    /** Rows [from, to) of this dataset, sharing its arrays. */
    public Dataset slice(int from, int to, String sliceName) {
        if (from < 0 || to > size || from > to) {
            throw new IllegalArgumentException(name + ": slice [" + from + ", " + to + ") outside 0.." + size);
        }
        return new Dataset(sliceName, x, bytes, scale, labels, start + from, to - from, features, classes, height, width, classNames);
    }

    /** Throws a one-line error if another dataset's examples do not fit this one's shape. */
    public void requireSameShape(Dataset other) {
        if (other.features != features) {
            throw new BadInputException(other.name + " has " + other.features + " features per example but "
                    + name + " has " + features);
        }
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException(name + ": example " + i + " outside 0.." + (size - 1));
        return i;
    }

    @Override
    public String toString() {
        return name + " (" + size + " examples, " + (isImage() ? height + "x" + width : features + " features")
                + ", " + classes + " classes)";
    }
}
