package dev.backprop.verification.claims;

import static dev.backprop.verification.claims.Evaluate.sides;

import dev.backprop.reference.ReferenceAlgebra;
import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.SeedAlgebra;
import dev.backprop.spec.ShapeMismatchException;
import dev.backprop.spec.Vector;
import dev.backprop.verification.check.DeepGradientChecks;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.generate.Draw;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.generate.Instance;
import dev.backprop.verification.numeric.DeepForwardModeAd;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.numeric.Discrepancy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The claims of the seed's Diagram 3 ("Two-hidden layer network, forward &amp; backward, MSE loss"): the network
 * <pre>
 *   z1 = W1 x + b1 ∈ R^{h1},  s1 = σ(z1),  z2 = W2 s1 + b2 ∈ R^{h2},  s2 = σ(z2),
 *   ŷ = W3 s2 + b3 ∈ R^n,  r = ŷ − y,  ℓ = ½‖r‖²   (the seed's loss; the diagram's title says "MSE")
 * </pre>
 * for one sample x ∈ R^d, in the seed's numerator layout (∂ℓ/∂W has the shape of Wᵀ). The diagram itself is a
 * picture; what the seed prints of it is one line, the formula for ∂ℓ/∂W1:
 * <pre>  = x w3ᵀ w3 diag σ'(z2) w2ᵀ diag σ'(z1) ∈ R^{d×w}</pre>
 * with the under-brace labels d×1, 1×n, n×h2, h2×h2, h2×n, n×w, n×w under the seven printed symbols. Read
 * literally ({@code D3.printed}) it is a product whose first factors cannot be multiplied; it is corrected by
 * {@code D3.W1}, and the gradient of every parameter is a claim of its own ({@code D3.W1} … {@code D3.b3}),
 * each evaluated with plain matrix products and judged against exact forward-mode AD of the same network.
 * (The labels read one symbol to the left — d×1 under x, 1×n under rᵀ, n×h2 under W3, h2×h2 under
 * diag(σ'(z2)) — are the shapes of the corrected formula's first four factors; that is how the line was most
 * likely meant, and it is a reading, so it is stated here and not claimed.)
 *
 * <p>Instances: dimension 0 is d, 1 is h1, 2 is h2, 3 is n; both hidden layers share one activation σ, as in
 * the seed. Entries are drawn by the instance and multiplied by a scale (0.25 to 10, as the gradient generators
 * draw them); the target is 0 (the seed's r := ŷ) or random.
 *
 * <p>Kinks: with ReLU or leaky ReLU a pre-activation that is 0 within rounding ({@link DeepGauges#roundingKinks()}
 * &gt; 0) has two correct slopes, and which one σ'(z) takes depends on the order of the sums. Such instances are
 * neither skipped nor excluded (every activation is drawn, and every instance is judged): every exact gradient
 * a correct derivation may give there — one per choice of one-sided slope per point, by forward-mode AD
 * ({@link DeepGradientChecks#exactGradients}) — is tried, and the formula must match one of them. So no σ' the
 * formula itself computed is trusted, and a σ'(0) between the two slopes fails. With entries drawn from a
 * continuous distribution such points are rare; the case's kink count is recorded with its observation.
 */
final class DiagramThreeClaims {
    private static final SeedAlgebra ALG = new ReferenceAlgebra();
    private static final String SOURCE = "Diagram 3";
    /** Entry scales, as the gradient generators draw them: 10 saturates sigmoid and tanh. */
    private static final List<Double> SCALES = List.of(0.25, 1.0, 2.0, 10.0);

    private DiagramThreeClaims() {
    }

    static List<Claim> all() {
        Claim w1 = formula("D3.W1", "∂ℓ/∂W1 = x rᵀ W3 diag(σ'(z2)) W2 diag(σ'(z1)) ∈ R^{d×h1}",
                DeepParameter.weight(1), q -> product(q.x.asColumn(), q.r.asRow(), q.w3, ALG.diag(q.sigmaPrime2), q.w2,
                        ALG.diag(q.sigmaPrime1)));
        Claim b1 = formula("D3.b1", "∂ℓ/∂b1 = rᵀ W3 diag(σ'(z2)) W2 diag(σ'(z1)) ∈ R^{1×h1}", DeepParameter.bias(1),
                q -> product(q.r.asRow(), q.w3, ALG.diag(q.sigmaPrime2), q.w2, ALG.diag(q.sigmaPrime1)));
        Claim w2 = formula("D3.W2", "∂ℓ/∂W2 = s1 rᵀ W3 diag(σ'(z2)) ∈ R^{h1×h2}", DeepParameter.weight(2),
                q -> product(q.s1.asColumn(), q.r.asRow(), q.w3, ALG.diag(q.sigmaPrime2)));
        Claim b2 = formula("D3.b2", "∂ℓ/∂b2 = rᵀ W3 diag(σ'(z2)) ∈ R^{1×h2}", DeepParameter.bias(2),
                q -> product(q.r.asRow(), q.w3, ALG.diag(q.sigmaPrime2)));
        Claim w3 = formula("D3.W3", "∂ℓ/∂W3 = s2 rᵀ ∈ R^{h2×n}", DeepParameter.weight(3),
                q -> product(q.s2.asColumn(), q.r.asRow()));
        Claim b3 = formula("D3.b3", "∂ℓ/∂b3 = rᵀ ∈ R^{1×n}", DeepParameter.bias(3), q -> q.r.asRow());
        Claim printed = Claim.of("D3.printed", SOURCE,
                "∂ℓ/∂W1 = x w3ᵀ w3 diag σ'(z2) w2ᵀ diag σ'(z1) ∈ R^{d×w}, under-braced d×1, 1×n, n×h2, h2×h2, h2×n, "
                        + "n×w, n×w (as printed), read as the product x·W3ᵀ·W3·diag(σ'(z2))·W2ᵀ·diag(σ'(z1))",
                // dimensions that all differ: a product that type-checks only because two of them coincide is not
                // what the line says
                cases(Generators.distinctInstances(4)), c -> sides(() -> printed(new Sample(c))));
        return List.of(printed.correctedBy(w1), w1, b1, w2, b2, w3, b3);
    }

    /**
     * A gradient formula of Diagram 3, evaluated with plain matrix products on {@link #cases() the diagram's
     * cases}, against the exact ∂ℓ/∂{@code parameter} in numerator layout, by the rounding rule with the deep
     * network's gauges and K.
     */
    static Claim formula(String id, String statement, DeepParameter parameter, Function<Sample, Matrix> formula) {
        return Claim.of(id, SOURCE, statement, cases(), c -> sides(() -> {
            Sample q = new Sample(c);
            return q.judge(parameter, "the formula", formula.apply(q));
        }));
    }

    /**
     * Instances with dimensions d, h1, h2, n drawn as {@link Generators#instances(int)} draws them (all
     * different, from 2, four times in five; from 1 otherwise), every activation, every scale, zero or random
     * targets.
     */
    static Gen<Case> cases() {
        return cases(Generators.instances(4));
    }

    private static Gen<Case> cases(Gen<Instance> instances) {
        Gen<Double> scale = Generate.pick(SCALES);
        Gen<Boolean> zeroTarget = Generate.booleans();
        return in -> new Case(instances.generate(in), Generators.activations().generate(in), scale.generate(in),
                zeroTarget.generate(in));
    }

    /**
     * The printed line read as a product, evaluated left to right with the reference's product, which refuses
     * disagreeing shapes. Where a product cannot be formed the case is ill-formed, and the evidence lists every
     * factor's shape (symbolic and in numbers), the first product that fails, and the printed under-brace
     * labels, which do not chain either. Where every product can be formed the value is compared with ∂ℓ/∂W1.
     */
    private static Observation printed(Sample q) {
        List<String> names = List.of("x", "W3ᵀ", "W3", "diag(σ'(z2))", "W2ᵀ", "diag(σ'(z1))");
        List<String> symbols = List.of("d×1", "h2×n", "n×h2", "h2×h2", "h1×h2", "h1×h1");
        List<Matrix> factors = List.of(q.x.asColumn(), q.w3.transpose(), q.w3, ALG.diag(q.sigmaPrime2),
                q.w2.transpose(), ALG.diag(q.sigmaPrime1));
        StringBuilder shapes = new StringBuilder();
        for (int f = 0; f < factors.size(); f++) {
            shapes.append(f == 0 ? "" : " · ").append(names.get(f)).append(": ").append(symbols.get(f)).append('=')
                    .append(factors.get(f).shape());
        }
        Matrix value = factors.get(0);
        for (int f = 1; f < factors.size(); f++) {
            try {
                value = ALG.product(value, factors.get(f));
            } catch (ShapeMismatchException e) {
                String left = f == 1 ? names.get(0) : "(" + String.join(" ", names.subList(0, f)) + ")";
                return Observation.illFormed(String.format(Locale.ROOT,
                        "read as a product with %s: %s; product %d, %s · %s, is the first that fails: %s. %s",
                        q.dims(), shapes, f, left, names.get(f), e.getMessage(), labels(q)));
            }
        }
        return q.judge(DeepParameter.weight(1), "x W3ᵀ W3 diag(σ'(z2)) W2ᵀ diag(σ'(z1))", value);
    }

    /**
     * The printed under-brace labels in numbers (w read as h1, the width of ∂ℓ/∂W1 ∈ R^{d×w}), and where
     * consecutive labels do not chain: the columns of one must equal the rows of the next.
     */
    private static String labels(Sample q) {
        String[] symbols = {"x", "w3ᵀ", "w3", "diag", "σ'(z2)", "w2ᵀ", "diag", "σ'(z1)"};
        String[] rows = {"d", "d", "1", "n", "h2", "h2", "n", "n"};
        String[] cols = {"1", "1", "n", "h2", "h2", "n", "w", "w"};
        StringBuilder out = new StringBuilder("The printed under-brace labels (w read as h1): ");
        for (int f = 0; f < symbols.length; f++) {
            out.append(f == 0 ? "" : " · ").append(symbols[f]).append(f == 0 ? " is " : " labelled ").append(rows[f])
                    .append('×').append(cols[f]).append('=').append(q.size(rows[f])).append('×')
                    .append(q.size(cols[f]));
        }
        List<String> breaks = new ArrayList<>();
        for (int f = 0; f + 1 < symbols.length; f++) {
            if (q.size(cols[f]) != q.size(rows[f + 1])) {
                breaks.add(String.format(Locale.ROOT, "%s (%s×%s) then %s (%s×%s): %s ≠ %s", symbols[f], rows[f],
                        cols[f], symbols[f + 1], rows[f + 1], cols[f + 1], q.valued(cols[f]), q.valued(rows[f + 1])));
            }
        }
        return out.append(breaks.isEmpty() ? "; in these dimensions they happen to chain"
                : "; they do not chain, breaking at " + String.join(" and at ", breaks)).toString();
    }

    /** Left to right: the product a·b·c… with the reference's product, which refuses disagreeing shapes. */
    static Matrix product(Matrix first, Matrix... rest) {
        Matrix out = first;
        for (Matrix m : rest) {
            out = ALG.product(out, m);
        }
        return out;
    }

    /**
     * The recipe of one case: an instance (dimensions d, h1, h2, n and the seed of its entries), the activation
     * of both hidden layers, the scale of the entries, and whether the target is 0.
     */
    record Case(Instance instance, Activation activation, double scale, boolean zeroTarget) {
        @Override
        public String toString() {
            return instance + " act=" + activation.reportName() + " scale=" + scale + " target="
                    + (zeroTarget ? "zero" : "random");
        }
    }

    /**
     * One sample through the two-hidden-layer network with every named quantity of the diagram — z1, s1, z2, s2,
     * ŷ, r, σ'(z1), σ'(z2) — computed in plain loops. σ' is the activation's own derivative: it is a named
     * quantity of the formulas under test, never the truth they are judged against, which differentiates σ
     * itself ({@link DeepForwardModeAd}).
     */
    static final class Sample {
        final int d;
        final int h1;
        final int h2;
        final int n;
        final Activation act;
        final Matrix w1;
        final Vector b1;
        final Matrix w2;
        final Vector b2;
        final Matrix w3;
        final Vector b3;
        final Vector x;
        final Vector y;
        final Vector z1;
        final Vector s1;
        final Vector z2;
        final Vector s2;
        final Vector yHat;
        final Vector r;
        final Vector sigmaPrime1;
        final Vector sigmaPrime2;

        /** The sample of the given parameters, input and target (W1 h1×d, W2 h2×h1, W3 n×h2, x ∈ R^d, y ∈ R^n). */
        Sample(Activation act, Matrix w1, Vector b1, Matrix w2, Vector b2, Matrix w3, Vector b3, Vector x, Vector y) {
            this.act = act;
            this.w1 = w1;
            this.b1 = b1;
            this.w2 = w2;
            this.b2 = b2;
            this.w3 = w3;
            this.b3 = b3;
            this.x = x;
            this.y = y;
            d = x.size();
            h1 = w1.rows();
            h2 = w2.rows();
            n = w3.rows();
            network(); // refuses shapes that do not chain before anything is computed from them
            z1 = affine(w1, x, b1);
            s1 = Vector.fromFunction(h1, i -> act.value(z1.get(i)));
            z2 = affine(w2, s1, b2);
            s2 = Vector.fromFunction(h2, i -> act.value(z2.get(i)));
            yHat = affine(w3, s2, b3);
            r = Vector.fromFunction(n, k -> yHat.get(k) - y.get(k));
            sigmaPrime1 = Vector.fromFunction(h1, i -> act.derivative(z1.get(i)));
            sigmaPrime2 = Vector.fromFunction(h2, i -> act.derivative(z2.get(i)));
        }

        /**
         * A case's sample: W1, b1, W2, b2, W3, b3, x, y drawn in that order (arguments are evaluated left to right),
         * as the network generators draw them.
         */
        Sample(Case c) {
            this(c.activation(), c.instance().draw(), c.scale(), c.zeroTarget());
        }

        private Sample(Activation act, Draw draw, double scale, boolean zeroTarget) {
            this(act, Evaluate.scaled(scale, draw.matrix(draw.dim(1), draw.dim(0))), scaled(scale, draw.vector(draw.dim(1))),
                    Evaluate.scaled(scale, draw.matrix(draw.dim(2), draw.dim(1))), scaled(scale, draw.vector(draw.dim(2))),
                    Evaluate.scaled(scale, draw.matrix(draw.dim(3), draw.dim(2))), scaled(scale, draw.vector(draw.dim(3))),
                    scaled(scale, draw.vector(draw.dim(0))),
                    zeroTarget ? Vector.zeros(draw.dim(3)) : scaled(scale, draw.vector(draw.dim(3))));
        }

        DeepNetwork network() {
            return new DeepNetwork(List.of(w1, w2, w3), List.of(b1, b2, b3), List.of(act, act));
        }

        Batch batch() {
            return Batch.single(x, y);
        }

        /** "d=5 h1=3 h2=7 n=2". */
        String dims() {
            return String.format(Locale.ROOT, "d=%d h1=%d h2=%d n=%d", d, h1, h2, n);
        }

        /** "d=5" for a symbol, "1" for the number 1. */
        String valued(String symbol) {
            return symbol.equals("1") ? symbol : symbol + "=" + size(symbol);
        }

        /** The number a dimension's symbol stands for (w is h1: ∂ℓ/∂W1 ∈ R^{d×w}). */
        int size(String symbol) {
            switch (symbol) {
                case "d":
                    return d;
                case "h1":
                case "w":
                    return h1;
                case "h2":
                    return h2;
                case "n":
                    return n;
                case "1":
                    return 1;
                default:
                    throw new IllegalArgumentException("no dimension " + symbol);
            }
        }

        /**
         * {@code got} against the exact ∂ℓ/∂{@code parameter} (numerator layout): ill-formed if the shapes differ,
         * else every entry by the rounding rule |got − want| / (ε·K·gauge) ≤ 1 with the deep network's gauges
         * and K. At rounding kinks every choice of sides is an exact gradient, and the formula must match one.
         */
        Observation judge(DeepParameter parameter, String name, Matrix got) {
            DeepNetwork net = network();
            Batch batch = batch();
            DeepGauges gauges = DeepGauges.of(net, batch, Objective.SEED);
            String what = "exact ∂ℓ/∂" + parameter.seedName() + " (forward-mode AD) = " + name;
            Discrepancy best = null;
            // one exact gradient, or with kinks at rounding level one per choice of sides: the formula must match one
            for (DeepGradient want : DeepGradientChecks.exactGradients(net, batch, Objective.SEED, gauges)) {
                Matrix exact = want.get(parameter);
                if (!got.sameShape(exact)) {
                    return Observation.illFormed(what + ": exact ∂ℓ/∂" + parameter.seedName() + " is " + exact.shape()
                            + " but " + name + " is " + got.shape() + " (" + dims() + ")");
                }
                Discrepancy d = Discrepancy.rounding(what, got, exact, gauges.gradient().get(parameter), gauges.k());
                if (best == null || d.scaledError() < best.scaledError()) {
                    best = d;
                }
            }
            return Observation.of(List.of(best), 0, gauges.roundingKinks());
        }

        private static Vector affine(Matrix w, Vector v, Vector b) {
            return Vector.fromFunction(w.rows(), i -> {
                double sum = b.get(i);
                for (int j = 0; j < v.size(); j++) {
                    sum += w.get(i, j) * v.get(j);
                }
                return sum;
            });
        }

        private static Vector scaled(double c, Vector v) {
            return Vector.fromFunction(v.size(), i -> c * v.get(i));
        }
    }
}
