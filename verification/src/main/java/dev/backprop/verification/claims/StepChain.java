package dev.backprop.verification.claims;

import dev.backprop.verification.check.Observation;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A line of a δ-sum proof as a chain of expressions joined by "=", each evaluated for every index tuple.
 * The first pair of consecutive steps that differ, beyond the rounding bound, is named with the indices
 * and both values; a later step is not blamed for an earlier break.
 */
final class StepChain {
    /** One expression of the chain, as a function of the index tuple. */
    @FunctionalInterface
    interface Expression {
        double at(int[] index);
    }

    private record Step(String text, Expression value) {
    }

    private final String indexNames;
    private final int[] ranges;
    private final List<Step> steps = new ArrayList<>();
    private Expression gauge = index -> 1.0;
    private int terms = 1;

    /**
     * @param indexNames the indices as the proof names them, e.g. {@code "i,j,k"}
     * @param ranges     how far each index runs (0 to range − 1)
     */
    StepChain(String indexNames, int... ranges) {
        this.indexNames = indexNames;
        this.ranges = ranges.clone();
    }

    StepChain step(String text, Expression value) {
        steps.add(new Step(text, value));
        return this;
    }

    /** The magnitude of the terms behind each value and the longest sum, for the rounding bound. */
    StepChain gauge(Expression magnitude, int longestSum) {
        this.gauge = magnitude;
        this.terms = longestSum;
        return this;
    }

    Observation check() {
        double worst = 0.0;
        int k = Tolerances.accumulation(terms);
        int[] index = new int[ranges.length];
        for (int s = 0; s + 1 < steps.size(); s++) {
            Arrays.fill(index, 0);
            do {
                double a = steps.get(s).value().at(index);
                double b = steps.get(s + 1).value().at(index);
                double e = Tolerances.scaledRoundingError(a, b, gauge.at(index), k);
                if (e > Tolerances.ROUNDING_THRESHOLD) {
                    return Observation.fail(e, String.format(Locale.ROOT,
                            "step %d → %d breaks at (%s) = %s: \"%s\" = %.17g but \"%s\" = %.17g", s + 1, s + 2,
                            indexNames, Arrays.toString(index), steps.get(s).text(), a, steps.get(s + 1).text(), b));
                }
                worst = Math.max(worst, e);
            } while (next(index));
        }
        return Observation.pass(worst);
    }

    private boolean next(int[] index) {
        for (int t = index.length - 1; t >= 0; t--) {
            if (++index[t] < ranges[t]) {
                return true;
            }
            index[t] = 0;
        }
        return false;
    }
}
