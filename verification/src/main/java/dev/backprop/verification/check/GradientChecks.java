package dev.backprop.verification.check;

import dev.backprop.spec.AugmentedGradient;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.ShallowBackprop;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import dev.backprop.spec.Vector;
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

    /**
     * Every entry of the gradient against exact forward-mode AD, judged by the rounding rule. At a ReLU unit whose
     * pre-activation is within rounding of 0 ({@link Gauges#roundingKinks()}) either side is right: the gradient
     * is accepted if it matches the exact gradient with that unit's z moved to one side or the other.
     */
    public static Observation againstForwardMode(ShallowBackprop subject, ShallowCase c) {
        return guarded(() -> {
            ShallowGradient got = subject.gradient(c.network(), c.batch()).in(Layout.NUMERATOR);
            Gauges gauges = Gauges.of(c.network(), c.batch());
            return best(exactGradients(c, gauges), want -> perParameter(got, want, gauges), gauges);
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
            Gauges gauges = Gauges.of(c.network(), c.batch());
            return best(exactGradients(c, gauges), want -> augmented(got, want, gauges), gauges);
        });
    }

    /**
     * The augmented form against the same implementation's split form: W̃ = [W | b] must change nothing. At a
     * rounding kink the two forms may legitimately take different sides; there each is judged against AD.
     */
    public static Observation augmentedAgainstSplit(ShallowBackprop subject, ShallowCase c) {
        return guarded(() -> {
            Gauges gauges = Gauges.of(c.network(), c.batch());
            if (kinkUnits(gauges) > 0) {
                return both(againstForwardMode(subject, c), augmentedAgainstForwardMode(subject, c));
            }
            AugmentedGradient got = subject.augmentedGradient(c.network(), c.batch()).in(Layout.NUMERATOR);
            ShallowGradient split = subject.gradient(c.network(), c.batch()).in(Layout.NUMERATOR);
            return Observation.of(augmented(got, split, gauges), 0);
        });
    }

    /**
     * Two implementations against each other, entry by entry, by the rounding rule. At a rounding kink they
     * may legitimately take different sides; there each is judged against AD instead.
     */
    public static Observation agreement(ShallowBackprop first, ShallowBackprop second, ShallowCase c) {
        return guarded(() -> {
            Gauges gauges = Gauges.of(c.network(), c.batch());
            if (kinkUnits(gauges) > 0) {
                return both(againstForwardMode(first, c), againstForwardMode(second, c));
            }
            ShallowGradient a = first.gradient(c.network(), c.batch()).in(Layout.NUMERATOR);
            ShallowGradient b = second.gradient(c.network(), c.batch()).in(Layout.NUMERATOR);
            AugmentedGradient at = first.augmentedGradient(c.network(), c.batch()).in(Layout.NUMERATOR);
            AugmentedGradient bt = second.augmentedGradient(c.network(), c.batch()).in(Layout.NUMERATOR);
            List<Discrepancy> all = new ArrayList<>(perParameter(a, b, gauges));
            ShallowGradient g = gauges.gradient();
            all.add(Discrepancy.rounding("∂ℓ/∂W̃1", at.w1Tilde(), bt.w1Tilde(), stack(g.w1(), g.b1()), gauges.k()));
            all.add(Discrepancy.rounding("∂ℓ/∂W̃2", at.w2Tilde(), bt.w2Tilde(), stack(g.w2(), g.b2()), gauges.k()));
            return Observation.of(all, 0);
        });
    }

    /**
     * The exact gradients a correct implementation may return: one, or, with ReLU units at a rounding kink, one
     * per choice of side for each such unit (b1_i moved by its kink reach; the move changes the gradient by
     * far less than its rounding gauge). Past {@link #MAX_KINK_UNITS} units, the later ones follow the sides of
     * the first ones.
     */
    static List<ShallowGradient> exactGradients(ShallowCase c, Gauges gauges) {
        ShallowNetwork net = c.network();
        double[] reach = gauges.roundingKinks();
        List<Integer> units = new ArrayList<>();
        for (int i = 0; i < reach.length; i++) {
            if (reach[i] > 0) {
                units.add(i);
            }
        }
        if (units.isEmpty()) {
            return List.of(ForwardModeAd.gradient(net, c.batch()));
        }
        int free = Math.min(units.size(), MAX_KINK_UNITS);
        List<ShallowGradient> sides = new ArrayList<>();
        for (int pattern = 0; pattern < 1 << free; pattern++) {
            double[] b1 = net.b1().toArray();
            for (int t = 0; t < units.size(); t++) {
                int unit = units.get(t);
                b1[unit] += ((pattern >> (t % free)) & 1) == 0 ? reach[unit] : -reach[unit];
            }
            ShallowNetwork side = new ShallowNetwork(net.w1(), Vector.of(b1), net.w2(), net.b2(), net.activation());
            sides.add(ForwardModeAd.gradient(side, c.batch()));
        }
        return sides;
    }

    /** Units whose sides are enumerated one by one at a rounding kink: 2⁴ exact gradients at most. */
    static final int MAX_KINK_UNITS = 4;

    private static int kinkUnits(Gauges gauges) {
        int count = 0;
        for (double r : gauges.roundingKinks()) {
            count += r > 0 ? 1 : 0;
        }
        return count;
    }

    /** The comparison against the candidate that fits best; the kink units met are counted. */
    private static Observation best(List<ShallowGradient> candidates,
            java.util.function.Function<ShallowGradient, List<Discrepancy>> compare, Gauges gauges) {
        Observation best = null;
        for (ShallowGradient want : candidates) {
            Observation o = Observation.of(compare.apply(want), 0);
            if (best == null || (o.passed() && !best.passed())
                    || (o.passed() == best.passed() && o.scaledError() < best.scaledError())) {
                best = o;
            }
        }
        return new Observation(best.kind(), best.scaledError(), best.evidence(), kinkUnits(gauges));
    }

    private static Observation both(Observation a, Observation b) {
        Observation worse = a.passed() ? b : a;
        return new Observation(worse.kind(), Math.max(a.scaledError(), b.scaledError()), worse.evidence(),
                Math.max(a.kinks(), b.kinks()));
    }

    private static List<Discrepancy> perParameter(ShallowGradient got, ShallowGradient want, Gauges gauges) {
        List<Discrepancy> out = new ArrayList<>();
        for (ShallowParameter p : ShallowParameter.values()) {
            out.add(Discrepancy.rounding("∂ℓ/∂" + p.seedName(), got.get(p), want.get(p),
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
