package dev.backprop.verification.gate;

import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.exchange.BadInputException;
import dev.backprop.verification.html.HtmlReport;
import dev.backprop.verification.report.JUnitXmlReport;
import dev.backprop.verification.report.JsonReport;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
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
                + "table, the errata found, and a summary line. The subcommands check an implementation in another "
                + "language through case files.",
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
    /** Where replays go unless {@code --replay-dir} says otherwise; nothing is written there unless a check fails. */
    static final String DEFAULT_REPLAY_DIR = "backprop-verify-replays";

    @Option(names = "--seed", description = "seed for every random case (default: ${DEFAULT-VALUE})")
    long seed = PropertyRun.DEFAULT_SEED;

    @Option(names = "--claim-cases", description = "random instances per claim (default: ${DEFAULT-VALUE})")
    int claimCases = Gate.DEFAULT_CLAIM_CASES;

    @Option(names = "--cases", description = "random networks per implementation check (default: ${DEFAULT-VALUE})")
    int cases = Gate.DEFAULT_IMPLEMENTATION_CASES;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "also write the result as JUnit XML: one "
            + "suite for the claims, one per implementation; errata explained by a correction pass")
    Path junitXml;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the whole result as JSON")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "also write one self-contained page to look at: the "
            + "claim table, the diagrams, a Taylor-remainder plot and an error heat map")
    Path html;

    @Option(names = "--replay-dir", paramLabel = "DIR", description = "where a failing deep check writes its replay "
            + "(a case file with the smallest failing case and the gradient returned; see the replay command); "
            + "written only on a failure (default: ${DEFAULT-VALUE})")
    Path replayDir = Path.of(DEFAULT_REPLAY_DIR);

    /**
     * Builds the implementations to check, only when the gate runs (not for {@code --help}, {@code --version} or a
     * subcommand): building one may read a system property (the optimized backend's) and refuse its value.
     */
    private final Supplier<Map<String, Subject>> subjects;
    private final PrintStream out;
    private final PrintStream err;

    GateMain(Supplier<Map<String, Subject>> subjects, PrintStream out, PrintStream err) {
        this.subjects = subjects;
        this.out = out;
        this.err = err;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        requireCount("--claim-cases", claimCases);
        requireCount("--cases", cases);
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--junit-xml", junitXml);
        outputs.put("--json", json);
        outputs.put("--html", html);
        OutputOptions.require(spec, outputs, List.of(), replayDir);
        Map<String, Subject> checked;
        try {
            checked = subjects.get();
        } catch (IllegalArgumentException e) {
            // a system property the implementations read has a value they refuse (their message names it): bad usage
            err.println("backprop-verify: " + OneLine.of(e.getMessage()));
            return 2;
        }
        GateResult result = Gate.run(seed, claimCases, cases, checked, Progress.onTerminal(err),
                new DirectoryReplaySink(replayDir, seed));
        GateReport.print(result, out);
        out.flush();
        int exit = !result.implementationsPassed() ? 1 : result.suiteSound() ? 0 : 3;
        try {
            if (junitXml != null) {
                JUnitXmlReport.write("backprop-verify gate, seed " + seed, GateReports.suites(result), junitXml);
            }
            if (json != null) {
                JsonReport.write(GateReports.json(result, exit), json);
            }
            if (html != null) {
                HtmlReport.forGate(result, html);
            }
        } catch (IOException e) {
            err.println("backprop-verify: cannot write a report: " + e.getMessage());
            return 2;
        }
        return exit;
    }

    private void requireCount(String option, int value) {
        if (value < 1 || value > MAX_CASES) {
            throw new ParameterException(spec.commandLine(),
                    option + " must be between 1 and " + MAX_CASES + ", got " + value);
        }
    }

    /** Runs the command line on the built-in implementations and returns its exit code; never throws. */
    static int run(PrintStream out, PrintStream err, String... args) {
        return run(Gate::builtIns, out, err, args);
    }

    /** As {@link #run(Supplier, PrintStream, PrintStream, String...)} on subjects already built. */
    static int run(Map<String, Subject> subjects, PrintStream out, PrintStream err, String... args) {
        return run(() -> subjects, out, err, args);
    }

    /**
     * Runs the command line on the subjects {@code subjects} builds, which it calls only when the gate runs, inside
     * the handled path. Bad usage is one line and exit 2 (picocli's own handling of {@link ParameterException}, and
     * a system property an implementation refuses while it is built); anything else that escapes is the suite's
     * own failure: one line, exit 3, never a stack trace.
     */
    static int run(Supplier<Map<String, Subject>> subjects, PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new GateMain(subjects, out, err));
        cl.addSubcommand("cases", new CasesCommand(out));
        cl.addSubcommand("judge", new JudgeCommand(out, err));
        cl.addSubcommand("replay", new ReplayCommand(out, err));
        cl.addSubcommand("formula", new FormulaCommand(out));
        cl.addSubcommand("proofs", new ProofsCommand(out));
        cl.addSubcommand("diagram", new DiagramCommand(out));
        cl.addSubcommand("campaign", new CampaignCommand(subjects, out, err));
        // after the subcommands: a converter reaches only the commands already added
        cl.registerConverter(Path.class, PathArgument::of);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((e, line) -> {
            err.println(e.getCommandLine().getCommandSpec().qualifiedName() + ": " + OneLine.of(e.getMessage())
                    + " (see " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof BadInputException || e instanceof IOException) {
                // input the user named that cannot be read or is not the format, or an output that cannot be written
                err.println(line.getCommandSpec().qualifiedName() + ": " + OneLine.of(e.getMessage()));
                return 2;
            }
            err.println("backprop-verify: internal error, no verdict: " + OneLine.of(String.valueOf(e)));
            return 3;
        });
        try {
            return cl.execute(args);
        } catch (Throwable e) {
            // picocli rethrows what the handlers do not take, errors included: still one line, still a verdict
            err.println("backprop-verify: internal error, no verdict: " + OneLine.of(String.valueOf(e)));
            return 3;
        }
    }

    public static void main(String[] args) {
        System.exit(runOnStandardStreams(Gate::builtIns, args));
    }

    /**
     * Runs the command line on the subjects {@code subjects} builds (when the gate runs) with the process's
     * standard streams, written in UTF-8 whatever the
     * platform's default encoding: the reports are UTF-8 text (∂, ℓ, ⊗, ×), and a platform default such as
     * ISO-8859-1 turned them into '?', so that the same seed printed different bytes on differently configured
     * machines. Returns the exit code, everything flushed.
     */
    static int runOnStandardStreams(Supplier<Map<String, Subject>> subjects, String... args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), true,
                StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int exit = run(subjects, out, err, args);
        out.flush();
        err.flush();
        return exit;
    }
}
