package org.backprop4j.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.eval.Evaluator;
import org.backprop4j.io.Json;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Predictor;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.train.BenchConfigs;
import org.backprop4j.train.EpochResult;
import org.backprop4j.train.TrainConfig;
import org.backprop4j.train.Training;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Trains a benchmark configuration on all 60,000 MNIST images and prints one JSON line per epoch,",
                "then a summary (GFLOP/s, examples/s, one-image inference latency, time to evaluate the test set).",
                "peers/run-peers.sh runs the same configurations in numpy and PyTorch."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "NAME", required = true, description = "nielsen, mlp100, mlp800 or cnn.")
    String config;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs to run (default ${DEFAULT-VALUE}); the first includes JIT warm-up.")
    int epochs = 3;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the kernels (default: all cores).")
    Integer threads;

    @Option(names = "--seed", paramLabel = "S", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TrainConfig c;
        try {
            c = BenchConfigs.get(config).withEpochs(epochs).withSeed(seed);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        if (epochs < 1) throw new Main.UsageException("--epochs must be at least 1");
        if (threads != null && threads < 1) throw new Main.UsageException("--threads must be at least 1, got " + threads);
        int n = threads != null ? threads : Kernels.defaultThreads();
        try (ExecutionContext context = ExecutionContext.create(n)) {
            return run(c, context, out);
        }
    }

    private int run(TrainConfig c, ExecutionContext context, PrintWriter out) {
        Datasets.Split data = Datasets.load("mnist", Datasets.defaultDataDir(), seed, 0.2);
        spec.commandLine().getErr().println(Kernels.describe(context.threads()));
        double flopsPerEpoch = BenchConfigs.flopsPerExample(c.newNetwork(Training.inputShape(data.train()), new org.backprop4j.tensor.Rng(0)))
                * data.train().size();
        Training.Result r = Training.run(c, data, new Training.Listener() {
            @Override
            public void epochFinished(EpochResult e, Network network) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("config", config);
                line.put("epoch", e.epoch());
                line.put("epoch_s", round(e.trainSeconds(), 4));
                line.put("test_acc", round(e.test().accuracy(), 4));
                line.put("gflops", round(flopsPerEpoch / e.trainSeconds() / 1e9, 1));
                line.put("threads", context.threads());
                out.println(Json.write(line));
                out.flush();
            }
        }, null, context);
        double best = Double.MAX_VALUE;
        for (EpochResult e : r.epochs()) best = Math.min(best, e.trainSeconds());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("config", config);
        summary.put("summary", true);
        summary.put("best_epoch_s", round(best, 4));
        summary.put("gflops", round(flopsPerEpoch / best / 1e9, 1));
        summary.put("examples_per_s", Math.round(data.train().size() / best));
        summary.put("gflop_per_epoch", round(flopsPerEpoch / 1e9, 2));
        summary.put("test_acc", round(r.last().test().accuracy(), 4));
        Inference inference = measureInference(r.network(), data.test(), context);
        summary.put("infer_us_median", round(inference.singleMedianMicros, 2));
        summary.put("eval_10k_ms", round(inference.evaluateMillis, 2));
        summary.put("threads", context.threads());
        summary.put("kernels", Kernels.serialGemm().name());
        out.println(Json.write(summary));
        return 0;
    }

    private record Inference(double singleMedianMicros, double evaluateMillis) {}

    /**
     * Serving speed of the trained network, after warm-up: the median latency of one-image predictions
     * over the test set, and the fastest of several batched evaluations of the whole test set.
     */
    static Inference measureInference(Network network, Dataset test, ExecutionContext context) {
        int n = test.size();
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) rows[i] = test.row(i);
        Predictor predictor = new Predictor(network, context);
        float[] out = new float[network.outputSize()];
        for (int round = 0; round < 3; round++) for (float[] row : rows) predictor.predict(row, out);
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            predictor.predict(rows[i], out);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        Evaluator evaluator = new Evaluator(network, context);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 8; round++) {
            long t0 = System.nanoTime();
            evaluator.evaluate(test, null);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return new Inference(nanos[n / 2] / 1e3, best / 1e6);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
