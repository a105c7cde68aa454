package org.backprop4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.eval.Evaluation;
import org.backprop4j.io.ModelFile;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Softmax;
import org.backprop4j.nn.Step;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.train.EpochResult;
import org.backprop4j.train.MetricsLog;
import org.backprop4j.train.Presets;
import org.backprop4j.train.TrainConfig;
import org.backprop4j.train.Training;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a feed-forward network by mini-batch SGD and backpropagation, evaluating on the test set after every epoch.",
                "Flags override the preset (default: 784-100-10 ReLU, softmax + NLL, momentum SGD)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--preset", paramLabel = "NAME", description = "Starting configuration: ${COMPLETION-CANDIDATES}.", completionCandidates = PresetNames.class)
    String preset = "default";

    @Option(names = "--dataset", paramLabel = "mnist|fashion|DIR|FILE.csv", description = "Training data (default: mnist).")
    String dataset = "mnist";

    @Option(names = "--layers", paramLabel = "N,N,...", description = "Layer sizes, input first, e.g. 784,30,10.")
    String layers;

    @Option(names = "--activation", paramLabel = "NAME", description = "Hidden activation: sigmoid, relu, tanh, softplus, step, identity.")
    String activation;

    @Option(names = "--output", paramLabel = "NAME", description = "Output activation: sigmoid, softmax, identity, ...")
    String output;

    @Option(names = "--cost", paramLabel = "NAME", description = "Cost: quadratic, cross-entropy, nll.")
    String cost;

    @Option(names = "--init", paramLabel = "NAME", description = "Initialization: normal (N(0,1)), scaled (N(0,1/n)), he, xavier, auto.")
    String init;

    @Option(names = "--eta", paramLabel = "η", description = "Learning rate.")
    Float eta;

    @Option(names = "--batch-size", paramLabel = "M", description = "Mini-batch size.")
    Integer batchSize;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data.")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of initialization and shuffling.")
    Long seed;

    @Option(names = "--limit", paramLabel = "N", description = "Train on the first N training examples only (0: all).")
    Integer limit;

    @Option(names = "--validation", paramLabel = "N", description = "Hold out the last N training examples for validation (default 10000).")
    Integer validation;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd, momentum or nesterov.")
    String optimizer;

    @Option(names = "--momentum", paramLabel = "μ", description = "Momentum coefficient for momentum and nesterov.")
    Float momentum;

    @Option(names = "--test-fraction", paramLabel = "F", description = "For a CSV dataset: fraction held out for testing (default 0.2).")
    double testFraction = 0.2;

    @Option(names = "--model-out", paramLabel = "FILE", description = "Where to save the model (default runs/train-<time>.bp4j).")
    Path modelOut;

    @Option(names = "--metrics-out", paramLabel = "FILE", description = "Per-epoch metrics as JSON (default: beside the model, .metrics.json).")
    Path metricsOut;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TrainConfig config = config();
        Datasets.Split data = Datasets.load(dataset, Datasets.defaultDataDir(), config.seed(), testFraction);

        Path model = modelOut != null ? modelOut
                : Path.of("runs", "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".bp4j");
        Path metrics = metricsOut != null ? metricsOut : Path.of(model.toString().replaceFirst("\\.bp4j$", "") + ".metrics.json");

        out.println(Kernels.describe());
        out.printf(Locale.ROOT, "Network %s: %s hidden, %s output, %s cost, %s init; %s eta=%s%s, batch %d, %d epochs, seed %d%n",
                config.layersString().replace(',', '-'), config.activation(), config.output(), config.cost(), config.initializer().cliName(),
                config.optimizer(), config.eta(), config.optimizer().equals("sgd") ? "" : " momentum=" + config.momentum(),
                config.batchSize(), config.epochs(), config.seed());
        if (config.hiddenActivation() instanceof Step || config.outputActivation() instanceof Step) {
            out.println("warning: step has derivative 0 everywhere, so gradient descent cannot change the weights feeding it");
        }
        if (config.cost().equals("nll") && !(config.outputActivation() instanceof Softmax)) {
            out.println("warning: the nll cost expects a softmax output; with " + config.output() + " only the correct class's output is trained");
        }

        Map<String, Object> context = new LinkedHashMap<>();
        context.put("backprop4j", Main.VERSION);
        context.put("dataset", dataset);
        context.put("kernels", Kernels.describe());
        MetricsLog log = new MetricsLog(metrics, config, context);

        Training.Result result = Training.run(config, data, new Training.Listener() {
            @Override
            public void started(Network network, Training.Splits s) {
                out.printf(Locale.ROOT, "Data %s: %d training, %s validation, %d test examples%n", dataset, s.train().size(),
                        s.validation() == null ? "no" : Integer.toString(s.validation().size()), s.test().size());
            }

            @Override
            public void epochFinished(EpochResult r, Network network) {
                out.printf(Locale.ROOT, "Epoch %d: %d / %d  cost %.4f  %s%.2f s%n", r.epoch(), r.test().correct(), r.test().total(),
                        r.trainCost(), r.validation() == null ? "" : "validation " + Reports.percent(r.validation().accuracy()) + "  ",
                        r.trainSeconds());
                log.add(r);
                log.write();
            }
        });

        Map<String, String> meta = modelMeta(config, data.train(), result);
        ModelFile.save(model, result.network(), meta);
        log.finish(result);

        EpochResult last = result.last();
        if (last != null) {
            Evaluation test = last.test();
            out.println();
            Reports.accuracy(out, "Test", test);
            EpochResult best = result.bestByValidation();
            if (best != null) {
                out.printf(Locale.ROOT, "Best validation accuracy %s at epoch %d (test %s then)%n", Reports.percent(best.validation().accuracy()),
                        best.epoch(), Reports.percent(best.test().accuracy()));
            }
            double seconds = result.epochs().stream().mapToDouble(EpochResult::trainSeconds).sum();
            out.printf(Locale.ROOT, "Training time %.1f s (%.3f s per epoch)%n", seconds, seconds / result.epochs().size());
            Reports.confusionMatrix(out, test);
        }
        out.println("Model saved to " + model);
        out.println("Metrics saved to " + metrics);
        return 0;
    }

    TrainConfig config() {
        TrainConfig p;
        try {
            p = Presets.get(preset);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--preset: " + e.getMessage());
        }
        try {
            return new TrainConfig(layers == null ? p.layers() : parseLayers(layers),
                    activation == null ? p.activation() : activation.toLowerCase(Locale.ROOT),
                    output == null ? p.output() : output.toLowerCase(Locale.ROOT),
                    cost == null ? p.cost() : cost.toLowerCase(Locale.ROOT),
                    init == null ? p.init() : init.toLowerCase(Locale.ROOT),
                    eta == null ? p.eta() : eta,
                    batchSize == null ? p.batchSize() : batchSize,
                    epochs == null ? p.epochs() : epochs,
                    seed == null ? p.seed() : seed,
                    limit == null ? p.limit() : limit,
                    validation == null ? p.validation() : validation,
                    optimizer == null ? p.optimizer() : optimizer.toLowerCase(Locale.ROOT),
                    momentum == null ? p.momentum() : momentum);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }

    static int[] parseLayers(String s) {
        String[] parts = s.split(",");
        int[] sizes = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) sizes[i] = Integer.parseInt(parts[i].trim());
        } catch (NumberFormatException e) {
            throw new Main.UsageException("--layers: '" + s + "' is not a list of sizes like 784,30,10");
        }
        return sizes;
    }

    private Map<String, String> modelMeta(TrainConfig config, Dataset train, Training.Result result) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("backprop4j.version", Main.VERSION);
        meta.put("dataset", dataset);
        meta.put("cost", config.cost());
        meta.put("classes", Integer.toString(train.classes()));
        if (train.isImage()) {
            meta.put("input.height", Integer.toString(train.height()));
            meta.put("input.width", Integer.toString(train.width()));
        }
        config.describe().forEach((k, v) -> meta.put("config." + k, String.valueOf(v)));
        EpochResult last = result.last();
        if (last != null) {
            meta.put("epochs.trained", Integer.toString(last.epoch()));
            meta.put("test.accuracy", String.format(Locale.ROOT, "%.4f", last.test().accuracy()));
        }
        return meta;
    }

    static final class PresetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() { return Presets.names().iterator(); }
    }
}
