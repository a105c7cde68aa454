package org.backprop4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.backprop4j.data.Datasets;
import org.backprop4j.io.ModelFile;
import org.backprop4j.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill test: start training with checkpoints in another JVM, kill it with SIGKILL in the
 * middle of an epoch, resume, and get the weights of a run that was never interrupted, bit for bit.
 */
class KillAndResumeTest {
    @TempDir
    static Path dir;
    static Path small;

    @BeforeAll
    static void data() throws IOException {
        Datasets.Split mnist = TestData.mnistOrSkip();
        small = Files.createDirectory(dir.resolve("small"));
        CliTest.writeIdx(small, "train", mnist.train().slice(0, 700, "t"));
        CliTest.writeIdx(small, "t10k", mnist.test().slice(0, 200, "t"));
    }

    static List<String> trainArgs() {
        return List.of("train", "--dataset", small.toString(), "--layers", "784,40,10", "--optimizer", "adam", "--eta", "0.002",
                "--dropout", "0.2", "--lambda", "0.1", "--expand", "shifts", "--validation", "100", "--epochs", "25", "--seed", "4");
    }

    static int run(List<String> args) {
        StringWriter sink = new StringWriter();
        return Main.run(args.toArray(String[]::new), new PrintWriter(sink), new PrintWriter(sink));
    }

    @Test
    void sigkillThenResumeEqualsAnUninterruptedRun() throws Exception {
        Path straight = dir.resolve("straight.bp4j");
        List<String> a = new ArrayList<>(trainArgs());
        a.addAll(List.of("--model-out", straight.toString(), "--metrics-out", dir.resolve("straight.json").toString()));
        assertEquals(0, run(a));

        Path ckpt = dir.resolve("checkpoints");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "-Dbackprop4j.data=" + Datasets.defaultDataDir(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(trainArgs());
        cmd.addAll(List.of("--checkpoint-dir", ckpt.toString(), "--model-out", dir.resolve("killed.bp4j").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(ckpt.resolve("checkpoint-0002.bp4j")) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(2);
        assertTrue(p.isAlive(), "training finished before it could be killed: " + Files.readString(dir.resolve("killed.log")));
        Thread.sleep(15); // into the next epoch
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
        p.waitFor();
        assertEquals(137, p.exitValue(), "killed by SIGKILL");

        // every checkpoint left behind is whole; a temporary file may remain but is never taken for one
        try (Stream<Path> files = Files.list(ckpt)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("checkpoint-")).toList()) {
                ModelFile.load(f);
            }
        }

        // the command that was killed, with --resume added, continues it
        Path resumed = dir.resolve("resumed.bp4j");
        List<String> again = new ArrayList<>(trainArgs());
        again.addAll(List.of("--checkpoint-dir", ckpt.toString(), "--resume", ckpt.toString(), "--model-out", resumed.toString(),
                "--metrics-out", dir.resolve("resumed.json").toString()));
        assertEquals(0, run(again));
        var x = ModelFile.load(straight).network().params();
        var y = ModelFile.load(resumed).network().params();
        for (int i = 0; i < x.size(); i++) assertArrayEquals(x.get(i).value().values(), y.get(i).value().values(), x.get(i).name());
        String metrics = Files.readString(dir.resolve("resumed.json"));
        assertTrue(metrics.contains("\"epoch\": 25"), "the resumed run's metrics hold all 25 epochs");
        assertTrue(metrics.contains("\"epoch\": 1,"), metrics.substring(0, 400));
    }

    @Test
    void aStopSignalSavesTheModelAndACheckpointThatResumesTheRun() throws Exception {
        Path straight = dir.resolve("straight-again.bp4j");
        List<String> a = new ArrayList<>(trainArgs());
        a.addAll(List.of("--model-out", straight.toString()));
        assertEquals(0, run(a));

        // SIGTERM, which Process.destroy sends, takes the path of Ctrl-C's SIGINT (a JVM shutdown hook); a test
        // cannot rely on SIGINT, which a JVM started with it ignored (a background job) never sees
        Path model = dir.resolve("stopped.bp4j");
        Path log = dir.resolve("stopped.log");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "-Dbackprop4j.data=" + Datasets.defaultDataDir(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(trainArgs());
        cmd.addAll(List.of("--model-out", model.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.readString(log).contains("Epoch 3:") && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(2);
        assertTrue(p.isAlive(), "training finished before it could be stopped: " + Files.readString(log));
        p.destroy();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        String out = Files.readString(log);
        assertEquals(143, p.exitValue(), out);
        assertTrue(out.contains("Model saved to " + model) && out.contains("Interrupted "), out);
        Path checkpoints = dir.resolve("stopped-checkpoint");
        assertTrue(out.contains("--resume " + checkpoints), out);
        ModelFile.load(model);

        Path resumed = dir.resolve("stopped-resumed.bp4j");
        assertEquals(0, run(List.of("train", "--resume", checkpoints.toString(), "--model-out", resumed.toString())));
        assertArrayEquals(Files.readAllBytes(straight), Files.readAllBytes(resumed), "the resumed run's model is the uninterrupted one's");
    }

    @Test
    void resumeRefusesOnlyTheFlagsThatWouldChangeTheRun() {
        Path ckpt = dir.resolve("short");
        List<String> start = List.of("train", "--dataset", small.toString(), "--layers", "784,10,10", "--eta", "0.002", "--epochs", "1",
                "--validation", "100", "--checkpoint-dir", ckpt.toString(), "--model-out", dir.resolve("short.bp4j").toString());
        assertEquals(0, run(start));
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"train", "--resume", ckpt.toString(), "--eta", "0.1", "--layers", "784,10,10", "--epochs", "3"},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(2, code);
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("--eta 0.1 differs from the checkpoint's 0.002"), err.toString());
        assertTrue(err.toString().contains("--epochs 3 differs from the checkpoint's 1"), err.toString());
        assertFalse(err.toString().contains("--layers"), err.toString());
        err = new StringWriter();
        code = Main.run(new String[] {"train", "--resume", ckpt.toString(), "--dataset", "fashion"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("--dataset fashion differs from the checkpoint's " + small), err.toString());
        // the same flags again: nothing left to train, and no complaint
        List<String> same = new ArrayList<>(start);
        same.addAll(List.of("--resume", ckpt.toString()));
        assertEquals(0, run(same));
    }
}
