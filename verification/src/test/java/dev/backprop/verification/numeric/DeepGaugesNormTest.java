package dev.backprop.verification.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Matrix;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.Generators;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@link DeepGauges#gradientNorm()}, the factorised ‖G‖₁, against the sum of the built gauges
 * {@link DeepGauges#gradient()}, on every deep case and on the kink cases. Every term of both is a sum of products of
 * nonnegative numbers, so each is within a relative γ_N of the exact ‖G‖₁, N the longest chain of operations a term
 * passes: here at most P (the test's left-to-right sum over θ) + 4B (an entry's B samples of four terms) on one side,
 * n_max (a factor's sum) + 5·B·L (the factorised sum's accumulation) on the other, plus a few products; the two then
 * differ by at most ε·N_total relatively, N_total = P + 9·B·L + n_max + 8 (γ_n ≤ n·ε/2 each, two of them).
 */
class DeepGaugesNormTest {
    static final int EXAMPLES = 200;

    static Observation agrees(dev.backprop.verification.generate.DeepCase c) {
        DeepGauges gauges = DeepGauges.of(c.network(), c.batch(), c.objective());
        double built = 0.0;
        int depth = c.network().depth();
        int widest = 0;
        for (int k = 1; k <= depth; k++) {
            widest = Math.max(widest, Math.max(c.network().width(k), c.network().width(k - 1)));
            for (Matrix m : new Matrix[] {gauges.gradient().weight(k), gauges.gradient().bias(k)}) {
                for (double x : m.toArray()) {
                    built += x;
                }
            }
        }
        int count = DeepParameters.of(c.network()).count();
        double n = count + 9.0 * c.batch().size() * depth + widest + 8;
        double bound = Tolerances.EPSILON * n * built;
        double diff = Math.abs(gauges.gradientNorm() - built);
        if (!(diff <= bound)) {
            return Observation.fail(bound > 0 ? diff / bound : Double.POSITIVE_INFINITY, String.format(Locale.ROOT,
                    "‖G‖₁ factorised %.17g, built %.17g, bound %.3g", gauges.gradientNorm(), built, bound));
        }
        return Observation.pass(bound > 0 ? diff / bound : 0.0);
    }

    @Test
    void theFactorisedNormIsTheSumOfTheBuiltGauges() {
        for (var cases : java.util.List.of(Generators.deepCases(), Generators.deepKinkCases())) {
            PropertyResult r = PropertyRun.run("‖G‖₁ factorised vs built", cases, EXAMPLES, PropertyRun.DEFAULT_SEED,
                    DeepGaugesNormTest::agrees);
            System.out.println(r.report());
            assertTrue(r.passed(), r::report);
            assertEquals(EXAMPLES, r.cases(), r::report);
        }
    }
}
