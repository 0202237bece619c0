package dev.backprop.verification.gate;

import dev.backprop.spec.ShallowBackprop;
import dev.backprop.verification.check.GradientChecks;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.Generators;
import java.util.List;

/**
 * Checks a {@link ShallowBackprop} implementation the way the gate does: against exact forward-mode AD,
 * against finite differences, and its augmented form against both AD and its own split form, over random
 * shallow networks of every activation with every dimension from 1. This is the programmatic API for
 * checking an implementation the suite did not write.
 */
public final class ImplementationCheck {
    private ImplementationCheck() {
    }

    /** Runs every check on {@code cases} random networks drawn with {@code seed}. */
    public static ImplementationResult check(String name, ShallowBackprop subject, long seed, int cases) {
        return new ImplementationResult(name, List.of(
                PropertyRun.run("gradient = forward-mode AD", Generators.shallowCases(), cases, seed,
                        c -> GradientChecks.againstForwardMode(subject, c)),
                PropertyRun.run("gradient = finite differences", Generators.shallowCases(), cases, seed,
                        c -> GradientChecks.againstFiniteDifferences(subject, c)),
                PropertyRun.run("augmented = forward-mode AD", Generators.shallowCases(), cases, seed,
                        c -> GradientChecks.augmentedAgainstForwardMode(subject, c)),
                PropertyRun.run("augmented = split", Generators.shallowCases(), cases, seed,
                        c -> GradientChecks.augmentedAgainstSplit(subject, c))));
    }

    /** Two implementations against each other, gradient and augmented gradient, entry by entry. */
    public static ImplementationResult agreement(String name, ShallowBackprop first, ShallowBackprop second,
            long seed, int cases) {
        return new ImplementationResult(name, List.of(PropertyRun.run("gradients agree", Generators.shallowCases(),
                cases, seed, c -> GradientChecks.agreement(first, second, c))));
    }
}
