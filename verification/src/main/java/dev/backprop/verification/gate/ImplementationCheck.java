package dev.backprop.verification.gate;

import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.ShallowBackprop;
import dev.backprop.verification.check.AlgebraChecks;
import dev.backprop.verification.check.DeepGradientChecks;
import dev.backprop.verification.check.GradientChecks;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.Generators;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an implementation the way the gate does: its gradients against exact forward-mode AD, against finite
 * differences, and its augmented form against both AD and its own split form, over random shallow networks of
 * every activation with every dimension from 1, and again on ReLU networks with a pre-activation planted at or
 * near its kink; its Prop 1 Jacobians against AD when it has them; its deep-network gradients, when it has
 * them, against AD and finite differences over every depth from 1 to 6, activation, loss and reduction, and
 * again with a ReLU or leaky-ReLU pre-activation planted on or beside its kink. Its Section 1 products are
 * checked against another implementation's by {@link #agreement}. This is the programmatic API for checking an
 * implementation the suite did not write.
 */
public final class ImplementationCheck {
    private ImplementationCheck() {
    }

    /** Runs every gradient check on {@code cases} random networks drawn with {@code seed}. */
    public static ImplementationResult check(String name, ShallowBackprop subject, long seed, int cases) {
        return check(name, Subject.gradientsOnly(subject), seed, cases);
    }

    /** Runs every deep-network gradient check on {@code cases} random networks drawn with {@code seed}. */
    public static ImplementationResult check(String name, DeepBackprop subject, long seed, int cases) {
        return check(name, Subject.deepOnly(subject), seed, cases);
    }

    /** Runs every check {@code subject} supports on {@code cases} random cases drawn with {@code seed}. */
    public static ImplementationResult check(String name, Subject subject, long seed, int cases) {
        return check(name, subject, seed, cases, ReplaySink.NONE);
    }

    /**
     * As {@link #check(String, Subject, long, int)}, writing the replay bundle of every failing deep check under
     * {@code replayDirectory} ({@link dev.backprop.verification.exchange.ReplayBundle}).
     */
    public static ImplementationResult check(String name, Subject subject, long seed, int cases,
            java.nio.file.Path replayDirectory) {
        return check(name, subject, seed, cases, new DirectoryReplaySink(replayDirectory, seed));
    }

    static ImplementationResult check(String name, Subject subject, long seed, int cases, ReplaySink replays) {
        List<PropertyResult> checks = new ArrayList<>();
        ShallowBackprop b = subject.backprop();
        if (b != null) {
            for (ShallowCheck check : ShallowCheck.values()) {
                checks.add(check.run(b, seed, cases));
            }
        }
        if (subject.jacobians() != null) {
            checks.add(PropertyRun.run("Prop 1 Jacobians = forward-mode AD", Generators.instances(2), cases, seed,
                    i -> AlgebraChecks.jacobiansAgainstForwardMode(subject.jacobians(), i)));
        }
        DeepBackprop deep = subject.deep();
        if (deep != null) {
            for (DeepCheck check : DeepCheck.values()) {
                checks.add(check.run(deep, seed, cases, FailureExplainer.of(check.label(), name, deep, replays)));
            }
        }
        return new ImplementationResult(name, checks, subject.description());
    }

    /**
     * Two implementations against each other, entry by entry: gradients and augmented gradients, and every
     * product of Section 1, Jacobian of Prop 1 and deep-network gradient when both have them.
     */
    public static ImplementationResult agreement(String name, Subject first, Subject second, long seed, int cases) {
        List<PropertyResult> checks = new ArrayList<>();
        if (first.backprop() != null && second.backprop() != null) {
            checks.add(PropertyRun.run("gradients agree", Generators.shallowCases(), cases, seed,
                    c -> GradientChecks.agreement(first.backprop(), second.backprop(), c)));
        }
        if (first.algebra() != null && second.algebra() != null && first.jacobians() != null
                && second.jacobians() != null) {
            AlgebraChecks.Side a = new AlgebraChecks.Side("first", first.algebra(), first.jacobians());
            AlgebraChecks.Side b = new AlgebraChecks.Side("second", second.algebra(), second.jacobians());
            checks.add(PropertyRun.run("Section 1 and Prop 1 agree", Generators.instances(3), cases, seed,
                    i -> AlgebraChecks.agreement(a, b, i)));
        }
        if (first.deep() != null && second.deep() != null) {
            checks.add(PropertyRun.run("deep gradients agree", Generators.deepCases(), cases, seed,
                    c -> DeepGradientChecks.agreement(first.deep(), second.deep(), c)));
            checks.add(PropertyRun.run("deep, at kinks: gradients agree", Generators.deepKinkCases(), cases, seed,
                    c -> DeepGradientChecks.agreement(first.deep(), second.deep(), c)));
        }
        return new ImplementationResult(name, checks);
    }
}
