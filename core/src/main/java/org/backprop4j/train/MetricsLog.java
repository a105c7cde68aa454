package org.backprop4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop4j.eval.Evaluation;
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

    public void add(EpochResult r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("epoch", r.epoch());
        e.put("train_cost", r.trainCost());
        e.put("train_acc", r.trainAccuracy());
        put(e, "validation", r.validation());
        put(e, "test", r.test());
        e.put("epoch_s", r.trainSeconds());
        e.put("eval_s", r.evalSeconds());
        epochs.add(e);
    }

    private static void put(Map<String, Object> e, String split, Evaluation ev) {
        e.put(split + "_cost", ev == null ? null : ev.cost());
        e.put(split + "_acc", ev == null ? null : ev.accuracy());
    }

    public void finish(Training.Result result) {
        EpochResult best = result.bestByValidation();
        if (best != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("epoch", best.epoch());
            b.put("validation_acc", best.validation().accuracy());
            b.put("test_acc", best.test().accuracy());
            root.put("best_validation", b);
        }
        EpochResult last = result.last();
        if (last != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("epoch", last.epoch());
            f.put("test_acc", last.test().accuracy());
            f.put("test_correct", last.test().correct());
            f.put("test_total", last.test().total());
            f.put("test_cost", last.test().cost());
            double train = 0;
            for (EpochResult r : result.epochs()) train += r.trainSeconds();
            f.put("train_s", train);
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
