package org.backprop4j.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.backprop4j.BadInputException;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.DigitImage;
import org.backprop4j.io.Json;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Predictor;
import org.backprop4j.tensor.ExecutionContext;

/**
 * The draw-a-digit page on the JDK's HTTP server. Three routes and nothing else (no file of the machine is
 * ever served): {@code GET /} the page, {@code POST /predict} a picture (the canvas as PNG, at most
 * {@link #MAX_BODY} bytes) → the 28×28 input as the network sees it (the preprocessing of
 * {@code predict IMAGE}) and the class probabilities, {@code GET /random} a random test image with the
 * model's guess. A bad request gets its status (400, 404, 405, 413) and a one-line JSON error, never a
 * stack trace. Requests run on a small pool, each thread with its own {@link Predictor}.
 */
final class DigitServer {
    static final int MAX_BODY = 1 << 20;

    private final HttpServer server;
    private final ExecutorService pool;
    private final Network network;
    private final Dataset test;
    private final List<String> classes;
    private final ThreadLocal<Predictor> predictors;
    private final String page = loadPage();

    DigitServer(Network network, Dataset test, List<String> classNames, String host, int port) throws IOException {
        if (network.inputSize() != 784) {
            throw new BadInputException("serve needs a model of 28x28 images; this one takes " + network.inputShape());
        }
        this.network = network;
        this.test = test;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < network.outputSize(); c++) names.add(c < classNames.size() ? classNames.get(c) : Integer.toString(c));
        this.classes = names;
        // one thread per predictor: requests are single images, and several run at once on the pool
        this.predictors = ThreadLocal.withInitial(() -> new Predictor(network, ExecutionContext.create(1)));
        this.server = HttpServer.create(new InetSocketAddress(host, port), 32);
        this.pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "backprop4j-serve");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
    }

    void start() { server.start(); }

    int port() { return server.getAddress().getPort(); }

    void stop() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange ex) {
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            switch (path) {
                case "/", "/index.html" -> {
                    if (!method.equals("GET") && !method.equals("HEAD")) throw new HttpError(405, "use GET for " + path);
                    send(ex, 200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
                }
                case "/predict" -> {
                    if (!method.equals("POST")) throw new HttpError(405, "POST the drawing (PNG) to /predict");
                    byte[] body = body(ex);
                    if (body.length == 0) throw new HttpError(400, "empty request: POST the drawing as a PNG image");
                    float[] input;
                    try {
                        input = DigitImage.decode(body, "the drawing");
                    } catch (BadInputException e) {
                        throw new HttpError(400, e.getMessage());
                    }
                    sendJson(ex, 200, answer(input, null));
                }
                case "/random" -> {
                    if (!method.equals("GET")) throw new HttpError(405, "use GET for /random");
                    if (test == null || test.size() == 0) throw new HttpError(404, "no test images with this model");
                    int i = ThreadLocalRandom.current().nextInt(test.size());
                    Map<String, Object> a = answer(test.row(i), i);
                    a.put("label", test.label(i));
                    sendJson(ex, 200, a);
                }
                default -> throw new HttpError(404, "no such page: " + path);
            }
        } catch (HttpError e) {
            sendError(ex, e.status, e.getMessage());
        } catch (RuntimeException | Error e) {
            System.err.println("backprop4j serve: internal error on " + ex.getRequestURI().getPath() + ": " + e);
            sendError(ex, 500, "internal error");
        } catch (IOException e) {
            // the client went away mid-answer
        } finally {
            ex.close();
        }
    }

    private Map<String, Object> answer(float[] input, Integer index) {
        float[] p = new float[network.outputSize()];
        int guess = predictors.get().predict(input, p);
        Map<String, Object> m = new LinkedHashMap<>();
        if (index != null) m.put("index", index);
        m.put("guess", guess);
        m.put("name", classes.get(guess));
        m.put("probabilities", p);
        m.put("classes", classes);
        m.put("input", input);
        return m;
    }

    private static byte[] body(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BODY) throw new HttpError(413, "the drawing is over " + MAX_BODY + " bytes");
            } catch (NumberFormatException e) {
                throw new HttpError(400, "bad Content-Length");
            }
        }
        InputStream in = ex.getRequestBody();
        byte[] b = in.readNBytes(MAX_BODY + 1);
        if (b.length > MAX_BODY) throw new HttpError(413, "the drawing is over " + MAX_BODY + " bytes");
        return b;
    }

    private static void sendJson(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, "application/json", Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    private static void sendError(HttpExchange ex, int status, String message) {
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("error", message);
            sendJson(ex, status, m);
        } catch (IOException | RuntimeException ignored) {
            // the client is gone: nothing left to tell it
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static final class HttpError extends RuntimeException {
        final int status;

        HttpError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The page, a resource of this jar (HTML, CSS and script in one file). */
    private static String loadPage() {
        try (InputStream in = DigitServer.class.getResourceAsStream("serve.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
