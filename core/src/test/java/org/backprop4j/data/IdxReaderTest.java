package org.backprop4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.backprop4j.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** An IDX file: magic 00 00 type rank, big-endian sizes, then the body. */
    static byte[] idx(int type, int[] dims, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + body.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        b.put(body);
        return b.array();
    }

    static byte[] images(int n, int rows, int cols) {
        byte[] body = new byte[n * rows * cols];
        for (int i = 0; i < body.length; i++) body[i] = (byte) (i * 37);
        return idx(0x08, new int[] {n, rows, cols}, body);
    }

    static byte[] labels(int... values) {
        byte[] body = new byte[values.length];
        for (int i = 0; i < values.length; i++) body[i] = (byte) values[i];
        return idx(0x08, new int[] {values.length}, body);
    }

    Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    @Test
    void readsImagesAndLabelsScaledToUnitInterval() throws IOException {
        Path img = write("i", images(3, 2, 2));
        Path lab = write("l", labels(7, 0, 9));
        Dataset d = Datasets.loadIdxPair(img, lab, "t", 256);
        assertEquals(3, d.size());
        assertEquals(4, d.features());
        assertEquals(2, d.height());
        assertEquals(10, d.classes());
        assertEquals(9, d.label(2));
        float[] row1 = d.row(1);
        for (int j = 0; j < 4; j++) assertEquals(((4 + j) * 37 & 0xFF) / 255f, row1[j], 1e-7);
    }

    @Test
    void readsGzipAndOtherTypes() throws IOException {
        Path img = write("i.gz", gzip(images(2, 3, 3)));
        Path lab = write("l.gz", gzip(labels(1, 2)));
        assertEquals(2, Datasets.loadIdxPair(img, lab, "t", 256).size());

        ByteBuffer floats = ByteBuffer.allocate(2 * 4 * 4);
        for (int i = 0; i < 8; i++) floats.putFloat(i * 0.5f);
        Path f = write("f", idx(0x0D, new int[] {2, 4}, floats.array()));
        Dataset d = Datasets.loadIdxPair(f, lab, "floats", 256);
        assertArrayEquals(new float[] {2f, 2.5f, 3f, 3.5f}, d.row(1));
        assertFalse(d.isImage(), "a rank-2 file holds feature vectors, not images");
    }

    @Test
    void badMagicNamesFileAndOffset() throws IOException {
        byte[] b = images(1, 2, 2);
        b[0] = 0x1F;
        b[1] = 0x00;
        Path p = write("bad", b);
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("bad magic") && e.getMessage().contains("offset 0"), e.getMessage());
    }

    @Test
    void unknownTypeCode() throws IOException {
        byte[] b = images(1, 2, 2);
        b[2] = 0x42;
        Path p = write("type", b);
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("type code 0x42"), e.getMessage());
    }

    @Test
    void truncatedBodySaysHowMuchIsMissing() throws IOException {
        byte[] b = images(10, 28, 28);
        Path p = write("short", Arrays.copyOf(b, b.length - 100));
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("10x28x28") && e.getMessage().contains("7840"), e.getMessage());
    }

    @Test
    void truncatedHeaderAndTrailingBytes() throws IOException {
        Path header = write("hdr", Arrays.copyOf(images(1, 2, 2), 9));
        assertTrue(assertThrows(BadInputException.class, () -> IdxReader.read(header)).getMessage().contains("truncated IDX header"));
        byte[] b = images(1, 2, 2);
        Path extra = write("extra", Arrays.copyOf(b, b.length + 3));
        assertTrue(assertThrows(BadInputException.class, () -> IdxReader.read(extra)).getMessage().contains("3 unexpected bytes"));
    }

    @Test
    void truncatedGzip() throws IOException {
        byte[] gz = gzip(images(50, 28, 28));
        Path p = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void wrongDimensions() throws IOException {
        Path oneDim = write("flat", idx(0x08, new int[] {4}, new byte[4]));
        Path lab = write("l", labels(1, 2, 3, 4));
        BadInputException e = assertThrows(BadInputException.class, () -> Datasets.loadIdxPair(oneDim, lab, "t", 256));
        assertTrue(e.getMessage().contains("3 dimensions") && e.getMessage().contains("found 1"), e.getMessage());
        Path img = write("i", images(4, 2, 2));
        Path twoDimLabels = write("l2", idx(0x08, new int[] {2, 2}, new byte[4]));
        e = assertThrows(BadInputException.class, () -> Datasets.loadIdxPair(img, twoDimLabels, "t", 256));
        assertTrue(e.getMessage().contains("labels must have 1 dimension"), e.getMessage());
    }

    @Test
    void labelAndImageCountsMustAgree() throws IOException {
        Path img = write("i", images(3, 2, 2));
        Path lab = write("l", labels(1, 2));
        BadInputException e = assertThrows(BadInputException.class, () -> Datasets.loadIdxPair(img, lab, "t", 256));
        assertTrue(e.getMessage().contains("2 labels but") && e.getMessage().contains("3 images"), e.getMessage());
    }

    @Test
    void nanInFloatDataIsRejected() throws IOException {
        ByteBuffer floats = ByteBuffer.allocate(4 * 4);
        floats.putFloat(1).putFloat(Float.NaN).putFloat(2).putFloat(3);
        Path f = write("nan", idx(0x0D, new int[] {2, 2}, floats.array()));
        Path lab = write("l", labels(0, 1));
        BadInputException e = assertThrows(BadInputException.class, () -> Datasets.loadIdxPair(f, lab, "t", 256));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("value 1"), e.getMessage());
    }

    @Test
    void missingDirectoryFilesSayHowToFetch() {
        BadInputException e = assertThrows(BadInputException.class, () -> Datasets.load("mnist", dir, 1, 0.2));
        assertTrue(e.getMessage().contains("./backprop4j fetch mnist"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Datasets.load(dir.resolve("nowhere").toString(), dir, 1, 0.2));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void directoryOfIdxFilesWithDotNamesAndGzip() throws IOException {
        Path d = Files.createDirectory(dir.resolve("mine"));
        Files.write(d.resolve("train-images.idx3-ubyte"), images(5, 2, 2));
        Files.write(d.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(0, 1, 2, 1, 0)));
        Files.write(d.resolve("t10k-images-idx3-ubyte"), images(2, 2, 2));
        Files.write(d.resolve("t10k-labels-idx1-ubyte"), labels(2, 2));
        Datasets.Split s = Datasets.load(d.toString(), dir, 1, 0.2);
        assertEquals(5, s.train().size());
        assertEquals(2, s.test().size());
        assertEquals(3, s.test().classes());
    }
}
