package org.backprop4j.cli;

import java.io.PrintWriter;
import org.backprop4j.BadInputException;
import org.backprop4j.SettingException;
import org.backprop4j.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code backprop4j} command. Errors a user can fix (a bad flag, a missing or corrupt file, a shape
 * that does not fit) are printed as one line without a stack trace; exit codes: 0 success, 1 bad
 * input or a failed run, 2 bad usage, 70 an internal error (a bug: the stack trace is printed).
 */
@Command(name = "backprop4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Neural networks on the JVM: train, evaluate and run feed-forward networks.",
        footer = {"", "Launcher commands (./backprop4j, not the jar):",
                "  fetch       Downloads and verifies a dataset: fetch mnist|fashion|tabular|all.",
                "  test        Runs every test (mvn verify), fetching MNIST first for the end-to-end ones."},
        subcommands = {TrainCommand.class, EnsembleCommand.class, EvaluateCommand.class, PredictCommand.class, BaselineCommand.class,
                PerceptronCommand.class, BenchCommand.class, ReportCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static final String VERSION = "0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code, writing to the given streams (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.getSubcommands().get("train").getCommandSpec().usageMessage().footer(TrainCommand.defaultsFooter());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            String cmd = ex.getCommandLine().getCommandName();
            String prefix = cmd.equals("backprop4j") ? "backprop4j" : "backprop4j " + cmd;
            err.println(prefix + ": " + oneLine(ex.getMessage()) + " (see " + prefix + " --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UsageException) {
                err.println("backprop4j " + commandLine.getCommandName() + ": " + oneLine(ex.getMessage())
                        + " (see backprop4j " + commandLine.getCommandName() + " --help)");
                return 2;
            }
            if (ex instanceof TrainingDivergedException d) { // a failed run, though the advice names a flag
                err.println("backprop4j: error: " + oneLine(d.messageNaming(flag(d.setting()))));
                return 1;
            }
            if (ex instanceof SettingException se) { // a setting's value: named as the flag that gives it
                err.println("backprop4j " + commandLine.getCommandName() + ": " + oneLine(se.messageNaming(flag(se.setting())))
                        + " (see backprop4j " + commandLine.getCommandName() + " --help)");
                return 2;
            }
            if (ex instanceof BadInputException) {
                err.println("backprop4j: error: " + oneLine(ex.getMessage()));
                return 1;
            }
            err.println("backprop4j: internal error (please report it with this trace):");
            ex.printStackTrace(err);
            return 70;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The flag of a setting's Java name: batchSize → --batch-size. */
    static String flag(String setting) {
        if (setting.equals("validationFraction")) return "--validation"; // one flag takes the count or the fraction
        return "--" + setting.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replaceAll("\\s+", " ").trim();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A flag value that does not make sense with the others. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) { super(message); }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"backprop4j " + VERSION, "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
                    org.backprop4j.tensor.Kernels.describe()};
        }
    }
}
