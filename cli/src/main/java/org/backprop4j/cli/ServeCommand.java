package org.backprop4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.backprop4j.BadInputException;
import org.backprop4j.data.Dataset;
import org.backprop4j.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves a page to draw a digit on and watch the model's answer as you draw (any model of 28x28 images: dense or",
                "convolutional), with a button for a random test image. Local only unless --host says otherwise; Ctrl-C stops it."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "A model file written by train.")
    Path model;

    @Option(names = "--port", paramLabel = "N", description = "Port (default ${DEFAULT-VALUE}; 0: any free one).")
    int port = 8080;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only).")
    String host = "127.0.0.1";

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || port > 65535) throw new Main.UsageException("--port must be 0 to 65535, got " + port);
        ModelFile.Loaded m = ModelOptions.load(model);
        Dataset test = ModelOptions.loadData(m, null, null).test();
        DigitServer server;
        try {
            server = new DigitServer(m.network(), test, ModelOptions.classNames(m), host, port);
        } catch (java.net.BindException e) {
            throw new BadInputException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): give another --port");
        }
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "backprop4j-serve-stop"));
        out.println("Serving " + model + " (" + m.network().spec() + ") at http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + server.port() + "/  (Ctrl-C stops)");
        out.flush();
        stopped.await();
        return 0;
    }
}
