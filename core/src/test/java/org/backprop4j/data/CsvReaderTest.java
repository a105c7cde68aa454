package org.backprop4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.backprop4j.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    Path csv(String content) throws IOException {
        Path p = dir.resolve("d.csv");
        Files.writeString(p, content);
        return p;
    }

    @Test
    void headerIsSkippedAndSplitIsSeeded() throws IOException {
        StringBuilder sb = new StringBuilder("label,a,b\n");
        for (int i = 0; i < 10; i++) sb.append(i % 3).append(',').append(i * 25).append(',').append(255 - i).append('\n');
        Path p = csv(sb.toString());
        Datasets.Split s = Datasets.loadCsv(p, 7, 0.2);
        assertEquals(8, s.train().size());
        assertEquals(2, s.test().size());
        assertEquals(2, s.train().features());
        assertEquals(3, s.train().classes());
        // one factor for all features: the largest magnitude in the training rows becomes 1
        float max = 0;
        for (int i = 0; i < s.train().size(); i++) for (float v : s.train().row(i)) max = Math.max(max, v);
        assertEquals(1f, max, 1e-6);
        Datasets.Split again = Datasets.loadCsv(p, 7, 0.2);
        for (int i = 0; i < 2; i++) assertEquals(s.test().label(i), again.test().label(i));
    }

    @Test
    void wrongColumnCountNamesTheLine() throws IOException {
        Path p = csv("1,0.5,0.5\n2,0.1\n");
        BadInputException e = assertThrows(BadInputException.class, () -> CsvReader.read(p));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("expected 3 columns, found 2"), e.getMessage());
    }

    @Test
    void nonNumbersAndNaNNameLineAndColumn() throws IOException {
        Path p = csv("1,0.5,abc\n");
        BadInputException e = assertThrows(BadInputException.class, () -> CsvReader.read(p));
        assertTrue(e.getMessage().contains("line 1 column 3") && e.getMessage().contains("'abc'"), e.getMessage());
        Path q = csv("1,0.5,0.2\n0,NaN,0.1\n");
        e = assertThrows(BadInputException.class, () -> CsvReader.read(q));
        assertTrue(e.getMessage().contains("line 2 column 2") && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void labelsMustBeClassNumbers() throws IOException {
        Path p = csv("1,0.5\n-1,0.5\n");
        BadInputException e = assertThrows(BadInputException.class, () -> CsvReader.read(p));
        assertTrue(e.getMessage().contains("line 2 column 1"), e.getMessage());
    }
}
