package dev.backprop.verification.diagnose;

import dev.backprop.spec.Matrix;
import dev.backprop.verification.exchange.Precision;
import dev.backprop.verification.numeric.Discrepancy;
import dev.backprop.verification.numeric.Tolerances;

/**
 * The rounding rule of {@link Tolerances} for a gradient computed in a declared {@link Precision}: the verdict's
 * rule, and the one every hypothesis of a {@link Diagnoser} is judged by, so that a diagnosis claims no more than
 * the verdict could see.
 *
 * <p>The rule's bound ε·K·gauge is first order in the unit roundoff, so a computation in a format whose ulp(1)
 * is {@link Precision#relativeToDouble()} = s times coarser has the bound s·ε·K·gauge: the scaled error is
 * divided by s. Reading the case's parameters into that format rounds each one once more, relatively by its
 * ulp — one more elementary operation, which {@link Tolerances#ELEMENTARY_OPERATIONS} already leaves room for.
 * One thing does not scale: the underflow term. The gauges add η/ε = 2⁻¹⁰²² for results below double's normal
 * range; float32's normal range ends at 2⁻¹²⁶, where its errors become absolute, up to 2⁻¹⁴⁹ =
 * ε₃₂·{@link #FLOAT32_UNDERFLOW_GAUGE}. A float32 gradient entry below 2⁻¹²⁶ (rounded to a subnormal or to 0)
 * is covered by adding that term to its gauge. An underflow earlier in a float32 computation (a σ' of 10⁻⁴⁰
 * multiplied by 10²⁰ later) is carried by the double gauges' propagation only with double's term; the
 * {@link dev.backprop.verification.exchange.SubmissionJudge} refuses to judge such cases rather than judge them
 * too strictly.
 *
 * <p>For {@link Precision#FLOAT64} every method here is exactly {@link Discrepancy#rounding} /
 * {@link Tolerances#scaledRoundingError} (a test checks it).
 */
public final class RoundingRule {
    /** {@link Tolerances#FLOAT32_UNDERFLOW_GAUGE}, where its derivation is. */
    public static final double FLOAT32_UNDERFLOW_GAUGE = Tolerances.FLOAT32_UNDERFLOW_GAUGE;

    private RoundingRule() {
    }

    /** What to add to a positive gauge for results in {@code precision}: 0 for float64, 2⁻¹²⁶ for float32. */
    public static double addedGauge(Precision precision) {
        return precision == Precision.FLOAT32 ? FLOAT32_UNDERFLOW_GAUGE : 0.0;
    }

    /**
     * |c − e| / (ε·K·gauge + K·η), scaled to {@code precision}: {@link Tolerances#scaledRoundingError} with the
     * precision's underflow term added to a positive gauge, divided by {@link Precision#relativeToDouble()}. A
     * gauge of 0 still means both must be exactly 0: a product of exact zeros is 0 in every format.
     */
    public static double scaledError(double computed, double expected, double gauge, int k, Precision precision) {
        double g = gauge > 0 ? gauge + addedGauge(precision) : gauge;
        return Tolerances.scaledRoundingError(computed, expected, g, k) / precision.relativeToDouble();
    }

    /**
     * {@link Discrepancy#rounding} under this rule, with every gauge multiplied by {@code gaugeFactor} ≥ 0 (the
     * |c| of a hypothesis "c times the right value": the implementation's rounding of c·v is |c| times that of v).
     */
    public static Discrepancy compare(String what, Matrix computed, Matrix expected, Matrix gauge,
            double gaugeFactor, int k, Precision precision) {
        if (!computed.sameShape(expected)) {
            return Discrepancy.shapeMismatch(what, computed, expected);
        }
        double worst = 0.0;
        int wi = -1;
        int wj = -1;
        for (int i = 0; i < computed.rows(); i++) {
            for (int j = 0; j < computed.cols(); j++) {
                double e = scaledError(computed.get(i, j), expected.get(i, j), gaugeFactor * gauge.get(i, j), k,
                        precision);
                if (wi < 0 || e > worst) {
                    worst = e;
                    wi = i;
                    wj = j;
                }
            }
        }
        String detail = computed.shape() + (precision == Precision.FLOAT64 ? "" : ", " + precision.fileName());
        return new Discrepancy(what, true, worst, Tolerances.ROUNDING_THRESHOLD, wi, wj, computed.get(wi, wj),
                expected.get(wi, wj), detail);
    }
}
