package org.backprop4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop4j.io.AtomicFiles;
import org.backprop4j.io.Json;

/**
 * The metrics file of a run (JSON): the config, then per epoch the training cost and accuracy, the
 * validation and test cost and accuracy, and the seconds spent training and evaluating; then the
 * best-validation epoch and the final test result. Rewritten atomically after every epoch, so an
 * interrupted run keeps the epochs it finished.
 */
public final class MetricsLog {
    private final Path file;
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final List<Map<String, Object>> epochs = new ArrayList<>();

    public MetricsLog(Path file, TrainConfig config, Map<String, Object> context) {
        this.file = file;
        root.put("format", "backprop4j-metrics/1");
        root.putAll(context);
        root.put("config", config.describe());
        root.put("epochs", epochs);
    }

    public void add(EpochResult r) { add(r.metrics()); }

    public void add(EpochMetrics r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("epoch", r.epoch());
        e.put("eta", r.learningRate());
        e.put("train_cost", r.trainCost());
        e.put("train_acc", r.trainAccuracy());
        e.put("validation_cost", nullIfNaN(r.validationCost()));
        e.put("validation_acc", nullIfNaN(r.validationAccuracy()));
        e.put("test_cost", nullIfNaN(r.testCost()));
        e.put("test_acc", nullIfNaN(r.testAccuracy()));
        e.put("epoch_s", r.trainSeconds());
        e.put("eval_s", r.evalSeconds());
        epochs.add(e);
    }

    private static Double nullIfNaN(double v) { return Double.isNaN(v) ? null : v; }

    /** The summary: the best-validation epoch (whose weights are the ones saved) and the last epoch. */
    public void finish(Training.Result result) {
        TrainState s = result.state();
        List<EpochMetrics> history = s.history();
        if (s.bestEpoch() > 0) {
            EpochMetrics best = history.get(s.bestEpoch() - 1);
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("epoch", best.epoch());
            b.put("validation_acc", best.validationAccuracy());
            b.put("test_acc", best.testAccuracy());
            root.put("best_validation", b);
        }
        if (!history.isEmpty()) {
            EpochMetrics last = history.get(history.size() - 1);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("epoch", last.epoch());
            f.put("test_acc", last.testAccuracy());
            f.put("test_cost", last.testCost());
            EpochResult lastHere = result.last();
            if (lastHere != null) {
                f.put("test_correct", lastHere.test().correct());
                f.put("test_total", lastHere.test().total());
            }
            double train = 0;
            for (EpochMetrics r : history) train += r.trainSeconds();
            f.put("train_s", train);
            if (s.stopReason() != null) f.put("stopped", s.stopReason());
            root.put("final", f);
        }
        write();
    }

    public void put(String key, Object value) { root.put(key, value); }

    public void write() {
        if (file != null) AtomicFiles.writeString(file, Json.pretty(root));
    }

    public Path file() { return file; }
}
