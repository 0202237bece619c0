package dev.backprop.verification.gate;

import dev.backprop.spec.ShallowBackprop;
import dev.backprop.verification.check.GradientChecks;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.generate.ShallowCase;
import java.util.function.BiFunction;
import org.quicktheories.core.Gen;

/**
 * The checks of a {@link ShallowBackprop} (Proposition 2's network), one constant each, run alike by the gate,
 * {@link ImplementationCheck} and the JUnit contract ({@code dev.backprop.verification.contract
 * .ShallowBackpropContract}).
 */
public enum ShallowCheck {
    /** Every activation, d, h, n, B from 1, against exact forward-mode AD. */
    FORWARD_MODE_AD("gradient = forward-mode AD", Generators.shallowCases(), GradientChecks::againstForwardMode),
    /** The same cases against finite differences. */
    FINITE_DIFFERENCES("gradient = finite differences", Generators.shallowCases(),
            GradientChecks::againstFiniteDifferences),
    /** Prop 2's augmented form ∂ℓ/∂W̃ against AD. */
    AUGMENTED_FORWARD_MODE_AD("augmented = forward-mode AD", Generators.shallowCases(),
            GradientChecks::augmentedAgainstForwardMode),
    /** The augmented form against the implementation's own split form. */
    AUGMENTED_SPLIT("augmented = split", Generators.shallowCases(), GradientChecks::augmentedAgainstSplit),
    /** ReLU networks with a pre-activation planted at or near its kink, against AD. */
    KINKS_FORWARD_MODE_AD("at ReLU kinks: gradient = AD", Generators.reluKinkCases(),
            GradientChecks::againstForwardMode),
    /** The kink cases against finite differences. */
    KINKS_FINITE_DIFFERENCES("at ReLU kinks: gradient = FD", Generators.reluKinkCases(),
            GradientChecks::againstFiniteDifferences);

    private final String label;
    private final Gen<ShallowCase> cases;
    private final BiFunction<ShallowBackprop, ShallowCase, Observation> check;

    ShallowCheck(String label, Gen<ShallowCase> cases, BiFunction<ShallowBackprop, ShallowCase, Observation> check) {
        this.label = label;
        this.cases = cases;
        this.check = check;
    }

    /** The name the report gives this check. */
    public String label() {
        return label;
    }

    /** This check on one case: what the campaign ({@link Campaign}) runs over its own cases. */
    Observation observe(ShallowBackprop subject, ShallowCase c) {
        return check.apply(subject, c);
    }

    /** Runs this check on {@code count} cases drawn with {@code seed}. */
    public PropertyResult run(ShallowBackprop subject, long seed, int count) {
        return PropertyRun.run(label, cases, count, seed, c -> check.apply(subject, c));
    }
}
