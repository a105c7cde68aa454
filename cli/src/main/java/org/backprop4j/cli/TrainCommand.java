package org.backprop4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.io.ModelFile;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Softmax;
import org.backprop4j.nn.Step;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.train.Checkpoints;
import org.backprop4j.train.EpochMetrics;
import org.backprop4j.train.EpochResult;
import org.backprop4j.train.MetricsLog;
import org.backprop4j.train.Presets;
import org.backprop4j.train.TrainConfig;
import org.backprop4j.train.TrainState;
import org.backprop4j.train.Training;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a feed-forward network by mini-batch SGD and backpropagation, evaluating on the test set after every epoch.",
                "Flags override the preset (default: 784-100-10 ReLU, softmax + NLL, momentum SGD).",
                "The network is a dense stack (--layers) or any stack of layers (--net), e.g.",
                "  --net \"conv 20 5x5 relu, maxpool 2, conv 40 5x5 relu, maxpool 2, dense 100 relu, dense 10 softmax\""})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--preset", paramLabel = "NAME", description = "Starting configuration: ${COMPLETION-CANDIDATES}.", completionCandidates = PresetNames.class)
    String preset = "default";

    @Option(names = "--dataset", paramLabel = "mnist|fashion|DIR|FILE.csv", description = "Training data (default: mnist).")
    String dataset = "mnist";

    @Option(names = "--label", paramLabel = "COLUMN", description = {"For a CSV dataset: the label's column, by header name, number (from 1) or 'last' (default: the first).",
            "Labels 0..K-1 are class numbers; any others (names, numbers from 1) are class names, numbered in sorted order."})
    String label;

    @Option(names = "--layers", paramLabel = "N,N,...", description = "Layer sizes of a dense stack, input first, e.g. 784,30,10 (default: the preset's, with the input and output sizes of the data).")
    String layers;

    @Option(names = "--net", paramLabel = "LAYERS", description = {
            "The layers, comma-separated; the input shape comes from the data (1x28x28 for MNIST):",
            "  dense N [ACT]                        N units",
            "  conv N KxK [ACT] [stride S] [same]   N filters of KxK (PyTorch's [out, in, kh, kw] weights), 'valid' padding unless same",
            "  maxpool K [stride S], avgpool K [stride S]   KxK windows, stride K unless given",
            "  dropout P                            drop each value with probability P in training",
            "  batchnorm [ACT]                      per-channel batch normalization, running statistics for inference",
            "  flatten                              (implicit: dense layers flatten their input)",
            "ACT: sigmoid, relu, tanh, softplus, step, identity (the default), softmax (output only)."})
    String net;

    @Option(names = "--activation", paramLabel = "NAME", description = "Hidden activation: sigmoid, relu, tanh, softplus, step, identity.")
    String activation;

    @Option(names = "--output", paramLabel = "NAME", description = "Output activation: sigmoid, softmax, identity, ...")
    String output;

    @Option(names = "--cost", paramLabel = "NAME", description = "Cost: quadratic, cross-entropy, nll.")
    String cost;

    @Option(names = "--init", paramLabel = "NAME", description = "Initialization: normal (N(0,1)), scaled (N(0,1/n)), he, xavier, network3 (Nielsen's network3.py), auto.")
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

    @Option(names = "--validation", paramLabel = "N", description = "Hold out the last N training examples for validation (default: a sixth of them, at most 10000).")
    Integer validation;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd, momentum, nesterov or adam.")
    String optimizer;

    @Option(names = "--momentum", paramLabel = "μ", description = "Momentum coefficient for momentum and nesterov.")
    Float momentum;

    @Option(names = "--lambda", paramLabel = "λ", description = "L2 weight decay: the cost gains λ/2n·Σw² (biases are not decayed).")
    Float lambda;

    @Option(names = "--l1", paramLabel = "λ", description = "L1 weight penalty: the cost gains λ/n·Σ|w|.")
    Float l1;

    @Option(names = "--dropout", paramLabel = "P", description = "Inverted dropout on every hidden layer with drop probability P.")
    Float dropout;

    @Option(names = "--schedule", paramLabel = "NAME", description = "Learning-rate schedule: none, step, cosine, plateau.")
    String schedule;

    @Option(names = "--step-size", paramLabel = "E", description = "step schedule: multiply η by --gamma every E epochs (default 10).")
    Integer stepSize;

    @Option(names = "--gamma", paramLabel = "γ", description = "step schedule: the factor (default 0.1).")
    Float gamma;

    @Option(names = "--eta-min", paramLabel = "η", description = "cosine schedule: the final learning rate (default 0).")
    Float etaMin;

    @Option(names = "--plateau-patience", paramLabel = "K", description = "plateau schedule: halve η after K epochs without a better validation accuracy (default 10).")
    Integer plateauPatience;

    @Option(names = "--halvings", paramLabel = "N", description = "plateau schedule: stop after N halvings (default 7, η/128).")
    Integer halvings;

    @Option(names = "--patience", paramLabel = "E", description = "Early stopping after E epochs without a better validation accuracy (0: off).")
    Integer patience;

    @Option(names = "--expand", paramLabel = "none|shifts", description = "Add the 1-pixel shifts of every training image (5x the data).")
    String expand;

    @Option(names = "--distort", paramLabel = "none|affine|elastic", description = "Fresh random distortions of the training images every epoch.")
    String distort;

    @Option(names = "--shift", paramLabel = "N", description = "Random translations of the training images every epoch, up to N pixels each way (with or without --distort).")
    Integer shift;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Write a checkpoint after every epoch (the last two are kept).")
    Path checkpointDir;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run whose checkpoints are in DIR (its settings and dataset are used).")
    Path resume;

    @Option(names = "--test-fraction", paramLabel = "F", description = "For a CSV dataset: fraction held out for testing (default 0.2).")
    double testFraction = 0.2;

    @Option(names = "--model-out", paramLabel = "FILE", description = "Where to save the model (default runs/train-<time>.bp4j).")
    Path modelOut;

    @Option(names = "--metrics-out", paramLabel = "FILE", description = "Per-epoch metrics as JSON (default: beside the model, .metrics.json).")
    Path metricsOut;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TrainConfig config;
        Datasets.Split data;
        Checkpoints.Resumed resumed = null;
        String datasetName = dataset;
        double fraction = testFraction;
        String labelColumn = label;
        if (resume != null) {
            rejectSettingsWithResume();
            resumed = Checkpoints.loadLatest(resume, err::println);
            config = resumed.state().config();
            datasetName = resumed.meta().getOrDefault("dataset", "mnist");
            fraction = Double.parseDouble(resumed.meta().getOrDefault("test.fraction", "0.2"));
            labelColumn = resumed.meta().get("csv.label");
            data = Datasets.load(datasetName, Datasets.defaultDataDir(), config.seed(), fraction, labelColumn);
            out.println("Resuming " + resumed.file() + " after epoch " + resumed.state().epoch() + " of " + config.epochs());
        } else {
            config = config();
            data = Datasets.load(dataset, Datasets.defaultDataDir(), config.seed(), testFraction, label);
            if (layers == null && !config.hasNet()) config = sizedToData(config, data.train());
        }

        Path model = modelOut != null ? modelOut
                : Path.of("runs", "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".bp4j");
        Path metrics = metricsOut != null ? metricsOut : Path.of(model.toString().replaceFirst("\\.bp4j$", "") + ".metrics.json");

        out.println(Kernels.describe());
        out.println((config.hasNet() ? "Network: " : "Network " + config.layersString().replace(',', '-') + ": ") + config.describe());

        Map<String, Object> context = new LinkedHashMap<>();
        context.put("backprop4j", Main.VERSION);
        context.put("dataset", datasetName);
        context.put("kernels", Kernels.describe());
        MetricsLog log = new MetricsLog(metrics, config, context);
        Map<String, String> meta = modelMeta(config, data, datasetName, fraction, labelColumn);
        Checkpoints checkpoints = resume != null ? new Checkpoints(resume, meta)
                // a new run must not mix its checkpoints with another run's: resume would pick the newest of either
                : checkpointDir != null ? new Checkpoints(checkpointDir, meta).requireEmpty() : null;
        if (resumed != null) resumed.state().history().forEach(log::add);

        String shownDataset = datasetName;
        TrainConfig shownConfig = config;
        Training.Listener listener = new Training.Listener() {
            @Override
            public void started(Network network, Training.Splits s) {
                out.println(network.summary());
                boolean step = false;
                for (var layer : network.layers()) step |= layer.activation() instanceof Step;
                if (step) out.println("warning: step has derivative 0 everywhere, so gradient descent cannot change the weights feeding it");
                if (shownConfig.cost().equals("nll") && !(network.outputActivation() instanceof Softmax)) {
                    out.println("warning: the nll cost expects a softmax output; with " + network.outputActivation().name()
                            + " only the correct class's output is trained");
                }
                out.printf(Locale.ROOT, "Data %s: %d training, %s validation, %d test examples%n", shownDataset, s.train().size(),
                        s.validation() == null ? "no" : Integer.toString(s.validation().size()), s.test().size());
                List<String> names = s.train().classNames();
                if (!names.isEmpty()) out.println("Classes: " + Reports.classList(names));
            }

            @Override
            public void epochFinished(EpochResult r, Network network) {
                out.printf(Locale.ROOT, "Epoch %d: %d / %d  cost %.4f  %s%s%.2f s%n", r.epoch(), r.test().correct(), r.test().total(),
                        r.trainCost(), r.validation() == null ? "" : "validation " + Reports.percent(r.validation().accuracy()) + "  ",
                        shownConfig.schedule().equals("none") ? "" : String.format(Locale.ROOT, "eta %.4g  ", r.learningRate()), r.trainSeconds());
                log.add(r);
                log.write();
            }
        };
        Training.Result result = resumed != null ? Training.resume(resumed.state(), data, listener, checkpoints)
                : Training.run(config, data, listener, checkpoints);

        TrainState state = result.state();
        Network kept = result.modelToKeep();
        meta.put("epochs.trained", Integer.toString(state.epoch()));
        if (!state.history().isEmpty()) {
            EpochMetrics keptEpoch = state.history().get((state.bestEpoch() > 0 ? state.bestEpoch() : state.epoch()) - 1);
            meta.put("epoch.kept", Integer.toString(keptEpoch.epoch()));
            meta.put("test.accuracy", String.format(Locale.ROOT, "%.4f", keptEpoch.testAccuracy()));
        }
        ModelFile.save(model, kept, meta);
        log.finish(result);

        out.println();
        if (state.stopReason() != null) out.println("Stopped after epoch " + state.epoch() + ": " + state.stopReason());
        EpochResult last = result.last();
        if (last != null) {
            Reports.accuracy(out, "Test", last.test());
            if (state.bestEpoch() > 0) {
                EpochMetrics best = state.history().get(state.bestEpoch() - 1);
                out.printf(Locale.ROOT, "Best validation accuracy %s at epoch %d (test %s then); the model keeps that epoch's weights%n",
                        Reports.percent(best.validationAccuracy()), best.epoch(), Reports.percent(best.testAccuracy()));
            }
            double seconds = result.epochs().stream().mapToDouble(EpochResult::trainSeconds).sum();
            out.printf(Locale.ROOT, "Training time %.1f s (%.3f s per epoch)%n", seconds, seconds / result.epochs().size());
            Reports.confusionMatrix(out, last.test());
        }
        out.println("Model saved to " + model);
        out.println("Metrics saved to " + metrics);
        if (checkpoints != null) out.println("Checkpoints in " + checkpoints.dir());
        return 0;
    }

    /** With --resume the checkpoint defines the run; a setting given beside it would be silently ignored. */
    private void rejectSettingsWithResume() {
        for (var o : spec.options()) {
            String name = o.longestName();
            if (List.of("--resume", "--model-out", "--metrics-out", "--help", "--version").contains(name)) continue;
            if (spec.commandLine().getParseResult().hasMatchedOption(name)) {
                throw new Main.UsageException(name + " cannot be combined with --resume: the run's settings come from its checkpoint");
            }
        }
    }

    TrainConfig config() {
        TrainConfig p;
        try {
            p = Presets.get(preset);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--preset: " + e.getMessage());
        }
        try {
            return overlay(p.toBuilder());
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }

    /** The flags given on the command line, over the preset's settings. */
    private TrainConfig overlay(TrainConfig.Builder b) {
        if (net != null) {
            if (layers != null) throw new Main.UsageException("--layers describes a dense stack; with --net, give it in the layers");
            b.net(net);
        } else if (layers != null) {
            b.net("");
            b.layers(parseLayers(layers));
        }
        if (!b.build().net().isEmpty()) { // from --net or the preset: the dense stack's flags have nothing to set
            for (String[] flag : new String[][] {{"--activation", activation}, {"--output", output}, {"--dropout", dropout == null ? null : ""}}) {
                if (flag[1] != null) {
                    throw new Main.UsageException(flag[0] + " describes a dense stack; this network is given as layers (--net"
                            + (net == null ? ", from the preset" : "") + "): put it in the layers"
                            + (flag[0].equals("--dropout") ? " (dropout P after a layer)" : ""));
                }
            }
        }
        if (activation != null) b.activation(activation);
        if (output != null) b.output(output);
        if (cost != null) b.cost(cost);
        if (init != null) b.init(init);
        if (eta != null) b.eta(eta);
        if (batchSize != null) b.batchSize(batchSize);
        if (epochs != null) b.epochs(epochs);
        if (seed != null) b.seed(seed);
        if (limit != null) b.limit(limit);
        if (validation != null) b.validation(validation);
        if (optimizer != null) b.optimizer(optimizer);
        if (momentum != null) b.momentum(momentum);
        if (lambda != null) b.lambda(lambda);
        if (l1 != null) b.l1(l1);
        if (dropout != null) b.dropout(dropout);
        if (schedule != null) b.schedule(schedule);
        TrainConfig scheduleBase = b.build();
        if (stepSize != null || gamma != null) {
            if (!scheduleBase.schedule().equals("step")) throw new Main.UsageException("--step-size and --gamma go with --schedule step");
        }
        if (stepSize != null || gamma != null) b.stepDecay(stepSize != null ? stepSize : 10, gamma != null ? gamma : 0.1f);
        if (etaMin != null) {
            if (!scheduleBase.schedule().equals("cosine")) throw new Main.UsageException("--eta-min goes with --schedule cosine");
            b.cosine(etaMin);
        }
        if (plateauPatience != null || halvings != null) {
            if (!scheduleBase.schedule().equals("plateau")) throw new Main.UsageException("--plateau-patience and --halvings go with --schedule plateau");
            b.plateau(plateauPatience != null ? plateauPatience : 10, halvings != null ? halvings : 7);
        }
        if (patience != null) b.patience(patience);
        if (expand != null) b.expand(expand);
        if (distort != null) b.distort(distort);
        if (shift != null) b.shift(shift);
        return b.build();
    }

    /**
     * The preset's dense stack with the data's number of features as its inputs and of classes as its outputs:
     * what a dataset other than MNIST needs when --layers is not given.
     */
    private static TrainConfig sizedToData(TrainConfig config, Dataset train) {
        int[] sizes = config.layers();
        int outputs = Math.max(train.classes(), 2);
        if (sizes[0] == train.features() && sizes[sizes.length - 1] == outputs) return config;
        sizes[0] = train.features();
        sizes[sizes.length - 1] = outputs;
        return config.toBuilder().layers(sizes).build();
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

    private Map<String, String> modelMeta(TrainConfig config, Datasets.Split data, String datasetName, double testFraction, String labelColumn) {
        Dataset train = data.train();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("backprop4j.version", Main.VERSION);
        meta.put("dataset", datasetName);
        meta.put("test.fraction", Double.toString(testFraction));
        if (labelColumn != null) meta.put("csv.label", labelColumn);
        if (data.inputScale() != 1f) meta.put("input.scale", Float.toString(data.inputScale()));
        meta.put("cost", config.cost());
        meta.put("classes", Integer.toString(train.classes()));
        for (int k = 0; k < train.classNames().size(); k++) meta.put("class." + k, train.classNames().get(k));
        if (train.isImage()) {
            meta.put("input.height", Integer.toString(train.height()));
            meta.put("input.width", Integer.toString(train.width()));
        }
        config.describe().forEach((k, v) -> meta.put("config." + k, String.valueOf(v)));
        return meta;
    }

    static final class PresetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() { return Presets.names().iterator(); }
    }
}
