package org.backprop4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        // tabular features are standardized on the training rows: each has mean 0 and standard deviation 1 there
        for (int j = 0; j < 2; j++) {
            double sum = 0, sq = 0;
            for (int i = 0; i < s.train().size(); i++) {
                sum += s.train().row(i)[j];
                sq += s.train().row(i)[j] * s.train().row(i)[j];
            }
            assertEquals(0, sum / 8, 1e-6);
            assertEquals(1, sq / 8, 1e-5);
        }
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
    void labelsThatAreNotClassNumbersFromZeroAreNamesInSortedOrder() throws IOException {
        // no header: the first row's features are numbers, so it is data whatever its label
        CsvReader.Table t = CsvReader.read(csv("virginica,6.3,3.3\nsetosa,5.1,3.5\nversicolor,7.0,3.2\nsetosa,4.9,3.0\n"));
        assertEquals(List.of("setosa", "versicolor", "virginica"), t.classNames());
        assertArrayEquals(new int[] {2, 0, 1, 0}, t.labels());
        assertArrayEquals(new float[] {6.3f, 3.3f, 5.1f, 3.5f, 7.0f, 3.2f, 4.9f, 3.0f}, t.x());
        // numbers from 1 (and negative ones) are names too, in numeric order: class 0 is "1" here, not "10"
        CsvReader.Table one = CsvReader.read(csv("2,0.5\n10,0.5\n1,0.1\n"));
        assertEquals(List.of("1", "2", "10"), one.classNames());
        assertArrayEquals(new int[] {1, 2, 0}, one.labels());
        CsvReader.Table signs = CsvReader.read(csv("1,0.5\n-1,0.5\n"));
        assertEquals(List.of("-1", "1"), signs.classNames());
        // class numbers from 0 stay numbers, without names
        CsvReader.Table numbers = CsvReader.read(csv("0,0.5\n2,0.5\n"));
        assertEquals(List.of(), numbers.classNames());
        assertArrayEquals(new int[] {0, 2}, numbers.labels());
    }

    @Test
    void aHeaderIsFoundByItsFieldsAndTheLabelColumnByNameNumberOrLast() throws IOException {
        // feature names that are numbers: the label field "label" is a word where every other row has a number
        CsvReader.Table numbered = CsvReader.read(csv("label,0,1\n0,0.5,0.25\n1,0.75,1\n"));
        assertEquals(2, numbered.rows());
        Path p = csv("a,b,species\n5.1,3.5,setosa\n6.3,3.3,virginica\n");
        for (String column : new String[] {"species", "3", "last"}) {
            CsvReader.Table t = CsvReader.read(p, column);
            assertEquals(2, t.rows(), column);
            assertEquals(2, t.labelColumn(), column);
            assertEquals(List.of("setosa", "virginica"), t.classNames(), column);
            assertArrayEquals(new float[] {5.1f, 3.5f, 6.3f, 3.3f}, t.x(), column);
        }
        BadInputException e = assertThrows(BadInputException.class, () -> CsvReader.read(p, "kind"));
        assertTrue(e.getMessage().contains("no column named 'kind'") && e.getMessage().contains("a,b,species"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> CsvReader.read(p, "4"));
        assertTrue(e.getMessage().contains("label column 4 is not one of its columns 1..3"), e.getMessage());
        // without a label in the named column, the species words are features that are not numbers
        e = assertThrows(BadInputException.class, () -> CsvReader.read(p));
        assertTrue(e.getMessage().contains("line 2 column 3") && e.getMessage().contains("'setosa'"), e.getMessage());
    }

    @Test
    void splitsKeepTheClassNamesAndTheScalingThatNewRowsNeed() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) sb.append(i % 2 == 0 ? "cat" : "dog").append(',').append(i * 10).append(',').append(1000 - i).append('\n');
        Path p = csv(sb.toString());
        Datasets.Split s = Datasets.loadCsv(p, 3, 0.2);
        assertEquals(List.of("cat", "dog"), s.train().classNames());
        assertEquals(List.of("cat", "dog"), s.test().classNames());
        // the raw rows, scaled by what the model's metadata keeps, are the rows the network saw
        FeatureScaling back = FeatureScaling.fromMeta(s.scaling().toMeta(), 2);
        CsvReader.Table raw = CsvReader.read(p);
        float[] x = raw.x().clone();
        back.apply(x, 2);
        float[] test0 = s.test().row(0);
        boolean found = false;
        for (int i = 0; i < raw.rows(); i++) found |= x[2 * i] == test0[0] && x[2 * i + 1] == test0[1];
        assertTrue(found, "a test row scaled from the file as predict scales new rows");
    }

    @Test
    void imagesKeepTheirPicturesAndOnlyLoseTheirRange() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(i % 2);
            for (int j = 0; j < 64; j++) sb.append(',').append(j == 63 ? 255 : (i * 64 + j) % 200); // a white pixel in each
            sb.append('\n');
        }
        Datasets.Split s = Datasets.loadCsv(csv(sb.toString()), 3, 0.2);
        assertTrue(s.train().isImage());
        assertEquals(Map.of("input.scale", Float.toString(1 / 255f)), s.scaling().toMeta());
    }

    @Test
    void rowsToClassifyHoldTheFeaturesWithOrWithoutTheLabel() throws IOException {
        CsvReader.Rows bare = CsvReader.readRows(csv("a,b\n1,2\n3,4\n"), 2, null);
        assertEquals(2, bare.count());
        assertArrayEquals(new float[] {1, 2, 3, 4}, bare.x());
        assertEquals(null, bare.labels());
        CsvReader.Rows labelled = CsvReader.readRows(csv("1,2,setosa\n3,4,virginica\n"), 2, "last");
        assertEquals(List.of("setosa", "virginica"), labelled.labels());
        assertArrayEquals(new float[] {1, 2, 3, 4}, labelled.x());
        CsvReader.Rows named = CsvReader.readRows(csv("x,y,species\n1,2,setosa\n"), 2, "species");
        assertEquals(1, named.count());
        BadInputException e = assertThrows(BadInputException.class, () -> CsvReader.readRows(csv("1,2,3,4\n"), 2, null));
        assertTrue(e.getMessage().contains("4 columns, but the model takes 2 features"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> CsvReader.readRows(csv("1,2\n3\n"), 2, null));
        assertTrue(e.getMessage().contains("line 2: expected 2 columns, found 1"), e.getMessage());
    }
}
