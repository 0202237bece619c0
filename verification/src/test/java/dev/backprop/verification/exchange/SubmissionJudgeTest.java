package dev.backprop.verification.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.reference.ReferenceDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Vector;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.diagnose.Diagnosis;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.numeric.Discrepancy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The judge of one submitted gradient: right gradients of both implementations pass, in either layout, with no
 * diagnosis; a float32 gradient passes when declared float32 and fails when it claims float64 where the
 * difference shows; a transposed shape and a planted wrong value fail with a diagnosis naming them; a case too
 * large for full AD, or whose float32 evaluation leaves float32's normal range, is not judged — never passed.
 */
class SubmissionJudgeTest {
    static final int CASES = Integer.getInteger("diagnose.cases", 100);
    /** At least a quarter of the cases must exercise each property (most exercise 70–100 %). */
    static final int ENOUGH = CASES / 4;

    private static final ReferenceDeepBackprop REFERENCE = new ReferenceDeepBackprop();
    private static final DeepBackprop OPTIMIZED = new OptimizedDeepBackprop();

    private static ExchangeCase exchange(DeepCase c) {
        return new ExchangeCase("c" + Integer.toHexString(c.recipe().hashCode()), c.network(), c.batch(),
                c.objective(), c.recipe());
    }

    private static Submission submission(ExchangeCase c, DeepGradient g, Precision precision) {
        List<Matrix> w = new ArrayList<>();
        List<Matrix> b = new ArrayList<>();
        for (int k = 1; k <= g.depth(); k++) {
            w.add(g.weight(k));
            b.add(g.bias(k));
        }
        return new Submission(c.id(), g.layout(), precision, w, b);
    }

    /** Every entry rounded to the nearest float32, as an implementation in single precision would write it. */
    private static DeepGradient toFloat32(DeepGradient g) {
        List<Matrix> w = new ArrayList<>();
        List<Matrix> b = new ArrayList<>();
        for (int k = 1; k <= g.depth(); k++) {
            Matrix wk = g.weight(k);
            Matrix bk = g.bias(k);
            w.add(Matrix.fromFunction(wk.rows(), wk.cols(), (i, j) -> (double) (float) wk.get(i, j)));
            b.add(Matrix.fromFunction(bk.rows(), bk.cols(), (i, j) -> (double) (float) bk.get(i, j)));
        }
        return new DeepGradient(g.layout(), w, b);
    }

    private static PropertyResult property(String name, Gen<DeepCase> gen, Function<DeepCase, String> check) {
        PropertyResult r = PropertyRun.run(name, gen, CASES, Long.getLong("diagnose.seed", PropertyRun.DEFAULT_SEED),
                c -> {
                    String why = check.apply(c);
                    return why == null ? Observation.pass(0.0) : Observation.fail(Double.NaN, why);
                });
        System.out.println(r.report());
        return r;
    }

    private static String show(CaseVerdict v) {
        return v.status() + " worst " + v.worstScaledError() + "\n" + v.evidence()
                + (v.diagnosis() == null ? "" : "\n" + v.diagnosis());
    }

    /**
     * Both implementations' gradients, in both layouts, on every generator: pass, with no diagnosis. A kink case
     * with more than six independent points on a kink is not judged (the suite's reach), never failed; that is
     * allowed on at most 1 case in 20.
     */
    @Test
    void rightGradientsPassWithNoDiagnosis() {
        for (Gen<DeepCase> gen : List.of(Generators.deepCases(), Generators.uniformDeepCases(),
                Generators.deepKinkCases())) {
            for (DeepBackprop implementation : List.of(REFERENCE, OPTIMIZED)) {
                AtomicInteger passed = new AtomicInteger();
                AtomicInteger reach = new AtomicInteger();
                var r = property("judge " + implementation.getClass().getSimpleName(), gen, c -> {
                    ExchangeCase e = exchange(c);
                    DeepGradient g = implementation.gradient(c.network(), c.batch(), c.objective());
                    for (Layout layout : Layout.values()) {
                        CaseVerdict v = SubmissionJudge.judge(e, submission(e, g.in(layout), Precision.FLOAT64));
                        if (v.status() == CaseVerdict.Status.NOT_JUDGED
                                && v.evidence().contains("sit on a kink within rounding")) {
                            reach.incrementAndGet();
                            return null;
                        }
                        if (!v.passed() || v.diagnosis() != null || !(v.worstScaledError() <= 1.0)
                                || !v.caseId().equals(e.id())) {
                            return layout + ": a right gradient was not passed:\n" + show(v);
                        }
                    }
                    passed.incrementAndGet();
                    return null;
                });
                assertTrue(r.passed(), r::report);
                assertTrue(reach.get() <= CASES / 20, reach.get() + " cases beyond the kink enumeration");
                assertEquals(CASES, passed.get() + reach.get());
            }
        }
    }

    /**
     * The reference gradient with every entry rounded to float32: passes when declared float32 (or is not judged,
     * only because the case leaves float32's normal range); declared float64, it fails wherever the rounding
     * shows by the float64 rule.
     */
    @Test
    void aFloat32GradientPassesAsFloat32AndFailsAsFloat64() {
        AtomicInteger judged = new AtomicInteger();
        AtomicInteger shows = new AtomicInteger();
        var r = property("float32", Generators.deepCases(), c -> {
            ExchangeCase e = exchange(c);
            DeepGradient exact = REFERENCE.gradient(c.network(), c.batch(), c.objective());
            DeepGradient single = toFloat32(exact);
            CaseVerdict as32 = SubmissionJudge.judge(e, submission(e, single, Precision.FLOAT32));
            if (as32.status() == CaseVerdict.Status.NOT_JUDGED) {
                if (!as32.evidence().startsWith("not judged: a float32 evaluation of this case leaves")) {
                    return "not judged for another reason than float32's range:\n" + show(as32);
                }
            } else if (!as32.passed()) {
                return "a float32 gradient declared float32 did not pass:\n" + show(as32);
            } else {
                judged.incrementAndGet();
            }
            CaseVerdict as64 = SubmissionJudge.judge(e, submission(e, single, Precision.FLOAT64));
            DeepGauges gauges = DeepGauges.of(c.network(), c.batch(), c.objective());
            boolean matters = false;
            for (DeepParameter p : exact.parameters()) {
                matters |= !Discrepancy.rounding("∂ℓ/∂" + p, single.get(p), exact.get(p), gauges.gradient().get(p),
                        gauges.k()).passes();
            }
            if (matters) {
                shows.incrementAndGet();
                if (as64.status() != CaseVerdict.Status.FAIL || as64.diagnosis() == null) {
                    return "float32 rounding declared float64 must fail:\n" + show(as64);
                }
            } else if (!as64.passed()) {
                return "rounding to float32 changed nothing by the float64 rule, yet:\n" + show(as64);
            }
            return null;
        });
        assertTrue(r.passed(), r::report);
        assertTrue(judged.get() >= ENOUGH, "float32 judged on only " + judged.get() + " cases");
        assertTrue(shows.get() >= ENOUGH, "float32 rounding showed as float64 on only " + shows.get() + " cases");
    }

    /** One non-square parameter written in the other layout's shape: fails, diagnosed as transposed. */
    @Test
    void aTransposedShapeFailsAsTransposed() {
        AtomicInteger shown = new AtomicInteger();
        var r = property("transposed submission", Generators.deepCases(), c -> {
            ExchangeCase e = exchange(c);
            DeepGradient g = REFERENCE.gradient(c.network(), c.batch(), c.objective());
            List<DeepParameter> nonSquare = g.parameters().stream()
                    .filter(p -> g.get(p).rows() != g.get(p).cols()).toList();
            if (nonSquare.isEmpty()) {
                return null;
            }
            DeepParameter p = nonSquare.get(new SplittableRandom(c.recipe().hashCode()).nextInt(nonSquare.size()));
            Submission s = submission(e, g, Precision.FLOAT64);
            List<Matrix> w = new ArrayList<>(s.weights());
            List<Matrix> b = new ArrayList<>(s.biases());
            (p.isWeight() ? w : b).set(p.layer() - 1, g.get(p).transpose());
            CaseVerdict v = SubmissionJudge.judge(e, new Submission(e.id(), s.layout(), s.precision(), w, b));
            shown.incrementAndGet();
            if (v.status() != CaseVerdict.Status.FAIL || v.worstScaledError() != Double.POSITIVE_INFINITY
                    || v.diagnosis() == null || v.diagnosis().about(p).map(Diagnosis.Finding::kind).orElse(null)
                            != Diagnosis.Kind.TRANSPOSED
                    || !v.diagnosis().wrongParameters().equals(List.of(p))) {
                return "want a failure diagnosed as " + p + " transposed:\n" + show(v);
            }
            return null;
        });
        assertTrue(r.passed(), r::report);
        assertTrue(shown.get() >= ENOUGH, "only " + shown.get() + " cases with a non-square parameter");
    }

    /** One parameter doubled: fails, the diagnosis naming it scaled by 2, that parameter only. */
    @Test
    void aWrongGradientFailsWithItsDiagnosis() {
        AtomicInteger shown = new AtomicInteger();
        var r = property("doubled submission", Generators.deepCases(), c -> {
            ExchangeCase e = exchange(c);
            DeepGradient g = REFERENCE.gradient(c.network(), c.batch(), c.objective());
            DeepParameter p = g.parameters().get(new SplittableRandom(c.recipe().hashCode())
                    .nextInt(g.parameters().size()));
            Submission s = submission(e, g, Precision.FLOAT64);
            List<Matrix> w = new ArrayList<>(s.weights());
            List<Matrix> b = new ArrayList<>(s.biases());
            Matrix m = g.get(p);
            (p.isWeight() ? w : b).set(p.layer() - 1, Matrix.fromFunction(m.rows(), m.cols(),
                    (i, j) -> 2 * m.get(i, j)));
            DeepGauges gauges = DeepGauges.of(c.network(), c.batch(), c.objective());
            Matrix doubled = (p.isWeight() ? w : b).get(p.layer() - 1);
            if (Discrepancy.rounding("∂ℓ/∂" + p, doubled, m, gauges.gradient().get(p), gauges.k()).passes()) {
                return null;
            }
            shown.incrementAndGet();
            CaseVerdict v = SubmissionJudge.judge(e, new Submission(e.id(), s.layout(), s.precision(), w, b));
            if (v.status() != CaseVerdict.Status.FAIL || v.diagnosis() == null
                    || v.diagnosis().about(p).map(f -> f.kind() == Diagnosis.Kind.SCALED && f.constant() == 2.0)
                            .orElse(false) != Boolean.TRUE
                    || !v.diagnosis().wrongParameters().equals(List.of(p)) || !(v.worstScaledError() > 1.0)) {
                return "want a failure diagnosed as " + p + " scaled by 2:\n" + show(v);
            }
            return null;
        });
        assertTrue(r.passed(), r::report);
        assertTrue(shown.get() >= ENOUGH, "the doubling showed on only " + shown.get() + " cases");
    }

    /**
     * A network above {@link SubmissionJudge#FULL_AD_PARAMETER_LIMIT} parameters is judged by random projections
     * (with the Taylor remainder as second opinion): the right gradient passes; the same gradient with one bias
     * doubled fails; the right one written transposed fails as transposed, from its shapes alone.
     */
    @Test
    void aCaseTooLargeForFullAdIsJudgedByProjections() {
        int[] widths = {12, 13, 14, 11, 10};
        DeepCase c = Generators.deepCase(widths, List.of(Activation.TANH, Activation.TANH, Activation.TANH),
                Objective.SEED, 2, 1.0, Generators.Targets.RANDOM, 7);
        assertTrue(c.network().parameterCount() > SubmissionJudge.FULL_AD_PARAMETER_LIMIT,
                "the case must be above the limit: " + c.network().parameterCount());
        ExchangeCase e = exchange(c);
        DeepGradient g = REFERENCE.gradient(c.network(), c.batch(), c.objective()).in(Layout.DENOMINATOR);
        CaseVerdict right = SubmissionJudge.judge(e, submission(e, g, Precision.FLOAT64));
        assertEquals(CaseVerdict.Status.PASS, right.status(), () -> show(right));
        assertTrue(right.evidence().contains("random projections"), right::evidence);

        List<Matrix> biases = new java.util.ArrayList<>();
        for (int k = 1; k <= g.depth(); k++) {
            Matrix b = g.bias(k);
            biases.add(k == 2 ? Matrix.fromFunction(b.rows(), b.cols(), (i, j) -> 2 * b.get(i, j)) : b);
        }
        List<Matrix> weights = new java.util.ArrayList<>();
        for (int k = 1; k <= g.depth(); k++) {
            weights.add(g.weight(k));
        }
        CaseVerdict doubled = SubmissionJudge.judge(e, new Submission(e.id(), Layout.DENOMINATOR, Precision.FLOAT64,
                weights, biases));
        assertEquals(CaseVerdict.Status.FAIL, doubled.status(), () -> show(doubled));

        CaseVerdict transposed = SubmissionJudge.judge(e, new Submission(e.id(), Layout.DENOMINATOR,
                Precision.FLOAT64, weights.stream().map(Matrix::transpose).toList(), g.in(Layout.DENOMINATOR)
                        .parameters().stream().filter(p -> !p.isWeight()).map(g::get).toList()));
        assertEquals(CaseVerdict.Status.FAIL, transposed.status(), () -> show(transposed));
        assertTrue(transposed.evidence().contains("transposed"), transposed::evidence);
    }

    /**
     * A float32 submission for a case whose logistic underflows float32 (at z = −100, σ = σ' ≈ 3.7·10⁻⁴⁴, below
     * 2⁻¹²⁶) is not judged; the same gradient declared float64 is judged and passes.
     */
    @Test
    void aFloat32CaseOutsideFloat32sRangeIsNotJudged() {
        DeepNetwork net = new DeepNetwork(List.of(Matrix.of(1, 1, -100.0), Matrix.of(1, 1, 0.5)),
                List.of(Vector.of(0.0), Vector.of(0.25)), List.of(Activation.SIGMOID));
        Batch batch = new Batch(Matrix.of(1, 1, 1.0), Matrix.of(1, 1, 0.75));
        ExchangeCase e = new ExchangeCase("saturated", net, batch, Objective.SEED, "");
        DeepGradient g = REFERENCE.gradient(net, batch, Objective.SEED);
        CaseVerdict as32 = SubmissionJudge.judge(e, submission(e, g, Precision.FLOAT32));
        assertEquals(CaseVerdict.Status.NOT_JUDGED, as32.status(), () -> show(as32));
        assertTrue(as32.evidence().contains("leaves float32's normal range"), as32::evidence);
        assertTrue(as32.evidence().contains("sample 0, layer 1: σ(z) = 3.72e-44"), as32::evidence);
        CaseVerdict as64 = SubmissionJudge.judge(e, submission(e, g, Precision.FLOAT64));
        assertTrue(as64.passed(), () -> show(as64));
        assertNull(SubmissionJudge.float32RangeLeft(net, new Batch(Matrix.of(1, 1, 0.01), Matrix.of(1, 1, 0.75)),
                Objective.SEED), "at z = −1 every value is inside float32's normal range");
    }

    /** A submission answering another case is refused, not judged. */
    @Test
    void aSubmissionForAnotherCaseIsRefused() {
        DeepCase c = Generators.deepCase(new int[] {2, 3, 2}, List.of(Activation.TANH), Objective.SEED, 2, 1.0,
                Generators.Targets.RANDOM, 3);
        ExchangeCase e = exchange(c);
        DeepGradient g = REFERENCE.gradient(c.network(), c.batch(), c.objective());
        Submission other = new Submission("another", g.layout(), Precision.FLOAT64, submission(e, g,
                Precision.FLOAT64).weights(), submission(e, g, Precision.FLOAT64).biases());
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> SubmissionJudge.judge(e, other));
        assertNotNull(thrown.getMessage());
        assertTrue(thrown.getMessage().contains("another"), thrown.getMessage());
    }
}
