package dev.backprop.verification.formula;

import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The known structure of a correct gradient formula, and its wrong-layer variants: the hypotheses "a factor
 * from the wrong layer" and the gauge of "σ' of layer j missing" ({@link FormulaCheck}). Per sample b, numerator
 * layout, with D_j = diag(σ'(z_j)) and g = ∂ℓ_b/∂ŷ (dl):
 * <pre>
 *   ∂ℓ_b/∂b_k = gᵀ W_L D_{L−1} W_{L−1} ⋯ W_{k+1} D_k        (1×n_k; for k = L just gᵀ)
 *   ∂ℓ_b/∂W_k = s_{k−1} · ∂ℓ_b/∂b_k                          (n_{k−1}×n_k; s_0 = x)
 * </pre>
 * summed over the batch with the reduction's weight. For L = 2 these are Prop 2's x rᵀ W2 diag(σ'(z)) and s rᵀ;
 * for L = 3 the corrected Diagram 3 formula x rᵀ W3 diag(σ'(z2)) W2 diag(σ'(z1)). The chain is never the truth a
 * formula is judged against — exact forward-mode AD is; a test checks the chain against AD.
 *
 * <p>Variants: one factor replaced by the same kind of factor from another layer (s_i for s_{k−1}, W_i for W_j,
 * D_i for D_j), or two factors of one kind exchanged. Each is a plausible slip in a hand derivation, and each
 * type-checks only where the two layers' shapes agree — on equal widths, or with dimensions of 1 — which is
 * where the check evaluates them.
 */
final class Chain {
    /** A factor: s_j (j = 0 is x) as a column, gᵀ as a row, W_j, D_j = diag(σ'(z_j)), or the identity for D_j. */
    enum Kind {
        S, G, W, D, I
    }

    record Factor(Kind kind, int layer) {
        /** As a formula writes it: "x", "s1", "r'", "W2", "diag(sp1)". */
        String text(Loss loss) {
            return switch (kind) {
                case S -> layer == 0 ? "x" : "s" + layer;
                case G -> loss == Loss.HALF_SQUARED_ERROR ? "r'" : "dl'";
                case W -> "W" + layer;
                case D -> "diag(sp" + layer + ")";
                case I -> "I";
            };
        }

        /** The factor's quantity, for a description: "x", "s1", "W2", "sp1". */
        String quantity() {
            return switch (kind) {
                case S -> layer == 0 ? "x" : "s" + layer;
                case G -> "dl";
                case W -> "W" + layer;
                case D, I -> "sp" + layer;
            };
        }
    }

    /**
     * A chain's value (numerator layout, summed over the batch), the bound of its rounding in units of ε, and the
     * K its bound stands for (for the underflow term K·η).
     */
    record Evaluation(Matrix value, Matrix bound, int k) {
    }

    private final DeepParameter parameter;
    private final List<Factor> factors;
    private final String change;

    private Chain(DeepParameter parameter, List<Factor> factors, String change) {
        this.parameter = parameter;
        this.factors = List.copyOf(factors);
        this.change = change;
    }

    /** The correct chain of ∂ℓ/∂{@code p} in a network of {@code depth} layers. */
    static Chain correct(DeepParameter p, int depth) {
        List<Factor> f = new ArrayList<>();
        if (p.isWeight()) {
            f.add(new Factor(Kind.S, p.layer() - 1));
        }
        f.add(new Factor(Kind.G, depth));
        for (int j = depth; j > p.layer(); j--) {
            f.add(new Factor(Kind.W, j));
            f.add(new Factor(Kind.D, j - 1));
        }
        return new Chain(p, f, "");
    }

    /** This chain with D_j replaced by the identity for every j in {@code layers}: σ'(z_j) forced to 1. */
    Chain withoutSigmaPrime(Set<Integer> layers) {
        List<Factor> f = new ArrayList<>();
        for (Factor factor : factors) {
            f.add(factor.kind() == Kind.D && layers.contains(factor.layer()) ? new Factor(Kind.I, factor.layer())
                    : factor);
        }
        return new Chain(parameter, f, "σ' of layer(s) " + layers + " forced to 1");
    }

    /**
     * Every wrong-layer variant: each S, W or D factor replaced by its kind from another layer that exists
     * (s_0 … s_{L−1}, W_1 … W_L, D_1 … D_{L−1}), and each pair of W factors or of D factors exchanged.
     */
    List<Chain> wrongLayerVariants(int depth) {
        List<Chain> out = new ArrayList<>();
        for (int at = 0; at < factors.size(); at++) {
            Factor f = factors.get(at);
            int low = f.kind() == Kind.W ? 1 : 0;
            int high = f.kind() == Kind.W ? depth : depth - 1;
            if (f.kind() == Kind.D) {
                low = 1;
            }
            if (f.kind() == Kind.G) {
                continue;
            }
            for (int layer = low; layer <= high; layer++) {
                if (layer == f.layer()) {
                    continue;
                }
                List<Factor> changed = new ArrayList<>(factors);
                Factor replacement = new Factor(f.kind(), layer);
                changed.set(at, replacement);
                out.add(new Chain(parameter, changed, replacement.quantity() + " in place of " + f.quantity()));
            }
        }
        for (int a = 0; a < factors.size(); a++) {
            for (int b = a + 1; b < factors.size(); b++) {
                Factor fa = factors.get(a);
                Factor fb = factors.get(b);
                if (fa.kind() == fb.kind() && (fa.kind() == Kind.W || fa.kind() == Kind.D)) {
                    List<Factor> changed = new ArrayList<>(factors);
                    changed.set(a, fb);
                    changed.set(b, fa);
                    out.add(new Chain(parameter, changed, fa.quantity() + " and " + fb.quantity() + " exchanged"));
                }
            }
        }
        return out;
    }

    /** What was changed from the correct chain ("sp1 in place of sp2"), or "" for the correct chain. */
    String change() {
        return change;
    }

    /** The chain as a one-sample formula: "x*r'*W3*diag(sp2)*W2*diag(sp1)". */
    String text(Loss loss) {
        List<String> parts = new ArrayList<>();
        for (Factor f : factors) {
            if (f.kind() != Kind.I) {
                parts.add(f.text(loss));
            }
        }
        return String.join("*", parts);
    }

    /**
     * Σ_b w · (the chain of sample b) in numerator layout, with the bound of its rounding (in units of ε), or
     * null where two consecutive factors' shapes disagree on this case. The bound is first order, as
     * {@link FormulaCheck} bounds a formula's: K_in · Σ_i (the chain on magnitudes with computed factor i at its
     * gauge, {@link Quantities}) + K_ops · (the chain on magnitudes), K_ops = the inner dimensions of the
     * products + B + 1 (the batch sum and its weight) + {@link Tolerances#ELEMENTARY_OPERATIONS}; x and W are
     * given, not computed, and bring no rounding of their own. Multiplying every factor's gauge at once would
     * count products of errors in full — in a deep chain of σ' gauges, orders of magnitude too much.
     */
    Evaluation evaluate(Quantities q, double weight) {
        int samples = q.formulaCase().batchSize();
        Matrix value = null;
        Matrix magnitude = null;
        Matrix spread = null;
        int inner = 0;
        int computed = 0;
        for (int b = 0; b < samples; b++) {
            List<Matrix> values = new ArrayList<>();
            List<Matrix> gauges = new ArrayList<>();
            for (int at = 0; at < factors.size(); at++) {
                Factor f = factors.get(at);
                values.add(factor(f, q, b, false));
                gauges.add(factor(f, q, b, true));
                if (at > 0 && values.get(at - 1).cols() != values.get(at).rows()) {
                    return null;
                }
                if (at > 0 && b == 0) {
                    inner += values.get(at - 1).cols();
                }
            }
            List<Matrix> magnitudes = new ArrayList<>();
            for (Matrix v : values) {
                magnitudes.add(Quantities.abs(v));
            }
            Matrix v = product(values, -1, null);
            Matrix m = product(magnitudes, -1, null);
            Matrix d = null;
            computed = 0;
            for (int at = 0; at < factors.size(); at++) {
                if (computed(factors.get(at))) {
                    computed++;
                    Matrix one = product(magnitudes, at, gauges.get(at));
                    d = d == null ? one : add(d, one);
                }
            }
            if (d == null) {
                d = scale(m, 0.0);
            }
            value = value == null ? scale(v, weight) : add(value, scale(v, weight));
            magnitude = magnitude == null ? scale(m, weight) : add(magnitude, scale(m, weight));
            spread = spread == null ? scale(d, weight) : add(spread, scale(d, weight));
        }
        int kOps = Tolerances.accumulation(inner + samples + 1);
        Matrix bound = add(scale(spread, q.kIn()), scale(magnitude, kOps));
        return new Evaluation(value, bound, computed * q.kIn() + kOps);
    }

    /** s_j (j ≥ 1), gᵀ and D_j are computed by the forward pass; x, W_j and the identity are exact. */
    private static boolean computed(Factor f) {
        return f.kind() == Kind.G || f.kind() == Kind.D || f.kind() == Kind.S && f.layer() > 0;
    }

    /** The product of {@code factors} left to right, factor {@code at} replaced by {@code replacement} if at ≥ 0. */
    private static Matrix product(List<Matrix> factors, int at, Matrix replacement) {
        Matrix out = null;
        for (int i = 0; i < factors.size(); i++) {
            Matrix f = i == at ? replacement : factors.get(i);
            out = out == null ? f : multiply(out, f);
        }
        return out;
    }

    private static Matrix factor(Factor f, Quantities q, int b, boolean gauge) {
        return switch (f.kind()) {
            case S -> q.s(f.layer(), b, gauge);
            case G -> q.dl(b, gauge).transpose();
            case W -> q.weight(f.layer(), gauge);
            case D -> diag(q.sp(f.layer(), b, gauge));
            case I -> Matrix.identity(q.formulaCase().widths()[f.layer()]);
        };
    }

    private static Matrix diag(double[] v) {
        return Matrix.fromFunction(v.length, v.length, (i, j) -> i == j ? v[i] : 0.0);
    }

    /** The plain product Σ_l a_il b_lj. */
    static Matrix multiply(Matrix a, Matrix b) {
        if (a.cols() != b.rows()) {
            throw new IllegalArgumentException(a.shape() + " · " + b.shape());
        }
        return Matrix.fromFunction(a.rows(), b.cols(), (i, j) -> {
            double sum = 0.0;
            for (int l = 0; l < a.cols(); l++) {
                sum += a.get(i, l) * b.get(l, j);
            }
            return sum;
        });
    }

    static Matrix scale(Matrix m, double c) {
        return Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> c * m.get(i, j));
    }

    static Matrix add(Matrix a, Matrix b) {
        return Matrix.fromFunction(a.rows(), a.cols(), (i, j) -> a.get(i, j) + b.get(i, j));
    }
}
