package org.backprop4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.backprop4j.BadInputException;
import org.backprop4j.data.Dataset;
import org.backprop4j.io.Json;
import org.backprop4j.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes a run's HTML report (train writes one beside every model): settings and network, curves per epoch,",
                "the confusion matrix, misclassified test images, the first layer's weights, timings. One file, no network needed."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL|METRICS", description = "A model file (its metrics file beside it, NAME.metrics.json) or a metrics file.")
    Path path;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the report (default: beside the model, NAME.html).")
    Path outFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String p = path.toString();
        Path model;
        Path metrics;
        if (p.endsWith(".json")) {
            metrics = path;
            Map<String, Object> m = readMetrics(metrics);
            model = m.get("model") instanceof String s ? Path.of(s) : Path.of(p.replaceFirst("(\\.metrics)?\\.json$", "") + ".bp4j");
        } else {
            model = path;
            metrics = Path.of(p.replaceFirst("\\.bp4j$", "") + ".metrics.json");
            if (!Files.isRegularFile(metrics)) {
                throw new BadInputException(metrics + " not found: give the run's metrics file (train --metrics-out) instead of the model");
            }
        }
        Path html = outFile != null ? outFile : htmlBeside(model);
        write(html, model, ModelFile.load(model), readMetrics(metrics), null);
        out.println("Report written to " + html);
        return 0;
    }

    static Path htmlBeside(Path model) { return Path.of(model.toString().replaceFirst("\\.bp4j$", "") + ".html"); }

    /** The report of a saved model and its metrics, scored on the model's test data (or {@code test} when given). */
    static void write(Path html, Path model, ModelFile.Loaded m, Map<String, Object> metrics, Dataset test) {
        Dataset data = test != null ? test : ModelOptions.loadData(m, null, null).test();
        String name = model.getFileName().toString().replaceFirst("\\.bp4j$", "");
        HtmlReport.write(html, new HtmlReport.Run(name, m.network(), m.meta(), metrics, data, ModelOptions.classNames(m)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readMetrics(Path metrics) {
        String text;
        try {
            text = Files.readString(metrics);
        } catch (IOException e) {
            throw new BadInputException(metrics + ": cannot read (" + e.getMessage() + ")");
        }
        Object v = Json.parse(text, metrics.toString());
        if (!(v instanceof Map<?, ?> map) || !String.valueOf(map.get("format")).startsWith("backprop4j-metrics/")) {
            throw new BadInputException(metrics + ": not a backprop4j metrics file (no \"format\": \"backprop4j-metrics/1\")");
        }
        return (Map<String, Object>) v;
    }
}
