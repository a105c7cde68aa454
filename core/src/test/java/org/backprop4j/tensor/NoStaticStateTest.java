package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No state of the library lives in static fields: threads, pools and the arguments of a parallel product
 * belong to an {@link ExecutionContext}, so two networks in one JVM never share them. Static fields are
 * constants: final, and not a lock, an atomic or a thread.
 */
class NoStaticStateTest {
    @Test
    void everyStaticFieldOfTheLibraryIsAConstant() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(ExecutionContext.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                String rel = classes.relativize(p).toString();
                names.add(rel.substring(0, rel.length() - ".class".length()).replace('/', '.').replace('\\', '.'));
            });
        }
        assertTrue(names.size() > 50, "found the library's classes in " + classes + ": " + names.size());
        List<String> state = new ArrayList<>();
        for (String name : names) {
            if (name.contains(".simd.") && !Kernels.VECTOR_MODULE) continue; // not loadable without the module
            Class<?> c = Class.forName(name, false, getClass().getClassLoader());
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (!Modifier.isStatic(mod) || f.isSynthetic()) continue;
                String type = f.getType().getName();
                if (!Modifier.isFinal(mod) || type.startsWith("java.util.concurrent") || Thread.class.isAssignableFrom(f.getType())) {
                    state.add(name + "." + f.getName() + " (" + f.getType().getSimpleName() + ")");
                }
            }
        }
        assertTrue(state.isEmpty(), "static state: " + state);
    }
}
