package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.backprop4j.SettingException;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.junit.jupiter.api.Test;

/** The library names a bad setting by its Java name; a front end can name it its own way. */
class SettingErrorsTest {
    @Test
    void aBadValueNamesTheSettingAsJavaCallsIt() {
        SettingException e = assertThrows(SettingException.class, () -> TrainConfig.builder().batchSize(0).build());
        assertEquals("batchSize", e.setting());
        assertEquals("batchSize must be positive, got 0", e.getMessage());
        assertEquals("--batch-size must be positive, got 0", e.messageNaming("--batch-size"));
        e = assertThrows(SettingException.class, () -> TrainConfig.builder().eta(-1f).build());
        assertEquals("eta must be a positive number, got -1.0", e.getMessage());
        e = assertThrows(SettingException.class, () -> TrainConfig.builder().activation("nope").build());
        assertEquals("activation", e.setting());
        e = assertThrows(SettingException.class, () -> TrainConfig.builder().net("dense 10 softmax, dense 10 relu").build());
        assertEquals("net", e.setting());
    }

    @Test
    void aValueThatDoesNotFitTheDataNamesTheSettingToo() {
        float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
        Dataset xor = new Dataset("xor", x, new int[] {0, 1, 1, 0}, 2, 2, 0, 0);
        TrainConfig c = TrainConfig.builder().layers(2, 4, 2).validation(4).build();
        SettingException e = assertThrows(SettingException.class, () -> Training.split(c, new Datasets.Split(xor, xor)));
        assertEquals("validation", e.setting());
        assertEquals("validation 4 leaves no training data: xor has 4 examples", e.getMessage());
        TrainConfig wide = TrainConfig.builder().layers(3, 4, 2).build();
        e = assertThrows(SettingException.class, () -> Training.split(wide, new Datasets.Split(xor, xor)));
        assertEquals("layers", e.setting());
    }
}
