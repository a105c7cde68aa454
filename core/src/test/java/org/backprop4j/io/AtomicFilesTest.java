package org.backprop4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.backprop4j.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesContentAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("out.json");
        AtomicFiles.writeString(f, "first");
        AtomicFiles.writeString(f, "second");
        assertEquals("second", Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFile() throws IOException {
        Path f = dir.resolve("keep.txt");
        Files.writeString(f, "precious");
        // the target is a non-empty directory: the rename must fail, and nothing is lost
        Path blocker = Files.createDirectory(dir.resolve("blocked"));
        Files.writeString(blocker.resolve("x"), "x");
        assertThrows(BadInputException.class, () -> AtomicFiles.writeString(blocker, "new"));
        assertEquals("precious", Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "the temporary file was removed");
        }
    }
}
