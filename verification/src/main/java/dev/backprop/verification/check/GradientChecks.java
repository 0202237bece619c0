package dev.backprop.verification.check;

import dev.backprop.spec.AugmentedGradient;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.ShallowBackprop;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowParameter;
import dev.backprop.verification.generate.ShallowCase;
import dev.backprop.verification.numeric.Discrepancy;
import dev.backprop.verification.numeric.FiniteDifferences;
import dev.backprop.verification.numeric.ForwardModeAd;
import dev.backprop.verification.numeric.Gauges;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The per-case checks of a {@link ShallowBackprop} implementation, each against an oracle that shares no
 * code with it (DESIGN.md §3). A result in either layout is accepted as long as it says which; it is
 * converted to numerator layout before comparing. An implementation that throws fails the case with its
 * message.
 */
public final class GradientChecks {
    private GradientChecks() {
    }

    /** Every entry of the gradient against exact forward-mode AD, judged by the rounding rule. */
    public static Observation againstForwardMode(ShallowBackprop subject, ShallowCase c) {
        return guarded(() -> {
            ShallowGradient got = subject.gradient(c.network(), c.batch()).in(Layout.NUMERATOR);
            ShallowGradient want = ForwardModeAd.gradient(c.network(), c.batch());
            Gauges gauges = Gauges.of(c.network(), c.batch());
            return Observation.of(perParameter("", got, want, gauges), 0);
        });
    }

    /** Every entry of the gradient against centred finite differences with their own error bound. */
    public static Observation againstFiniteDifferences(ShallowBackprop subject, ShallowCase c) {
        return guarded(() -> {
            ShallowGradient got = subject.gradient(c.network(), c.batch());
            FiniteDifferences fd = FiniteDifferences.of(c.network(), c.batch());
            Discrepancy d = fd.judge("∂ℓ/∂θ", got, Gauges.of(c.network(), c.batch()));
            return Observation.of(List.of(d), fd.kinks());
        });
    }

    /** ∂ℓ/∂W̃1 and ∂ℓ/∂W̃2 against forward-mode AD stacked as [∂ℓ/∂W; ∂ℓ/∂b] in numerator layout. */
    public static Observation augmentedAgainstForwardMode(ShallowBackprop subject, ShallowCase c) {
        return guarded(() -> {
            AugmentedGradient got = subject.augmentedGradient(c.network(), c.batch()).in(Layout.NUMERATOR);
            ShallowGradient want = ForwardModeAd.gradient(c.network(), c.batch());
            Gauges gauges = Gauges.of(c.network(), c.batch());
            return Observation.of(augmented(got, want, gauges), 0);
        });
    }

    /** The augmented form against the same implementation's split form: W̃ = [W | b] must change nothing. */
    public static Observation augmentedAgainstSplit(ShallowBackprop subject, ShallowCase c) {
        return guarded(() -> {
            AugmentedGradient got = subject.augmentedGradient(c.network(), c.batch()).in(Layout.NUMERATOR);
            ShallowGradient split = subject.gradient(c.network(), c.batch()).in(Layout.NUMERATOR);
            return Observation.of(augmented(got, split, Gauges.of(c.network(), c.batch())), 0);
        });
    }

    /** Two implementations against each other, entry by entry, by the rounding rule. */
    public static Observation agreement(ShallowBackprop first, ShallowBackprop second, ShallowCase c) {
        return guarded(() -> {
            ShallowGradient a = first.gradient(c.network(), c.batch()).in(Layout.NUMERATOR);
            ShallowGradient b = second.gradient(c.network(), c.batch()).in(Layout.NUMERATOR);
            AugmentedGradient at = first.augmentedGradient(c.network(), c.batch()).in(Layout.NUMERATOR);
            AugmentedGradient bt = second.augmentedGradient(c.network(), c.batch()).in(Layout.NUMERATOR);
            Gauges gauges = Gauges.of(c.network(), c.batch());
            List<Discrepancy> all = new ArrayList<>(perParameter("", a, b, gauges));
            ShallowGradient g = gauges.gradient();
            all.add(Discrepancy.rounding("∂ℓ/∂W̃1", at.w1Tilde(), bt.w1Tilde(), stack(g.w1(), g.b1()), gauges.k()));
            all.add(Discrepancy.rounding("∂ℓ/∂W̃2", at.w2Tilde(), bt.w2Tilde(), stack(g.w2(), g.b2()), gauges.k()));
            return Observation.of(all, 0);
        });
    }

    private static List<Discrepancy> perParameter(String prefix, ShallowGradient got, ShallowGradient want,
            Gauges gauges) {
        List<Discrepancy> out = new ArrayList<>();
        for (ShallowParameter p : ShallowParameter.values()) {
            out.add(Discrepancy.rounding(prefix + "∂ℓ/∂" + p.seedName(), got.get(p), want.get(p),
                    gauges.gradient().get(p), gauges.k()));
        }
        return out;
    }

    private static List<Discrepancy> augmented(AugmentedGradient got, ShallowGradient want, Gauges gauges) {
        ShallowGradient g = gauges.gradient();
        return List.of(
                Discrepancy.rounding("∂ℓ/∂W̃1", got.w1Tilde(), stack(want.w1(), want.b1()), stack(g.w1(), g.b1()),
                        gauges.k()),
                Discrepancy.rounding("∂ℓ/∂W̃2", got.w2Tilde(), stack(want.w2(), want.b2()), stack(g.w2(), g.b2()),
                        gauges.k()));
    }

    /** [top; bottom]: the numerator-layout ∂ℓ/∂W̃ is ∂ℓ/∂W with ∂ℓ/∂b as one more row (x̃ ends in 1). */
    public static Matrix stack(Matrix top, Matrix bottom) {
        return Matrix.fromFunction(top.rows() + bottom.rows(), top.cols(),
                (i, j) -> i < top.rows() ? top.get(i, j) : bottom.get(i - top.rows(), j));
    }

    /** Runs a check; an exception from the implementation under test fails the case with its message. */
    static Observation guarded(Supplier<Observation> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            return Observation.fail(Double.POSITIVE_INFINITY, "the implementation threw " + e);
        }
    }
}
