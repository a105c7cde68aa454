package org.backprop4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Whole lines, each with its prefix, however the text arrives; redraws dropped; a last unfinished line on close. */
class LinePrefixerTest {
    @Test
    void writesWholePrefixedLines() {
        StringWriter sink = new StringWriter();
        PrintWriter target = new PrintWriter(sink);
        PrintWriter a = LinePrefixer.of(target, "[a] ");
        a.print("Epoch 1: ");
        a.flush();
        assertEquals("", sink.toString(), "nothing before the line ends");
        a.print("done\r\nsecond line\npart");
        a.flush();
        assertEquals("[a] Epoch 1: done" + System.lineSeparator() + "[a] second line" + System.lineSeparator(), sink.toString());
        a.close();
        assertEquals("[a] Epoch 1: done" + System.lineSeparator() + "[a] second line" + System.lineSeparator() + "[a] part" + System.lineSeparator(),
                sink.toString());
    }

    @Test
    void linesOfTwoWritersDoNotMix() throws InterruptedException {
        StringWriter sink = new StringWriter();
        PrintWriter target = new PrintWriter(sink);
        Thread[] t = new Thread[2];
        for (int k = 0; k < 2; k++) {
            String tag = "[" + k + "] ";
            t[k] = new Thread(() -> {
                PrintWriter w = LinePrefixer.of(target, tag);
                for (int i = 0; i < 2000; i++) {
                    w.print("line ");
                    w.print(i);
                    w.println(" end");
                }
            });
            t[k].start();
        }
        for (Thread th : t) th.join();
        String[] lines = sink.toString().split(System.lineSeparator());
        assertEquals(4000, lines.length);
        for (String l : lines) assertTrue(l.matches("\\[[01]\\] line \\d+ end"), l);
    }
}
