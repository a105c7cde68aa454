package org.backprop4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.backprop4j.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = {"Trains several networks alike from consecutive seeds, then evaluates their vote on the test set (Nielsen ch. 6).",
                "Every other flag goes to train, e.g.: ./backprop4j ensemble --members 5 --preset nielsen-ch6-dropout",
                "Member i is saved as DIR/member-<i>.bp4j; evaluate DIR/member-*.bp4j votes again later."})
final class EnsembleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--members", paramLabel = "N", description = "Networks to train (default ${DEFAULT-VALUE}).")
    int members = 5;

    @Option(names = "--seed", paramLabel = "S", description = "The first member's seed; the others take S+1, S+2, ... (default: the preset's).")
    Long seed;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Where the members are saved (default runs/ensemble-<time>).")
    Path outDir;

    @CommandLine.Unmatched
    List<String> trainArgs = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (members < 1) throw new Main.UsageException("--members must be at least 1, got " + members);
        for (String a : trainArgs) {
            if (a.equals("--model-out") || a.startsWith("--model-out=") || a.equals("--resume") || a.startsWith("--resume=")
                    || a.equals("--checkpoint-dir") || a.startsWith("--checkpoint-dir=")) {
                throw new Main.UsageException(a.replaceFirst("=.*", "") + " cannot be given to ensemble: each member is saved in --out-dir");
            }
        }
        // the preset's seed, from a train command line that only parses the flags
        TrainCommand probe = new TrainCommand();
        try {
            new CommandLine(probe).parseArgs(trainArgs.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new Main.UsageException(e.getMessage() + " (ensemble passes the flags it does not know to train)");
        }
        long first = seed != null ? seed : probe.config().seed();
        Path dir = outDir != null ? outDir
                : Path.of("runs", "ensemble-" + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new BadInputException(dir + ": cannot create the directory (" + e.getMessage() + ")");
        }
        List<String> files = new ArrayList<>();
        for (int i = 1; i <= members; i++) {
            Path file = dir.resolve("member-" + i + ".bp4j");
            out.println("== member " + i + " of " + members + ", seed " + (first + i - 1) + " -> " + file);
            out.flush();
            List<String> args = new ArrayList<>(List.of("train"));
            args.addAll(trainArgs);
            args.addAll(List.of("--seed", Long.toString(first + i - 1), "--model-out", file.toString()));
            int code = Main.run(args.toArray(new String[0]), out, err);
            if (code != 0) return code;
            files.add(file.toString());
        }
        out.println("== the vote of the " + members + " members");
        out.flush();
        List<String> args = new ArrayList<>(List.of("evaluate"));
        args.addAll(files);
        return Main.run(args.toArray(new String[0]), out, err);
    }
}
