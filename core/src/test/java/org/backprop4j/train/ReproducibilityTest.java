package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.backprop4j.tensor.Kernels;
import org.junit.jupiter.api.Test;

/**
 * A seed fixes the run, whatever the JIT does: the same training gives the same weights bit for bit in
 * a warm JVM (C2 code), in a fresh one, and in the interpreter (where every Vector API operation runs its
 * Java fallback). This failed before reductions and transcendentals were made tier-independent.
 * The fresh JVM's compilation log must also show no method of ours that C1 gave up on: such a method
 * can be stranded at tier 2, running vector code in its slow fallback for the rest of the run.
 * The surefire execution without the vector module runs it too, on the plain kernels.
 */
class ReproducibilityTest {

    @Test
    void sameWeightsInTheInterpreterAColdJvmAndAWarmOne() throws Exception {
        List<String> warm = null;
        for (int i = 0; i < 5; i++) warm = DeterminismProbe.run();

        Result interpreted = probe(List.of("-Xint"), 1);
        assertEquals(warm, interpreted.lines(), "interpreter (Vector API fallback) vs C2: " + interpreted.stderr());

        // the compilation log goes to stderr: on stdout, the VM's writes could split a line of the probe's
        Result cold = probe(List.of("-XX:+PrintCompilation", "-XX:+DisplayVMOutputToStderr"), 40);
        assertEquals(warm, cold.lines(), "fresh JVM vs this one");
        String gemm = Kernels.serialGemm().getClass().getName() + "::"; // the kernel chosen here
        assertTrue(cold.stderr().lines().anyMatch(l -> l.contains(gemm)),
                "the compilation log did not reach stderr, so bail-outs could not be seen");
        List<String> bailouts = cold.stderr().lines().filter(l -> l.contains("COMPILE SKIPPED") && l.contains("org.backprop4j")).toList();
        assertTrue(bailouts.isEmpty(), "C1 gave up on: " + bailouts);
    }

    record Result(List<String> lines, String stderr) {}

    static Result probe(List<String> jvmFlags, int rounds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        // the child must choose the kernels this JVM chose: the same module, alignment and kernel property
        // (run in surefire's no-vector execution, a child given the module compared SIMD bits to plain ones)
        if (Kernels.VECTOR_MODULE) {
            cmd.add("--add-modules");
            cmd.add("jdk.incubator.vector");
        }
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:ObjectAlignmentInBytes="))
                .forEach(cmd::add);
        // read as a property, not from the JVM's arguments: surefire sets its properties inside the JVM
        String kernels = System.getProperty("backprop4j.kernels");
        if (kernels != null) cmd.add("-Dbackprop4j.kernels=" + kernels);
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DeterminismProbe.class.getName());
        cmd.add(Integer.toString(rounds));
        // both streams to files: read through pipes, a long compilation log would fill one and block the probe
        Path outFile = Files.createTempFile("probe", ".out");
        Path errFile = Files.createTempFile("probe", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("probe did not finish in 5 minutes");
            }
            String err = Files.readString(errFile, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), err);
            List<String> hashes = Files.readString(outFile, StandardCharsets.UTF_8).lines().filter(l -> l.matches("[a-z0-9-]+ [0-9a-f]{16}")).toList();
            return new Result(hashes, err);
        } finally {
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
        }
    }
}
