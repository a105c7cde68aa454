package org.backprop4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.io.ModelFile;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Softmax;
import org.backprop4j.nn.Step;
import org.backprop4j.tensor.ExecutionContext;
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
                "Flags override the preset (default: one ReLU layer of 256, softmax + NLL, momentum SGD, cosine schedule, 20 epochs).",
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
            "  dropout P [inference-scaled]         drop each value with probability P in training (inverted:",
            "                                       the kept ones x 1/(1-P); inference-scaled: all x (1-P) at inference)",
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

    @Option(names = "--validation", paramLabel = "N|F", description = "Hold out the last N training examples for validation, or a fraction F of them"
            + " (0.1 or 10%%); default: a sixth of them, at most 10000.")
    String validation;

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

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the kernels (default: all cores); the model is the same bits for any number.")
    Integer threads;

    @Option(names = "--no-progress", description = "No progress bar within each epoch (drawn only on a terminal).")
    boolean noProgress;

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
        if (!(testFraction > 0 && testFraction < 1)) throw new Main.UsageException("--test-fraction must be between 0 and 1, got " + testFraction);
        if (threads != null && threads < 1) throw new Main.UsageException("--threads must be at least 1, got " + threads);
        int kernelThreads = threads != null ? threads : Kernels.defaultThreads();
        if (label != null && (label.isBlank() || label.matches("0+"))) {
            throw new Main.UsageException("--label: give the label column's header name, its number counted from 1, or last; got '" + label + "'");
        }
        if (resume != null) {
            resumed = Checkpoints.loadLatest(resume, err::println);
            config = resumed.state().config();
            datasetName = resumed.meta().getOrDefault("dataset", "mnist");
            fraction = Double.parseDouble(resumed.meta().getOrDefault("test.fraction", "0.2"));
            labelColumn = resumed.meta().get("csv.label");
            data = Datasets.load(datasetName, Datasets.defaultDataDir(), config.seed(), fraction, labelColumn);
            rejectConflictsWithCheckpoint(config, resumed.meta(), data.train());
            out.println("Resuming " + resumed.file() + " after epoch " + resumed.state().epoch() + " of " + config.epochs());
        } else {
            config = config();
            data = Datasets.load(dataset, Datasets.defaultDataDir(), config.seed(), testFraction, label);
            if (layers == null && !config.hasNet()) config = sizedToData(config, data.train());
        }

        Path model = modelOut != null ? modelOut
                : Path.of("runs", "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".bp4j");
        Path metrics = metricsOut != null ? metricsOut : Path.of(model.toString().replaceFirst("\\.bp4j$", "") + ".metrics.json");

        out.println(Kernels.describe(kernelThreads));
        out.println((config.hasNet() ? "Network: " : "Network " + config.layersString().replace(',', '-') + ": ") + config.describe());

        Map<String, Object> context = new LinkedHashMap<>();
        context.put("backprop4j", Main.VERSION);
        context.put("dataset", datasetName);
        context.put("model", model.toString());
        context.put("kernels", Kernels.describe(kernelThreads));
        MetricsLog log = new MetricsLog(metrics, config, context);
        Map<String, String> meta = modelMeta(config, data, datasetName, fraction, labelColumn);
        Checkpoints checkpoints = resume != null ? new Checkpoints(resume, meta)
                // a new run must not mix its checkpoints with another run's: resume would pick the newest of either
                : checkpointDir != null ? new Checkpoints(checkpointDir, meta).requireEmpty() : null;
        if (resumed != null) resumed.state().history().forEach(log::add);

        String shownDataset = datasetName;
        TrainConfig shownConfig = config;
        // Ctrl-C: the run ends after its current mini-batch and leaves the checkpoint of the epochs it finished:
        // the one in --checkpoint-dir, or one kept in memory from the start of the epoch under way.
        Checkpoints onInterrupt = checkpoints != null ? null
                : new Checkpoints(Path.of(model.toString().replaceFirst("\\.bp4j$", "") + "-checkpoint"), meta);
        Progress progress = new Progress(out, !noProgress && Progress.terminal(), config.epochs());
        Training.Listener listener = new Training.Listener() {
            @Override
            public void batchFinished(int epoch, int done, int examples, double meanCost) { progress.batch(epoch, done, examples, meanCost); }

            @Override
            public void epochStarting(TrainState state) {
                progress.epochStarting();
                if (onInterrupt != null) {
                    epochStart = onInterrupt.snapshot(state);
                    epochStartEpochs = state.epoch();
                }
            }

            @Override
            public boolean stopRequested() { return interruptRequested; }

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
                int perEpoch = s.train().size() * (shownConfig.expand().equals("shifts") ? 5 : 1);
                out.printf(Locale.ROOT, "Each epoch trains on %d examples%s in %d mini-batches of %d%n", perEpoch,
                        perEpoch != s.train().size() ? " (the " + s.train().size() + " and their four 1-pixel shifts)" : "",
                        (perEpoch + shownConfig.batchSize() - 1) / shownConfig.batchSize(), shownConfig.batchSize());
                List<String> names = s.train().classNames();
                if (!names.isEmpty()) out.println("Classes: " + Reports.classList(names));
            }

            @Override
            public void epochFinished(EpochResult r, Network network) {
                progress.epochFinished();
                out.printf(Locale.ROOT, "Epoch %d: training cost %.4f  %stest %s (%d / %d)  learning rate %.4g  %.2f s%n", r.epoch(), r.trainCost(),
                        r.validation() == null ? "" : "validation " + Reports.percent(r.validation().accuracy()) + "  ",
                        Reports.percent(r.test().accuracy()), r.test().correct(), r.test().total(), r.learningRate(), r.trainSeconds());
                log.add(r);
                log.write();
            }
        };
        CountDownLatch saved = new CountDownLatch(1);
        Thread onSignal = new Thread(() -> { // SIGINT or SIGTERM: the JVM waits for this hook, this hook for the run to save
            interruptRequested = true;
            try {
                saved.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "backprop4j-interrupt");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try (ExecutionContext threadsOfRun = ExecutionContext.create(kernelThreads)) {
            Training.Result result = resumed != null ? Training.resume(resumed.state(), data, listener, checkpoints, threadsOfRun)
                    : Training.run(config, data, listener, checkpoints, threadsOfRun);
            return finish(result, model, metrics, meta, log, checkpoints, onInterrupt, out, data.test());
        } finally {
            out.flush();
            err.flush();
            saved.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the run has saved, and the JVM exits with 130
            }
        }
    }

    /** Set by the shutdown hook; polled before every mini-batch. */
    private volatile boolean interruptRequested;
    /** The checkpoint of the epochs done, taken as the epoch under way started (without --checkpoint-dir). */
    private byte[] epochStart;
    private int epochStartEpochs;

    /** Saves the model and metrics and reports the run; 130 when it was interrupted. */
    private int finish(Training.Result result, Path model, Path metrics, Map<String, String> meta, MetricsLog log, Checkpoints checkpoints,
                       Checkpoints onInterrupt, PrintWriter out, Dataset test) {
        TrainState state = result.state();
        if (state.interrupted() && state.epoch() == 0 && state.interruptedAt() == 0) {
            out.println("Interrupted before any training: nothing saved");
            return 130;
        }
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
        if (state.stopReason() != null && !state.interrupted()) out.println("Stopped after epoch " + state.epoch() + ": " + state.stopReason());
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
        Path html = ReportCommand.htmlBeside(model);
        try {
            // the kept network and meta as just saved: no need to read the model file back
            ReportCommand.write(html, model, new ModelFile.Loaded(kept, meta, ModelFile.VERSION), ReportCommand.readMetrics(metrics), test);
            out.println("Report written to " + html);
        } catch (RuntimeException e) { // the model and metrics are saved; a report that fails must not lose the rest
            out.println("Report not written: " + Main.oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        if (!state.interrupted()) {
            if (checkpoints != null) out.println("Checkpoints in " + checkpoints.dir());
            return 0;
        }
        Path resumeDir = checkpoints != null ? checkpoints.dir() : onInterrupt.dir();
        // inside an epoch (even at its first example) the state has moved past the epoch's start: keep that start's snapshot
        if (checkpoints == null) onInterrupt.write(state.interruptedInEpoch() ? epochStartEpochs : state.epoch(),
                state.interruptedInEpoch() ? epochStart : onInterrupt.snapshot(state));
        out.println("Interrupted " + (state.interruptedInEpoch() ? "in epoch " + (state.epoch() + 1) + ", after " + state.interruptedAt() + " of its examples"
                : "after epoch " + state.epoch()) + ". The checkpoint of the " + state.epoch() + " epochs done is in " + resumeDir
                + ": --resume " + resumeDir + " continues the run with the same bits as if it had not stopped");
        return 130;
    }

    /**
     * With --resume the checkpoint defines the run. The flags it was started with may be given again (the same
     * command line with --resume added); a flag that would change the run is refused, naming it and both values.
     */
    private void rejectConflictsWithCheckpoint(TrainConfig saved, Map<String, String> meta, Dataset train) {
        var parsed = spec.commandLine().getParseResult();
        TrainConfig mine = config();
        if (layers == null && !mine.hasNet()) mine = sizedToData(mine, train);
        Map<String, String> here = mine.toMap();
        Map<String, String> there = saved.toMap();
        List<String> conflicts = new ArrayList<>();
        for (var o : spec.options()) {
            String name = o.longestName();
            if (!parsed.hasMatchedOption(name)) continue;
            switch (name) {
                case "--resume", "--model-out", "--metrics-out", "--threads", "--no-progress", "--help", "--version" -> { }
                case "--dataset" -> differs(conflicts, name, dataset, meta.getOrDefault("dataset", "mnist"));
                case "--test-fraction" -> differs(conflicts, name, Double.toString(testFraction), meta.getOrDefault("test.fraction", "0.2"));
                case "--label" -> differs(conflicts, name, label, meta.get("csv.label"));
                case "--validation" -> {
                    if (!validationOf(here).equals(validationOf(there))) conflicts.add("--validation " + validation + " differs from the checkpoint's " + validationOf(there));
                }
                case "--checkpoint-dir" -> differs(conflicts, name, checkpointDir.toAbsolutePath().normalize().toString(),
                        resume.toAbsolutePath().normalize().toString());
                case "--preset" -> {
                    for (String key : here.keySet()) {
                        if (!Objects.equals(here.get(key), there.get(key))) {
                            conflicts.add("--preset " + preset + " (its " + key + " " + here.get(key) + ", the checkpoint's " + there.get(key) + ")");
                        }
                    }
                }
                default -> {
                    String key = name.substring(2).replace('-', '_');
                    differs(conflicts, name, here.getOrDefault(key, ""), there.getOrDefault(key, ""));
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new Main.UsageException("--resume continues the run as it was started, but " + String.join("; ", conflicts)
                    + ": drop or correct " + (conflicts.size() == 1 ? "that flag" : "those flags"));
        }
    }

    /** --validation N (a count) or F (a fraction: 0.1 or 10%). */
    static void setValidation(TrainConfig.Builder b, String v) {
        String t = v.trim();
        try {
            if (t.endsWith("%")) {
                b.validationFraction(Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100);
            } else if (t.contains(".")) {
                b.validationFraction(Double.parseDouble(t));
            } else {
                b.validation(Integer.parseInt(t));
            }
        } catch (NumberFormatException e) {
            throw new Main.UsageException("--validation must be a count (5000) or a fraction (0.1 or 10%), got '" + v + "'");
        }
    }

    /** The validation setting of a config's map as a user would write it. */
    private static String validationOf(Map<String, String> m) {
        String f = m.get("validation_fraction");
        if (f != null) return Float.parseFloat(f) * 100 + "%";
        String n = m.getOrDefault("validation", "");
        return n.equals(Integer.toString(TrainConfig.AUTO_VALIDATION)) ? "auto" : n;
    }

    private static void differs(List<String> conflicts, String flag, String here, String there) {
        if (!Objects.equals(here, there)) conflicts.add(flag + " " + here + " differs from the checkpoint's " + there);
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
        if (validation != null) setValidation(b, validation);
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
        meta.putAll(data.scaling().toMeta());
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

    /** The help's last lines: every setting of the default preset, which flags left out keep. */
    static String[] defaultsFooter() {
        StringBuilder sb = new StringBuilder();
        Presets.get("default").describe().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append("--").append(k.replace('_', '-'))
                .append(' ').append(v));
        return new String[] {"", "Without a preset or a flag, a setting is the default preset's:", "  " + sb, "",
                "Exit status: 0 done, 1 bad input or a diverged run, 2 a bad flag."};
    }

    static final class PresetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() { return Presets.names().iterator(); }
    }
}
