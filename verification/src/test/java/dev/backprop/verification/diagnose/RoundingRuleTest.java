package dev.backprop.verification.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Matrix;
import dev.backprop.verification.exchange.Precision;
import dev.backprop.verification.numeric.Discrepancy;
import dev.backprop.verification.numeric.Tolerances;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The precision-scaled rounding rule: for float64 it is the verdict's rule exactly; for float32 it is that rule
 * 2²⁹ times coarser, with float32's own underflow term.
 */
class RoundingRuleTest {

    /** Random matrices, gauges and shapes, some gauges 0 and some entries equal: identical to Discrepancy.rounding. */
    @Test
    void float64IsTheVerdictsRule() {
        SplittableRandom r = new SplittableRandom(11);
        int compared = 0;
        for (int trial = 0; trial < 500; trial++) {
            int rows = 1 + r.nextInt(4);
            int cols = 1 + r.nextInt(4);
            Matrix want = Matrix.fromFunction(rows, cols, (i, j) -> r.nextDouble(-1, 1));
            Matrix got = Matrix.fromFunction(rows, cols, (i, j) -> r.nextInt(3) == 0 ? want.get(i, j)
                    : want.get(i, j) + Math.scalb(r.nextDouble(-1, 1), -40 - r.nextInt(20)));
            Matrix gauge = Matrix.fromFunction(rows, cols, (i, j) -> r.nextInt(5) == 0 ? 0.0
                    : Math.abs(want.get(i, j)) + r.nextDouble());
            int k = 16 + r.nextInt(100);
            Discrepancy verdict = Discrepancy.rounding("x", got, want, gauge, k);
            Discrepancy rule = RoundingRule.compare("x", got, want, gauge, 1.0, k, Precision.FLOAT64);
            assertEquals(verdict, rule, "trial " + trial);
            compared++;
        }
        assertEquals(500, compared);
    }

    /**
     * Float32: the scaled error is the float64 one over 2²⁹ for a normal-range gauge; a value float32 rounds to a
     * subnormal (10⁻⁴⁰) or to 0 (10⁻⁵⁰) passes as float32 only through the underflow term, and fails as float64;
     * a gauge of 0 still demands exact equality.
     */
    @Test
    void float32IsCoarserAndCoversItsOwnUnderflow() {
        double s = Precision.FLOAT32.relativeToDouble();
        assertEquals(0x1p29, s);
        double normal = RoundingRule.scaledError(1.0 + 0x1p-30, 1.0, 1.0, 40, Precision.FLOAT32);
        assertEquals(Tolerances.scaledRoundingError(1.0 + 0x1p-30, 1.0, 1.0 + RoundingRule.FLOAT32_UNDERFLOW_GAUGE,
                40) / s, normal);
        for (double tiny : new double[] {1e-40, 3e-41, 1e-50}) {
            double stored = (float) tiny;
            assertTrue(stored != tiny, "float32 must round " + tiny);
            assertTrue(RoundingRule.scaledError(stored, tiny, tiny, 16, Precision.FLOAT32) <= 1.0,
                    "float32 rounding of " + tiny + " is within the float32 rule");
            assertTrue(RoundingRule.scaledError(stored, tiny, tiny, 16, Precision.FLOAT64) > 1.0,
                    "float32 rounding of " + tiny + " is not within the float64 rule");
        }
        assertEquals(Double.POSITIVE_INFINITY, RoundingRule.scaledError(1e-300, 0.0, 0.0, 16, Precision.FLOAT32));
        assertEquals(0.0, RoundingRule.scaledError(0.0, 0.0, 0.0, 16, Precision.FLOAT32));
    }

    /** The gauge factor of a hypothesis "c times the right value" widens the bound by |c|, and only by |c|. */
    @Test
    void theGaugeFactorScalesTheBound() {
        Matrix want = Matrix.of(1, 2, 1.0, -2.0);
        Matrix gauge = Matrix.of(1, 2, 1.0, 2.0);
        Matrix got = Matrix.of(1, 2, 1.0 + 3 * 40 * Tolerances.EPSILON, -2.0);
        double plain = RoundingRule.compare("x", got, want, gauge, 1.0, 40, Precision.FLOAT64).scaledError();
        double wide = RoundingRule.compare("x", got, want, gauge, 4.0, 40, Precision.FLOAT64).scaledError();
        assertTrue(plain > 1.0 && wide <= 1.0, plain + " " + wide);
        assertEquals(plain / 4.0, wide, plain * 1e-12);
    }
}
