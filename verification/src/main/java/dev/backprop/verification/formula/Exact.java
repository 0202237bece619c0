package dev.backprop.verification.formula;

import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.verification.check.DeepGradientChecks;
import dev.backprop.verification.numeric.DeepForwardModeAd;
import dev.backprop.verification.numeric.DeepGauges;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The truth a formula is judged against on one case: the exact gradient by forward-mode AD
 * ({@link DeepForwardModeAd}), which differentiates σ and the loss from their definitions and never uses a
 * named quantity of the formula; its rounding gauges and K ({@link DeepGauges}); and, where a ReLU-family
 * pre-activation is 0 within rounding, every exact gradient a correct evaluation may give there, one per
 * choice of sides ({@link DeepGradientChecks#exactGradients}) — the formula's own σ' took one side, and must
 * match the gradient of that side.
 */
final class Exact {
    private final FormulaCase c;
    private final DeepGauges gauges;
    private final List<DeepGradient> sides;
    private final Map<Set<Integer>, DeepGradient> forced = new HashMap<>();

    private Exact(FormulaCase c, DeepGauges gauges, List<DeepGradient> sides) {
        this.c = c;
        this.gauges = gauges;
        this.sides = sides;
    }

    /**
     * @throws dev.backprop.verification.numeric.CannotJudge if more groups of points sit on a kink within
     *         rounding than can be enumerated
     */
    static Exact of(FormulaCase c) {
        DeepGauges gauges = DeepGauges.of(c.network(), c.batch(), c.objective());
        return new Exact(c, gauges, DeepGradientChecks.exactGradients(c.network(), c.batch(), c.objective(), gauges));
    }

    /** ∂ℓ/∂p in {@code layout}, one per choice of sides at rounding-level kinks (usually one). */
    List<Matrix> gradients(DeepParameter p, Layout layout) {
        List<Matrix> out = new ArrayList<>();
        for (DeepGradient side : sides) {
            out.add(side.in(layout).get(p));
        }
        return out;
    }

    /** The gauge of ∂ℓ/∂p in {@code layout}. */
    Matrix gauge(DeepParameter p, Layout layout) {
        Matrix g = gauges.gradient().get(p);
        return layout == Layout.NUMERATOR ? g : g.transpose();
    }

    /** The bound of ∂ℓ/∂p's rounding in {@code layout}, in units of ε: K · its gauge. */
    Matrix bound(DeepParameter p, Layout layout) {
        Matrix g = gauge(p, layout);
        int k = gauges.k();
        return Matrix.fromFunction(g.rows(), g.cols(), (i, j) -> k * g.get(i, j));
    }

    /** K of the exact gradient's gauges. */
    int k() {
        return gauges.k();
    }

    /**
     * The exact gradient with σ'(z_j) forced to 1 for every sample and unit of each hidden layer j in
     * {@code layers} (σ(z_j) keeps its value): what a derivation that leaves out diag(σ'(z_j)) computes.
     */
    DeepGradient withoutSigmaPrime(Set<Integer> layers) {
        return forced.computeIfAbsent(new TreeSet<>(layers), key -> {
            DeepNetwork net = c.network();
            int depth = net.depth();
            double[][][] slopes = new double[c.batchSize()][depth][];
            for (double[][] sample : slopes) {
                for (int k = 1; k < depth; k++) {
                    sample[k] = new double[net.width(k)];
                    Arrays.fill(sample[k], key.contains(k) ? 1.0 : Double.NaN);
                }
            }
            return DeepForwardModeAd.gradient(net, c.batch(), c.objective(), slopes);
        });
    }

    /** How many points sit on a kink within rounding (their sides are enumerated). */
    int roundingKinks() {
        return gauges.roundingKinks();
    }
}
