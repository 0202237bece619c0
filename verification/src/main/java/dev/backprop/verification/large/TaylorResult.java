package dev.backprop.verification.large;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a {@link TaylorRemainder} test: a verdict with three states, the order it was taken from, and
 * every (h, r(h)) point, for a log-log plot (a right gradient's points lie on a line of slope 2 down to the noise,
 * a wrong one's on slope 1).
 *
 * @param verdict the classification; {@link Verdict#NOT_DECISIVE} is never a pass
 * @param order   log₂(r(h)/r(h/2)) at the judged pair; NaN when no pair was judged, or when the verdict is "linear
 *                to rounding" (consistent by the bound of the two smallest steps, {@link TaylorRemainder#linearBound})
 * @param pair    index into {@code points} of the judged pair's larger step (the pair is pair, pair + 1); −1 if none
 * @param points  one per step, largest h first
 * @param reason  one line saying why
 */
public record TaylorResult(Verdict verdict, double order, int pair, List<Point> points, String reason) {
    public TaylorResult {
        points = List.copyOf(points);
    }

    /** Consistent with a right gradient, inconsistent with it, or unable to tell. */
    public enum Verdict {
        /**
         * The smallest pair clear of noise has order ≥ 1.5: r shrinks as h²; or, where orders do not decide, ℓ is
         * linear to rounding at the smallest steps and g's linear term is within its rounding allowance.
         */
        CONSISTENT,
        /** The smallest pair clear of noise has order &lt; 1.5: r shrinks as h, the gradient is wrong along v. */
        INCONSISTENT,
        /** No pair clear of noise and of kinks, or ℓ has no gradient at θ: the test says nothing. */
        NOT_DECISIVE
    }

    /**
     * One step.
     *
     * @param h               the step (relative to each tensor's RMS)
     * @param remainder       r(h) = |D(h) − h⟨g, v⟩|, of the held loss (kinked units on their pieces at θ): the one
     *                        judged
     * @param noise           N(h), the rounding bound of r's computation (the increment D and ⟨g, h·v⟩)
     * @param noiseComplete   whether N(h) is the whole bound; always true since D is computed as an increment with its
     *                        own bound (no gauge pass at θ + h·v is left out any more)
     * @param clear           r(h) &gt; {@code TAYLOR_NOISE_MULTIPLE}·N(h)
     * @param kinksCrossed    (sample, unit) pairs of kinked layers on the other side of 0 at θ + h·v than at θ
     * @param loss            ℓ(θ + h·v) itself (not held), as ℓ(θ) + its increment
     * @param unheldRemainder |ℓ(θ + h·v) − ℓ(θ) − h⟨g, v⟩| with ℓ itself, kinks included: equal to {@code remainder}
     *                        where no kink was crossed, not judged
     * @param signedRemainder D(h) − h⟨g, v⟩ itself, whose sign the rule compares across the steps it judges
     * @param allowance       A(h) = h·ρ·ε·K·Σ G_i|v_i|: the most a gradient right to rounding may add to r
     */
    public record Point(double h, double remainder, double noise, boolean noiseComplete, boolean clear,
            int kinksCrossed, double loss, double unheldRemainder, double signedRemainder, double allowance) {
        /** A point without sign or allowance (taken as +remainder and 0), as plots and reports build them. */
        public Point(double h, double remainder, double noise, boolean noiseComplete, boolean clear, int kinksCrossed,
                double loss, double unheldRemainder) {
            this(h, remainder, noise, noiseComplete, clear, kinksCrossed, loss, unheldRemainder, remainder, 0.0);
        }
    }

    /** log₂(r(h_k)/r(h_{k+1})) for every consecutive pair, largest h first (NaN or ±∞ where an r is 0). */
    public double[] orders() {
        double[] out = new double[points.size() - 1];
        for (int k = 0; k < out.length; k++) {
            out[k] = Math.log(points.get(k).remainder() / points.get(k + 1).remainder()) / Math.log(2.0);
        }
        return out;
    }

    /** The verdict and its reason on one line. */
    public String describe() {
        return verdict + ": " + reason;
    }

    /** The points as "h r N allowance clear crossed r-unheld" lines, for a plot or a report. */
    public String table() {
        StringBuilder out = new StringBuilder("h r(h) N(h) allowance clear kinks-crossed r-unheld\n");
        for (Point p : points) {
            out.append(String.format(Locale.ROOT, "%.6e %+.6e %.3e %.3e %s %d %.6e%n", p.h(), p.signedRemainder(),
                    p.noise(), p.allowance(), p.clear(), p.kinksCrossed(), p.unheldRemainder()));
        }
        return out.toString();
    }
}
