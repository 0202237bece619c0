package dev.backprop.verification.claims;

import static dev.backprop.verification.claims.Evaluate.equal;
import static dev.backprop.verification.claims.Evaluate.sides;
import static dev.backprop.verification.numeric.Magnitudes.abs;

import dev.backprop.reference.ReferenceAlgebra;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.SeedAlgebra;
import dev.backprop.spec.Tensor3;
import dev.backprop.spec.Vector;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.generate.Draw;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.generate.Instance;
import dev.backprop.verification.numeric.Magnitudes;
import dev.backprop.verification.numeric.SeedDerivatives;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The claims of the seed's §1, "Notation Preliminaries". Products are evaluated by the reference
 * implementation (index formulas straight from the seed); derivatives by exact forward-mode AD arranged by
 * the seed's rules ({@link SeedDerivatives}). Functions differentiated are random smooth maps, so that a
 * wrong arrangement cannot agree by symmetry.
 */
final class NotationClaims {
    private static final SeedAlgebra ALG = new ReferenceAlgebra();

    private NotationClaims() {
    }

    static List<Claim> all() {
        List<Claim> claims = new ArrayList<>();
        claims.add(Claim.of("N1", "§1 item 1",
                "∂y/∂x is the m×n Jacobian, (∂y/∂x)_ij = ∂y_i/∂x_j (so the chain rule is ∂g/∂x = ∂g/∂y · ∂y/∂x)",
                Generators.instances(3), NotationClaims::chainRule));
        claims.add(Claim.of("N1a", "§1 item 1(a)", "if m = 1, ∂y/∂x = [∂y/∂x_1 … ∂y/∂x_n] = (∇y)ᵀ",
                Generators.instances(1), instance -> sides(() -> {
                    Draw c = instance.draw();
                    Vector a = c.vector(c.dim(0));
                    Matrix jac = SeedDerivatives.vectorByVector(c.vector(c.dim(0)).toArray(),
                            x -> new DerivativeStructure[] {Ds.linear(a.asRow(), x)[0]});
                    // y = aᵀx has ∇y = a, so (∇y)ᵀ is the row aᵀ
                    return equal("∂y/∂x", jac, "(∇y)ᵀ", a.asRow(), abs(a.asRow()), c.dim(0));
                })));
        claims.add(Claim.of("N1b", "§1 item 1(b)", "if n = 1, ∂y/∂x is the column [∂y_1/∂x … ∂y_m/∂x]ᵀ",
                Generators.instances(1), instance -> sides(() -> {
                    Draw c = instance.draw();
                    Vector a = c.vector(c.dim(0));
                    Vector b = c.vector(c.dim(0));
                    Matrix jac = SeedDerivatives.vectorByVector(new double[] {c.scalar()}, t -> {
                        DerivativeStructure[] y = new DerivativeStructure[a.size()];
                        for (int i = 0; i < y.length; i++) {
                            y[i] = t[0].multiply(a.get(i)).add(b.get(i));
                        }
                        return y;
                    });
                    // y(t) = t a + b has dy_i/dt = a_i
                    return equal("∂y/∂x", jac, "column of ∂y_i/∂x", a.asColumn(), abs(a.asColumn()), 1);
                })));
        claims.add(Claim.of("N1c", "§1 item 1(c)", "if y = Ax, ∂y/∂x = A", Generators.instances(2),
                instance -> sides(() -> {
                    Draw c = instance.draw();
                    Matrix a = c.matrix(c.dim(0), c.dim(1));
                    Matrix jac = SeedDerivatives.vectorByVector(c.vector(c.dim(1)).toArray(), x -> Ds.linear(a, x));
                    return equal("∂(Ax)/∂x", jac, "A", a, abs(a), c.dim(1));
                })));
        claims.add(Claim.of("N2", "§1 item 2", "Y: R → R^{m×n}: ∂Y/∂x is m×n, (∂Y/∂x)_ij = ∂y_ij/∂x",
                Generators.instances(2), instance -> sides(() -> {
                    Draw c = instance.draw();
                    int m = c.dim(0);
                    int n = c.dim(1);
                    Matrix a = c.matrix(m, n);
                    Matrix q = c.matrix(m, n);
                    double t0 = c.scalar();
                    Matrix derivative = SeedDerivatives.matrixByScalar(t0, m, n, t -> {
                        DerivativeStructure[][] y = new DerivativeStructure[m][n];
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                y[i][j] = t.multiply(a.get(i, j)).add(t.multiply(t).multiply(q.get(i, j)));
                            }
                        }
                        return y;
                    });
                    // Y(t) = tA + t²Q has dY/dt = A + 2tQ, entry by entry, in Y's own m×n shape
                    Matrix expected = Matrix.fromFunction(m, n, (i, j) -> a.get(i, j) + 2 * t0 * q.get(i, j));
                    Matrix gauge = Matrix.fromFunction(m, n, (i, j) -> Math.abs(a.get(i, j)) + 2 * Math.abs(t0 * q.get(i, j)));
                    return equal("∂Y/∂x", derivative, "A + 2xQ", expected, gauge, 2);
                })));
        claims.add(Claim.of("N2.n1", "§1 item 2", "if n = 1, Y: R → R^m, the m×n ∂Y/∂x agrees with item 1(b)",
                Generators.instances(1), instance -> sides(() -> {
                    Draw c = instance.draw();
                    int m = c.dim(0);
                    Matrix a = c.matrix(m, 1);
                    Matrix q = c.matrix(m, 1);
                    double t0 = c.scalar();
                    Matrix item2 = SeedDerivatives.matrixByScalar(t0, m, 1, t -> {
                        DerivativeStructure[][] y = new DerivativeStructure[m][1];
                        for (int i = 0; i < m; i++) {
                            y[i][0] = t.multiply(a.get(i, 0)).add(t.multiply(t).multiply(q.get(i, 0)));
                        }
                        return y;
                    });
                    Matrix item1b = SeedDerivatives.vectorByVector(new double[] {t0}, t -> {
                        DerivativeStructure[] y = new DerivativeStructure[m];
                        for (int i = 0; i < m; i++) {
                            y[i] = t[0].multiply(a.get(i, 0)).add(t[0].multiply(t[0]).multiply(q.get(i, 0)));
                        }
                        return y;
                    });
                    return equal("∂Y/∂x (item 2)", item2, "∂y/∂x (item 1b)", item1b, abs(item1b), 2);
                })));
        claims.add(Claim.of("N3", "§1 item 3",
                "y: R^{n×m} → R: ∂y/∂X is m×n, (∂y/∂X)_ij = ∂y/∂x_ji (so ∂ tr(AX)/∂X = A for A m×n)",
                Generators.instances(2), instance -> sides(() -> {
                    Draw c = instance.draw();
                    int n = c.dim(0);
                    int m = c.dim(1);
                    Matrix a = c.matrix(m, n);
                    Matrix x = c.matrix(n, m);
                    Matrix derivative = SeedDerivatives.scalarByMatrix(x, v -> {
                        DerivativeStructure trace = v[0][0].multiply(0.0);
                        for (int i = 0; i < m; i++) {
                            for (int k = 0; k < n; k++) {
                                trace = trace.add(v[k][i].multiply(a.get(i, k)));
                            }
                        }
                        return trace;
                    });
                    // tr(AX) = Σ_i Σ_k a_ik x_ki, so ∂/∂x_ji = a_ij: the item-3 arrangement gives A itself
                    return equal("∂ tr(AX)/∂X", derivative, "A", a, abs(a), 1);
                })));
        claims.add(Claim.of("N3.m1", "§1 item 3", "if m = 1, y: Rⁿ → R, the m×n ∂y/∂X agrees with item 1(a)",
                Generators.instances(1), instance -> sides(() -> {
                    Draw c = instance.draw();
                    int n = c.dim(0);
                    Matrix a = c.matrix(1, n);
                    Matrix x = c.matrix(n, 1);
                    Matrix item3 = SeedDerivatives.scalarByMatrix(x, v -> Ds.linear(a, Ds.rowMajor(v))[0].tanh());
                    Matrix item1a = SeedDerivatives.vectorByVector(x.toArray(),
                            v -> new DerivativeStructure[] {Ds.linear(a, v)[0].tanh()});
                    return equal("∂y/∂X (item 3)", item3, "∂y/∂x (item 1a)", item1a, abs(item1a), n);
                })));
        claims.add(Claim.of("N4", "§1 item 4",
                "y: R^{n×m} → R^p: ∂y/∂X ∈ R^{p×m×n} with (∂y/∂X)_ijk = ∂y_i/∂x_kj", Generators.instances(3),
                instance -> sides(() -> {
                    TanhOfLinear f = new TanhOfLinear(instance.draw());
                    int p = f.p;
                    int n = f.n;
                    int m = f.m;
                    Matrix coefficients = f.coefficients;
                    Matrix x = f.x;
                    Tensor3 item4 = f.item4();
                    // y_i = tanh(Σ_t C_it vec(X)_t) with vec row-major, so ∂y_i/∂x_kj = (1 − y_i²) C_{i, k·m+j}
                    double[] flat = x.toArray();
                    double[] y = new double[p];
                    for (int i = 0; i < p; i++) {
                        double u = 0.0;
                        for (int t = 0; t < flat.length; t++) {
                            u += coefficients.get(i, t) * flat[t];
                        }
                        y[i] = Math.tanh(u);
                    }
                    Tensor3 closedForm = Tensor3.fromFunction(p, m, n,
                            (i, j, k) -> (1 - y[i] * y[i]) * coefficients.get(i, k * m + j));
                    // the argument of tanh carries rounding ε·K·Σ|C||x|, which reaches the entry through |tanh''| ≤ 1
                    Tensor3 gauge = Tensor3.fromFunction(p, m, n, (i, j, k) -> {
                        double argument = 0.0;
                        for (int t = 0; t < flat.length; t++) {
                            argument += Math.abs(coefficients.get(i, t) * flat[t]);
                        }
                        return Math.abs(coefficients.get(i, k * m + j)) * (1 + argument);
                    });
                    return equal("∂y/∂X (item 4)", item4, "(1 − y_i²) C_{i,km+j}", closedForm, gauge, n * m);
                })));
        claims.add(Claim.of("N4.slices", "§1 item 4",
                "∂y/∂X = [∂y_1/∂X; …; ∂y_p/∂X]: slice i of item 4's tensor is item 3's ∂y_i/∂X",
                Generators.instances(3), instance -> sides(() -> {
                    TanhOfLinear f = new TanhOfLinear(instance.draw());
                    int p = f.p;
                    Matrix coefficients = f.coefficients;
                    Matrix x = f.x;
                    Tensor3 item4 = f.item4();
                    List<Matrix> slices = new ArrayList<>();
                    for (int i = 0; i < p; i++) {
                        Matrix row = coefficients.rowRange(i, i + 1);
                        slices.add(SeedDerivatives.scalarByMatrix(x, v -> Ds.linear(row, Ds.rowMajor(v))[0].tanh()));
                    }
                    Tensor3 stacked = Tensor3.fromFunction(p, f.m, f.n, (i, j, k) -> slices.get(i).get(j, k));
                    return equal("∂y/∂X (item 4)", item4, "[∂y_i/∂X] (item 3)", stacked, abs(stacked), f.n * f.m);
                })));
        claims.add(Claim.of("N4.p1", "§1 item 4",
                "if p = 1, ∂y/∂X is 1×m×n = m×n, identical with item 3", Generators.instances(2),
                instance -> sides(() -> {
                    Draw c = instance.draw();
                    Matrix a = c.matrix(1, c.dim(0) * c.dim(1));
                    Matrix x = c.matrix(c.dim(0), c.dim(1));
                    Tensor3 item4 = SeedDerivatives.vectorByMatrix(x, v -> Ds.tanh(Ds.linear(a, Ds.rowMajor(v))));
                    Matrix item3 = SeedDerivatives.scalarByMatrix(x, v -> Ds.linear(a, Ds.rowMajor(v))[0].tanh());
                    return equal("∂y/∂X (item 4, 1m×n)", item4.unfold(), "∂y/∂X (item 3)", item3,
                            abs(item3), x.rows() * x.cols());
                })));
        claims.add(Claim.of("N4.m1", "§1 item 4",
                "if m = 1, y: Rⁿ → R^p, ∂y/∂X is p×1×n = p×n, the Jacobian of item 1", Generators.instances(2),
                instance -> sides(() -> {
                    Draw c = instance.draw();
                    int p = c.dim(0);
                    int n = c.dim(1);
                    Matrix a = c.matrix(p, n);
                    Matrix x = c.matrix(n, 1);
                    Tensor3 item4 = SeedDerivatives.vectorByMatrix(x, v -> Ds.tanh(Ds.linear(a, Ds.rowMajor(v))));
                    Matrix item1 = SeedDerivatives.vectorByVector(x.toArray(), v -> Ds.tanh(Ds.linear(a, v)));
                    return equal("∂y/∂X (item 4, p1×n)", item4.unfold(), "∂y/∂x (item 1)", item1, abs(item1), n);
                })));
        claims.add(Claim.of("N5", "§1 item 5", "x ∈ Rⁿ, y ∈ R^m: x yᵀ ∈ R^{n×m}, (x yᵀ)_ij = x_i y_j",
                Generators.instances(2), instance -> sides(() -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    Vector y = c.vector(c.dim(1));
                    return equal("x yᵀ", ALG.outer(x, y), "(n×1)(1×m) product", ALG.product(x.asColumn(), y.asRow()),
                            ALG.outer(abs(x), abs(y)), 1);
                })));
        claims.add(Claim.of("N6", "§1 item 6",
                "x ∈ R^p, Y ∈ R^{n×m}: x⊗Y = [x_1 Yᵀ; …; x_p Yᵀ] ∈ R^{p×m×n}, (x⊗Y)_ijk = x_i y_kj",
                Generators.instances(3), instance -> sides(() -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    Matrix y = c.matrix(c.dim(1), c.dim(2));
                    Tensor3 slices = Tensor3.fromFunction(x.size(), y.cols(), y.rows(),
                            (i, j, k) -> Evaluate.scaled(x.get(i), y.transpose()).get(j, k));
                    return equal("x⊗Y", ALG.vectorTensor(x, y), "[x_i Yᵀ]", slices, ALG.vectorTensor(abs(x), abs(y)), 1);
                })));
        claims.add(Claim.of("N6.m1", "§1 item 6", "if m = 1, x⊗y ∈ R^{p×1×n} = R^{p×n} is x yᵀ",
                Generators.instances(2), instance -> sides(() -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    Vector y = c.vector(c.dim(1));
                    return equal("x⊗y (p1×n)", ALG.vectorTensor(x, y.asColumn()).unfold(), "x yᵀ",
                            ALG.outer(x, y), ALG.outer(abs(x), abs(y)), 1);
                })));
        claims.add(Claim.of("N6.display", "§1 item 6",
                "x⊗Y ∈ R^{p×m×n} is displayed with first row x_1 y_11 ⋯ x_1 y_n1 and last row x_1 y_1m ⋯ x_1 y_nm",
                Generators.instances(3), instance -> sides(() -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    Matrix y = c.matrix(c.dim(1), c.dim(2));
                    // the display, transcribed where it is legible: its first and last rows (⋮ elides the rest). By
                    // item 4's convention a p×m×n tensor is the (pm)×n matrix of its slices.
                    Matrix unfolded = ALG.vectorTensor(x, y).unfold();
                    int last = unfolded.rows() - 1;
                    Matrix shown = Matrix.fromFunction(2, y.rows(),
                            (r, k) -> x.get(0) * y.get(k, r == 0 ? 0 : y.cols() - 1));
                    Matrix computed = Matrix.fromFunction(2, y.rows(), (r, k) -> unfolded.get(r == 0 ? 0 : last, k));
                    return equal("first and last rows of x⊗Y as (pm)×n (item 4)", computed, "the displayed rows",
                            shown, Magnitudes.abs(computed), 1);
                })).correctedBy(Claim.of("N6.display*", "§1 item 6",
                "x⊗Y as a (pm)×n matrix is [x_1 Yᵀ; …; x_p Yᵀ], its last row x_p y_1m ⋯ x_p y_nm",
                Generators.instances(3), instance -> sides(() -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    Matrix y = c.matrix(c.dim(1), c.dim(2));
                    int m = y.cols();
                    Matrix stacked = Matrix.fromFunction(x.size() * m, y.rows(),
                            (r, k) -> x.get(r / m) * y.get(k, r % m));
                    return equal("x⊗Y as (pm)×n", ALG.vectorTensor(x, y).unfold(), "[x_i Yᵀ]", stacked,
                            ALG.vectorTensor(abs(x), abs(y)).unfold(), 1);
                }))));
        claims.add(Claim.of("N7.display", "§1 item 7",
                "Y⊗x ∈ R^{m×p×n} is displayed as blocks [x_j y_km], …, [x_j y_k1] from top to bottom",
                Generators.instances(3), instance -> sides(() -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    Matrix y = c.matrix(c.dim(1), c.dim(2));
                    int m = y.cols();
                    // the display, transcribed: block b (top to bottom) holds x_j y_{k, m−b} (1-based b)
                    Tensor3 displayed = Tensor3.fromFunction(m, x.size(), y.rows(),
                            (b, j, k) -> x.get(j) * y.get(k, m - 1 - b));
                    return equal("Y⊗x (index rule x_j y_ki)", ALG.tensorVector(y, x), "the displayed blocks", displayed,
                            ALG.tensorVector(abs(y), abs(x)), 1);
                })).correctedBy(Claim.of("N7.display*", "§1 item 7",
                "Y⊗x ∈ R^{m×p×n} has block i (top to bottom) x (column i of Y)ᵀ, i.e. [x_j y_k1], …, [x_j y_km]",
                Generators.instances(3), instance -> sides(() -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    Matrix y = c.matrix(c.dim(1), c.dim(2));
                    Tensor3 blocks = Tensor3.fromFunction(y.cols(), x.size(), y.rows(),
                            (i, j, k) -> ALG.outer(x, y.column(i)).get(j, k));
                    return equal("Y⊗x", ALG.tensorVector(y, x), "blocks x yᵢᵀ", blocks,
                            ALG.tensorVector(abs(y), abs(x)), 1);
                }))));
        claims.add(Claim.of("N7.identity", "§1 item 7", "if Y = I_m, Y⊗x = I_m⊗x ∈ R^{m×p×m}",
                Generators.instances(2), instance -> sides(() -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    int m = c.dim(1);
                    return equal("Y⊗x with Y = I_m", ALG.tensorVector(Matrix.identity(m), x), "I_m⊗x",
                            ALG.identityTensor(m, x), ALG.identityTensor(m, abs(x)), 1);
                })));
        claims.add(Claim.of("N7.identity.display", "§1 item 7",
                "I_m⊗x is displayed with x in the last column of the first block and the first column of the last",
                Generators.instances(2), instance -> sides(() -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    int m = c.dim(1);
                    // the display, transcribed: block b (top to bottom) has x in column m − b (1-based)
                    Tensor3 displayed = Tensor3.fromFunction(m, x.size(), m,
                            (b, j, k) -> k == m - 1 - b ? x.get(j) : 0.0);
                    return equal("I_m⊗x (index rule x_j δ_ki)", ALG.identityTensor(m, x), "the displayed blocks",
                            displayed, ALG.identityTensor(m, abs(x)), 1);
                })).correctedBy(Claim.of("N7.identity.display*", "§1 item 7",
                "I_m⊗x has x in column i of block i: [x 0 ⋯ 0], …, [0 ⋯ 0 x] from top to bottom",
                Generators.instances(2), instance -> sides(() -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    int m = c.dim(1);
                    Tensor3 blocks = Tensor3.fromFunction(m, x.size(), m, (i, j, k) -> k == i ? x.get(j) : 0.0);
                    return equal("I_m⊗x", ALG.identityTensor(m, x), "x in column i of block i", blocks,
                            ALG.identityTensor(m, abs(x)), 1);
                }))));
        claims.add(Claim.of("N7.contract", "§1 item 7", "yᵀ(I_m⊗x) = x yᵀ for any y ∈ R^m",
                Generators.instances(2), NotationClaims::contraction));
        claims.add(Claim.of("N7.transpose", "§1 item 7",
                "Y⊗x ≠ (x⊗Y)ᵀ (ᵀ of a 3-index tensor read as any permutation of its indices)",
                Generators.distinctInstances(3),
                NotationClaims::noTransposeMatches).correctedBy(Claim.of("N7.transpose*", "§1 item 7",
                "Y⊗x = (x⊗Y)^{T₁₂}: (Y⊗x)_ijk = (x⊗Y)_jik, the transpose of the first two indices",
                Generators.instances(3), instance -> sides(() -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    Matrix y = c.matrix(c.dim(1), c.dim(2));
                    return equal("Y⊗x", ALG.tensorVector(y, x), "(x⊗Y)^{T₁₂}", ALG.vectorTensor(x, y).permute(1, 0, 2),
                            ALG.tensorVector(abs(y), abs(x)), 1);
                }))));
        claims.add(Claim.of("N8", "§1 item 8", "x ⊙ y = diag(x) y", Generators.instances(1), instance -> sides(() -> {
                    Draw c = instance.draw();
            Vector x = c.vector(c.dim(0));
            Vector y = c.vector(c.dim(0));
            return equal("x ⊙ y", ALG.hadamard(x, y).asColumn(), "diag(x) y", ALG.product(ALG.diag(x), y.asColumn()),
                    ALG.hadamard(abs(x), abs(y)).asColumn(), x.size());
        })));
        return claims;
    }

    /** g(y(x)) with y = tanh(Ax), g = sin(By): the Jacobian of the composite is the product of Jacobians. */
    private static Observation chainRule(Instance instance) {
        return sides(() -> {
            Draw c = instance.draw();
            int n = c.dim(0);
            int m = c.dim(1);
            int q = c.dim(2);
            Matrix a = c.matrix(m, n);
            Matrix b = c.matrix(q, m);
            double[] x = c.vector(n).toArray();
            Matrix dy = SeedDerivatives.vectorByVector(x, v -> Ds.tanh(Ds.linear(a, v)));
            double[] y = new double[m];
            for (int i = 0; i < m; i++) {
                double s = 0.0;
                for (int j = 0; j < n; j++) {
                    s += a.get(i, j) * x[j];
                }
                y[i] = Math.tanh(s);
            }
            Matrix dg = SeedDerivatives.vectorByVector(y, v -> Ds.sin(Ds.linear(b, v)));
            Matrix composite = SeedDerivatives.vectorByVector(x, v -> Ds.sin(Ds.linear(b, Ds.tanh(Ds.linear(a, v)))));
            // AD rounds the arguments Ax and By before cos and 1 − tanh² see them; those errors, at most
            // K·ε·(|A||x|) and K·ε·(|B||y|), reach every entry through |B||A| (|cos′|, |tanh″| ≤ 1)
            double arguments = 1.0 + maxEntry(ALG.product(abs(a), abs(Vector.of(x)).asColumn()))
                    + maxEntry(ALG.product(abs(b), abs(Vector.of(y)).asColumn()));
            return equal("∂g(y(x))/∂x", composite, "∂g/∂y · ∂y/∂x", ALG.product(dg, dy),
                    Evaluate.scaled(arguments, ALG.product(abs(b), abs(a))), n + m);
        });
    }

    /** y = tanh(C vec X) for X n×m, C p×(n·m), vec row-major: a map R^{n×m} → R^p with entry-specific derivatives. */
    private static final class TanhOfLinear {
        final int p;
        final int n;
        final int m;
        final Matrix coefficients;
        final Matrix x;

        TanhOfLinear(Draw c) {
            p = c.dim(0);
            n = c.dim(1);
            m = c.dim(2);
            coefficients = c.matrix(p, n * m);
            x = c.matrix(n, m);
        }

        /** ∂y/∂X by item 4's rule. */
        Tensor3 item4() {
            return SeedDerivatives.vectorByMatrix(x, v -> Ds.tanh(Ds.linear(coefficients, Ds.rowMajor(v))));
        }
    }

    private static double maxEntry(Matrix m) {
        double max = 0.0;
        for (double v : m.toArray()) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static Observation contraction(Instance instance) {
        return sides(() -> {
            Draw c = instance.draw();
            Vector x = c.vector(c.dim(0));
            Vector y = c.vector(c.dim(1));
            return equal("yᵀ(I_m⊗x)", ALG.contractFirst(y, ALG.identityTensor(y.size(), x)), "x yᵀ", ALG.outer(x, y),
                    ALG.outer(abs(x), abs(y)), y.size());
        });
    }

    /**
     * "≠" is checked against every transpose a 3-index tensor has, the five non-trivial permutations of its
     * indices, on instances whose three dimensions all differ: there no shape coincides by accident, and an
     * equality is an identity, not a coincidence.
     */
    private static Observation noTransposeMatches(Instance instance) {
        return sides(() -> {
            Draw c = instance.draw();
            Vector x = c.vector(c.dim(0));
            Matrix y = c.matrix(c.dim(1), c.dim(2));
            Tensor3 left = ALG.tensorVector(y, x);
            Tensor3 right = ALG.vectorTensor(x, y);
            int[][] transposes = {{0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
            StringBuilder equalUnder = new StringBuilder();
            for (int[] t : transposes) {
                if (Evaluate.agree(left, right.permute(t), ALG.tensorVector(abs(y), abs(x)), 1)) {
                    equalUnder.append(equalUnder.length() == 0 ? "" : ", ").append(java.util.Arrays.toString(t));
                }
            }
            if (equalUnder.length() == 0) {
                return Observation.pass(0.0);
            }
            return Observation.fail(0.0, "Y⊗x (" + left.shape() + ") equals (x⊗Y) (" + right.shape()
                    + ") with its indices permuted as " + equalUnder + " entry for entry; under every other "
                    + "permutation, the full reversal (numpy's .T) among them, the shapes differ, so \"≠\" holds "
                    + "there only because the two cannot even be compared");
        });
    }
}
