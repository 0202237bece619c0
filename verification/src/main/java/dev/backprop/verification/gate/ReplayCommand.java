package dev.backprop.verification.gate;

import dev.backprop.verification.exchange.BadInputException;
import dev.backprop.verification.exchange.CaseSet;
import dev.backprop.verification.exchange.ReplayBundle;
import dev.backprop.verification.exchange.Submission;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code backprop-verify replay DIR}: judges a replay bundle written by a failing run (the gate's, or the
 * judge's) again, reproducing its verdict and diagnosis exactly.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Judges a replay bundle again (a directory written by a failing gate or judge run: "
                + "cases.json, gradients.json, README.txt) and prints the same verdict and diagnosis.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the recorded gradients are right", "1:some recorded gradient is wrong (the failure is "
                + "reproduced)", "2:bad input or usage", "3:some case could not be judged"})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "the replay bundle's directory")
    Path dir;

    private final PrintStream out;
    private final PrintStream err;

    ReplayCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException {
        Map.Entry<CaseSet, Map<String, Submission>> bundle;
        try {
            bundle = ReplayBundle.read(dir);
        } catch (BadInputException e) {
            err.println("backprop-verify replay: " + e.getMessage());
            return 2;
        }
        return JudgeCommand.judge(dir.resolve(ReplayBundle.CASES), dir.resolve(ReplayBundle.GRADIENTS),
                bundle.getKey(), bundle.getValue(), null, out, err, null, null);
    }
}
