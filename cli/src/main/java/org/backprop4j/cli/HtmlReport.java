package org.backprop4j.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.backprop4j.data.Dataset;
import org.backprop4j.eval.Evaluation;
import org.backprop4j.eval.Evaluator;
import org.backprop4j.io.AtomicFiles;
import org.backprop4j.nn.Conv2d;
import org.backprop4j.nn.Dense;
import org.backprop4j.nn.Layer;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Param;
import org.backprop4j.tensor.Matrix;

/**
 * A run as one self-contained HTML file that opens offline: its settings and network, per-epoch curves
 * (inline SVG), the confusion matrix as a heat map, a gallery of misclassified test images, what the
 * first layer learned, and timings. Images are inline PNGs; nothing is fetched from anywhere.
 */
final class HtmlReport {
    private static final int GALLERY = 48;
    private static final int FIRST_LAYER_TILES = 100;

    private HtmlReport() {}

    /** Everything a report shows: the model, its metrics file parsed, and the test data it is scored on. */
    record Run(String name, Network network, Map<String, String> meta, Map<String, Object> metrics, Dataset test, List<String> classNames) {}

    static void write(Path file, Run run) {
        AtomicFiles.writeString(file, html(run));
    }

    static String html(Run run) {
        Network net = run.network();
        float[] outputs = new Evaluator(net).outputs(run.test());
        int k = net.outputSize();
        int n = run.test().size();
        int[] guesses = new int[n];
        int[] answers = new int[n];
        for (int i = 0; i < n; i++) {
            guesses[i] = Matrix.argmaxRow(outputs, i, k);
            answers[i] = run.test().label(i);
        }
        Evaluation e = new Evaluation(Math.max(k, run.test().classes()), guesses, answers, Double.NaN);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < e.classes(); c++) names.add(c < run.classNames().size() ? run.classNames().get(c) : Integer.toString(c));

        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Svg.esc(run.name()))
                .append(" · backprop4j</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>")
                .append(CSS).append("</style></head><body>");
        h.append("<header><h1>").append(Svg.esc(run.name())).append("</h1><p class=\"headline\">")
                .append(String.format(Locale.ROOT, "Test accuracy <b>%.2f%%</b> (%d / %d) on %s", 100 * e.accuracy(), e.correct(), e.total(),
                        Svg.esc(run.test().name())));
        Object best = run.metrics().get("best_validation");
        if (best instanceof Map<?, ?> b) {
            h.append(String.format(Locale.ROOT, " · the model keeps epoch %d, best on validation (%.2f%%)", num(b.get("epoch")).intValue(),
                    100 * num(b.get("validation_acc")).doubleValue()));
        }
        h.append("</p></header>");

        section(h, "Curves");
        List<Map<String, Object>> epochs = epochs(run.metrics());
        h.append("<div class=\"charts\">");
        h.append(Svg.lineChart("Accuracy", List.of(new Svg.Series("training", "#1f77b4", series(epochs, "train_acc")),
                new Svg.Series("validation", "#ff7f0e", series(epochs, "validation_acc")),
                new Svg.Series("test", "#2ca02c", series(epochs, "test_acc"))), "accuracy", Svg.Scale.PERCENT));
        h.append(Svg.lineChart("Cost", List.of(new Svg.Series("training", "#1f77b4", series(epochs, "train_cost")),
                new Svg.Series("validation", "#ff7f0e", series(epochs, "validation_cost")),
                new Svg.Series("test", "#2ca02c", series(epochs, "test_cost"))), "cost (log scale)", Svg.Scale.LOG));
        h.append(Svg.lineChart("Learning rate", List.of(new Svg.Series("η", "#9467bd", series(epochs, "eta"))), "η", Svg.Scale.FROM_ZERO));
        h.append(Svg.lineChart("Seconds per epoch", List.of(new Svg.Series("training", "#8c564b", series(epochs, "epoch_s")),
                new Svg.Series("evaluation", "#7f7f7f", series(epochs, "eval_s"))), "seconds", Svg.Scale.FROM_ZERO));
        h.append("</div>");

        section(h, "Confusion matrix (test)");
        h.append("<div class=\"row\">").append(Svg.confusion(e.confusionMatrix(), names)).append("<table class=\"small\"><tr><th>class</th><th>precision</th>"
                + "<th>recall</th><th>F1</th></tr>");
        for (int c = 0; c < e.classes(); c++) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.3f</td><td>%.3f</td><td>%.3f</td></tr>", Svg.esc(names.get(c)), e.precision(c),
                    e.recall(c), e.f1(c)));
        }
        h.append("</table></div>");

        boolean image = run.test().isImage();
        section(h, "Misclassified test images");
        if (!image) {
            h.append("<p>The examples are not images.</p>");
        } else {
            h.append("<p>The first ").append(GALLERY).append(" the model gets wrong: its guess with its confidence, then the answer.</p><div class=\"gallery\">");
            int shown = 0;
            for (int i = 0; i < n && shown < GALLERY; i++) {
                if (guesses[i] == answers[i]) continue;
                shown++;
                float conf = outputs[i * k + guesses[i]];
                h.append("<figure><img class=\"digit\" alt=\"test image ").append(i).append("\" src=\"").append(png(run.test().row(i),
                        run.test().height(), run.test().width(), false)).append("\"><figcaption>")
                        .append(String.format(Locale.ROOT, "#%d<br>guess <b>%s</b> %.0f%%<br>answer %s", i, Svg.esc(names.get(guesses[i])), 100 * conf,
                                Svg.esc(names.get(answers[i]))))
                        .append("</figcaption></figure>");
            }
            h.append("</div>");
        }

        section(h, "What the first layer learned");
        firstLayer(h, net, run.test());

        section(h, "Network");
        h.append("<table><tr><th>#</th><th>layer</th><th>output</th><th>parameters</th></tr>");
        h.append("<tr><td></td><td>input</td><td>").append(net.inputShape()).append("</td><td></td></tr>");
        List<Layer> layers = net.layers();
        for (int l = 0; l < layers.size(); l++) {
            long p = 0;
            for (Param q : layers.get(l).params()) p += q.size();
            h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%s</td><td>%s</td><td class=\"num\">%,d</td></tr>", l + 1, Svg.esc(layers.get(l).spec()),
                    layers.get(l).outputShape(), p));
        }
        h.append(String.format(Locale.ROOT, "<tr><td></td><td><b>total</b></td><td></td><td class=\"num\"><b>%,d</b></td></tr></table>", net.parameterCount()));

        section(h, "Settings");
        h.append("<table>");
        if (run.metrics().get("config") instanceof Map<?, ?> config) {
            for (Map.Entry<?, ?> c : config.entrySet()) row(h, String.valueOf(c.getKey()), shown(c.getValue()));
        }
        for (String key : List.of("dataset", "kernels", "backprop4j")) {
            if (run.metrics().get(key) != null) row(h, key, String.valueOf(run.metrics().get(key)));
        }
        h.append("</table>");

        section(h, "Timings");
        double train = 0, eval = 0;
        for (Map<String, Object> ep : epochs) {
            train += num(ep.get("epoch_s")).doubleValue();
            eval += num(ep.get("eval_s")).doubleValue();
        }
        h.append(String.format(Locale.ROOT, "<p>%d epochs: %.1f s training (%.2f s per epoch), %.1f s evaluating.</p>", epochs.size(), train,
                epochs.isEmpty() ? 0 : train / epochs.size(), eval));
        h.append("<footer>Written by backprop4j from ").append(Svg.esc(run.name())).append("; this file needs no network.</footer></body></html>\n");
        return h.toString();
    }

    /** Dense: each unit's weights as an image of the input; conv: each filter (first input channel). Blue negative, red positive. */
    private static void firstLayer(StringBuilder h, Network net, Dataset test) {
        Layer first = net.layers().get(0);
        int tiles;
        int th, tw;
        float[] w;
        if (first instanceof Dense d && test.isImage() && d.inputSize() == test.height() * test.width()) {
            w = d.weights().value().values(); // out × in, as in the notes
            tiles = Math.min(FIRST_LAYER_TILES, d.outputSize());
            th = test.height();
            tw = test.width();
            h.append("<p>The weights into each of the first ").append(tiles).append(" of ").append(d.outputSize())
                    .append(" units, laid out as the input image.</p>");
        } else if (first instanceof Conv2d c) {
            w = c.weights().value().values(); // [out, in, kh, kw]
            tiles = c.geometry().outChannels();
            th = c.geometry().kernelHeight();
            tw = c.geometry().kernelWidth();
            h.append("<p>The ").append(tiles).append(" filters of ").append(th).append("×").append(tw)
                    .append(c.geometry().inChannels() > 1 ? " (first input channel)" : "").append(".</p>");
        } else {
            h.append("<p>The first layer's weights do not form images of the input.</p>");
            return;
        }
        int stride = w.length / (first instanceof Conv2d c ? c.geometry().outChannels() : ((Dense) first).outputSize());
        h.append("<div class=\"tiles\">");
        for (int t = 0; t < tiles; t++) {
            float[] tile = new float[th * tw];
            System.arraycopy(w, t * stride, tile, 0, tile.length);
            h.append("<img class=\"tile\" alt=\"unit ").append(t + 1).append("\" src=\"").append(png(tile, th, tw, true)).append("\">");
        }
        h.append("</div>");
    }

    /** A PNG data URI: grey levels for pixels in [0, 1], or blue-white-red for signed weights scaled by their largest magnitude. */
    static String png(float[] v, int height, int width, boolean signed) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        float max = 1e-12f;
        if (signed) for (float f : v) max = Math.max(max, Math.abs(f));
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float f = v[y * width + x];
                int rgb;
                if (signed) {
                    float t = Math.max(-1, Math.min(1, f / max));
                    int a = Math.round(255 * (1 - Math.abs(t)));
                    rgb = t >= 0 ? (255 << 16) | (a << 8) | a : (a << 16) | (a << 8) | 255;
                } else {
                    int g = 255 - Math.round(255 * Math.max(0, Math.min(1, f))); // ink dark on white paper
                    rgb = (g << 16) | (g << 8) | g;
                }
                img.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            // in memory: ImageIO's file cache registers a shutdown hook, which fails in a run stopped by Ctrl-C
            ImageIO.setUseCache(false);
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> epochs(Map<String, Object> metrics) {
        Object e = metrics.get("epochs");
        return e instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private static double[] series(List<Map<String, Object>> epochs, String key) {
        double[] y = new double[epochs.size()];
        for (int i = 0; i < y.length; i++) {
            Object v = epochs.get(i).get(key);
            y[i] = v instanceof Number num ? num.doubleValue() : Double.NaN;
        }
        return y;
    }

    /** A parsed JSON value as it was written: whole numbers without ".0". */
    private static String shown(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
        return String.valueOf(v);
    }

    private static Number num(Object o) { return o instanceof Number n ? n : Double.NaN; }

    private static void section(StringBuilder h, String title) { h.append("<h2>").append(Svg.esc(title)).append("</h2>"); }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><td>").append(Svg.esc(k)).append("</td><td>").append(Svg.esc(v)).append("</td></tr>");
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1000px;padding:0 16px;color:#222;background:#fff}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
            .headline{color:#444;margin:0}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:12px}
            svg text{font:11px system-ui,sans-serif;fill:#333}svg .title{font-size:13px;font-weight:600}svg .axis{fill:#555}
            svg .grid{stroke:#eee}svg .frame{fill:none;stroke:#bbb}svg .series{fill:none;stroke-width:2}svg .count{font-size:11px}
            table{border-collapse:collapse;margin:4px 0}td,th{border-bottom:1px solid #eee;padding:3px 10px;text-align:left}td.num{text-align:right}
            .row{display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start}.small td,.small th{padding:2px 8px}
            .gallery{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0;width:84px;text-align:center;font-size:11px}
            img.digit{width:84px;height:84px;image-rendering:pixelated;border:1px solid #ccc}
            .tiles{display:flex;flex-wrap:wrap;gap:3px}img.tile{width:56px;height:56px;image-rendering:pixelated;border:1px solid #ddd}
            footer{margin:32px 0 8px;color:#888;font-size:12px}
            """;
}
