package dev.backprop.verification.gate;

import dev.backprop.spec.DeepBackprop;
import dev.backprop.verification.check.DeepGradientChecks;
import dev.backprop.verification.check.LargeModelChecks;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import java.util.function.BiFunction;
import org.quicktheories.core.Gen;

/**
 * The checks of a {@link DeepBackprop}, one constant each: the gate, {@link ImplementationCheck} and the JUnit
 * contract ({@code dev.backprop.verification.contract.DeepBackpropContract}) all run exactly these, so a
 * check added here reaches every user at once.
 */
public enum DeepCheck {
    /** Depth 1–6, every width and batch from 1, activation, loss and reduction, against exact forward-mode AD. */
    FORWARD_MODE_AD("deep: gradient = forward-mode AD", Generators.deepCases(), 1, DeepGradientChecks::againstForwardMode),
    /** The same cases against finite differences with their own error bound. */
    FINITE_DIFFERENCES("deep: gradient = FD", Generators.deepCases(), 1, DeepGradientChecks::againstFiniteDifferences),
    /** ReLU / leaky-ReLU networks with a pre-activation planted on or beside its kink, against AD. */
    KINKS_FORWARD_MODE_AD("deep, at kinks: gradient = AD", Generators.deepKinkCases(), 1,
            DeepGradientChecks::againstForwardMode),
    /** The kink cases against finite differences. */
    KINKS_FINITE_DIFFERENCES("deep, at kinks: gradient = FD", Generators.deepKinkCases(), 1,
            DeepGradientChecks::againstFiniteDifferences),
    /**
     * Models with thousands of parameters (depth 2–4, widths 32–64, B 8–32), too many for a full Jacobian:
     * Rademacher projections ⟨g, u⟩ against exact directional derivatives, as many as a miss probability of
     * {@code Tolerances.DEFAULT_MISS_PROBABILITY} needs. One case in {@value Budget#LARGE_CASE_DIVISOR} of the count asked.
     */
    LARGE_PROJECTIONS("large: random projections", Generators.largeDeepCases(), Budget.LARGE_CASE_DIVISOR,
            LargeModelChecks::projections),
    /**
     * The same large models, by the Taylor remainder's order along up to three directions: consistent passes,
     * inconsistent fails, none decisive is not judged. It needs no tolerance on values, only the order boundary. One
     * case in {@value Budget#LARGE_CASE_DIVISOR} of the count asked.
     */
    LARGE_TAYLOR("large: Taylor remainder order", Generators.largeDeepCases(), Budget.LARGE_CASE_DIVISOR,
            LargeModelChecks::taylor);

    private final String label;
    private final Gen<DeepCase> cases;
    private final int divisor;
    private final BiFunction<DeepBackprop, DeepCase, Observation> check;

    DeepCheck(String label, Gen<DeepCase> cases, int divisor, BiFunction<DeepBackprop, DeepCase, Observation> check) {
        this.label = label;
        this.cases = cases;
        this.divisor = divisor;
        this.check = check;
    }


    /** How many cases this check runs when {@code asked} are asked for. */
    public int casesFor(int asked) {
        return divisor == 1 ? asked : Math.min(asked, Math.max(Budget.LARGE_MIN_CASES, asked / divisor));
    }

    /** The name the report gives this check. */
    public String label() {
        return label;
    }

    /**
     * Runs this check on {@link #casesFor casesFor(count)} cases drawn with {@code seed}; a failure's evidence ends with the diagnosis
     * of the implementation's gradient on the smallest failing case.
     */
    public PropertyResult run(DeepBackprop subject, long seed, int count) {
        return run(subject, seed, count, FailureExplainer.of(label, "implementation", subject, ReplaySink.NONE));
    }

    /**
     * Runs this check on {@link #casesFor casesFor(count)} cases; on a failure {@code explain} receives the smallest failing case and its observation, and
     * returns the observation to report (with a diagnosis or a replay file added).
     */
    public PropertyResult run(DeepBackprop subject, long seed, int count,
            BiFunction<DeepCase, Observation, Observation> explain) {
        return PropertyRun.run(label, cases, casesFor(count), seed, c -> check.apply(subject, c), explain);
    }

    /** This check on one case: what the campaign ({@link Campaign}) runs over its own cases. */
    Observation observe(DeepBackprop subject, DeepCase c) {
        return check.apply(subject, c);
    }

    /** How many cases the large-model checks run; a class of its own so the constants can be used above. */
    static final class Budget {
        /**
         * The large-model checks run one case for every this many asked (at least {@link #LARGE_MIN_CASES}): each
         * of their cases costs what hundreds of small ones do, and each projection samples the whole gradient.
         */
        static final int LARGE_CASE_DIVISOR = 20;
        /** The fewest cases a large-model check runs. */
        static final int LARGE_MIN_CASES = 3;

        private Budget() {
        }
    }
}
