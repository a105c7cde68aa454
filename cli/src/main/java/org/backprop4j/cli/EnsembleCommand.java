package org.backprop4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.backprop4j.BadInputException;
import org.backprop4j.tensor.Kernels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = {"Trains several networks alike from consecutive seeds, then evaluates their vote on the test set (Nielsen ch. 6).",
                "Every other flag goes to train, e.g.: ./backprop4j ensemble --members 5 --preset nielsen-ch6-dropout",
                "Member i is saved as DIR/member-<i>.bp4j; evaluate DIR/member-*.bp4j votes again later.",
                "With --jobs 2, two members train at a time, each on half the cores: the same models, sooner where one",
                "run keeps the cores only partly busy (mini-batches of 10: nielsen-ch6-dropout about 1.2 times as fast)."})
final class EnsembleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--members", paramLabel = "N", description = "Networks to train (default ${DEFAULT-VALUE}).")
    int members = 5;

    @Option(names = "--seed", paramLabel = "S", description = "The first member's seed; the others take S+1, S+2, ... (default: the preset's).")
    Long seed;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Where the members are saved (default runs/ensemble-<time>).")
    Path outDir;

    @Option(names = "--jobs", paramLabel = "J", description = "Members trained at a time, the cores shared among them (default ${DEFAULT-VALUE}).")
    int jobs = 1;

    @Option(names = "--combine", paramLabel = "vote|mean", description = "The class most members guess (vote, the default) or of their largest mean output (mean).")
    String combine = "vote";

    @CommandLine.Unmatched
    List<String> trainArgs = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (members < 1) throw new Main.UsageException("--members must be at least 1, got " + members);
        if (jobs < 1) throw new Main.UsageException("--jobs must be at least 1, got " + jobs);
        EvaluateCommand.combination(combine); // a bad value is refused before any member trains
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
        int at = Math.min(jobs, members);
        List<String> common = new ArrayList<>(trainArgs);
        if (at > 1) common.add("--no-progress"); // one bar redrawn in place cannot show several runs
        threadsGiven = trainArgs.stream().anyMatch(a -> a.equals("--threads") || a.startsWith("--threads="));
        List<String> files = new ArrayList<>();
        for (int i = 1; i <= members; i++) files.add(dir.resolve("member-" + i + ".bp4j").toString());
        int code = at == 1 ? inTurn(files, first, common, out, err) : together(at, files, first, common, out, err);
        if (code != 0) return code;
        out.println("== the " + combine + " of the " + members + " members");
        out.flush();
        List<String> args = new ArrayList<>(List.of("evaluate", "--combine", combine));
        args.addAll(files);
        return Main.run(args.toArray(new String[0]), out, err);
    }

    /** Whether train's --threads is among the flags passed on; if not, members at a time share the cores. */
    private boolean threadsGiven;

    /**
     * The train command line of member i (from 1) of the ensemble, trained with up to {@code at} members at a
     * time: on its share of the cores among the members that can still run beside it, so that the last
     * ones, fewer than {@code at}, take the cores the others no longer need.
     */
    private String[] trainArgs(int i, List<String> files, long first, List<String> common, int at) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(common);
        if (at > 1 && !threadsGiven) {
            int sharing = Math.min(at, files.size() - i + 1);
            args.addAll(List.of("--threads", Integer.toString(Math.max(1, Kernels.defaultThreads() / sharing))));
        }
        args.addAll(List.of("--seed", Long.toString(first + i - 1), "--model-out", files.get(i - 1)));
        return args.toArray(new String[0]);
    }

    private String announce(int i, List<String> files, long first) {
        return "== member " + i + " of " + files.size() + ", seed " + (first + i - 1) + " -> " + files.get(i - 1);
    }

    /** The members one after the other; the first that fails ends the ensemble. */
    private int inTurn(List<String> files, long first, List<String> common, PrintWriter out, PrintWriter err) {
        for (int i = 1; i <= files.size(); i++) {
            out.println(announce(i, files, first));
            out.flush();
            int code = Main.run(trainArgs(i, files, first, common, 1), out, err);
            if (code != 0) return code;
        }
        return 0;
    }

    /**
     * The members {@code at} at a time, in order of their number, each line of their output prefixed with
     * "[member i]". Once one fails no other starts; those running finish, and the first failure's code is returned.
     */
    private int together(int at, List<String> files, long first, List<String> common, PrintWriter out, PrintWriter err) {
        AtomicInteger next = new AtomicInteger(1);
        AtomicInteger failure = new AtomicInteger(0);
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i <= files.size() && failure.get() == 0; i = next.getAndIncrement()) {
                String tag = "[member " + i + "] ";
                synchronized (out) {
                    out.println(announce(i, files, first));
                    out.flush();
                }
                int code;
                try (PrintWriter o = LinePrefixer.of(out, tag); PrintWriter e = LinePrefixer.of(err, tag)) {
                    code = Main.run(trainArgs(i, files, first, common, at), o, e);
                }
                if (code != 0) failure.compareAndSet(0, code);
            }
        };
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < at; t++) threads.add(Thread.ofPlatform().name("backprop4j-member-" + (t + 1)).start(worker));
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            }
        }
        return failure.get();
    }
}
