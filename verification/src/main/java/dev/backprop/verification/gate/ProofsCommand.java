package dev.backprop.verification.gate;

import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.proof.ProofCheck;
import dev.backprop.verification.proof.ProofLineResult;
import dev.backprop.verification.proof.SeedProofs;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code backprop-verify proofs}: every line of the notes' δ-sum proofs (Props 1 and 2), step by step, on random
 * instances; a line that breaks is named with its first wrong step, the indices and both values, and its
 * correction, when it has one, is checked too.
 */
@Command(name = "proofs", mixinStandardHelpOptions = true,
        description = "Checks the notes' proofs of Props 1 and 2 step by step (every index tuple, random instances "
                + "with all dimensions distinct and with dimensions of 1) and names the first step that breaks.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every line holds or is explained by a correction that holds",
            "3:a line breaks and nothing explains it"})
final class ProofsCommand implements Callable<Integer> {
    @Option(names = "--seed", description = "seed for the random instances (default: ${DEFAULT-VALUE})")
    long seed = PropertyRun.DEFAULT_SEED;

    private final PrintStream out;

    ProofsCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        List<ProofLineResult> results = SeedProofs.checkAll(ProofCheck.of(seed, ProofCheck.DEFAULT_SEEDS));
        long unexplained = results.stream().filter(r -> !r.accountedFor()).count();
        for (ProofLineResult r : results) {
            out.println(r.describe());
        }
        out.println();
        out.println("proof lines: " + results.size() + " checked, "
                + results.stream().filter(r -> r.printed().holds()).count() + " hold as printed, " + unexplained
                + " unexplained");
        out.flush();
        return unexplained == 0 ? 0 : 3;
    }
}
