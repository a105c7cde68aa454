package org.backprop4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: output, exit codes and one-line errors. */
class CliTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @TempDir
    static Path dir;
    static Path small;

    /** A 600/200-image slice of the real MNIST, written as an IDX directory of its own. */
    @BeforeAll
    static void smallMnist() throws IOException {
        Datasets.Split mnist = TestData.mnistOrSkip();
        small = Files.createDirectory(dir.resolve("small-mnist"));
        writeIdx(small, "train", mnist.train().slice(0, 600, "t"));
        writeIdx(small, "t10k", mnist.test().slice(0, 200, "t"));
    }

    static void writeIdx(Path d, String prefix, Dataset data) throws IOException {
        int n = data.size();
        ByteBuffer img = ByteBuffer.allocate(16 + n * 784);
        img.putInt(0x00000803).putInt(n).putInt(28).putInt(28);
        float[] row = new float[784];
        for (int i = 0; i < n; i++) {
            data.copyRow(i, row, 0);
            for (float v : row) img.put((byte) Math.round(v * 255));
        }
        ByteBuffer lab = ByteBuffer.allocate(8 + n);
        lab.putInt(0x00000801).putInt(n);
        for (int i = 0; i < n; i++) lab.put((byte) data.label(i));
        Files.write(d.resolve(prefix + "-images-idx3-ubyte"), img.array());
        Files.write(d.resolve(prefix + "-labels-idx1-ubyte"), lab.array());
    }

    @Test
    void perceptronPrintsTheDecisionTable() {
        Run r = run("perceptron");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(1,1,0)       7         0         1"), r.out());
        assertTrue(r.out().contains("the same decision for all 8 inputs"), r.out());
    }

    @Test
    void trainEvaluateAndPredictOnASmallDataset() throws IOException {
        Path model = dir.resolve("m.bp4j");
        Path metrics = dir.resolve("m.json");
        Run t = run("train", "--dataset", small.toString(), "--layers", "784,30,10", "--epochs", "3", "--validation", "100",
                "--model-out", model.toString(), "--metrics-out", metrics.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("Each epoch trains on 500 examples in 16 mini-batches of 32"), t.out());
        assertTrue(t.out().lines().anyMatch(l -> l.matches("Epoch 1: training cost \\d\\.\\d{4}  validation \\d+\\.\\d\\d%  test \\d+\\.\\d\\d% \\(\\d+ / 200\\)"
                + "  learning rate 0\\.05\\d*  \\d+\\.\\d\\d s")), t.out());
        assertFalse(t.out().contains("\r"), "no progress bar off a terminal");
        assertTrue(t.out().contains("Confusion matrix"), t.out());
        String json = Files.readString(metrics);
        assertTrue(json.contains("\"test_acc\"") && json.contains("\"epoch_s\"") && json.contains("\"validation_acc\""), json);
        assertTrue(Files.exists(model));

        Run e = run("evaluate", model.toString(), "--dataset", small.toString(), "--misclassified", "5");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("Test (") && e.out().contains("Per class:") && e.out().contains("index guess answer"), e.out());

        Run p = run("predict", model.toString(), "--index", "3", "--dataset", small.toString(), "--show");
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("Prediction: ") && p.out().contains("(answer "), p.out());

        // the same test image as a PNG, dark ink on white and four times the size: prepared like MNIST, it is
        // the image the network saw, up to resampling (so the weak model here need not give it the same answer)
        Dataset test = Datasets.load(small.toString(), dir, 1, 0.2).test();
        float[] x = test.row(3);
        BufferedImage png = new BufferedImage(112, 112, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 112; y++) {
            for (int xx = 0; xx < 112; xx++) {
                int v = 255 - Math.round(255 * x[(y / 4) * 28 + xx / 4]);
                png.setRGB(xx, y, (v << 16) | (v << 8) | v);
            }
        }
        Path image = dir.resolve("digit.png");
        ImageIO.write(png, "png", image.toFile());
        float[] prepared = org.backprop4j.data.DigitImage.read(image);
        double r = correlation(prepared, x);
        for (int i = 0; i < test.size(); i++) { // it is nearer its own image than any other test image
            if (i != 3) assertTrue(correlation(prepared, test.row(i)) < r, "the prepared PNG is nearer test image " + i + " than its own (" + r + ")");
        }
        Run q = run("predict", model.toString(), image.toString());
        assertEquals(0, q.code(), q.err());
        assertTrue(q.out().startsWith("Prediction: "), q.out());
    }

    static double correlation(float[] a, float[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) { ma += a[i]; mb += b[i]; }
        ma /= a.length;
        mb /= b.length;
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** A convolutional network from --net: trained, saved (format version 3), evaluated and used to predict. */
    @Test
    void convolutionalNetworkTrainsEvaluatesAndPredicts() throws IOException {
        Path model = dir.resolve("cnn.bp4j");
        Run t = run("train", "--dataset", small.toString(), "--net", "conv 4 5x5 relu, maxpool 2, conv 6 3x3 relu same, avgpool 2, dropout 0.25,"
                + " dense 16 relu, batchnorm tanh, dense 10 softmax", "--epochs", "2", "--validation", "100", "--batch-size", "16",
                "--model-out", model.toString(), "--metrics-out", dir.resolve("cnn.json").toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("conv 4 5x5 relu") && t.out().contains("4x24x24") && t.out().contains("6x6x6"), t.out());
        assertTrue(t.out().contains("Epoch 2: "), t.out());
        Run e = run("evaluate", model.toString(), "--dataset", small.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("conv 4 5x5 relu") && e.out().contains("Test ("), e.out());
        Run p = run("predict", model.toString(), "--index", "0", "--dataset", small.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("Prediction: "), p.out());
    }

    @Test
    void badNetworksAreOneLineErrorsNamingTheLayer() {
        Run r = run("train", "--dataset", small.toString(), "--net", "conv 4 5x5 relu, maxpool x, dense 10 softmax");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("layer 2 'maxpool x'"), r.err());

        r = run("train", "--dataset", small.toString(), "--net", "conv 4 5x5 relu, maxpool 30, dense 10 softmax", "--epochs", "1", "--validation", "0");
        assertEquals(2, r.code(), r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("layer 2 'maxpool 30'") && r.err().contains("24x24"), r.err());

        r = run("train", "--dataset", small.toString(), "--net", "dense 10 softmax, dense 10 relu", "--epochs", "1", "--validation", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("layer 1 'dense 10 softmax': softmax can only be the last layer's activation"), r.err());

        r = run("train", "--net", "dense 10 softmax", "--layers", "784,10");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--layers describes a dense stack"), r.err());

        r = run("train", "--preset", "nielsen-ch6-conv", "--dropout", "0.5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--dropout describes a dense stack") && r.err().contains("from the preset"), r.err());

        r = run("train", "--net", "conv 4 5x5 relu same valid, dense 10 softmax");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("two paddings"), r.err());

        r = run("train", "--net", "conv +4 5x5 relu, dense 10 softmax");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'+4'"), r.err());

        r = run("train", "--dataset", small.toString(), "--shift", "28", "--epochs", "1", "--validation", "0");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--shift 28"), r.err());

        r = run("train", "--threads", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--threads must be at least 1, got 0"), r.err());

        r = run("ensemble", "--members", "2", "--etaa", "0.1");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--etaa"), r.err());
    }

    /** Two members trained from consecutive seeds, and their vote; evaluate votes the same way given both files. */
    @Test
    void ensembleTrainsItsMembersAndVotes() throws IOException {
        Path out = dir.resolve("ensemble");
        Run r = run("ensemble", "--members", "2", "--seed", "7", "--out-dir", out.toString(), "--dataset", small.toString(),
                "--layers", "784,20,10", "--epochs", "2", "--validation", "100");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("member 1 of 2, seed 7") && r.out().contains("member 2 of 2, seed 8"), r.out());
        assertTrue(r.out().contains("Vote ("), r.out());
        String vote = r.out().lines().filter(l -> l.startsWith("Vote (")).findFirst().orElseThrow();
        Run e = run("evaluate", out.resolve("member-1.bp4j").toString(), out.resolve("member-2.bp4j").toString(), "--dataset", small.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains(vote), vote + " again from evaluate:\n" + e.out());

        Run bad = run("ensemble", "--members", "2", "--model-out", "x.bp4j");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--model-out cannot be given to ensemble"), bad.err());

        // two at a time, on one thread each: the same models as one after the other on all cores
        Path together = dir.resolve("ensemble-jobs");
        Run j = run("ensemble", "--members", "3", "--jobs", "2", "--combine", "mean", "--seed", "7", "--out-dir", together.toString(),
                "--dataset", small.toString(), "--layers", "784,20,10", "--epochs", "2", "--validation", "100");
        assertEquals(0, j.code(), j.err());
        for (String m : List.of("member-1.bp4j", "member-2.bp4j")) {
            assertArrayEquals(Files.readAllBytes(out.resolve(m)), Files.readAllBytes(together.resolve(m)), m + " with --jobs 2");
        }
        assertTrue(j.out().lines().anyMatch(l -> l.startsWith("[member 2] Epoch 2: ")), j.out());
        // two at a time share the cores; the last, alone, takes them all
        int cores = Kernels.defaultThreads();
        String shared = Math.max(1, cores / 2) + (cores / 2 > 1 ? " threads" : " thread");
        String all = cores + (cores > 1 ? " threads" : " thread");
        assertTrue(j.out().lines().anyMatch(l -> l.startsWith("[member 1] kernels: ") && l.matches(".*, " + shared + "[, ].*")), j.out());
        assertTrue(j.out().lines().anyMatch(l -> l.startsWith("[member 3] kernels: ") && l.matches(".*, " + all + "[, ].*")), j.out());
        assertTrue(j.out().lines().noneMatch(l -> l.startsWith("Epoch ")), "every member's line is tagged:\n" + j.out());
        assertTrue(j.out().contains("Mean ("), j.out());
        Run mean = run("evaluate", "--combine", "mean", together.resolve("member-1.bp4j").toString(), together.resolve("member-2.bp4j").toString(),
                together.resolve("member-3.bp4j").toString(),
                "--dataset", small.toString());
        String meanLine = j.out().lines().filter(l -> l.startsWith("Mean (")).findFirst().orElseThrow();
        assertTrue(mean.out().contains(meanLine), meanLine + " again from evaluate:\n" + mean.out());

        // the 100 examples the members held out, for choosing without the test set
        Run v = run("evaluate", "--split", "validation", "--combine", "mean", together.resolve("member-1.bp4j").toString(),
                together.resolve("member-2.bp4j").toString());
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().lines().anyMatch(l -> l.startsWith("Mean (") && l.endsWith(" / 100)")), v.out());

        Run one = run("evaluate", "--split", "validation", together.resolve("member-1.bp4j").toString());
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().lines().anyMatch(l -> l.startsWith("Validation (") && l.contains(" / 100)")), one.out());

        Path noneHeldOut = dir.resolve("none-held-out.bp4j");
        assertEquals(0, run("train", "--dataset", small.toString(), "--layers", "784,10", "--epochs", "1", "--validation", "0",
                "--model-out", noneHeldOut.toString()).code());
        Run none = run("evaluate", "--split", "validation", noneHeldOut.toString());
        assertEquals(1, none.code());
        assertEquals(1, none.err().lines().count(), none.err());
        assertTrue(none.err().contains(noneHeldOut + " held out no training examples for validation"), none.err());

        Run badJobs = run("ensemble", "--members", "2", "--jobs", "0");
        assertEquals(2, badJobs.code());
        assertTrue(badJobs.err().contains("--jobs must be at least 1"), badJobs.err());
        Run badCombine = run("evaluate", "--combine", "median", together.resolve("member-1.bp4j").toString());
        assertEquals(2, badCombine.code());
        assertTrue(badCombine.err().contains("--combine is vote or mean, got 'median'"), badCombine.err());
        Run badSplit = run("evaluate", "--split", "validation", "--dataset", small.toString(), together.resolve("member-1.bp4j").toString());
        assertEquals(2, badSplit.code());
        assertTrue(badSplit.err().contains("drop --dataset"), badSplit.err());
    }

    @Test
    void corruptIdxFileIsOneLineAndNonZero() throws IOException {
        Path bad = Files.createDirectory(dir.resolve("corrupt"));
        for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            Files.copy(small.resolve(f), bad.resolve(f));
        }
        byte[] images = Files.readAllBytes(bad.resolve("train-images-idx3-ubyte"));
        Files.write(bad.resolve("train-images-idx3-ubyte"), Arrays.copyOf(images, images.length - 1000));
        Run r = run("train", "--dataset", bad.toString(), "--epochs", "1");
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("train-images-idx3-ubyte") && r.err().contains("truncated"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void truncatedModelIsOneLineAndNonZero() throws IOException {
        Path model = dir.resolve("t.bp4j");
        Run t = run("train", "--dataset", small.toString(), "--layers", "784,10,10", "--epochs", "1", "--validation", "0",
                "--model-out", model.toString(), "--metrics-out", dir.resolve("t.json").toString());
        assertEquals(0, t.code(), t.err());
        byte[] bytes = Files.readAllBytes(model);
        Path cut = dir.resolve("cut.bp4j");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        Run r = run("evaluate", cut.toString(), "--dataset", small.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("cut.bp4j") && r.err().contains("truncated"), r.err());
    }

    @Test
    void badFlagValuesAreOneLineUsageErrors() {
        Run r = run("train", "--eta", "fast");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--eta") && r.err().contains("fast"), r.err());

        r = run("train", "--activation", "swish", "--dataset", small.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown activation 'swish'"), r.err());

        r = run("train", "--layers", "784,x,10");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--layers"), r.err());

        r = run("train", "--dataset", small.toString(), "--layers", "100,10", "--epochs", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--layers") && r.err().contains("784 features"), r.err());

        r = run("train", "--preset", "nope");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown preset 'nope'"), r.err());
    }

    @Test
    void trainWritesASelfContainedReportAndReportRebuildsIt() throws IOException {
        Path model = dir.resolve("rep.bp4j");
        Run t = run("train", "--dataset", small.toString(), "--net", "conv 4 5x5 relu, maxpool 2, dense 10 softmax", "--epochs", "2",
                "--validation", "100", "--model-out", model.toString());
        assertEquals(0, t.code(), t.err());
        Path html = dir.resolve("rep.html");
        assertTrue(t.out().contains("Report written to " + html), t.out());
        String page = Files.readString(html);
        assertFalse(page.contains("http:") || page.contains("https:") || page.contains("<script"), "nothing fetched, nothing run");
        assertEquals(4, page.split("<svg class=\"chart\"", -1).length - 1, "four charts");
        assertTrue(page.split("<path d=\"M", -1).length - 1 >= 7, "their lines are drawn");
        assertTrue(page.contains("<svg class=\"heat\"") && page.split("<rect x=", -1).length > 100, "the confusion heat map");
        assertTrue(page.contains("<img class=\"digit\"") && page.contains("data:image/png;base64,"), "the gallery");
        assertEquals(4, page.split("<img class=\"tile\"", -1).length - 1, "the 4 filters");
        assertTrue(page.contains("conv 4 5x5 relu") && page.contains("4x24x24"), "the network");

        Files.delete(html);
        Run r = run("report", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(html).contains("<svg class=\"heat\""));
        Path other = dir.resolve("other.html");
        r = run("report", dir.resolve("rep.metrics.json").toString(), "--out", other.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(other).contains("<img class=\"tile\""));

        Path notMetrics = Files.writeString(dir.resolve("x.json"), "{\"a\": 1}");
        r = run("report", notMetrics.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("x.json: not a backprop4j metrics file"), r.err());
        r = run("report", Files.writeString(dir.resolve("y.metrics.json"), "{\"format\": ").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("y.metrics.json: not valid JSON at character"), r.err());
    }

    @Test
    void validationIsACountOrAFraction() {
        Run r = run("train", "--dataset", small.toString(), "--layers", "784,10,10", "--epochs", "1", "--validation", "10%", "--model-out", dir.resolve("v1.bp4j").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Data " + small + ": 540 training, 60 validation, 200 test examples"), r.out());
        r = run("train", "--dataset", small.toString(), "--layers", "784,10,10", "--epochs", "1", "--validation", "0.25", "--model-out", dir.resolve("v2.bp4j").toString());
        assertTrue(r.out().contains(": 450 training, 150 validation"), r.out());
        r = run("train", "--dataset", small.toString(), "--layers", "784,10,10", "--epochs", "1", "--validation", "100", "--model-out", dir.resolve("v3.bp4j").toString());
        assertTrue(r.out().contains(": 500 training, 100 validation"), r.out());
        r = run("train", "--dataset", small.toString(), "--layers", "784,10,10", "--epochs", "1", "--validation", "100", "--expand", "shifts", "--model-out", dir.resolve("v4.bp4j").toString());
        assertTrue(r.out().contains("Each epoch trains on 2500 examples (the 500 and their four 1-pixel shifts) in 79 mini-batches of 32"), r.out());
        r = run("train", "--dataset", small.toString(), "--validation", "lots");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--validation must be a count (5000) or a fraction (0.1 or 10%), got 'lots'"), r.err());
        r = run("train", "--dataset", small.toString(), "--validation", "1.5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--validation must be in [0, 1), got 1.5"), r.err());
    }

    @Test
    void missingDatasetSaysHowToFetch() {
        Run r = run("baseline", "--dataset", dir.resolve("no-such-dir").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not found"), r.err());
    }

    @Test
    void divergenceStopsWithAOneLineMessage() {
        Run r = run("train", "--dataset", small.toString(), "--layers", "784,30,10", "--activation", "relu", "--output", "identity",
                "--cost", "quadratic", "--eta", "1000", "--epochs", "2", "--validation", "0", "--model-out", dir.resolve("d.bp4j").toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("diverged") && r.err().contains("--eta"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void helpNamesTheLauncherCommandsAndTheDefaults() {
        Run top = run("--help");
        assertEquals(0, top.code(), top.err());
        assertTrue(top.out().contains("  fetch ") && top.out().contains("  test "), top.out());
        Run train = run("train", "--help");
        assertEquals(0, train.code(), train.err());
        String flat = train.out().replaceAll("\\s+", " ");
        assertTrue(flat.contains("--layers 784,256,10, --activation relu") && flat.contains("--eta 0.05") && flat.contains("--batch-size 32"), flat);
        // every setting the footer lists is a flag of train
        Matcher m = Pattern.compile("(--[a-z-]+) [^,]+,").matcher(flat.substring(flat.indexOf("default preset's:")));
        int flags = 0;
        while (m.find()) {
            assertTrue(flat.contains(m.group(1) + "="), m.group(1) + " is not a flag");
            flags++;
        }
        assertTrue(flags >= 10, flat);
    }

    @Test
    void aCostFarAboveItsStartStopsTheRunThoughItNeverBecameNaN() {
        // softmax and NLL at η = 1000: the cost stays finite (about 10^12), the network learns nothing
        Run r = run("train", "--dataset", small.toString(), "--eta", "1000", "--epochs", "3", "--validation", "0",
                "--model-out", dir.resolve("far.bp4j").toString());
        assertEquals(1, r.code(), r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("epoch 1: training diverged: the cost rose to") && r.err().contains("lower --eta"), r.err());
        assertFalse(r.out().contains("Epoch 1:"), r.out());
    }

    @Test
    void softmaxOnAHiddenLayerAndABadTestFractionAreUsageErrors() {
        Run r = run("train", "--dataset", small.toString(), "--activation", "softmax", "--epochs", "1");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--activation softmax: softmax can only be the output layer's activation"), r.err());
        Run f = run("train", "--dataset", small.toString(), "--test-fraction", "2", "--epochs", "1");
        assertEquals(2, f.code(), f.out());
        assertTrue(f.err().contains("--test-fraction must be between 0 and 1, got 2.0"), f.err());
    }

    @Test
    void benchRejectsZeroThreads() {
        Run r = run("bench", "--config", "nielsen", "--threads", "0");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--threads must be at least 1"), r.err());
    }

    @Test
    void benchPrintsAnEpochLineAndASummaryWithInferenceTimes() {
        Run r = run("bench", "--config", "nielsen", "--epochs", "1");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).matches("\\{\"config\":\"nielsen\",\"epoch\":1,\"epoch_s\":[0-9.]+,\"test_acc\":0\\.9[0-9]*,.*"), lines.get(0));
        String summary = lines.get(1);
        for (String key : List.of("best_epoch_s", "gflops", "examples_per_s", "infer_us_median", "eval_10k_ms")) {
            Matcher m = Pattern.compile("\"" + key + "\":([0-9.]+)").matcher(summary);
            assertTrue(m.find(), key + " missing from " + summary);
            assertTrue(Double.parseDouble(m.group(1)) > 0, key + " in " + summary);
        }
    }

    @Test
    void newRunRefusesADirectoryWithAnotherRunsCheckpoints() throws IOException {
        Path checkpoints = dir.resolve("ck");
        Run first = run("train", "--dataset", small.toString(), "--layers", "784,10,10", "--epochs", "1", "--validation", "0",
                "--checkpoint-dir", checkpoints.toString(), "--model-out", dir.resolve("ck1.bp4j").toString());
        assertEquals(0, first.code(), first.err());
        Run second = run("train", "--dataset", small.toString(), "--layers", "784,10,10", "--epochs", "1", "--validation", "0",
                "--checkpoint-dir", checkpoints.toString(), "--model-out", dir.resolve("ck2.bp4j").toString());
        assertEquals(1, second.code());
        assertEquals(1, second.err().lines().count(), second.err());
        assertTrue(second.err().contains("already holds checkpoints") && second.err().contains("--resume"), second.err());
        assertFalse(Files.exists(dir.resolve("ck2.bp4j")));
    }

    @Test
    void evaluateUsesTheTestFractionTheModelWasTrainedWith() throws IOException {
        // 40 rows of two separable classes; training holds out a quarter, so evaluation must see 10 rows
        StringBuilder csv = new StringBuilder("label,a,b\n");
        for (int i = 0; i < 40; i++) csv.append(i % 2).append(',').append(i % 2 == 0 ? 0.1 : 0.9).append(',').append((i % 5) / 10.0).append('\n');
        Path file = dir.resolve("two.csv");
        Files.writeString(file, csv);
        Path model = dir.resolve("two.bp4j");
        Run t = run("train", "--dataset", file.toString(), "--test-fraction", "0.25", "--layers", "2,4,2", "--epochs", "2",
                "--validation", "0", "--model-out", model.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("/ 10"), t.out());
        Run e = run("evaluate", model.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().matches("(?s).*accuracy: [0-9.]+% \\(\\d+ / 10\\).*"), e.out());
    }

    /** Rows like Fisher's iris: four measurements, then the species, in three well-separated clusters. */
    static String speciesRows(int perClass, long seed) {
        String[] names = {"setosa", "versicolor", "virginica"};
        double[][] centers = {{5.0, 3.4, 1.5, 0.2}, {5.9, 2.8, 4.3, 1.3}, {6.6, 3.0, 5.6, 2.0}};
        java.util.Random r = new java.util.Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < perClass * 3; i++) {
            int k = i % 3;
            sb.append(names[k]);
            for (double c : centers[k]) sb.append(',').append(String.format(java.util.Locale.ROOT, "%.1f", c + 0.2 * r.nextGaussian()));
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void aCsvWithStringLabelsTrainsWithNoOtherFlagAndItsModelClassifiesNewRows() throws IOException {
        Path file = dir.resolve("species.csv");
        Files.writeString(file, speciesRows(50, 1));
        Path model = dir.resolve("species.bp4j");
        Run t = run("train", "--dataset", file.toString(), "--model-out", model.toString());
        assertEquals(0, t.code(), t.err());
        // the default 784-256-10 stack takes the data's 4 features and 3 classes; a sixth of 120 rows validates
        assertTrue(t.out().contains("Network 4-256-3:"), t.out());
        assertTrue(t.out().contains("species.csv: 100 training, 20 validation, 30 test examples"), t.out());
        assertTrue(t.out().contains("Classes: 0 setosa, 1 versicolor, 2 virginica"), t.out());
        Matcher acc = Pattern.compile("Test accuracy: ([0-9.]+)%").matcher(t.out());
        assertTrue(acc.find(), t.out());
        assertTrue(Double.parseDouble(acc.group(1)) >= 90, t.out());

        // new rows, with a header, without the label, in the units of the training file
        Path rows = dir.resolve("new-rows.csv");
        Files.writeString(rows, "sepal_length,sepal_width,petal_length,petal_width\n6.7,3.0,5.7,2.1\n5.0,3.5,1.4,0.3\n5.8,2.7,4.2,1.2\n");
        Run p = run("predict", model.toString(), rows.toString());
        assertEquals(0, p.code(), p.err());
        List<String> lines = p.out().lines().toList();
        assertEquals(3, lines.size(), p.out());
        assertTrue(lines.get(0).startsWith("row 1: virginica  p "), p.out());
        assertTrue(lines.get(1).startsWith("row 2: setosa  p "), p.out());
        assertTrue(lines.get(2).startsWith("row 3: versicolor  p "), p.out());
        // the same rows with their species in the training file's column show it as the answer
        Path labelled = dir.resolve("labelled-rows.csv");
        Files.writeString(labelled, "virginica,6.7,3.0,5.7,2.1\n");
        Run q = run("predict", model.toString(), labelled.toString());
        assertEquals(0, q.code(), q.err());
        assertTrue(q.out().startsWith("row 1: virginica  p ") && q.out().contains("(answer virginica)"), q.out());
        Run e = run("evaluate", model.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("(30 / 30)") || e.out().matches("(?s).*\\(\\d+ / 30\\).*"), e.out());
        assertTrue(e.out().contains("  virginica"), e.out());
    }
}
