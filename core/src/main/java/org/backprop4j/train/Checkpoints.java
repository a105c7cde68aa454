package org.backprop4j.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.backprop4j.BadInputException;
import org.backprop4j.io.AtomicFiles;
import org.backprop4j.io.Binary;
import org.backprop4j.io.ModelFile;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Param;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.OptimizerState;
import org.backprop4j.optim.Schedule;
import org.backprop4j.tensor.Rng;

/**
 * Training checkpoints: a model file (docs/MODEL_FORMAT.md) whose further chunks hold the rest of a
 * {@link TrainState}: CONF (the config), TRST (epoch, learning rate, best epoch, schedule and generator
 * states), OPTS (the optimizer's buffers), BEST (the best-validation weights) and HIST (per-epoch
 * metrics). A directory keeps the last two, written atomically (temporary file, fsync, rename); a
 * checkpoint that fails its checksum is reported in one line and the previous one is used instead.
 */
public final class Checkpoints {
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.bp4j");
    private static final int KEEP = 2;

    private final Path dir;
    private final Map<String, String> meta;

    /** Writes checkpoints into {@code dir}, each with this model metadata (dataset, …). */
    public Checkpoints(Path dir, Map<String, String> meta) {
        this.dir = dir;
        this.meta = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    }

    /**
     * For a new run: the directory must hold no checkpoints yet, or "keep the last two" would keep the
     * old run's and a later --resume would continue it.
     */
    public Checkpoints requireEmpty() {
        List<Integer> epochs = epochsIn(dir);
        if (!epochs.isEmpty()) {
            throw new BadInputException(dir + " already holds checkpoints of a run (" + file(epochs.get(epochs.size() - 1)).getFileName()
                    + "); continue it with --resume " + dir + " or choose an empty directory");
        }
        return this;
    }

    public Path dir() { return dir; }

    /** The file for the state after `epoch` epochs. */
    public Path file(int epoch) { return dir.resolve(String.format("checkpoint-%04d.bp4j", epoch)); }

    /**
     * Writes the state after its latest epoch and removes all but the last two checkpoints, and any
     * temporary file a killed process left behind (never mistaken for a checkpoint: it has no such name).
     */
    public void save(TrainState s) {
        AtomicFiles.write(file(s.epoch), encode(s, meta));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().matches("\\.checkpoint-\\d+\\.bp4j\\..*\\.tmp")).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot clean up temporary files (" + e.getMessage() + ")");
        }
        List<Integer> epochs = epochsIn(dir);
        for (int i = 0; i < epochs.size() - KEEP; i++) {
            try {
                Files.deleteIfExists(file(epochs.get(i)));
            } catch (IOException e) {
                throw new BadInputException(file(epochs.get(i)) + ": cannot delete an old checkpoint (" + e.getMessage() + ")");
            }
        }
    }

    /**
     * The bytes {@link #save} would write for the state as it is now: taken before an epoch, so that a run
     * interrupted during that epoch can still leave the checkpoint of the epochs it finished.
     */
    public byte[] snapshot(TrainState s) { return encode(s, meta); }

    /** Writes a {@link #snapshot} of the state after {@code epoch} epochs as that epoch's checkpoint; returns its file. */
    public Path write(int epoch, byte[] snapshot) {
        AtomicFiles.write(file(epoch), snapshot);
        return file(epoch);
    }

    /** The file of a checkpoint as it is named on disk (however many digits its number has). */
    private static Path pathOf(Path dir, int epoch) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                Matcher m = NAME.matcher(p.getFileName().toString());
                return m.matches() && Integer.parseInt(m.group(1)) == epoch;
            }).findFirst().orElse(dir.resolve(String.format("checkpoint-%04d.bp4j", epoch)));
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list checkpoints (" + e.getMessage() + ")");
        }
    }

    /** Epoch numbers of the checkpoints in dir, ascending. */
    static List<Integer> epochsIn(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> NAME.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1))).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list checkpoints (" + e.getMessage() + ")");
        }
    }

    /** A resumable run read back, with the model metadata of its file. */
    public record Resumed(TrainState state, Map<String, String> meta, Path file) {}

    /**
     * The newest readable checkpoint in dir. Each unreadable one (truncated, corrupt) is reported to
     * {@code warn} in one line and the next older one is tried.
     */
    public static Resumed loadLatest(Path dir, Consumer<String> warn) {
        List<Integer> epochs = new ArrayList<>(epochsIn(dir));
        if (epochs.isEmpty()) throw new BadInputException(dir + ": no checkpoint-NNNN.bp4j files to resume from");
        for (int i = epochs.size() - 1; i >= 0; i--) {
            Path f = pathOf(dir, epochs.get(i));
            try {
                return decode(f, ModelFile.load(f));
            } catch (BadInputException e) {
                warn.accept("warning: " + e.getMessage() + (i > 0 ? "; using the previous checkpoint" : ""));
            }
        }
        throw new BadInputException(dir + ": none of its " + epochs.size() + " checkpoints can be read");
    }

    static byte[] encode(TrainState s, Map<String, String> meta) {
        Map<String, byte[]> extra = new LinkedHashMap<>();
        Binary.Writer conf = new Binary.Writer();
        Map<String, String> c = s.config.toMap();
        conf.u32(c.size());
        c.forEach((k, v) -> conf.str(k).str(v));
        extra.put("CONF", conf.toByteArray());

        Binary.Writer st = new Binary.Writer();
        st.u32(s.epoch).f32(s.learningRate).u32(s.bestEpoch).f64(s.bestValidation).u32(s.sinceBest);
        st.str(s.stopReason == null ? "" : s.stopReason);
        for (double v : s.schedule.state()) st.f64(v);
        for (Rng r : new Rng[] {s.shuffleRng, s.dropoutRng, s.distortRng}) for (long v : r.state()) st.i64(v);
        extra.put("TRST", st.toByteArray());

        OptimizerState o = s.optimizer.state();
        extra.put("OPTS", new Binary.Writer().str(o.name()).i64(o.steps()).arrays(o.buffers()).arrays(o.buffers2()).toByteArray());
        extra.put("BEST", new Binary.Writer().arrays(s.bestParams == null ? new float[0][] : s.bestParams).toByteArray());

        Binary.Writer hist = new Binary.Writer();
        hist.u32(s.history.size());
        for (EpochMetrics e : s.history) {
            hist.u32(e.epoch()).f64(e.trainCost()).f64(e.trainAccuracy()).f64(e.validationCost()).f64(e.validationAccuracy())
                    .f64(e.testCost()).f64(e.testAccuracy()).f64(e.trainSeconds()).f64(e.evalSeconds()).f32(e.learningRate());
        }
        extra.put("HIST", hist.toByteArray());
        Map<String, String> m = new LinkedHashMap<>(meta);
        m.put("checkpoint.epoch", Integer.toString(s.epoch));
        return ModelFile.encode(s.network, m, extra);
    }

    static Resumed decode(Path file, ModelFile.Loaded loaded) {
        String name = file.toString();
        ByteBuffer conf = require(loaded, "CONF", name);
        ByteBuffer st = require(loaded, "TRST", name);
        ByteBuffer opt = require(loaded, "OPTS", name);
        ByteBuffer best = require(loaded, "BEST", name);
        ByteBuffer hist = require(loaded, "HIST", name);
        try {
            Map<String, String> cm = new LinkedHashMap<>();
            int n = conf.getInt();
            for (int i = 0; i < n; i++) cm.put(Binary.str(conf), Binary.str(conf));
            TrainConfig config;
            try {
                config = TrainConfig.fromMap(cm);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(name + ": its training settings are not valid here (" + e.getMessage() + ")");
            }
            Network network = loaded.network();
            Optimizer optimizer = config.newOptimizer();
            Schedule schedule = config.newSchedule();
            int epoch = st.getInt();
            float lr = st.getFloat();
            int bestEpoch = st.getInt();
            double bestValidation = st.getDouble();
            int sinceBest = st.getInt();
            String stop = Binary.str(st);
            schedule.restore(new double[] {st.getDouble(), st.getDouble(), st.getDouble()});
            Rng[] rngs = new Rng[3];
            for (int r = 0; r < 3; r++) {
                long[] state = new long[6];
                for (int i = 0; i < 6; i++) state[i] = st.getLong();
                rngs[r] = Rng.restore(state);
            }
            optimizer.restore(new OptimizerState(Binary.str(opt), opt.getLong(), Binary.arrays(opt), Binary.arrays(opt)));
            optimizer.setLearningRate(lr);
            TrainState s = new TrainState(config, network, optimizer, schedule, rngs[0], rngs[1], rngs[2]);
            s.epoch = epoch;
            s.learningRate = lr;
            s.bestEpoch = bestEpoch;
            s.bestValidation = bestValidation;
            s.sinceBest = sinceBest;
            s.stopReason = stop.isEmpty() ? null : stop;
            List<Param> params = network.params();
            List<Param> tensors = network.tensors();
            float[][] bestParams = Binary.arrays(best);
            OptimizerState restored = optimizer.state();
            for (float[][] buffers : new float[][][] {restored.buffers(), restored.buffers2()}) {
                if (buffers.length == 0) continue;
                if (buffers.length != params.size()) throw new BadInputException(name + ": OPTS holds " + buffers.length + " buffers, expected " + params.size());
                for (int i = 0; i < buffers.length; i++) {
                    if (buffers[i].length != params.get(i).size()) throw new BadInputException(name + ": OPTS buffer " + i + " has the wrong size");
                }
            }
            if (bestParams.length != 0) {
                if (bestParams.length != tensors.size()) throw new BadInputException(name + ": BEST holds " + bestParams.length + " tensors, expected " + tensors.size());
                for (int i = 0; i < tensors.size(); i++) {
                    if (bestParams[i].length != tensors.get(i).size()) throw new BadInputException(name + ": BEST tensor " + i + " has the wrong size");
                }
                s.bestParams = bestParams;
            }
            int epochs = hist.getInt();
            for (int i = 0; i < epochs; i++) {
                s.history.add(new EpochMetrics(hist.getInt(), hist.getDouble(), hist.getDouble(), hist.getDouble(), hist.getDouble(),
                        hist.getDouble(), hist.getDouble(), hist.getDouble(), hist.getDouble(), hist.getFloat()));
            }
            Map<String, String> meta = new LinkedHashMap<>(loaded.meta());
            meta.remove("checkpoint.epoch");
            return new Resumed(s, meta, file);
        } catch (java.nio.BufferUnderflowException e) {
            throw new BadInputException(name + ": a checkpoint chunk ends before its contents do (corrupt file)");
        }
    }

    private static ByteBuffer require(ModelFile.Loaded loaded, String type, String name) {
        ByteBuffer b = loaded.chunk(type);
        if (b == null) throw new BadInputException(name + ": not a checkpoint (no " + type + " chunk); a model file cannot be resumed");
        return b;
    }
}
