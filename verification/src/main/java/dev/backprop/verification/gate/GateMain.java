package dev.backprop.verification.gate;

import dev.backprop.verification.check.PropertyRun;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line: {@code java -jar backprop-verify.jar [--seed N] [--claim-cases N] [--cases N]}.
 * Exit codes: 0 every implementation passed and the suite is sound (the seed's errata are reported, not
 * failed); 1 an implementation or an agreement failed; 2 bad usage; 3 the suite itself is at fault.
 */
@Command(name = "backprop-verify", mixinStandardHelpOptions = true, version = "backprop-verify 0.1.0",
        description = "Checks every claim of the seed notes and the built-in backprop implementations; prints a "
                + "table, the errata found, and a summary line.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every implementation passed and the suite is sound (errata of the seed are reported, "
                + "not failed)",
            "1:an implementation, or the agreement of two, failed",
            "2:bad usage",
            "3:the suite itself is at fault: a claim could not be evaluated, an erratum has no correction, a "
                    + "correction does not hold, or an internal error"})
public final class GateMain implements Callable<Integer> {
    /** Refused above this: a run larger than this is a campaign, not a gate (see README). */
    static final int MAX_CASES = 100_000;

    @Option(names = "--seed", description = "seed for every random case (default: ${DEFAULT-VALUE})")
    long seed = PropertyRun.DEFAULT_SEED;

    @Option(names = "--claim-cases", description = "random instances per claim (default: ${DEFAULT-VALUE})")
    int claimCases = Gate.DEFAULT_CLAIM_CASES;

    @Option(names = "--cases", description = "random networks per implementation check (default: ${DEFAULT-VALUE})")
    int cases = Gate.DEFAULT_IMPLEMENTATION_CASES;

    private final Map<String, Subject> subjects;
    private final PrintStream out;

    GateMain(Map<String, Subject> subjects, PrintStream out) {
        this.subjects = subjects;
        this.out = out;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        requireCount("--claim-cases", claimCases);
        requireCount("--cases", cases);
        GateResult result = Gate.run(seed, claimCases, cases, subjects);
        GateReport.print(result, out);
        out.flush();
        return !result.implementationsPassed() ? 1 : result.suiteSound() ? 0 : 3;
    }

    private void requireCount(String option, int value) {
        if (value < 1 || value > MAX_CASES) {
            throw new ParameterException(spec.commandLine(),
                    option + " must be between 1 and " + MAX_CASES + ", got " + value);
        }
    }

    /** Runs the command line on the built-in implementations and returns its exit code; never throws. */
    static int run(PrintStream out, PrintStream err, String... args) {
        return run(Gate.builtIns(), out, err, args);
    }

    /**
     * Runs the command line on {@code subjects}. Bad usage is one line and exit 2 (picocli's own handling of
     * {@link ParameterException}); anything else that escapes is the suite's own failure: one line, exit 3,
     * never a stack trace.
     */
    static int run(Map<String, Subject> subjects, PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new GateMain(subjects, out));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((e, line) -> {
            err.println("backprop-verify: " + e.getMessage() + " (see --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("backprop-verify: internal error, no verdict: " + e);
            return 3;
        });
        try {
            return cl.execute(args);
        } catch (Throwable e) {
            // picocli rethrows what the handlers do not take, errors included: still one line, still a verdict
            err.println("backprop-verify: internal error, no verdict: " + e);
            return 3;
        }
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }
}
