package dev.backprop.verification.claims;

import static dev.backprop.verification.claims.Evaluate.chain;
import static dev.backprop.verification.claims.Evaluate.delta;
import static dev.backprop.verification.claims.Evaluate.equal;
import static dev.backprop.verification.claims.Evaluate.firstFailure;
import static dev.backprop.verification.claims.Evaluate.sides;
import static dev.backprop.verification.numeric.Magnitudes.abs;

import dev.backprop.reference.ReferenceAlgebra;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.SeedAlgebra;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.Tensor3;
import dev.backprop.verification.check.GradientChecks;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.numeric.Gauges;
import dev.backprop.verification.numeric.SeedDerivatives;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The claims of Proposition 2 — each of its six gradient formulas and each line of its proof — checked on
 * single samples of every activation against exact derivatives arranged by the seed's rules. The seed's
 * r := ŷ is the target y = 0; cases with a random target check that the formulas hold for r = ŷ − y too.
 */
final class PropositionTwoClaims {
    private static final SeedAlgebra ALG = new ReferenceAlgebra();

    private PropositionTwoClaims() {
    }

    static List<Claim> all() {
        List<Claim> claims = new ArrayList<>();
        claims.add(formula("P2.W1tilde", "∂ℓ/∂W̃⁽¹⁾ = x̃ rᵀ W⁽²⁾ diag(σ'(z))", q -> SeedDerivatives.scalarByMatrix(
                q.net.w1Tilde(), q::lossOfW1Tilde), q -> product(q.xTilde.asColumn(), q.r.asRow(), q.net.w2(),
                ALG.diag(q.sigmaPrime)), g -> GradientChecks.stack(g.w1(), g.b1())));
        claims.add(formula("P2.W2tilde", "∂ℓ/∂W̃⁽²⁾ = s̃ rᵀ", q -> SeedDerivatives.scalarByMatrix(q.net.w2Tilde(),
                v -> SingleSample.loss(q.rOfW2Tilde(v))), q -> ALG.outer(q.sTilde, q.r),
                g -> GradientChecks.stack(g.w2(), g.b2())));
        claims.add(formula("P2.W1", "∂ℓ/∂W⁽¹⁾ = x rᵀ W⁽²⁾ diag(σ'(z)) ∈ R^{d×h}", q -> q.truth().w1(),
                q -> product(q.x.asColumn(), q.r.asRow(), q.net.w2(), ALG.diag(q.sigmaPrime)), ShallowGradient::w1));
        claims.add(formula("P2.b1", "∂ℓ/∂b₁ = rᵀ W⁽²⁾ diag(σ'(z)) ∈ R^{1×h}", q -> q.truth().b1(),
                q -> product(q.r.asRow(), q.net.w2(), ALG.diag(q.sigmaPrime)), ShallowGradient::b1));
        claims.add(formula("P2.W2", "∂ℓ/∂W⁽²⁾ = s rᵀ ∈ R^{h×n}", q -> q.truth().w2(), q -> ALG.outer(q.s, q.r),
                ShallowGradient::w2));
        claims.add(formula("P2.b2", "∂ℓ/∂b₂ = rᵀ ∈ R^{1×n}", q -> q.truth().b2(), q -> q.r.asRow(),
                ShallowGradient::b2));
        claims.add(proof("P2.proof.dl_dr",
                "∂ℓ/∂r_i = ½ Σ_j ∂(r_j²)/∂r_i = ½ Σ_j 2 r_j ∂r_j/∂r_i = Σ_j r_j δ_ij = r_i ⇒ ∂ℓ/∂r = rᵀ", q -> {
                    double[] r = q.r.toArray();
                    Matrix dl = SeedDerivatives.vectorByVector(r, v -> new DerivativeStructure[] {SingleSample.loss(v)});
                    Matrix dSquares = SeedDerivatives.vectorByVector(r, v -> {
                        DerivativeStructure[] sq = new DerivativeStructure[v.length];
                        for (int j = 0; j < v.length; j++) {
                            sq[j] = v[j].multiply(v[j]);
                        }
                        return sq;
                    });
                    Matrix dr = SeedDerivatives.vectorByVector(r, v -> v);
                    int n = q.n();
                    Observation steps = new StepChain("i", n)
                            .step("∂ℓ/∂r_i", ix -> dl.get(0, ix[0]))
                            .step("½ Σ_j ∂(r_j²)/∂r_i", ix -> {
                                double sum = 0;
                                for (int j = 0; j < n; j++) {
                                    sum += dSquares.get(j, ix[0]);
                                }
                                return 0.5 * sum;
                            })
                            .step("½ Σ_j 2 r_j ∂r_j/∂r_i", ix -> {
                                double sum = 0;
                                for (int j = 0; j < n; j++) {
                                    sum += 2 * r[j] * dr.get(j, ix[0]);
                                }
                                return 0.5 * sum;
                            })
                            .step("Σ_j r_j δ_ij", ix -> {
                                double sum = 0;
                                for (int j = 0; j < n; j++) {
                                    sum += r[j] * delta(ix[0], j);
                                }
                                return sum;
                            })
                            .step("r_i", ix -> r[ix[0]])
                            .gauge(ix -> Math.abs(r[ix[0]]), n).check();
                    return firstFailure(steps, equal("∂ℓ/∂r", dl, "rᵀ", q.r.asRow(), abs(q.r.asRow()), n));
                }));
        claims.add(proof("P2.proof.dr_dW2", "∂r_i/∂W⁽²⁾_jk = δ_ij s_k, ∂r/∂W⁽²⁾ = I_n⊗s", q -> {
            Matrix dr = SeedDerivatives.vectorByVector(q.net.w2().toArray(), v -> q.rOfW2(unflatten(v, q.n(), q.h())));
            int h = q.h();
            Observation entries = new StepChain("i,j,k", q.n(), q.n(), h)
                    .step("∂r_i/∂W⁽²⁾_jk", ix -> dr.get(ix[0], ix[1] * h + ix[2]))
                    .step("δ_ij s_k", ix -> delta(ix[0], ix[1]) * q.s.get(ix[2]))
                    .gauge(ix -> Math.abs(q.s.get(ix[2])), 1).check();
            Tensor3 tensor = SeedDerivatives.vectorByMatrix(q.net.w2(), q::rOfW2);
            return firstFailure(entries, equal("∂r/∂W⁽²⁾ (item 4)", tensor, "I_n⊗s", ALG.identityTensor(q.n(), q.s),
                    ALG.identityTensor(q.n(), abs(q.s)), 1));
        }));
        claims.add(proof("P2.proof.dr_db2", "∂r_i/∂b⁽²⁾_j = δ_ij, ∂r/∂b⁽²⁾ = I_n", q -> {
            Matrix dr = SeedDerivatives.vectorByVector(q.net.b2().toArray(), q::rOfB2);
            Observation entries = new StepChain("i,j", q.n(), q.n())
                    .step("∂r_i/∂b⁽²⁾_j", ix -> dr.get(ix[0], ix[1]))
                    .step("δ_ij", ix -> delta(ix[0], ix[1]))
                    .gauge(ix -> 1.0, 1).check();
            return firstFailure(entries, equal("∂r/∂b⁽²⁾", dr, "I_n", Matrix.identity(q.n()), Matrix.identity(q.n()), 1));
        }));
        claims.add(proof("P2.proof.dl_dW2",
                "∂ℓ/∂W⁽²⁾_jk = Σ_i (∂ℓ/∂r_i)(∂r_i/∂W⁽²⁾_jk) = Σ_i r_i δ_ij s_k = r_j s_k", q -> {
                    int n = q.n();
                    int h = q.h();
                    Matrix dl = SeedDerivatives.vectorByVector(q.net.w2().toArray(),
                            v -> new DerivativeStructure[] {SingleSample.loss(q.rOfW2(unflatten(v, n, h)))});
                    Matrix dldr = SeedDerivatives.vectorByVector(q.r.toArray(),
                            v -> new DerivativeStructure[] {SingleSample.loss(v)});
                    Matrix drdw = SeedDerivatives.vectorByVector(q.net.w2().toArray(), v -> q.rOfW2(unflatten(v, n, h)));
                    return new StepChain("j,k", n, h)
                            .step("∂ℓ/∂W⁽²⁾_jk", ix -> dl.get(0, ix[0] * h + ix[1]))
                            .step("Σ_i (∂ℓ/∂r_i)(∂r_i/∂W⁽²⁾_jk)", ix -> {
                                double sum = 0;
                                for (int i = 0; i < n; i++) {
                                    sum += dldr.get(0, i) * drdw.get(i, ix[0] * h + ix[1]);
                                }
                                return sum;
                            })
                            .step("Σ_i r_i δ_ij s_k", ix -> {
                                double sum = 0;
                                for (int i = 0; i < n; i++) {
                                    sum += q.r.get(i) * delta(i, ix[0]) * q.s.get(ix[1]);
                                }
                                return sum;
                            })
                            .step("r_j s_k", ix -> q.r.get(ix[0]) * q.s.get(ix[1]))
                            .gauge(ix -> Math.abs(q.r.get(ix[0]) * q.s.get(ix[1])), n).check();
                }));
        claims.add(proof("P2.proof.dl_db2", "∂ℓ/∂b⁽²⁾_j = Σ_i (∂ℓ/∂r_i)(∂r_i/∂b⁽²⁾_j) = Σ_i r_i δ_ij = r_j", q -> {
            int n = q.n();
            Matrix dl = SeedDerivatives.vectorByVector(q.net.b2().toArray(),
                    v -> new DerivativeStructure[] {SingleSample.loss(q.rOfB2(v))});
            Matrix dldr = SeedDerivatives.vectorByVector(q.r.toArray(), v -> new DerivativeStructure[] {SingleSample.loss(v)});
            Matrix drdb = SeedDerivatives.vectorByVector(q.net.b2().toArray(), q::rOfB2);
            return new StepChain("j", n)
                    .step("∂ℓ/∂b⁽²⁾_j", ix -> dl.get(0, ix[0]))
                    .step("Σ_i (∂ℓ/∂r_i)(∂r_i/∂b⁽²⁾_j)", ix -> {
                        double sum = 0;
                        for (int i = 0; i < n; i++) {
                            sum += dldr.get(0, i) * drdb.get(i, ix[0]);
                        }
                        return sum;
                    })
                    .step("Σ_i r_i δ_ij", ix -> {
                        double sum = 0;
                        for (int i = 0; i < n; i++) {
                            sum += q.r.get(i) * delta(i, ix[0]);
                        }
                        return sum;
                    })
                    .step("r_j", ix -> q.r.get(ix[0]))
                    .gauge(ix -> Math.abs(q.r.get(ix[0])), n).check();
        }));
        claims.add(proof("P2.proof.W2tilde",
                "∂ℓ/∂W̃⁽²⁾ = (∂ℓ/∂r)(∂r/∂W̃⁽²⁾) = rᵀ(I_n⊗s̃) = s̃ rᵀ ∈ R^{(h+1)×n}", q -> {
                    Matrix lhs = SeedDerivatives.scalarByMatrix(q.net.w2Tilde(), v -> SingleSample.loss(q.rOfW2Tilde(v)));
                    Matrix dldr = SeedDerivatives.vectorByVector(q.r.toArray(),
                            v -> new DerivativeStructure[] {SingleSample.loss(v)});
                    Tensor3 drdw = SeedDerivatives.vectorByMatrix(q.net.w2Tilde(), q::rOfW2Tilde);
                    return chain(List.of("∂ℓ/∂W̃⁽²⁾", "(∂ℓ/∂r)(∂r/∂W̃⁽²⁾)", "rᵀ(I_n⊗s̃)", "s̃ rᵀ"),
                            List.of(lhs, ALG.contractFirst(dldr.row(0), drdw),
                                    ALG.contractFirst(q.r, ALG.identityTensor(q.n(), q.sTilde)), ALG.outer(q.sTilde, q.r)),
                            ALG.outer(abs(q.sTilde), q.gaugeOfR()), q.n() + q.h());
                }));
        claims.add(proof("P2.proof.ds_dz", "(∂s/∂z)_ij = ∂σ(z_i)/∂z_j = σ'(z_i) ∂z_i/∂z_j = σ'(z_i) δ_ij", q -> {
            Matrix ds = SeedDerivatives.vectorByVector(q.z.toArray(), q::sOfZ);
            Matrix dz = SeedDerivatives.vectorByVector(q.z.toArray(), v -> v);
            double[] sp = q.sigmaPrime.toArray();
            Observation steps = new StepChain("i,j", q.h(), q.h())
                    .step("∂σ(z_i)/∂z_j", ix -> ds.get(ix[0], ix[1]))
                    .step("σ'(z_i) ∂z_i/∂z_j", ix -> sp[ix[0]] * dz.get(ix[0], ix[1]))
                    .step("σ'(z_i) δ_ij", ix -> sp[ix[0]] * delta(ix[0], ix[1]))
                    // σ' is formed from O(1) quantities (1 − tanh², s(1 − s), 1/(1 + e^−z)), so its rounding is
                    // absolute, ε·O(1), even where σ' itself is tiny (saturation)
                    .gauge(ix -> 1.0 + Math.abs(sp[ix[0]]), 1).check();
            Matrix gauge = Matrix.fromFunction(q.h(), q.h(), (i, j) -> i == j ? 1.0 + Math.abs(sp[i]) : 0.0);
            return firstFailure(steps, equal("∂s/∂z", ds, "diag(σ'(z))", ALG.diag(q.sigmaPrime), gauge, 1));
        }));
        claims.add(proof("P2.proof.dz_dW1tilde",
                "(∂z/∂W̃⁽¹⁾)_ijk = ∂z_i/∂W̃_kj = ∂(Σ_l W̃_il x̃_l)/∂W̃_kj = Σ_l (∂W̃_il/∂W̃_kj) x̃_l = Σ_l δ_ik δ_lj x̃_l"
                        + " = δ_ik x̃_j", q -> {
                    int h = q.h();
                    int d1 = q.d() + 1;
                    Tensor3 tensor = SeedDerivatives.vectorByMatrix(q.net.w1Tilde(), q::zOfW1Tilde);
                    Matrix dz = SeedDerivatives.vectorByVector(q.net.w1Tilde().toArray(),
                            v -> q.zOfW1Tilde(unflatten(v, h, d1)));
                    Matrix dw = SeedDerivatives.vectorByVector(q.net.w1Tilde().toArray(), v -> v);
                    return new StepChain("i,j,k", h, d1, h)
                            .step("(∂z/∂W̃⁽¹⁾)_ijk", ix -> tensor.get(ix[0], ix[1], ix[2]))
                            .step("∂z_i/∂W̃_kj", ix -> dz.get(ix[0], ix[2] * d1 + ix[1]))
                            .step("Σ_l (∂W̃_il/∂W̃_kj) x̃_l", ix -> {
                                double sum = 0;
                                for (int l = 0; l < d1; l++) {
                                    sum += dw.get(ix[0] * d1 + l, ix[2] * d1 + ix[1]) * q.xTilde.get(l);
                                }
                                return sum;
                            })
                            .step("Σ_l δ_ik δ_lj x̃_l", ix -> {
                                double sum = 0;
                                for (int l = 0; l < d1; l++) {
                                    sum += delta(ix[0], ix[2]) * delta(l, ix[1]) * q.xTilde.get(l);
                                }
                                return sum;
                            })
                            .step("δ_ik x̃_j", ix -> delta(ix[0], ix[2]) * q.xTilde.get(ix[1]))
                            .gauge(ix -> Math.abs(q.xTilde.get(ix[1])), d1).check();
                }));
        claims.add(proof("P2.proof.dr_ds", "r = W⁽²⁾s + b⁽²⁾ ⇒ ∂r/∂s = W⁽²⁾", q -> {
            Matrix dr = SeedDerivatives.vectorByVector(q.s.toArray(), q::rOfS);
            return equal("∂r/∂s", dr, "W⁽²⁾", q.net.w2(), abs(q.net.w2()), 1);
        }));
        claims.add(proof("P2.proof.W1tilde",
                "∂ℓ/∂W̃⁽¹⁾ = (∂ℓ/∂r)(∂r/∂s)(∂s/∂z)(∂z/∂W̃⁽¹⁾) = rᵀ W⁽²⁾ diag(σ'(z)) (I_h⊗x̃) = x̃ rᵀ W⁽²⁾ diag(σ'(z))",
                q -> {
                    Matrix lhs = SeedDerivatives.scalarByMatrix(q.net.w1Tilde(), q::lossOfW1Tilde);
                    Matrix dldr = SeedDerivatives.vectorByVector(q.r.toArray(),
                            v -> new DerivativeStructure[] {SingleSample.loss(v)});
                    Matrix drds = SeedDerivatives.vectorByVector(q.s.toArray(), q::rOfS);
                    Matrix dsdz = SeedDerivatives.vectorByVector(q.z.toArray(), q::sOfZ);
                    Tensor3 dzdw = SeedDerivatives.vectorByMatrix(q.net.w1Tilde(), q::zOfW1Tilde);
                    Matrix backward = product(q.r.asRow(), q.net.w2(), ALG.diag(q.sigmaPrime));
                    Matrix chainOfJacobians = product(dldr, drds, dsdz);
                    return chain(List.of("∂ℓ/∂W̃⁽¹⁾", "(∂ℓ/∂r)(∂r/∂s)(∂s/∂z)(∂z/∂W̃⁽¹⁾)", "rᵀ W⁽²⁾ diag(σ'(z)) (I_h⊗x̃)",
                            "x̃ rᵀ W⁽²⁾ diag(σ'(z))"),
                            List.of(lhs, ALG.contractFirst(chainOfJacobians.row(0), dzdw),
                                    ALG.contractFirst(backward.row(0), ALG.identityTensor(q.h(), q.xTilde)),
                                    product(q.xTilde.asColumn(), q.r.asRow(), q.net.w2(), ALG.diag(q.sigmaPrime))),
                            GradientChecks.stack(q.gauges().gradient().w1(), q.gauges().gradient().b1()), q.d() + q.h() + q.n());
                }));
        return claims;
    }

    /** A Prop 2 gradient formula against the exact gradient arranged by item 3, over every activation. */
    private static Claim formula(String id, String statement, Function<SingleSample, Matrix> truth,
            Function<SingleSample, Matrix> formula, Function<ShallowGradient, Matrix> gauge) {
        return Claim.of(id, "Prop 2", statement, Generators.singleSamples(), c -> sides(() -> {
            SingleSample q = new SingleSample(c);
            return equal("exact ∂ℓ (item 3)", truth.apply(q), "the formula", formula.apply(q),
                    gauge.apply(q.gauges().gradient()), q.d() + q.h() + q.n());
        }));
    }

    private static Claim proof(String id, String statement, Function<SingleSample, Observation> check) {
        return Claim.of(id, "Prop 2, proof", statement, Generators.singleSamples(),
                c -> sides(() -> check.apply(new SingleSample(c))));
    }

    /** Left to right: the product a·b·c… with the reference's product, which refuses disagreeing shapes. */
    private static Matrix product(Matrix first, Matrix... rest) {
        Matrix out = first;
        for (Matrix m : rest) {
            out = ALG.product(out, m);
        }
        return out;
    }

    private static DerivativeStructure[][] unflatten(DerivativeStructure[] v, int rows, int cols) {
        DerivativeStructure[][] out = new DerivativeStructure[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(v, i * cols, out[i], 0, cols);
        }
        return out;
    }
}
