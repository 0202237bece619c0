package dev.backprop.verification.check;

import dev.backprop.spec.LinearLayerJacobians;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.SeedAlgebra;
import dev.backprop.spec.Tensor3;
import dev.backprop.spec.Vector;
import dev.backprop.verification.generate.Draw;
import dev.backprop.verification.generate.Instance;
import dev.backprop.verification.numeric.Discrepancy;
import dev.backprop.verification.numeric.ForwardModeAd;
import dev.backprop.verification.numeric.Magnitudes;
import dev.backprop.verification.numeric.SeedDerivatives;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The per-case checks of an implementation of the seed's Section 1 ({@link SeedAlgebra}) and of Proposition 1
 * ({@link LinearLayerJacobians}): every operation against another implementation's, and Prop 1's Jacobians
 * against exact forward-mode AD arranged by item 4. The property tests run each operation on its own; the gate
 * runs them all on each instance.
 */
public final class AlgebraChecks {
    private AlgebraChecks() {
    }

    /** An implementation of the seed's Section 1 and of Proposition 1. */
    public record Side(String name, SeedAlgebra algebra, LinearLayerJacobians jacobians) {
    }

    /**
     * The values of one instance, in draw order; with {@code magnitudes}, their absolute values, so that the
     * same operation on them is the rounding gauge.
     */
    public static final class Values {
        private final Draw draw;
        private final boolean magnitudes;

        public Values(Instance instance, boolean magnitudes) {
            this.draw = instance.draw();
            this.magnitudes = magnitudes;
        }

        public int dim(int k) {
            return draw.dim(k);
        }

        public Vector vector(int n) {
            Vector v = draw.vector(n);
            return magnitudes ? Magnitudes.abs(v) : v;
        }

        public Matrix matrix(int rows, int cols) {
            Matrix m = draw.matrix(rows, cols);
            return magnitudes ? Magnitudes.abs(m) : m;
        }

        /** A p×m×n tensor drawn as the p×(m·n) matrix of its slices read row by row. */
        public Tensor3 tensor(int p, int m, int n) {
            Matrix flat = matrix(p, m * n);
            return Tensor3.fromFunction(p, m, n, (i, j, k) -> flat.get(i, j * n + k));
        }
    }

    /**
     * One operation of the contracts, named as its method is named.
     *
     * @param dims  how many dimensions its instance draws
     * @param terms the length of its longest accumulation, for K
     */
    public record Operation(String name, int dims, ToIntFunction<Values> terms, BiFunction<Side, Values, Matrix> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every operation of {@link SeedAlgebra} and {@link LinearLayerJacobians}; tensors compared unfolded. */
    public static final List<Operation> OPERATIONS = List.of(
            // item 5: x ∈ R^n, y ∈ R^m ↦ x yᵀ, n×m
            new Operation("outer", 2, v -> 1,
                    (s, v) -> s.algebra().outer(v.vector(v.dim(0)), v.vector(v.dim(1)))),
            // item 6: x ∈ R^p, Y ∈ R^{n×m} ↦ x⊗Y, p×m×n
            new Operation("vectorTensor", 3, v -> 1,
                    (s, v) -> s.algebra().vectorTensor(v.vector(v.dim(0)), v.matrix(v.dim(1), v.dim(2))).unfold()),
            // item 7: Y ∈ R^{n×m}, x ∈ R^p ↦ Y⊗x, m×p×n
            new Operation("tensorVector", 3, v -> 1,
                    (s, v) -> s.algebra().tensorVector(v.matrix(v.dim(0), v.dim(1)), v.vector(v.dim(2))).unfold()),
            // item 7, Y = I_m: I_m⊗x, m×p×m
            new Operation("identityTensor", 2, v -> 1,
                    (s, v) -> s.algebra().identityTensor(v.dim(0), v.vector(v.dim(1))).unfold()),
            // yᵀT, contraction over T's first index: p terms per entry
            new Operation("contractFirst", 3, v -> v.dim(0),
                    (s, v) -> s.algebra().contractFirst(v.vector(v.dim(0)), v.tensor(v.dim(0), v.dim(1), v.dim(2)))),
            // item 8: diag(x)
            new Operation("diag", 1, v -> 1, (s, v) -> s.algebra().diag(v.vector(v.dim(0)))),
            // item 8: x ⊙ y, compared as a column
            new Operation("hadamard", 1, v -> 1,
                    (s, v) -> s.algebra().hadamard(v.vector(v.dim(0)), v.vector(v.dim(0))).asColumn()),
            // AB for A m×k, B k×n: k terms per entry
            new Operation("product", 3, v -> v.dim(1),
                    (s, v) -> s.algebra().product(v.matrix(v.dim(0), v.dim(1)), v.matrix(v.dim(1), v.dim(2)))),
            // Prop 1: ∂z/∂W = I_h⊗x, h×d×h; the δ-sum has d terms
            new Operation("dzdW", 2, v -> v.dim(0), (s, v) -> s.jacobians().dzdW(v.vector(v.dim(0)), v.dim(1)).unfold()),
            // Prop 1: ∂z/∂b = I_h
            new Operation("dzdb", 1, v -> 1, (s, v) -> s.jacobians().dzdb(v.dim(0))));

    /**
     * {@code op} evaluated by {@code computed} and by {@code expected} on the same values, judged by the rounding
     * rule with the gauge = {@code op} on magnitudes (evaluated by {@code expected}).
     */
    public static Discrepancy compare(Operation op, Side computed, Side expected, Instance instance) {
        Matrix got = GradientChecks.call(() -> op.apply().apply(computed, new Values(instance, false)));
        Matrix want = GradientChecks.call(() -> op.apply().apply(expected, new Values(instance, false)));
        Matrix gauge = GradientChecks.call(() -> op.apply().apply(expected, new Values(instance, true)));
        int k = Tolerances.accumulation(op.terms().applyAsInt(new Values(instance, false)));
        return Discrepancy.rounding(op.name() + " (" + computed.name() + " vs " + expected.name() + ")", got, want,
                gauge, k);
    }

    /** Every operation on one instance of three dimensions: the gate's agreement check of two algebras. */
    public static Observation agreement(Side computed, Side expected, Instance instance) {
        return GradientChecks.guarded(() -> {
            List<Discrepancy> all = new ArrayList<>();
            for (Operation op : OPERATIONS) {
                all.add(compare(op, computed, expected, instance));
            }
            return Observation.of(all, 0);
        });
    }

    /** A check of one Jacobian against forward-mode AD, named as the method it checks. */
    public record JacobianCheck(String name, int dims, BiFunction<LinearLayerJacobians, Instance, List<Discrepancy>> check) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Prop 1: ∂z/∂W and ∂z/∂b of z = Wx + b, differentiated exactly (instance dims: d, h). */
    public static final List<JacobianCheck> PROPOSITION_ONE = List.of(
            new JacobianCheck("dzdW", 2, (subject, instance) -> {
                Draw c = instance.draw();
                int d = c.dim(0);
                int h = c.dim(1);
                Vector x = c.vector(d);
                Vector b = c.vector(h);
                Matrix w = c.matrix(h, d);
                Tensor3 want = SeedDerivatives.vectorByMatrixEntries(w, flat -> affineInW(flat, h, x, b));
                return List.of(exact("∂z/∂W", GradientChecks.call(() -> subject.dzdW(x, h)).unfold(), want.unfold(), d));
            }),
            new JacobianCheck("dzdb", 2, (subject, instance) -> {
                Draw c = instance.draw();
                int d = c.dim(0);
                int h = c.dim(1);
                Vector x = c.vector(d);
                Matrix w = c.matrix(h, d);
                // z = W x + b as a function of b: (∂z/∂b)_ij = ∂z_i/∂b_j (item 1)
                Matrix want = ForwardModeAd.jacobian(c.vector(h).toArray(), bias -> affineInB(bias, w, x));
                return List.of(exact("∂z/∂b", GradientChecks.call(() -> subject.dzdb(h)), want, 1));
            }));

    /** Both Jacobians of Prop 1 on one instance of two dimensions: the gate's check of an implementation. */
    public static Observation jacobiansAgainstForwardMode(LinearLayerJacobians subject, Instance instance) {
        return GradientChecks.guarded(() -> {
            List<Discrepancy> all = new ArrayList<>();
            for (JacobianCheck check : PROPOSITION_ONE) {
                all.addAll(check.check().apply(subject, instance));
            }
            return Observation.of(all, 0);
        });
    }

    /** z = W v + b over DerivativeStructure W entries (row-major); v and b are constants, b may be null. */
    public static DerivativeStructure[] affineInW(DerivativeStructure[] w, int rows, Vector v, Vector bias) {
        DerivativeStructure[] z = new DerivativeStructure[rows];
        int cols = v.size();
        for (int i = 0; i < rows; i++) {
            DerivativeStructure zi = w[i * cols].multiply(v.get(0));
            for (int l = 1; l < cols; l++) {
                zi = zi.add(w[i * cols + l].multiply(v.get(l)));
            }
            z[i] = bias == null ? zi : zi.add(bias.get(i));
        }
        return z;
    }

    /** z = W x + b over DerivativeStructure b; W and x are constants. */
    public static DerivativeStructure[] affineInB(DerivativeStructure[] b, Matrix w, Vector x) {
        DerivativeStructure[] z = new DerivativeStructure[w.rows()];
        for (int i = 0; i < w.rows(); i++) {
            double wx = 0.0;
            for (int l = 0; l < w.cols(); l++) {
                wx += w.get(i, l) * x.get(l);
            }
            z[i] = b[i].add(wx);
        }
        return z;
    }

    /** A comparison with an exact derivative: the gauge is the derivative's own magnitude. */
    public static Discrepancy exact(String what, Matrix computed, Matrix expected, int terms) {
        return Discrepancy.rounding(what, computed, expected, Magnitudes.abs(expected), Tolerances.accumulation(terms));
    }
}
