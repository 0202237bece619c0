package dev.backprop.verification.gate;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.formula.FormulaCheck;
import dev.backprop.verification.formula.FormulaQuestion;
import dev.backprop.verification.formula.FormulaResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code backprop-verify formula --param W1 "x*r'*W2*diag(sp1)"}: checks a hand-derived gradient formula, in EJML
 * Equation syntax over the network's named quantities, on random instances whose dimensions all differ and on
 * instances with dimensions of 1, and says whether it holds, cannot be evaluated (which product's dimensions
 * disagree, factor by factor) or fails (and how: transposed, a constant factor, a sign, a missing σ', a factor
 * from the wrong layer).
 */
@Command(name = "formula", mixinStandardHelpOptions = true,
        description = {"Checks a gradient formula in EJML Equation syntax, e.g. \"x*r'*W2*diag(sp1)\" for ∂ℓ/∂W1 of "
                + "Prop 2's network.",
            "Names: x, y, r (= ŷ − y, squared losses), dl (= ∂ℓ_b/∂ŷ), p (softmax, cross-entropy), Wk, bk, zk, sk, spk "
                    + "(= σ'(z_k)) for each layer k, and batch forms X, R, Zk, Sk, SPk (samples in columns). "
                    + "Operators: * .* + - ' ( ) diag ones zeros eye, and division by a number."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the formula holds", "1:it fails, or cannot be evaluated (the report says why)",
            "2:bad usage or a formula that cannot be read (one line on stderr)"})
final class FormulaCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FORMULA", description = "the candidate, e.g. \"x*r'*W2*diag(sp1)\"")
    String formula;

    @Option(names = "--param", required = true, description = "the parameter the formula is for: Wk or bk, e.g. W1")
    String parameter;

    @Option(names = "--hidden", split = ",", paramLabel = "ACTIVATION",
            description = "the hidden layers' activations, first layer first (default: tanh, i.e. Prop 2's L = 2; "
                    + "give 'none' for L = 1)")
    List<String> hidden = List.of("tanh");

    @Option(names = "--loss", description = "half_squared_error (the notes'), mean_squared_error or "
            + "softmax_cross_entropy (default: ${DEFAULT-VALUE})")
    String loss = "half_squared_error";

    @Option(names = "--reduction", description = "sum or mean over the batch (default: ${DEFAULT-VALUE})")
    String reduction = "sum";

    @Option(names = "--layout", description = "numerator (the notes': ∂ℓ/∂W_k is n_(k-1)×n_k) or denominator "
            + "(W_k's shape) (default: ${DEFAULT-VALUE})")
    String layout = "numerator";

    @Option(names = "--seed", description = "seed for the random instances (default: ${DEFAULT-VALUE})")
    long seed = PropertyRun.DEFAULT_SEED;

    @Option(names = "--cases", description = "instances per family of dimensions (default: ${DEFAULT-VALUE})")
    int cases = FormulaCheck.DEFAULT_CASES;

    @Spec
    CommandSpec spec;

    private final PrintStream out;

    FormulaCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        FormulaQuestion question;
        try {
            List<Activation> activations = new ArrayList<>();
            if (!(hidden.size() == 1 && hidden.get(0).equalsIgnoreCase("none"))) {
                for (String a : hidden) {
                    activations.add(Activation.named(a));
                }
            }
            Layout declared = Layout.valueOf(layout.toUpperCase(Locale.ROOT));
            if (cases < 1 || cases > FormulaCheck.MAX_CASES) {
                throw new IllegalArgumentException("--cases must be between 1 and " + FormulaCheck.MAX_CASES
                        + ", got " + cases);
            }
            question = new FormulaQuestion(activations, new Objective(Loss.named(loss), Reduction.named(reduction)),
                    FormulaQuestion.parameter(parameter), formula, declared);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        FormulaResult result = FormulaCheck.check(question, seed, cases);
        if (result.verdict() == FormulaResult.Verdict.BAD_FORMULA) {
            throw new ParameterException(spec.commandLine(), result.message());
        }
        out.println(result.report());
        out.flush();
        return result.verdict() == FormulaResult.Verdict.HOLDS ? 0 : 1;
    }
}
