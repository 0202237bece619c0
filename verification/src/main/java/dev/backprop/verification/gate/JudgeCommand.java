package dev.backprop.verification.gate;

import dev.backprop.spec.NonFiniteValueException;
import dev.backprop.verification.exchange.BadInputException;
import dev.backprop.verification.exchange.CaseFiles;
import dev.backprop.verification.exchange.CaseSet;
import dev.backprop.verification.exchange.CaseVerdict;
import dev.backprop.verification.exchange.ExchangeCase;
import dev.backprop.verification.exchange.GradientFiles;
import dev.backprop.verification.exchange.ReplayBundle;
import dev.backprop.verification.exchange.Submission;
import dev.backprop.verification.exchange.SubmissionJudge;
import dev.backprop.verification.report.JUnitXmlReport;
import dev.backprop.verification.report.JsonReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backprop-verify judge --cases FILE --gradients FILE}: judges the gradients another implementation wrote
 * for a case file, each against exact forward-mode AD and finite differences (random projections and the Taylor
 * remainder for large models), and diagnoses every failure. Prints a table and a summary line; exit 0 when every
 * case passed, 1 when a gradient is wrong, 2 for bad input, 3 when some case could not be judged.
 */
@Command(name = "judge", mixinStandardHelpOptions = true,
        description = "Judges the gradients another implementation wrote for a case file and diagnoses each "
                + "failure (transposed, scaled, sign, missing σ', confined to a layer, worst entries).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every case's gradient is right", "1:some gradient is wrong (see its diagnosis)",
            "2:bad input or usage: one line on stderr naming the file, the case and the field",
            "3:some case could not be judged (the report says why); none failed"})
final class JudgeCommand implements Callable<Integer> {
    @Option(names = "--cases", required = true, paramLabel = "FILE", description = "the case file")
    Path cases;

    @Option(names = "--gradients", required = true, paramLabel = "FILE",
            description = "the gradient file answering it")
    Path gradients;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "also write JUnit XML: one test case per case")
    Path junitXml;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the verdicts and diagnoses as JSON")
    Path json;

    @Option(names = "--replay-dir", paramLabel = "DIR", description = "where the failing cases and their gradients "
            + "are written as a replay, only when some case fails (default: ${DEFAULT-VALUE})")
    Path replayDir = Path.of(GateMain.DEFAULT_REPLAY_DIR);

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    JudgeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException {
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--junit-xml", junitXml);
        outputs.put("--json", json);
        OutputOptions.require(spec, outputs, List.of(cases, gradients), replayDir);
        CaseSet set;
        Map<String, Submission> answers;
        try {
            set = CaseFiles.read(cases);
            answers = GradientFiles.read(gradients, set);
        } catch (BadInputException e) {
            err.println("backprop-verify judge: " + e.getMessage());
            return 2;
        }
        return judge(cases, gradients, set, answers, replayDir, out, err, junitXml, json);
    }

    /**
     * Judges every case of {@code set} by its answer, prints the report, writes the requested files and, when some
     * case failed and {@code replayDir} is not null, a replay bundle of the failing cases; returns the exit code.
     *
     * @throws BadInputException before anything is printed or written, for a case whose loss or gradient overflows
     *         a double at its numbers (a weight of 1e308, say): valid JSON, but nothing can be judged there
     */
    static int judge(Path cases, Path gradients, CaseSet set, Map<String, Submission> answers, Path replayDir,
            PrintStream out, PrintStream err, Path junitXml, Path json) throws IOException {
        Progress progress = Progress.onTerminal(err);
        List<JudgedCase> judged = new ArrayList<>();
        for (ExchangeCase c : set.cases()) {
            progress.step("judging case " + c.id() + " (" + (judged.size() + 1) + " of " + set.cases().size() + ")");
            CaseVerdict verdict;
            try {
                verdict = SubmissionJudge.judge(c, answers.get(c.id()));
            } catch (NonFiniteValueException e) {
                // valid JSON, but a number so large that the loss or a gradient overflows: no question to judge
                progress.done();
                throw new BadInputException(cases.toString(), "case " + c.id(), "cannot be judged in double "
                        + "precision: " + e.getMessage() + " (a number of the case or of its answer is too large for "
                        + "the loss and its gradient to stay finite)");
            }
            judged.add(new JudgedCase(c, answers.get(c.id()), verdict));
        }
        progress.done();
        List<JudgedCase> failed = judged.stream().filter(j -> j.verdict().status() == CaseVerdict.Status.FAIL)
                .toList();
        String replay = "";
        if (!failed.isEmpty() && replayDir != null) {
            try {
                Path dir = ReplayBundle.write(replayDir, "judge " + gradients.getFileName(),
                        new CaseSet(set.seed(), failed.stream().map(JudgedCase::c).toList()),
                        failed.stream().map(JudgedCase::answer).toList(), "as judged from " + gradients);
                replay = "replay of the " + failed.size() + " failing case(s): " + dir
                        + " (reproduce with: backprop-verify replay " + dir + ")";
            } catch (IOException e) {
                replay = "no replay written: cannot write under --replay-dir " + replayDir + ": " + e;
            }
        }
        JudgeReport report = new JudgeReport(cases, gradients, set.seed(), judged);
        report.print(out, replay);
        out.flush();
        int exit = report.exitCode();
        // the verdict is printed before any file is written: a file that cannot be written never hides it
        try {
            if (junitXml != null) {
                JUnitXmlReport.write("backprop-verify judge " + gradients, List.of(report.suite()), junitXml);
            }
            if (json != null) {
                JsonReport.write(report.json(), json);
            }
        } catch (IOException e) {
            err.println("backprop-verify judge: cannot write a report: " + e);
            return exit != 0 ? exit : 2;
        }
        return exit;
    }

    /** A case, the answer to it, and the verdict. */
    record JudgedCase(ExchangeCase c, Submission answer, CaseVerdict verdict) {
    }
}
