package dev.backprop.verification.check;

import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.large.ProjectionCheck;
import dev.backprop.verification.large.ProjectionResult;
import dev.backprop.verification.large.TaylorRemainder;
import dev.backprop.verification.large.TaylorResult;
import dev.backprop.verification.numeric.Tolerances;

/**
 * The per-case checks of a {@link DeepBackprop} on models too large for a full Jacobian (DESIGN.md §3): random
 * projections against exact directional derivatives ({@link ProjectionCheck}), and the Taylor remainder's order
 * ({@link TaylorRemainder}). Their seeds come from the case's recipe, so a case replays exactly. The Taylor check
 * was taken out of the gate after a false alarm (order 0.3 on a right gradient, a remainder near its zero read with a
 * noise floor that did not shrink with h); it is back since the false-alarm campaign (README) ran it on 10,000
 * right gradients with no false alarm.
 */
public final class LargeModelChecks {
    private LargeModelChecks() {
    }

    /** The gradient against {@code Tolerances.DEFAULT_PROJECTIONS} Rademacher projections; scaled error as there. */
    public static Observation projections(DeepBackprop subject, DeepCase c) {
        return GradientChecks.guarded(() -> {
            DeepGradient got = result(subject, c);
            ProjectionResult r = ProjectionCheck.check(c.network(), c.batch(), c.objective(), got, seedOf(c));
            return r.passed() ? Observation.pass(r.worstScaledError())
                    : Observation.fail(r.worstScaledError(), "∂ℓ/∂θ along random projections: " + r.describe());
        });
    }

    /** Directions the Taylor check tries before it gives up: a not-decisive direction is not evidence either way. */
    static final int TAYLOR_DIRECTIONS = 3;

    /**
     * The Taylor remainder's order along up to {@value #TAYLOR_DIRECTIONS} directions (the recipe's seed plus 0, 1,
     * 2), until one decides: consistent passes, inconsistent fails, none deciding is a case the suite cannot judge
     * (an ERROR, never a pass). Scaled error (2 − order)/(2 − {@code Tolerances.TAYLOR_ORDER_BOUNDARY}), 0 for orders
     * of 2 and above: 1 exactly at the boundary, so it reads like every other check's (threshold 1); for a verdict
     * "linear to rounding" (no order), the linear term's bound over the gradient's rounding allowance
     * ({@link TaylorRemainder#linearBound}), also 1 at its limit.
     */
    public static Observation taylor(DeepBackprop subject, DeepCase c) {
        return GradientChecks.guarded(() -> {
            DeepGradient got = result(subject, c);
            StringBuilder tried = new StringBuilder();
            for (int d = 0; d < TAYLOR_DIRECTIONS; d++) {
                TaylorResult r = TaylorRemainder.test(c.network(), c.batch(), c.objective(), got, seedOf(c) + d);
                // an order is judged by its distance to the boundary; "linear to rounding" (order NaN) by its bound
                double scaled = Double.isNaN(r.order()) && r.pair() >= 0
                        ? TaylorRemainder.linearBound(r.points().get(r.pair()), r.points().get(r.pair() + 1))
                                / r.points().get(r.pair()).allowance()
                        : taylorScaledError(r.order());
                switch (r.verdict()) {
                    case CONSISTENT:
                        return Observation.pass(scaled);
                    case INCONSISTENT:
                        return Observation.fail(scaled, "Taylor remainder along direction " + (d + 1) + ": "
                                + r.describe());
                    default:
                        tried.append(tried.length() == 0 ? "" : "; ").append(r.reason());
                }
            }
            return Observation.error("the Taylor remainder is not decisive along " + TAYLOR_DIRECTIONS
                    + " directions: " + tried);
        });
    }

    /** (2 − order)/(2 − boundary), at least 0: the Taylor check's scaled error, 1 at the boundary. */
    public static double taylorScaledError(double order) {
        return Math.max(0.0, (2.0 - order) / (2.0 - Tolerances.TAYLOR_ORDER_BOUNDARY));
    }

    private static DeepGradient result(DeepBackprop subject, DeepCase c) {
        return GradientChecks.call(() -> {
            DeepGradient g = subject.gradient(c.network(), c.batch(), c.objective());
            if (g != null) {
                g.requireFits(c.network());
            }
            return g;
        });
    }

    /** A seed for the case's random directions, fixed by its recipe so that a case replays exactly. */
    private static long seedOf(DeepCase c) {
        return c.recipe().hashCode() * 0x9E3779B97F4A7C15L;
    }
}
