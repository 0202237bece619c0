package dev.backprop.verification.check;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Objective;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.numeric.CannotJudge;
import dev.backprop.verification.numeric.DeepFiniteDifferences;
import dev.backprop.verification.numeric.DeepForwardModeAd;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.numeric.DirectionalDerivative;
import dev.backprop.verification.numeric.Discrepancy;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-case checks of a {@link DeepBackprop} implementation, each against an oracle that shares no code
 * with it (DESIGN.md §3): exact forward-mode AD, finite differences, another implementation. A result in
 * either layout is accepted as long as it says which and has the network's shapes; it is compared in numerator
 * layout, parameter by parameter, and every failing parameter is named by layer ("∂ℓ/∂W2 (layer 2 weights)").
 * What the implementation throws or a wrong shape it returns fails the case with its message
 * ({@link GradientChecks#call}).
 */
public final class DeepGradientChecks {
    private DeepGradientChecks() {
    }

    /**
     * Every entry against exact forward-mode AD by the rounding rule. Where a kinked pre-activation is 0 within
     * rounding ({@link DeepGauges#kinkGroups()}) either side is right: the gradient is judged against the exact
     * gradient for the choice of sides that fits it best ({@link #bestFit}).
     */
    public static Observation againstForwardMode(DeepBackprop subject, DeepCase c) {
        return GradientChecks.guarded(() -> {
            DeepGradient got = result(subject, c);
            DeepGauges gauges = DeepGauges.of(c.network(), c.batch(), c.objective());
            DeepGradient want = bestFit(got, c, gauges);
            return Observation.of(perParameter(got, want, gauges), 0, gauges.roundingKinks());
        });
    }

    /**
     * Every entry against finite differences with their own error bound; kinks are handled as documented there
     * (each sample differenced on the linear piece it is on, points on a kink within rounding enumerated).
     */
    public static Observation againstFiniteDifferences(DeepBackprop subject, DeepCase c) {
        return GradientChecks.guarded(() -> {
            DeepGradient got = result(subject, c);
            DeepGauges gauges = DeepGauges.of(c.network(), c.batch(), c.objective());
            DeepFiniteDifferences fd = DeepFiniteDifferences.of(c.network(), c.batch(), c.objective(), gauges);
            Discrepancy d = fd.judge("∂ℓ/∂θ", got, gauges);
            return Observation.of(List.of(d), fd.crossings(), fd.onKink());
        });
    }

    /**
     * Two implementations against each other, entry by entry, by the rounding rule. With a kinked pre-activation
     * at 0 within rounding they may legitimately differ; there each is judged against AD instead.
     */
    public static Observation agreement(DeepBackprop first, DeepBackprop second, DeepCase c) {
        return GradientChecks.guarded(() -> {
            DeepGauges gauges = DeepGauges.of(c.network(), c.batch(), c.objective());
            if (gauges.roundingKinks() > 0) {
                Observation a = againstForwardMode(first, c);
                return a.passed() ? againstForwardMode(second, c) : a;
            }
            DeepGradient a = result(first, c);
            DeepGradient b = result(second, c);
            return Observation.of(perParameter(a, b, gauges), 0);
        });
    }

    /** The subject's gradient in numerator layout, after checking it has the network's shapes. */
    private static DeepGradient result(DeepBackprop subject, DeepCase c) {
        return GradientChecks.call(() -> {
            DeepGradient g = subject.gradient(c.network(), c.batch(), c.objective());
            if (g != null) {
                g.requireFits(c.network());
            }
            return g == null ? null : g.in(Layout.NUMERATOR);
        });
    }

    /**
     * The exact gradient that fits {@code got} best among those a correct implementation may return: with no
     * kink at rounding level there is one; with m groups of such points, 2^m, one per choice of one-sided slope
     * per group (m ≤ {@link Tolerances#MAX_KINK_SAMPLES}), and the one whose worst scaled error is least is kept.
     * A choice at layer k changes the gradient of every layer up to k, so the choices are made for the whole
     * case at once.
     *
     * @throws CannotJudge if there are more groups than {@link Tolerances#MAX_KINK_SAMPLES}
     */
    static DeepGradient bestFit(DeepGradient got, DeepCase c, DeepGauges gauges) {
        DeepGradient best = null;
        double bestFit = Double.POSITIVE_INFINITY;
        for (DeepGradient side : exactGradients(c.network(), c.batch(), c.objective(), gauges)) {
            double fit = 0.0;
            for (Discrepancy d : perParameter(got, side, gauges)) {
                fit = Math.max(fit, d.scaledError());
            }
            if (best == null || fit < bestFit) {
                best = side;
                bestFit = fit;
            }
        }
        return best;
    }

    /**
     * Every exact gradient a correct implementation may return, by forward-mode AD: one when no kinked
     * pre-activation is 0 within rounding; else one per joint choice of one-sided slope, one choice per group of
     * such points ({@link DeepGauges#kinkGroups()}), the same for every parameter.
     *
     * @throws CannotJudge if there are more groups than {@link Tolerances#MAX_KINK_SAMPLES}
     */
    public static List<DeepGradient> exactGradients(DeepNetwork network, Batch batch, Objective objective,
            DeepGauges gauges) {
        List<List<int[]>> groups = gauges.kinkGroups();
        if (groups.isEmpty()) {
            return List.of(DeepForwardModeAd.gradient(network, batch, objective));
        }
        List<DeepGradient> out = new ArrayList<>();
        for (int pattern = 0; pattern < 1 << groups.size(); pattern++) {
            out.add(DeepForwardModeAd.gradient(network, batch, objective,
                    DirectionalDerivative.forcedSlopes(network, batch.size(), groups, pattern)));
        }
        return out;
    }

    /** One rounding comparison per parameter, each named by layer. */
    static List<Discrepancy> perParameter(DeepGradient got, DeepGradient want, DeepGauges gauges) {
        List<Discrepancy> out = new ArrayList<>();
        for (DeepParameter p : want.parameters()) {
            out.add(Discrepancy.rounding("∂ℓ/∂" + p.describe(), got.get(p), want.get(p), gauges.gradient().get(p),
                    gauges.k()));
        }
        return out;
    }
}
