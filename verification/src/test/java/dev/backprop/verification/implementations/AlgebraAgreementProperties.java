package dev.backprop.verification.implementations;

import static dev.backprop.verification.check.AlgebraChecks.OPERATIONS;
import static dev.backprop.verification.check.AlgebraChecks.PROPOSITION_ONE;
import static dev.backprop.verification.check.AlgebraChecks.affineInW;
import static dev.backprop.verification.check.AlgebraChecks.compare;
import static dev.backprop.verification.check.AlgebraChecks.exact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedAlgebra;
import dev.backprop.reference.ReferenceAlgebra;
import dev.backprop.reference.ReferenceJacobians;
import dev.backprop.spec.Activation;
import dev.backprop.spec.LinearLayerJacobians;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.SeedAlgebra;
import dev.backprop.spec.Tensor3;
import dev.backprop.spec.Vector;
import dev.backprop.verification.check.AlgebraChecks.JacobianCheck;
import dev.backprop.verification.check.AlgebraChecks.Operation;
import dev.backprop.verification.check.AlgebraChecks.Side;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.Draw;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.generate.Instance;
import dev.backprop.verification.numeric.Discrepancy;
import dev.backprop.verification.numeric.ForwardModeAd;
import dev.backprop.verification.numeric.SeedDerivatives;
import dev.backprop.verification.numeric.Tolerances;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The reference (δ-sums) and the optimized (EJML) implementations agree on every operation of the seed's
 * Section 1 ({@link SeedAlgebra}) and of Proposition 1 ({@link LinearLayerJacobians}), and the Jacobians the
 * proof of Proposition 2 writes down ({@link ReferenceJacobians}) equal exact forward-mode derivatives arranged
 * by the seed's item 4.
 *
 * <p>Every comparison is judged by {@link Discrepancy#rounding} with the thresholds of {@link Tolerances}: the
 * gauge is the same operation on the entries' absolute values (Σ|a||b| for a product), K the longest
 * accumulation plus the elementary operations. Tensors p×m×n are compared unfolded to (p·m)×n. Cases come from
 * {@link Generators#instances(int)} through QuickTheories with the suite's fixed seed; a failure prints the
 * smallest failing instance ({@code dims=[…] seed=…}), which reproduces it exactly.
 *
 * <p>Nothing is skipped silently: the lists of comparisons are checked against the contract interfaces by
 * reflection (as EJML's own tests check that every operation was compared), every property asserts it compared
 * all {@value #EXAMPLES} cases, and planted wrong implementations show each helper can fail.
 */
class AlgebraAgreementProperties {
    private static final int EXAMPLES = 200;

    private static final OptimizedAlgebra OPTIMIZED_ALGEBRA = new OptimizedAlgebra();
    static final Side REFERENCE = new Side("reference", new ReferenceAlgebra(), new ReferenceJacobians());
    static final Side OPTIMIZED = new Side("optimized", OPTIMIZED_ALGEBRA, OPTIMIZED_ALGEBRA);

    /** The property: {@code op} agrees on {@value #EXAMPLES} instances; returns how many were compared. */
    static int agreeOn(Operation op, Side computed, Side expected) {
        return holds(op.name(), op.dims(), instance -> List.of(compare(op, computed, expected, instance)));
    }

    /**
     * Runs {@code check} over exactly {@value #EXAMPLES} instances of {@code dims} dimensions through the suite's
     * {@link PropertyRun}; fails on any discrepancy with the smallest failing instance and the seed.
     */
    static int holds(String name, int dims, Function<Instance, List<Discrepancy>> check) {
        PropertyResult result = PropertyRun.run(name, Generators.instances(dims), EXAMPLES, PropertyRun.DEFAULT_SEED,
                instance -> {
                    List<Discrepancy> found = check.apply(instance);
                    return found.isEmpty() ? Observation.fail(0, name + ": nothing was compared on " + instance)
                            : Observation.of(found, 0);
                });
        assertTrue(result.passed(), result::report);
        assertEquals(EXAMPLES, result.cases(), name + ": cases compared");
        return result.cases();
    }

    @TestFactory
    Stream<DynamicTest> referenceAndOptimizedAgreeOnEveryOperation() {
        return OPERATIONS.stream().map(op -> DynamicTest.dynamicTest(op.name(),
                () -> agreeOn(op, OPTIMIZED, REFERENCE)));
    }

    /** Prop 1's Jacobians have no rounding at all (entries are x_j or 0), so the two must be identical. */
    @Test
    void dzdWAndDzdbAreIdenticalInBothImplementations() {
        ReferenceJacobians reference = new ReferenceJacobians();
        PropertyResult result = PropertyRun.run("∂z/∂W and ∂z/∂b identical", Generators.instances(2), EXAMPLES,
                PropertyRun.DEFAULT_SEED, instance -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    int h = c.dim(1);
                    boolean same = reference.dzdW(x, h).equals(OPTIMIZED_ALGEBRA.dzdW(x, h))
                            && reference.dzdb(h).equals(OPTIMIZED_ALGEBRA.dzdb(h));
                    return same ? Observation.pass(0) : Observation.fail(Double.POSITIVE_INFINITY,
                            "∂z/∂W or ∂z/∂b differ bitwise on " + instance);
                });
        assertTrue(result.passed(), result::report);
        assertEquals(EXAMPLES, result.cases());
    }

    // ---- Jacobians against exact forward-mode AD ---------------------------------------------------------

    /**
     * The Jacobians the proof of Proposition 2 writes down, as a subject: {@link ReferenceJacobians} or a planted
     * wrong one (ReferenceJacobians is final, so a plant wraps it instead of extending it).
     */
    interface ProofJacobians extends LinearLayerJacobians {
        Matrix dldr(Vector r);

        Matrix drds(Matrix w2);

        Matrix dsdz(Vector z, Activation activation);

        Tensor3 dzdWTilde(Vector xTilde, int h);
    }

    /** {@link ReferenceJacobians}, every method called directly; plants override the one they get wrong. */
    static class ReferenceProofJacobians implements ProofJacobians {
        private final ReferenceJacobians j = new ReferenceJacobians();

        @Override
        public Tensor3 dzdW(Vector x, int h) {
            return j.dzdW(x, h);
        }

        @Override
        public Matrix dzdb(int h) {
            return j.dzdb(h);
        }

        @Override
        public Matrix dldr(Vector r) {
            return j.dldr(r);
        }

        @Override
        public Matrix drds(Matrix w2) {
            return j.drds(w2);
        }

        @Override
        public Matrix dsdz(Vector z, Activation activation) {
            return j.dsdz(z, activation);
        }

        @Override
        public Tensor3 dzdWTilde(Vector xTilde, int h) {
            return j.dzdWTilde(xTilde, h);
        }
    }


    /** A check of one Jacobian against forward-mode AD, named as the method it checks. */
    record AdCheck<S>(String name, int dims, BiFunction<S, Instance, List<Discrepancy>> check) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The proof of Prop 2 (reference): ∂ℓ/∂r, ∂r/∂s, ∂s/∂z for every σ, ∂z/∂W̃, differentiated exactly. */
    static final List<AdCheck<ProofJacobians>> PROOF_CHECKS = List.of(
            new AdCheck<>("dldr", 1, (subject, instance) -> {
                Draw c = instance.draw();
                Vector r = c.vector(c.dim(0));
                // ℓ = ½‖r‖² = ½ Σ_i r_i², a 1×n Jacobian (item 1a)
                Matrix want = ForwardModeAd.jacobian(r.toArray(), v -> {
                    DerivativeStructure sum = v[0].multiply(v[0]);
                    for (int i = 1; i < v.length; i++) {
                        sum = sum.add(v[i].multiply(v[i]));
                    }
                    return new DerivativeStructure[] {sum.multiply(0.5)};
                });
                return List.of(exact("∂ℓ/∂r", subject.dldr(r), want, r.size()));
            }),
            new AdCheck<>("drds", 2, (subject, instance) -> {
                Draw c = instance.draw();
                int n = c.dim(0);
                int h = c.dim(1);
                Matrix w2 = c.matrix(n, h);
                Vector b2 = c.vector(n);
                Vector s = c.vector(h);
                // r = W⁽²⁾s + b₂ as a function of s: n×h
                Matrix want = ForwardModeAd.jacobian(s.toArray(), v -> {
                    DerivativeStructure[] r = new DerivativeStructure[n];
                    for (int i = 0; i < n; i++) {
                        DerivativeStructure ri = v[0].multiply(w2.get(i, 0));
                        for (int l = 1; l < h; l++) {
                            ri = ri.add(v[l].multiply(w2.get(i, l)));
                        }
                        r[i] = ri.add(b2.get(i));
                    }
                    return r;
                });
                return List.of(exact("∂r/∂s", subject.drds(w2), want, h));
            }),
            new AdCheck<>("dsdz", 1, (subject, instance) -> {
                Draw c = instance.draw();
                Vector z = c.vector(c.dim(0));
                List<Discrepancy> all = new ArrayList<>();
                for (Activation a : Activation.values()) {
                    // s = σ(z) element-wise, σ differentiated from its definition (never through σ')
                    Matrix want = ForwardModeAd.jacobian(z.toArray(), v -> {
                        DerivativeStructure[] s = new DerivativeStructure[v.length];
                        for (int i = 0; i < v.length; i++) {
                            s[i] = ForwardModeAd.apply(a, v[i]);
                        }
                        return s;
                    });
                    all.add(exact("∂s/∂z for " + a, subject.dsdz(z, a), want, 1));
                }
                return all;
            }),
            new AdCheck<>("dzdWTilde", 2, (subject, instance) -> {
                Draw c = instance.draw();
                int d = c.dim(0);
                int h = c.dim(1);
                Vector xTilde = c.vector(d).augmented();
                Matrix wTilde = c.matrix(h, d + 1);
                // z = W̃x̃, h×(d+1)×h with (i, j, k) = ∂z_i/∂W̃_kj
                Tensor3 want = SeedDerivatives.vectorByMatrixEntries(wTilde, flat -> affineInW(flat, h, xTilde, null));
                return List.of(exact("∂z/∂W̃", subject.dzdWTilde(xTilde, h).unfold(), want.unfold(), d + 1));
            }));

    @TestFactory
    Stream<DynamicTest> propositionOneJacobiansEqualForwardModeAd() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Side side : List.of(REFERENCE, OPTIMIZED)) {
            for (JacobianCheck check : PROPOSITION_ONE) {
                tests.add(DynamicTest.dynamicTest(side.name() + " " + check.name(),
                        () -> holds(side.name() + " " + check.name(), check.dims(),
                                instance -> check.check().apply(side.jacobians(), instance))));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> proofJacobiansEqualForwardModeAd() {
        ProofJacobians subject = new ReferenceProofJacobians();
        return PROOF_CHECKS.stream().map(check -> DynamicTest.dynamicTest(check.name(),
                () -> holds(check.name(), check.dims(), instance -> check.check().apply(subject, instance))));
    }

    // ---- nothing is skipped ------------------------------------------------------------------------------

    private static Set<String> contractMethods(Class<?>... contracts) {
        return Stream.of(contracts).flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .filter(m -> !m.isSynthetic() && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> publicMethods(Class<?> c) {
        return Arrays.stream(c.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge())
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> names(List<?> checks) {
        return checks.stream().map(Object::toString).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * As EJML's tests do for its operations: the list of compared operations is checked against the contracts by
     * reflection, so a method added to a contract, or a comparison dropped, fails here instead of going unchecked.
     */
    @Test
    void everyContractOperationIsCompared() {
        Set<String> contract = contractMethods(SeedAlgebra.class, LinearLayerJacobians.class);
        assertEquals(10, contract.size(), "SeedAlgebra has 8 operations and LinearLayerJacobians 2: " + contract);
        assertEquals(10, OPERATIONS.size(), "operations compared between reference and optimized");
        assertEquals(contract, names(OPERATIONS));
        assertEquals(contract, publicMethods(OptimizedAlgebra.class), "every public method of OptimizedAlgebra");
        assertEquals(contractMethods(SeedAlgebra.class), publicMethods(ReferenceAlgebra.class),
                "every public method of ReferenceAlgebra");

        assertEquals(2, PROPOSITION_ONE.size(), "Prop 1 Jacobians checked against forward-mode AD");
        assertEquals(contractMethods(LinearLayerJacobians.class), names(PROPOSITION_ONE));
        assertEquals(4, PROOF_CHECKS.size(), "Prop 2 proof Jacobians checked against forward-mode AD");
        Set<String> proof = publicMethods(ReferenceJacobians.class);
        proof.removeAll(contractMethods(LinearLayerJacobians.class));
        assertEquals(proof, names(PROOF_CHECKS), "every public method of ReferenceJacobians beyond Prop 1");
        assertEquals(contractMethods(ProofJacobians.class), proof, "the plantable subject mirrors ReferenceJacobians");
    }

    // ---- each helper can fail ----------------------------------------------------------------------------

    /** A SeedAlgebra that is the reference except where a plant overrides it. */
    static class DelegatingAlgebra implements SeedAlgebra {
        final SeedAlgebra inner = new ReferenceAlgebra();

        @Override
        public Matrix outer(Vector x, Vector y) {
            return inner.outer(x, y);
        }

        @Override
        public Tensor3 vectorTensor(Vector x, Matrix y) {
            return inner.vectorTensor(x, y);
        }

        @Override
        public Tensor3 tensorVector(Matrix y, Vector x) {
            return inner.tensorVector(y, x);
        }

        @Override
        public Tensor3 identityTensor(int m, Vector x) {
            return inner.identityTensor(m, x);
        }

        @Override
        public Matrix contractFirst(Vector y, Tensor3 t) {
            return inner.contractFirst(y, t);
        }

        @Override
        public Matrix diag(Vector x) {
            return inner.diag(x);
        }

        @Override
        public Vector hadamard(Vector x, Vector y) {
            return inner.hadamard(x, y);
        }

        @Override
        public Matrix product(Matrix a, Matrix b) {
            return inner.product(a, b);
        }
    }

    private static Operation operation(String name) {
        return OPERATIONS.stream().filter(op -> op.name().equals(name)).findFirst().orElseThrow();
    }

    /** The plant is reported by its own operation's property, and by no other. */
    private static void assertCaughtOnlyBy(String operation, SeedAlgebra planted) {
        Side plant = new Side("planted", planted, new ReferenceJacobians());
        AssertionError e = assertThrows(AssertionError.class, () -> agreeOn(operation(operation), plant, REFERENCE),
                "the property of " + operation + " did not report the plant");
        assertTrue(e.getMessage().contains(operation), e.getMessage());
        assertTrue(e.getMessage().contains("dims="), "the failure does not print a replayable instance: "
                + e.getMessage());
        for (Operation other : OPERATIONS) {
            if (!other.name().equals(operation)) {
                agreeOn(other, plant, REFERENCE);
            }
        }
    }

    @Test
    void plantedTransposedOuterProductIsCaught() {
        assertCaughtOnlyBy("outer", new DelegatingAlgebra() {
            @Override
            public Matrix outer(Vector x, Vector y) {
                return inner.outer(x, y).transpose();
            }
        });
    }

    @Test
    void plantedVectorTensorWithSwappedIndicesIsCaught() {
        // (x⊗Y)_ijk = x_i y_jk instead of x_i y_kj: the slices x_i Y instead of x_i Yᵀ
        assertCaughtOnlyBy("vectorTensor", new DelegatingAlgebra() {
            @Override
            public Tensor3 vectorTensor(Vector x, Matrix y) {
                return Tensor3.fromFunction(x.size(), y.rows(), y.cols(), (i, j, k) -> x.get(i) * y.get(j, k));
            }
        });
    }

    @Test
    void plantedContractionWithReversedIndexIsCaught() {
        // Σ_i y_{p−1−i} T_ijk: the sum runs over the right index but pairs it with the wrong entry of y
        assertCaughtOnlyBy("contractFirst", new DelegatingAlgebra() {
            @Override
            public Matrix contractFirst(Vector y, Tensor3 t) {
                int p = y.size();
                return inner.contractFirst(Vector.fromFunction(p, i -> y.get(p - 1 - i)), t);
            }
        });
    }

    @Test
    void plantedProductOffByOnePartInATrillionIsCaught() {
        // a relative error of 1e-12 is far below any test's eyeballing, and still ~100× the rounding bound
        assertCaughtOnlyBy("product", new DelegatingAlgebra() {
            @Override
            public Matrix product(Matrix a, Matrix b) {
                Matrix ab = inner.product(a, b);
                return Matrix.fromFunction(ab.rows(), ab.cols(), (i, j) -> ab.get(i, j) * (1.0 + 1e-12));
            }
        });
    }

    @Test
    void plantedProofJacobiansAreCaughtByForwardModeAd() {
        // ∂s/∂z = diag(σ(z)) instead of diag(σ'(z))
        ProofJacobians valueForDerivative = new ReferenceProofJacobians() {
            @Override
            public Matrix dsdz(Vector z, Activation activation) {
                return Matrix.fromFunction(z.size(), z.size(), (i, j) -> i == j ? activation.value(z.get(i)) : 0.0);
            }
        };
        AdCheck<ProofJacobians> dsdz = PROOF_CHECKS.stream().filter(c -> c.name().equals("dsdz")).findFirst()
                .orElseThrow();
        AssertionError e = assertThrows(AssertionError.class,
                () -> holds("dsdz", dsdz.dims(), instance -> dsdz.check().apply(valueForDerivative, instance)));
        assertTrue(e.getMessage().contains("∂s/∂z"), e.getMessage());
    }

    @Test
    void plantedProofIndexOrderForDzdWIsCaughtByForwardModeAd() {
        // the proof's literal ∂z_i/∂w_jk = δ_ij x_k stored at (i, j, k), h×h×d, instead of item 4's (i, k, j)
        LinearLayerJacobians literalOrder = new LinearLayerJacobians() {
            @Override
            public Tensor3 dzdW(Vector x, int h) {
                return Tensor3.fromFunction(h, h, x.size(), (i, j, k) -> i == j ? x.get(k) : 0.0);
            }

            @Override
            public Matrix dzdb(int h) {
                return Matrix.identity(h);
            }
        };
        AssertionError e = assertThrows(AssertionError.class, () -> holds("dzdW", 2,
                instance -> PROPOSITION_ONE.get(0).check().apply(literalOrder, instance)));
        assertTrue(e.getMessage().contains("∂z/∂W"), e.getMessage());
        // and the reference-vs-optimized comparison reports it too
        Side plant = new Side("planted", new ReferenceAlgebra(), literalOrder);
        assertThrows(AssertionError.class, () -> agreeOn(operation("dzdW"), plant, REFERENCE));
    }
}
