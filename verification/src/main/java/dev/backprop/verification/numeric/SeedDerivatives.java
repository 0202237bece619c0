package dev.backprop.verification.numeric;

import dev.backprop.spec.Matrix;
import dev.backprop.spec.Tensor3;
import java.util.function.Function;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The seed's four arrangement rules for derivatives (§1 items 1–4), applied to exact forward-mode
 * derivatives. Each rule is written once here, as the seed states it, so that claims comparing a formula
 * with "the derivative" compare it with the derivative arranged the seed's way.
 */
public final class SeedDerivatives {
    private SeedDerivatives() {
    }

    /** Item 1: y: Rⁿ → Rᵐ, ∂y/∂x is m×n with (i, j) = ∂y_i/∂x_j. */
    public static Matrix vectorByVector(double[] x, Function<DerivativeStructure[], DerivativeStructure[]> y) {
        return ForwardModeAd.jacobian(x, y);
    }

    /** Item 2: Y: R → R^{m×n}, ∂Y/∂x is m×n with (i, j) = ∂y_ij/∂x. */
    public static Matrix matrixByScalar(double x, int m, int n, Function<DerivativeStructure, DerivativeStructure[][]> y) {
        Matrix jac = ForwardModeAd.jacobian(new double[] {x}, t -> flatten(y.apply(t[0])));
        return Matrix.fromFunction(m, n, (i, j) -> jac.get(i * n + j, 0));
    }

    /**
     * Item 3: y: R^{n×m} → R, ∂y/∂X is m×n with (i, j) = ∂y/∂x_ji. Written from the ordinary gradient over X's
     * row-major entries, independently of item 4, so that claims relating the two items compare two rules.
     */
    public static Matrix scalarByMatrix(Matrix x, Function<DerivativeStructure[][], DerivativeStructure> y) {
        int n = x.rows();
        int m = x.cols();
        Matrix gradient = ForwardModeAd.jacobian(x.toArray(), flat -> {
            DerivativeStructure[][] v = new DerivativeStructure[n][m];
            for (int k = 0; k < n; k++) {
                System.arraycopy(flat, k * m, v[k], 0, m);
            }
            return new DerivativeStructure[] {y.apply(v)};
        });
        // x_ji sits at j·m + i in row-major order
        return Matrix.fromFunction(m, n, (i, j) -> gradient.get(0, j * m + i));
    }

    /** Item 4: y: R^{n×m} → R^p, ∂y/∂X is p×m×n with (i, j, k) = ∂y_i/∂x_kj. */
    public static Tensor3 vectorByMatrix(Matrix x, Function<DerivativeStructure[][], DerivativeStructure[]> y) {
        int n = x.rows();
        int m = x.cols();
        return vectorByMatrixEntries(x, flat -> {
            DerivativeStructure[][] v = new DerivativeStructure[n][m];
            for (int k = 0; k < n; k++) {
                System.arraycopy(flat, k * m, v[k], 0, m);
            }
            return y.apply(v);
        });
    }

    /** Item 4 for y given as a function of X's entries in row-major order (x_kj at k·m + j). */
    public static Tensor3 vectorByMatrixEntries(Matrix x, Function<DerivativeStructure[], DerivativeStructure[]> y) {
        int m = x.cols();
        Matrix jac = ForwardModeAd.jacobian(x.toArray(), y);
        // jac(i, k·m + j) = ∂y_i/∂x_kj, since x.toArray() is row-major
        return Tensor3.fromFunction(jac.rows(), m, x.rows(), (i, j, k) -> jac.get(i, k * m + j));
    }

    private static DerivativeStructure[] flatten(DerivativeStructure[][] y) {
        int m = y.length;
        int n = y[0].length;
        DerivativeStructure[] out = new DerivativeStructure[m * n];
        for (int i = 0; i < m; i++) {
            System.arraycopy(y[i], 0, out, i * n, n);
        }
        return out;
    }
}
