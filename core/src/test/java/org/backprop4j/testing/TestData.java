package org.backprop4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.backprop4j.data.Datasets;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * MNIST for the tests that train on it. A plain {@code mvn install} on a fresh clone has none: those tests
 * are then skipped, each with a message saying how to run them. {@code ./backprop4j test} fetches MNIST
 * first and sets {@code backprop4j.requireData}, under which a missing MNIST fails instead, so that no
 * test is ever skipped there.
 */
public final class TestData {
    private TestData() {}

    /** MNIST as the launcher caches it (seed 1, the usual split), or the calling test skipped. */
    public static Datasets.Split mnistOrSkip() {
        Path dir = Datasets.defaultDataDir().resolve("mnist");
        if (!Files.isRegularFile(dir.resolve("train-images-idx3-ubyte")) && !Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))) {
            String why = "MNIST is not in " + dir + ": run ./backprop4j fetch mnist, or ./backprop4j test, which fetches it and runs every test";
            if (Boolean.getBoolean("backprop4j.requireData")) Assertions.fail(why);
            System.err.println("skipped: " + why); // a class skipped in @BeforeAll shows in the build log only as "Tests run: 0"
            Assumptions.abort(why);
        }
        return Datasets.load("mnist", Datasets.defaultDataDir(), 1, 0.2);
    }
}
