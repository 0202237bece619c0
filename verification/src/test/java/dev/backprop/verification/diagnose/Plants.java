package dev.backprop.verification.diagnose;

import dev.backprop.reference.ReferenceDeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.numeric.Discrepancy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.quicktheories.core.Gen;

/**
 * Planting wrong gradients for the diagnosis tests: every plant is a transformation of the reference
 * implementation's gradient (or another independent computation), and whether it changed a parameter at all is
 * decided by the verdict's rounding rule against that reference gradient — never by the diagnoser.
 */
final class Plants {
    static final ReferenceDeepBackprop REFERENCE = new ReferenceDeepBackprop();
    /** The properties' seed: the suite's default; {@code -Ddiagnose.seed=N} replays another. */
    static final long SEED = Long.getLong("diagnose.seed", PropertyRun.DEFAULT_SEED);

    private Plants() {
    }

    /** The reference gradient of the case, in numerator layout (the tests index its matrices as such). */
    static DeepGradient right(DeepCase c) {
        return REFERENCE.gradient(c.network(), c.batch(), c.objective()).in(Layout.NUMERATOR);
    }

    /** A random source fixed by the case's recipe, so that every choice a test makes replays with the case. */
    static SplittableRandom random(DeepCase c) {
        return new SplittableRandom(c.recipe().hashCode());
    }

    static List<Matrix> weights(DeepGradient g) {
        List<Matrix> out = new ArrayList<>();
        for (int k = 1; k <= g.depth(); k++) {
            out.add(g.weight(k));
        }
        return out;
    }

    static List<Matrix> biases(DeepGradient g) {
        List<Matrix> out = new ArrayList<>();
        for (int k = 1; k <= g.depth(); k++) {
            out.add(g.bias(k));
        }
        return out;
    }

    /** {@code g} with p's matrix replaced (in g's layout). */
    static DeepGradient replace(DeepGradient g, DeepParameter p, Matrix m) {
        List<Matrix> w = weights(g);
        List<Matrix> b = biases(g);
        (p.isWeight() ? w : b).set(p.layer() - 1, m);
        return new DeepGradient(g.layout(), w, b);
    }

    static Matrix scaled(Matrix m, double c) {
        return Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> c * m.get(i, j));
    }

    /** Every parameter of {@code g} times c. */
    static DeepGradient scaled(DeepGradient g, double c) {
        DeepGradient out = g;
        for (DeepParameter p : g.parameters()) {
            out = replace(out, p, scaled(g.get(p), c));
        }
        return out;
    }

    /** The parameters where {@code planted} differs from {@code right} beyond rounding (the verdict's rule). */
    static Set<DeepParameter> changed(DeepCase c, DeepGradient planted, DeepGradient right) {
        DeepGauges gauges = DeepGauges.of(c.network(), c.batch(), c.objective());
        DeepGradient a = planted.in(Layout.NUMERATOR);
        DeepGradient b = right.in(Layout.NUMERATOR);
        Set<DeepParameter> out = new LinkedHashSet<>();
        for (DeepParameter p : b.parameters()) {
            if (!Discrepancy.rounding("∂ℓ/∂" + p, a.get(p), b.get(p), gauges.gradient().get(p), gauges.k()).passes()) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Runs {@code check} over {@code cases} cases of {@code gen} with the default seed; the check returns null when
     * the diagnosis is as expected and a message otherwise. Fails with the smallest failing case and its message.
     */
    static PropertyResult property(String name, Gen<DeepCase> gen, int cases, Function<DeepCase, String> check) {
        PropertyResult r = PropertyRun.run(name, gen, cases, SEED, c -> {
            String why = check.apply(c);
            return why == null ? Observation.pass(0.0) : Observation.fail(Double.NaN, why);
        });
        System.out.println(r.report());
        return r;
    }
}
