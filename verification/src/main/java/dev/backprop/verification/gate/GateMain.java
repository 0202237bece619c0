package dev.backprop.verification.gate;

import dev.backprop.verification.check.PropertyRun;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line: {@code java -jar backprop-verify.jar [--seed N] [--claim-cases N] [--cases N]}.
 * Exit codes: 0 every implementation passed (the seed's errata are reported, not failed); 1 an implementation
 * or one of the suite's own corrections failed; 2 bad usage.
 */
@Command(name = "backprop-verify", mixinStandardHelpOptions = true, version = "backprop-verify 0.1.0",
        description = "Checks every claim of the seed notes and the built-in backprop implementations; prints a "
                + "table, the errata found, and a summary line.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every implementation passed (errata of the seed are reported, not failed)",
            "1:an implementation, or one of the suite's own corrections, failed", "2:bad usage"})
public final class GateMain implements Callable<Integer> {
    /** Refused above this: a run larger than this is a campaign, not a gate (see README). */
    static final int MAX_CASES = 100_000;

    @Option(names = "--seed", description = "seed for every random case (default: ${DEFAULT-VALUE})")
    long seed = PropertyRun.DEFAULT_SEED;

    @Option(names = "--claim-cases", description = "random instances per claim (default: ${DEFAULT-VALUE})")
    int claimCases = Gate.DEFAULT_CLAIM_CASES;

    @Option(names = "--cases", description = "random networks per implementation check (default: ${DEFAULT-VALUE})")
    int cases = Gate.DEFAULT_IMPLEMENTATION_CASES;

    private final PrintStream out;

    GateMain(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        requireCount("--claim-cases", claimCases);
        requireCount("--cases", cases);
        GateResult result = Gate.run(seed, claimCases, cases, Gate.builtIns());
        GateReport.print(result, out);
        out.flush();
        return result.passed() ? 0 : 1;
    }

    private static void requireCount(String option, int value) {
        if (value < 1 || value > MAX_CASES) {
            throw new IllegalArgumentException(option + " must be between 1 and " + MAX_CASES + ", got " + value);
        }
    }

    /** Runs the command line and returns its exit code; never throws. */
    static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new GateMain(out));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                err.println("backprop-verify: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }
}
