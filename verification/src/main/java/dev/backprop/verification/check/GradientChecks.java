package dev.backprop.verification.check;

import dev.backprop.spec.AugmentedGradient;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.spec.ShallowBackprop;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowParameter;
import dev.backprop.verification.generate.ShallowCase;
import dev.backprop.verification.numeric.CannotJudge;
import dev.backprop.verification.numeric.DeepFiniteDifferences;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.numeric.Discrepancy;
import dev.backprop.verification.numeric.FiniteDifferences;
import dev.backprop.verification.numeric.ForwardModeAd;
import dev.backprop.verification.numeric.Gauges;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.Arrays;
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
     * Every entry of the gradient against exact forward-mode AD, judged by the rounding rule. At a ReLU rounding
     * kink ({@link Gauges#atRoundingKink}) either side is right, per sample: the gradient is judged against the
     * exact gradient with those samples' σ' set to whichever of 0 and 1 fits it best ({@link #bestFit}).
     */
    public static Observation againstForwardMode(ShallowBackprop subject, ShallowCase c) {
        return guarded(() -> {
            ShallowGradient got = call(() -> subject.gradient(c.network(), c.batch())).in(Layout.NUMERATOR);
            Gauges gauges = Gauges.of(c.network(), c.batch());
            ShallowGradient want = bestFit(got, c, gauges);
            return Observation.of(perParameter(got, want, gauges), 0, gauges.roundingKinks());
        });
    }

    /**
     * Every entry of the gradient against finite differences with their own error bound. For a smooth activation
     * the network is differenced as the depth-2 network it is (½‖r‖² summed: {@link DeepFiniteDifferences}), whose
     * steps are validated — no stencil may move a curved unit's pre-activation by more than
     * {@link Tolerances#RESOLVED_PREACTIVATION_CHANGE}: the fixed step of {@link FiniteDifferences} straddled the
     * saturating turn of tanh and logistic units at entry scales near 100 and reported a chord (the false-alarm
     * campaign's 9 failures in 10,000, ShallowFiniteDifferencesRegressionTest). ReLU networks keep {@link FiniteDifferences},
     * whose per-unit kink handling is exact (ℓ is piecewise quadratic, nothing to resolve).
     */
    public static Observation againstFiniteDifferences(ShallowBackprop subject, ShallowCase c) {
        return guarded(() -> {
            if (!c.network().activation().kinked()) {
                ShallowGradient got = call(() -> subject.gradient(c.network(), c.batch())).in(Layout.NUMERATOR);
                DeepNetwork net = DeepNetwork.of(c.network());
                Objective objective = new Objective(Loss.HALF_SQUARED_ERROR, Reduction.SUM);
                DeepGauges gauges = DeepGauges.of(net, c.batch(), objective);
                DeepFiniteDifferences fd = DeepFiniteDifferences.of(net, c.batch(), objective, gauges);
                DeepGradient asDeep = new DeepGradient(Layout.NUMERATOR, List.of(got.w1(), got.w2()),
                        List.of(got.b1(), got.b2()));
                return Observation.of(List.of(fd.judge("∂ℓ/∂θ", asDeep, gauges)), fd.crossings(), fd.onKink());
            }
            ShallowGradient got = call(() -> subject.gradient(c.network(), c.batch()));
            FiniteDifferences fd = FiniteDifferences.of(c.network(), c.batch());
            Gauges gauges = Gauges.of(c.network(), c.batch());
            Discrepancy d = fd.judge("∂ℓ/∂θ", got, gauges);
            return Observation.of(List.of(d), fd.kinks(), gauges.roundingKinks());
        });
    }

    /** ∂ℓ/∂W̃1 and ∂ℓ/∂W̃2 against forward-mode AD stacked as [∂ℓ/∂W; ∂ℓ/∂b] in numerator layout. */
    public static Observation augmentedAgainstForwardMode(ShallowBackprop subject, ShallowCase c) {
        return guarded(() -> {
            AugmentedGradient got = call(() -> subject.augmentedGradient(c.network(), c.batch())).in(Layout.NUMERATOR);
            Gauges gauges = Gauges.of(c.network(), c.batch());
            ShallowGradient want = bestFit(split(got), c, gauges);
            return Observation.of(augmented(got, want, gauges), 0, gauges.roundingKinks());
        });
    }

    /**
     * The augmented form against the same implementation's split form: W̃ = [W | b] must change nothing. At a
     * rounding kink the two forms may legitimately take different sides; there each is judged against AD.
     */
    public static Observation augmentedAgainstSplit(ShallowBackprop subject, ShallowCase c) {
        return guarded(() -> {
            Gauges gauges = Gauges.of(c.network(), c.batch());
            if (gauges.roundingKinks() > 0) {
                return worst(againstForwardMode(subject, c), augmentedAgainstForwardMode(subject, c));
            }
            AugmentedGradient got = call(() -> subject.augmentedGradient(c.network(), c.batch())).in(Layout.NUMERATOR);
            ShallowGradient split = call(() -> subject.gradient(c.network(), c.batch())).in(Layout.NUMERATOR);
            return Observation.of(augmented(got, split, gauges), 0);
        });
    }

    /**
     * Two implementations against each other, entry by entry, by the rounding rule. At a rounding kink they
     * may legitimately take different sides; there each, split and augmented, is judged against AD instead.
     */
    public static Observation agreement(ShallowBackprop first, ShallowBackprop second, ShallowCase c) {
        return guarded(() -> {
            Gauges gauges = Gauges.of(c.network(), c.batch());
            if (gauges.roundingKinks() > 0) {
                return worst(againstForwardMode(first, c), augmentedAgainstForwardMode(first, c),
                        againstForwardMode(second, c), augmentedAgainstForwardMode(second, c));
            }
            ShallowGradient a = call(() -> first.gradient(c.network(), c.batch())).in(Layout.NUMERATOR);
            ShallowGradient b = call(() -> second.gradient(c.network(), c.batch())).in(Layout.NUMERATOR);
            AugmentedGradient at = call(() -> first.augmentedGradient(c.network(), c.batch())).in(Layout.NUMERATOR);
            AugmentedGradient bt = call(() -> second.augmentedGradient(c.network(), c.batch())).in(Layout.NUMERATOR);
            List<Discrepancy> all = new ArrayList<>(perParameter(a, b, gauges));
            ShallowGradient g = gauges.gradient();
            all.add(Discrepancy.rounding("∂ℓ/∂W̃1", at.w1Tilde(), bt.w1Tilde(), stack(g.w1(), g.b1()), gauges.k()));
            all.add(Discrepancy.rounding("∂ℓ/∂W̃2", at.w2Tilde(), bt.w2Tilde(), stack(g.w2(), g.b2()), gauges.k()));
            return Observation.of(all, 0);
        });
    }

    /**
     * The exact gradient that fits {@code got} best among those a correct implementation may return. Without
     * rounding kinks there is one. With them, σ' of each kink pair (b, i) may be either one-sided slope (0 or 1
     * for ReLU); only hidden unit i's column of ∂ℓ/∂W1 and entry of ∂ℓ/∂b1 depend on it (s is continuous at 0,
     * so ∂ℓ/∂W2 and ∂ℓ/∂b2 do not), so the sides are enumerated unit by unit, 2^k exact gradients for a unit with k groups of kink samples
     * ({@link Gauges#kinkGroups}), and each unit's entries are taken from the side whose worst scaled error
     * against {@code got} is least.
     *
     * @throws CannotJudge if a unit has more groups than {@link Tolerances#MAX_KINK_SAMPLES}
     */
    static ShallowGradient bestFit(ShallowGradient got, ShallowCase c, Gauges gauges) {
        ShallowGradient natural = ForwardModeAd.gradient(c.network(), c.batch());
        if (gauges.roundingKinks() == 0) {
            return natural;
        }
        int d = c.network().inputSize();
        int h = c.network().hiddenSize();
        int batch = c.batch().size();
        double[][] w1 = rows(natural.w1());
        double[][] b1 = rows(natural.b1());
        ShallowGradient g = gauges.gradient();
        for (int i = 0; i < h; i++) {
            List<int[]> groups = gauges.kinkGroups(i);
            double best = Double.POSITIVE_INFINITY;
            for (int pattern = 0; !groups.isEmpty() && pattern < 1 << groups.size(); pattern++) {
                double[][] slopes = new double[batch][h];
                for (double[] row : slopes) {
                    Arrays.fill(row, Double.NaN);
                }
                for (int q = 0; q < groups.size(); q++) {
                    for (int b : groups.get(q)) {
                        slopes[b][i] = (pattern >> q & 1) == 0 ? c.network().activation().slopeBelowZero()
                                : c.network().activation().slopeAboveZero();
                    }
                }
                ShallowGradient side = ForwardModeAd.gradient(c.network(), c.batch(), slopes);
                double fit = Tolerances.scaledRoundingError(got.b1().get(0, i), side.b1().get(0, i),
                        g.b1().get(0, i), gauges.k());
                for (int j = 0; j < d; j++) {
                    fit = Math.max(fit, Tolerances.scaledRoundingError(got.w1().get(j, i), side.w1().get(j, i),
                            g.w1().get(j, i), gauges.k()));
                }
                if (fit < best || pattern == 0) {
                    best = fit;
                    b1[0][i] = side.b1().get(0, i);
                    for (int j = 0; j < d; j++) {
                        w1[j][i] = side.w1().get(j, i);
                    }
                }
            }
        }
        return new ShallowGradient(Layout.NUMERATOR, Matrix.fromRows(w1), Matrix.fromRows(b1), natural.w2(),
                natural.b2());
    }

    /** An augmented gradient read as the split one: the last row of each ∂ℓ/∂W̃ is the bias's. */
    private static ShallowGradient split(AugmentedGradient a) {
        Matrix w1t = a.w1Tilde();
        Matrix w2t = a.w2Tilde();
        return new ShallowGradient(Layout.NUMERATOR, w1t.rowRange(0, w1t.rows() - 1),
                w1t.rowRange(w1t.rows() - 1, w1t.rows()), w2t.rowRange(0, w2t.rows() - 1),
                w2t.rowRange(w2t.rows() - 1, w2t.rows()));
    }

    private static double[][] rows(Matrix m) {
        double[][] out = new double[m.rows()][];
        for (int i = 0; i < m.rows(); i++) {
            out[i] = m.row(i).toArray();
        }
        return out;
    }

    /** The worst of several observations of one case; the kinks met are the most any of them met. */
    private static Observation worst(Observation... parts) {
        Observation worst = parts[0];
        int kinks = 0;
        int onKink = 0;
        double error = 0.0;
        for (Observation o : parts) {
            if (worst.passed() && !o.passed()) {
                worst = o;
            }
            kinks = Math.max(kinks, o.kinks());
            onKink = Math.max(onKink, o.onKink());
            error = Math.max(error, o.scaledError());
        }
        return new Observation(worst.kind(), error, worst.evidence(), kinks, onKink);
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

    /** What the implementation under test threw, carried past the suite's own code. */
    private static final class SubjectFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SubjectFailed(Throwable cause) {
            super(cause);
        }
    }

    /** Calls the implementation under test; anything it throws, errors included, or a null it returns is its failure. */
    static <T> T call(Supplier<T> subjectCall) {
        T result;
        try {
            result = subjectCall.get();
        } catch (Throwable e) {
            throw new SubjectFailed(e);
        }
        if (result == null) {
            throw new SubjectFailed(new NullPointerException("it returned null"));
        }
        return result;
    }

    /**
     * Runs a check. What the implementation under test threw or returned null ({@link #call}) fails the case with
     * its message. Anything else is the suite's fault: a case it cannot judge, or an exception from its own
     * oracles, recorded as an ERROR, never blamed on the implementation.
     */
    static Observation guarded(Supplier<Observation> check) {
        try {
            return check.get();
        } catch (SubjectFailed e) {
            return Observation.fail(Double.POSITIVE_INFINITY, "the implementation threw " + e.getCause());
        } catch (CannotJudge e) {
            return Observation.error("the case cannot be judged: " + e.getMessage());
        } catch (RuntimeException e) {
            return Observation.error("the check itself failed: " + e);
        }
    }
}
