package dev.backprop.optimized;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link FastTanh#tanh} against tanh evaluated in 60-digit decimal arithmetic, which no double rounding
 * reaches: the error is measured in ulps of the exact value and must stay within the class's derived bound.
 */
class FastTanhTest {
    private static final MathContext DIGITS = new MathContext(60, RoundingMode.HALF_EVEN);

    @Test
    void withinItsDerivedBoundOfTheExactValue() {
        SplittableRandom random = new SplittableRandom(7);
        double worst = 0.0;
        double worstAt = Double.NaN;
        for (int i = 0; i < 3_000; i++) {
            // every decade from 2⁻³⁰ to 2⁵, both signs, and the hand-over point's neighbourhood densely
            double z = i % 4 == 0
                    ? FastTanh.RATIONAL_LIMIT + random.nextDouble(-0.01, 0.01)
                    : Math.scalb(random.nextDouble(1.0, 2.0), random.nextInt(-30, 5)) * (random.nextBoolean() ? 1 : -1);
            double relative = relativeError(z);
            if (relative > worst) {
                worst = relative;
                worstAt = z;
            }
        }
        assertTrue(worst <= FastTanh.MAX_RELATIVE_ERROR, "worst relative error " + worst + " at z = " + worstAt);
    }

    @Test
    void theLayerPassIsTheScalarFunctionEntryForEntry() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 1_000;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = i % 10 == 0 ? new double[] {0.0, -0.0, 0.625, -0.625, 20.0, -25.0, Double.MIN_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-300}[i / 10 % 10]
                    : random.nextDouble(-8.0, 8.0);
        }
        // n entries as rows 1..n/4 of a matrix with 4 columns, between two rows that must be left alone
        int cols = 4;
        double[] bias = new double[n / cols + 2];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = 0.125 * i;
        }
        double[] s = new double[n + 2 * cols];
        double[] sPrime = new double[n + 2 * cols];
        java.util.Arrays.fill(s, 0, cols, 7.0);
        java.util.Arrays.fill(s, n + cols, n + 2 * cols, 9.0);
        System.arraycopy(z, 0, s, cols, n);
        FastTanh.tanhAndDerivative(s, sPrime, bias, 1, n / cols + 1, cols);
        for (int i = 0; i < n; i++) {
            double t = FastTanh.tanh(z[i] + bias[1 + i / cols]);
            assertEquals(Double.doubleToRawLongBits(t), Double.doubleToRawLongBits(s[cols + i]), "tanh at " + z[i]);
            assertEquals(1.0 - t * t, sPrime[cols + i], 0.0, "1 − tanh² at " + z[i]);
        }
        for (int c = 0; c < cols; c++) {
            assertEquals(7.0, s[c]);
            assertEquals(9.0, s[n + cols + c]);
            assertEquals(0.0, sPrime[c]);
            assertEquals(0.0, sPrime[n + cols + c]);
        }
    }

    @Test
    void specialValues() {
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(FastTanh.tanh(-0.0)));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(FastTanh.tanh(0.0)));
        assertEquals(1.0, FastTanh.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, FastTanh.tanh(Double.NEGATIVE_INFINITY));
        assertEquals(1.0, FastTanh.tanh(400.0));
        assertEquals(-1.0, FastTanh.tanh(-400.0));
        assertTrue(Double.isNaN(FastTanh.tanh(Double.NaN)));
        assertEquals(Double.MIN_VALUE, FastTanh.tanh(Double.MIN_VALUE));
    }

    /** |fast − exact| / |exact|, exact = (e^{2z} − 1)/(e^{2z} + 1) in 60 digits. */
    private static double relativeError(double z) {
        BigDecimal e = exp(new BigDecimal(2.0 * z)); // 2z is exact in binary, and so in decimal
        BigDecimal exact = e.subtract(BigDecimal.ONE).divide(e.add(BigDecimal.ONE), DIGITS);
        BigDecimal error = new BigDecimal(FastTanh.tanh(z)).subtract(exact).abs();
        return error.divide(exact.abs(), DIGITS).doubleValue();
    }

    /** e^y for |y| ≤ 64: Taylor series at y/2¹⁰, squared ten times (60 digits leave ≥ 50 after the squarings). */
    private static BigDecimal exp(BigDecimal y) {
        BigDecimal x = y.divide(BigDecimal.valueOf(1024), DIGITS);
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int k = 1; k <= 40; k++) {
            term = term.multiply(x, DIGITS).divide(BigDecimal.valueOf(k), DIGITS);
            sum = sum.add(term, DIGITS);
        }
        for (int i = 0; i < 10; i++) {
            sum = sum.multiply(sum, DIGITS);
        }
        return sum;
    }
}
