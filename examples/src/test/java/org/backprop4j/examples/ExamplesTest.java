package org.backprop4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.backprop4j.data.Dataset;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Predictor;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.testing.TestData;
import org.backprop4j.train.Training;
import org.junit.jupiter.api.Test;

/** Each example runs, as a program that depends on backprop4j-core would: without the launcher's JVM flags. */
class ExamplesTest {
    @Test
    void theyRunAsAPlainDependencyOnThePlainKernels() {
        assertTrue(!Kernels.VECTOR_MODULE, "the examples' JVM has no --add-modules jdk.incubator.vector, as a user's may not");
    }

    @Test
    void xorLearnsAllFourCases() {
        Predictor p = new Predictor(Xor.train());
        for (int i = 0; i < Xor.INPUTS.length; i++) assertEquals(Xor.LABELS[i], p.classify(Xor.INPUTS[i]), "case " + i);
    }

    @Test
    void theReadmeExampleTrainsSavesLoadsAndPredicts() throws IOException {
        TestData.mnistOrSkip();
        Path model = Path.of("mnist-mlp.bp4j");
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            MnistMlp.main(new String[0]);
        } finally {
            System.setOut(saved);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("epoch 3: validation 9"), "three epochs, over 90% on validation: " + out);
        assertTrue(out.contains("test image 0: 7 (label 7)"), out);
        try {
            int[] guesses = PredictFromSavedModel.predict(model, 20);
            Dataset test = TestData.mnistOrSkip().test();
            int right = 0;
            for (int i = 0; i < guesses.length; i++) if (guesses[i] == test.label(i)) right++;
            assertTrue(right >= 18, right + " of 20 test images right");
        } finally {
            Files.deleteIfExists(model);
        }
    }

    @Test
    void aConvolutionalNetworkLearnsFromAFewThousandImages() {
        TestData.mnistOrSkip();
        Training.Result r = ConvNet.train(2000, 1);
        assertTrue(r.last().validation().accuracy() > 0.5, "validation " + r.last().validation().accuracy());
        Network net = r.network();
        assertEquals("conv 20 5x5 relu, maxpool 2, conv 40 5x5 relu, maxpool 2, dense 100 relu, dense 10 softmax", net.spec());
    }

    /** The README's Java example is MnistMlp.java, line for line, so that it compiles and runs here. */
    @Test
    void theReadmeShowsMnistMlpAsItIs() throws IOException {
        String source = Files.readString(Path.of("src/main/java/org/backprop4j/examples/MnistMlp.java"));
        String example = source.substring(source.indexOf("// README:begin\n") + "// README:begin\n".length(), source.indexOf("// README:end"));
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains("```java\n" + example + "```"), "README.md's Java example differs from examples/.../MnistMlp.java");
    }
}
