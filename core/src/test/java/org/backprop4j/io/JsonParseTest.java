package org.backprop4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop4j.BadInputException;
import org.junit.jupiter.api.Test;

/** What {@link Json} writes, it reads back: metrics files become reports again. */
class JsonParseTest {
    @Test
    void whatIsWrittenIsReadBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "backprop4j-metrics/1");
        m.put("text", "quote \" backslash \\ newline \n tab \t é");
        m.put("epochs", List.of(Map.of("epoch", 1, "test_acc", 0.9775), Map.of("epoch", 2, "test_acc", 0.98)));
        m.put("nan", Double.NaN);
        m.put("flag", true);
        m.put("sizes", new int[] {784, -30, 10});
        m.put("floats", new float[] {0.5f, 1e-3f});
        Object back = Json.parse(Json.pretty(m), "m.json");
        Map<?, ?> r = (Map<?, ?>) back;
        assertEquals("backprop4j-metrics/1", r.get("format"));
        assertEquals(m.get("text"), r.get("text"));
        assertEquals(0.9775, ((Map<?, ?>) ((List<?>) r.get("epochs")).get(0)).get("test_acc"));
        assertEquals(null, r.get("nan"));
        assertTrue(r.containsKey("nan"));
        assertEquals(true, r.get("flag"));
        assertEquals(Arrays.asList(784.0, -30.0, 10.0), r.get("sizes"));
        assertEquals(Arrays.asList(0.5, 0.001), r.get("floats"), "floats written as floats: 0.001, not 0.0010000000474974513");
        assertEquals(List.of("format", "text", "epochs", "nan", "flag", "sizes", "floats"), List.copyOf(r.keySet()), "order kept");
        assertEquals(1.5e-7, Json.parse(" 1.5e-7 ", "n"));
    }

    @Test
    void brokenTextIsOneLineNamingTheFileAndPlace() {
        BadInputException e = assertThrows(BadInputException.class, () -> Json.parse("{\"a\": [1, 2,}", "run.metrics.json"));
        assertTrue(e.getMessage().startsWith("run.metrics.json: not valid JSON at character 12"), e.getMessage());
        assertThrows(BadInputException.class, () -> Json.parse("{\"a\": 1} x", "f"));
        assertThrows(BadInputException.class, () -> Json.parse("\"open", "f"));
    }
}
