package org.backprop4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aFailedWriteKeepsWhatWasThere() throws IOException {
        // the target is a non-empty directory: the rename must fail, the directory and its file must
        // survive untouched, and the temporary file must be cleaned up
        Path blocker = Files.createDirectory(dir.resolve("blocked"));
        Files.writeString(blocker.resolve("x"), "old contents");
        BadInputException e = assertThrows(BadInputException.class, () -> AtomicFiles.writeString(blocker, "new"));
        assertTrue(e.getMessage().contains("blocked"), e.getMessage());
        assertTrue(Files.isDirectory(blocker));
        assertEquals("old contents", Files.readString(blocker.resolve("x")));
        try (var files = Files.list(dir)) {
            assertEquals(java.util.List.of(blocker), files.toList(), "only the target remains: the temporary file was removed");
        }
    }
}
