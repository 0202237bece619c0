package dev.backprop.verification.gate;

import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.exchange.CaseFiles;
import dev.backprop.verification.exchange.CaseSet;
import dev.backprop.verification.report.OutputFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code backprop-verify cases --out FILE}: writes a case file for an implementation in another language to
 * answer. Random cases by default (depth 1–6, widths 1–5, batch 1–4, every activation, loss, reduction and
 * target kind); with {@code --widths} every case has that one shape (a large model, say).
 */
@Command(name = "cases", mixinStandardHelpOptions = true,
        description = "Writes cases (network parameters, inputs, targets, activation and loss names, seed) as a "
                + "JSON case file for another implementation to answer with a gradient file (see README).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the case file was written", "2:bad usage (one line on stderr); nothing was written"})
final class CasesCommand implements Callable<Integer> {
    /** Most cases in one file. */
    static final int MAX_COUNT = 10_000;
    /** Most parameters of a fixed-shape network: 64 M doubles, half a GiB, before anything is allocated. */
    static final long MAX_PARAMETERS = 1L << 26;
    /** Most input and target entries (d·B + n·B) of one fixed-shape case, for the same reason. */
    static final long MAX_BATCH_ENTRIES = 1L << 26;
    /**
     * Most numbers in one file (every case's parameters, inputs and targets): 2²⁵ numbers of about 20 characters
     * each are some 670 MB, inside the 1 GiB the readers take ({@code CaseFiles.MAX_FILE_BYTES}).
     */
    static final long MAX_FILE_NUMBERS = 1L << 25;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the case file to write")
    Path out;

    @Option(names = "--seed", description = "seed the cases are drawn with (default: ${DEFAULT-VALUE})")
    long seed = PropertyRun.DEFAULT_SEED;

    @Option(names = "--count", description = "how many cases (default: ${DEFAULT-VALUE})")
    int count = 20;

    @Option(names = "--widths", paramLabel = "d,n1,...,nL", split = ",",
            description = "one shape for every case: the input size, then each layer's width (e.g. 784,512,10)")
    List<Integer> widths;

    @Option(names = "--batch", description = "batch size B with --widths (default: ${DEFAULT-VALUE})")
    int batch = 8;

    @Option(names = "--activation", description = "hidden activation with --widths (default: ${DEFAULT-VALUE})")
    String activation = "tanh";

    @Option(names = "--loss", description = "loss with --widths (default: ${DEFAULT-VALUE})")
    String loss = "half_squared_error";

    @Option(names = "--reduction", description = "sum or mean over the batch, with --widths (default: "
            + "${DEFAULT-VALUE})")
    String reduction = "sum";

    @Option(names = "--scale", description = "entries uniform in [-scale, scale], with --widths (default: "
            + "${DEFAULT-VALUE})")
    double scale = 1.0;

    @Spec
    CommandSpec spec;

    private final PrintStream stdout;

    CasesCommand(PrintStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public Integer call() throws IOException {
        if (count < 1 || count > MAX_COUNT) {
            throw usage("--count must be between 1 and " + MAX_COUNT + ", got " + count);
        }
        requireOutput(out);
        CaseSet cases = widths == null ? CaseFiles.draw(seed, count) : fixedShape();
        CaseFiles.write(out, cases);
        stdout.println("wrote " + cases.cases().size() + (cases.cases().size() == 1 ? " case" : " cases") + " (seed " + seed + ") to " + out);
        return 0;
    }

    private CaseSet fixedShape() {
        if (widths.size() < 2 || widths.size() > DeepNetwork.MAX_DEPTH + 1) {
            throw usage("--widths needs the input size and 1 to " + DeepNetwork.MAX_DEPTH + " layer widths, got "
                    + widths.size() + " numbers");
        }
        long parameters = 0;
        for (int k = 0; k < widths.size(); k++) {
            if (widths.get(k) < 1) {
                throw usage("--widths: every width is at least 1, got " + widths.get(k) + " at position " + (k + 1));
            }
            parameters += k == 0 ? 0 : (long) widths.get(k) * widths.get(k - 1) + widths.get(k);
            if (parameters > MAX_PARAMETERS) {
                // checked layer by layer: a sum of up to 64 products of ints near 2^31 would overflow a long
                break;
            }
        }
        if (parameters > MAX_PARAMETERS) {
            throw usage("--widths " + widths + " has more than " + MAX_PARAMETERS + " parameters, the most a case "
                    + "file is written with");
        }
        if (batch < 1 || batch * ((long) widths.get(0) + widths.get(widths.size() - 1)) > MAX_BATCH_ENTRIES) {
            throw usage("--batch must be at least 1 and keep d·B + n·B at most " + MAX_BATCH_ENTRIES + ", got "
                    + batch);
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw usage("--scale must be a positive finite number, got " + scale);
        }
        Activation hidden;
        Objective objective;
        try {
            hidden = Activation.named(activation);
            objective = new Objective(Loss.named(loss), Reduction.named(reduction));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        long numbers = count * (parameters + batch * ((long) widths.get(0) + widths.get(widths.size() - 1)));
        if (numbers > MAX_FILE_NUMBERS) {
            throw usage(count + " cases of --widths " + widths + " with --batch " + batch + " hold " + numbers
                    + " numbers; a case file holds at most " + MAX_FILE_NUMBERS + " (fewer --count?)");
        }
        int[] shape = widths.stream().mapToInt(Integer::intValue).toArray();
        return CaseFiles.fixedShape(seed, count, shape, widths.size() > 2 ? hidden : null, objective, batch, scale);
    }

    private void requireOutput(Path file) {
        try {
            OutputFiles.requireWritable("--out", file, List.of());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
