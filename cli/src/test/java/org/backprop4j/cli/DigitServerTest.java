package org.backprop4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.backprop4j.BadInputException;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.io.Json;
import org.backprop4j.nn.NetSpec;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Shape;
import org.backprop4j.tensor.Rng;
import org.backprop4j.testing.TestData;
import org.backprop4j.train.TrainConfig;
import org.backprop4j.train.Training;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The draw-a-digit server: its three routes, and a clear status and one-line error for every bad request. */
class DigitServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private DigitServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop();
    }

    private String url(String path) { return "http://127.0.0.1:" + server.port() + path; }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "image/png").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<?, ?> json(HttpResponse<String> r) { return (Map<?, ?>) Json.parse(r.body(), "response"); }

    /** A test image drawn as a user would: dark ink on a white 280×280 canvas, as PNG. */
    static byte[] canvasPng(float[] pixels) throws IOException {
        BufferedImage img = new BufferedImage(280, 280, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 280; y++) {
            for (int x = 0; x < 280; x++) {
                int g = 255 - Math.round(255 * pixels[(y / 10) * 28 + x / 10]);
                img.setRGB(x, y, (g << 16) | (g << 8) | g);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static byte[] png(int w, int h, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgb);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** A small network trained for a few seconds: good enough to read clear digits. */
    static Network trained(String net, Datasets.Split data) {
        TrainConfig c = TrainConfig.builder().net(net).cost("nll").optimizer("momentum").eta(0.05f).batchSize(32).epochs(1).limit(10_000)
                .validation(0).seed(1).build();
        return Training.run(c, data, (r, n) -> { }).modelToKeep();
    }

    @Test
    void aDenseModelAnswersDrawingsAndRandomTestImages() throws Exception {
        Datasets.Split data = TestData.mnistOrSkip();
        Network net = trained("dense 100 relu, dense 10 softmax", data);
        server = new DigitServer(net, data.test(), List.of(), "127.0.0.1", 0);
        server.start();

        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<canvas id=\"pad\"") && !page.body().contains("http"), "one self-contained page");

        Dataset test = data.test();
        int right = 0;
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = post("/predict", canvasPng(test.row(i)));
            assertEquals(200, r.statusCode(), r.body());
            Map<?, ?> j = json(r);
            List<?> p = (List<?>) j.get("probabilities");
            assertEquals(10, p.size());
            assertEquals(1.0, p.stream().mapToDouble(v -> (Double) v).sum(), 1e-4);
            assertEquals(784, ((List<?>) j.get("input")).size());
            if (((Double) j.get("guess")).intValue() == test.label(i)) right++;
        }
        assertTrue(right >= 8, right + " of 10 redrawn test digits read right");

        Map<?, ?> random = json(get("/random"));
        assertTrue(random.containsKey("label") && random.containsKey("index") && random.containsKey("guess"), random.toString());

        // several at once, each on its own predictor: the same answer as alone
        byte[] seven = canvasPng(test.row(0));
        String alone = post("/predict", seven).body();
        List<CompletableFuture<HttpResponse<String>>> many = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            many.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url("/predict"))).POST(HttpRequest.BodyPublishers.ofByteArray(seven)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (var f : many) assertEquals(alone, f.get().body());
    }

    @Test
    void badRequestsGetTheirStatusAndAOneLineError() throws Exception {
        Network net = NetSpec.build("dense 10 softmax", new Shape(1, 28, 28), null, new Rng(1));
        server = new DigitServer(net, null, List.of(), "127.0.0.1", 0);
        server.start();
        record Case(int status, String error, HttpResponse<String> response) {}
        List<Case> cases = List.of(
                new Case(400, "empty request", post("/predict", new byte[0])),
                new Case(400, "not an image format Java can read", post("/predict", "hello".getBytes())),
                new Case(400, "no visible digit", post("/predict", png(280, 280, 0xFFFFFF))),
                new Case(400, "5000x8 pixels; at most 4096", post("/predict", png(5000, 8, 0))),
                new Case(413, "over 1048576 bytes", post("/predict", new byte[DigitServer.MAX_BODY + 10])),
                new Case(405, "POST the drawing", get("/predict")),
                new Case(405, "use GET", post("/", new byte[1])),
                new Case(404, "no such page: /etc/passwd", get("/etc/passwd")),
                new Case(404, "no such page", get("/%2e%2e/%2e%2e/etc/passwd")),
                new Case(404, "no test images", get("/random")));
        for (Case c : cases) {
            assertEquals(c.status(), c.response().statusCode(), c.error() + ": " + c.response().body());
            assertEquals("application/json", c.response().headers().firstValue("Content-Type").orElse(""));
            String error = (String) json(c.response()).get("error");
            assertTrue(error.contains(c.error()) && !error.contains("\n") && !error.contains("Exception"), error);
        }
    }

    @Test
    void aConvolutionalModelServesToo() throws Exception {
        Network net = NetSpec.build("conv 4 5x5 relu, maxpool 2, dense 10 softmax", new Shape(1, 28, 28), null, new Rng(1));
        server = new DigitServer(net, null, List.of(), "127.0.0.1", 0);
        server.start();
        float[] stroke = new float[784];
        for (int y = 5; y < 23; y++) stroke[y * 28 + 14] = 1f;
        HttpResponse<String> r = post("/predict", canvasPng(stroke));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(10, ((List<?>) json(r).get("probabilities")).size());
    }

    @Test
    void aModelOfOtherThanDigitsIsRefused() {
        Network net = NetSpec.build("dense 3 softmax", Shape.flat(4), null, new Rng(1));
        BadInputException e = assertThrows(BadInputException.class, () -> new DigitServer(net, null, List.of(), "127.0.0.1", 0));
        assertTrue(e.getMessage().contains("serve needs a model of 28x28 images"), e.getMessage());
    }
}
