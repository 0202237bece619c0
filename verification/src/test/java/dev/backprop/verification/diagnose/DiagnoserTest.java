package dev.backprop.verification.diagnose;

import static dev.backprop.verification.diagnose.Plants.biases;
import static dev.backprop.verification.diagnose.Plants.changed;
import static dev.backprop.verification.diagnose.Plants.property;
import static dev.backprop.verification.diagnose.Plants.random;
import static dev.backprop.verification.diagnose.Plants.replace;
import static dev.backprop.verification.diagnose.Plants.right;
import static dev.backprop.verification.diagnose.Plants.scaled;
import static dev.backprop.verification.diagnose.Plants.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.diagnose.Diagnosis.Finding;
import dev.backprop.verification.diagnose.Diagnosis.Kind;
import dev.backprop.verification.check.DeepGradientChecks;
import dev.backprop.verification.exchange.Precision;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.numeric.Tolerances;
import dev.backprop.verification.planted.PlantableDeepBackprop;
import dev.backprop.verification.planted.PlantableDeepBackprop.Fault;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Each kind of diagnosis, on planted wrong gradients over random cases: the plant is a transformation of the
 * reference implementation's gradient (a transpose, a constant, zeros, random noise) or an independent
 * hand-written computation ({@link SigmaSlipBackprop}, {@link PlantableDeepBackprop}); whether it changed a
 * parameter at all is decided against the reference gradient by the verdict's rounding rule
 * ({@link Plants#changed}), not by the diagnoser; and the diagnosis must name the planted kind and exactly the
 * changed parameters, on every case, with the number of cases where the plant showed asserted so that no
 * property passes vacuously. Right gradients from both implementations get no finding at all.
 */
class DiagnoserTest {
    /** Cases per property; {@code -Ddiagnose.cases=N} runs a larger campaign. */
    static final int CASES = Integer.getInteger("diagnose.cases", 100);
    /**
     * The least number of cases, of {@link #CASES}, on which a plant must have changed the gradient for its
     * property to count: a quarter. Most plants show on 70–95 of 100 (the rest are gradients that vanish, dead
     * ReLU layers, symmetric matrices); a property whose plant showed on fewer has not tested the diagnosis.
     */
    static final int ENOUGH = CASES / 4;

    private static final DeepBackprop OPTIMIZED = new OptimizedDeepBackprop();

    private static Diagnosis diagnose(DeepCase c, DeepGradient g) {
        return Diagnoser.of(c.network(), c.batch(), c.objective(), g, Precision.FLOAT64);
    }

    private static Diagnosis diagnose(DeepCase c, Layout layout, List<Matrix> w, List<Matrix> b) {
        return Diagnoser.of(c.network(), c.batch(), c.objective(), layout, w, b, Precision.FLOAT64);
    }

    /** A parameter of the case drawn from its recipe, among those {@code allowed}; null if there is none. */
    private static DeepParameter pick(DeepCase c, java.util.function.Predicate<DeepParameter> allowed) {
        List<DeepParameter> candidates = c.network().parameters().stream().filter(allowed).toList();
        return candidates.isEmpty() ? null : candidates.get(random(c).nextInt(candidates.size()));
    }

    /** Null when the diagnosis names exactly {@code changed} as wrong, each by a finding of {@code kind}. */
    private static String namesExactly(Diagnosis d, Set<DeepParameter> changed, Kind kind,
            Function<Finding, String> more) {
        if (!d.wrongParameters().equals(List.copyOf(changed))) {
            return "wrong parameters " + d.wrongParameters() + ", planted change in " + changed + "\n" + d;
        }
        for (DeepParameter p : changed) {
            Optional<Finding> f = d.about(p);
            if (f.isEmpty() || f.get().kind() != kind) {
                return p + ": want a " + kind + " finding, got " + f.map(Finding::kind).orElse(null) + "\n" + d;
            }
            String extra = more.apply(f.get());
            if (extra != null) {
                return p + ": " + extra + "\n" + d;
            }
        }
        if (!d.headline().contains("∂ℓ/∂" + changed.iterator().next().describe())) {
            return "the headline does not name the first wrong parameter\n" + d;
        }
        if (d.triage() != Kind.IMPLEMENTATION_WRONG) {
            return "triage " + d.triage() + " for a planted wrong gradient\n" + d;
        }
        return null;
    }

    private static void assertShowedEnough(String what, AtomicInteger shown) {
        System.out.println(what + ": the plant showed on " + shown.get() + " of " + CASES + " cases");
        assertTrue(shown.get() >= ENOUGH, what + ": the plant changed the gradient on only " + shown.get() + " of "
                + CASES + " cases (want at least " + ENOUGH + ")");
    }

    // ---- right gradients ---------------------------------------------------------------------------------------

    /** Both implementations' gradients, in both layouts, on every generator: no finding, no worst entry. */
    @Test
    void rightGradientsHaveNoFinding() {
        for (Gen<DeepCase> gen : List.of(Generators.deepCases(), Generators.uniformDeepCases(),
                Generators.deepKinkCases())) {
            for (DeepBackprop implementation : List.of(Plants.REFERENCE, OPTIMIZED)) {
                AtomicInteger checked = new AtomicInteger();
                var r = property("right " + implementation.getClass().getSimpleName(), gen, CASES, c -> {
                    DeepGradient g = implementation.gradient(c.network(), c.batch(), c.objective());
                    for (Layout layout : Layout.values()) {
                        Diagnosis d = diagnose(c, g.in(layout));
                        if (!d.right() || !d.findings().isEmpty() || !d.worstEntries().isEmpty()
                                || d.triage() != null || !d.wrongParameters().isEmpty()) {
                            return "a right gradient in " + layout + " layout was diagnosed:\n" + d;
                        }
                        if (!d.headline().startsWith("right: ")) {
                            return "headline: " + d.headline();
                        }
                    }
                    checked.incrementAndGet();
                    return null;
                });
                assertTrue(r.passed(), r::report);
                assertEquals(CASES, checked.get());
            }
        }
    }

    // ---- layout confusion --------------------------------------------------------------------------------------

    /**
     * One non-square parameter written in the other layout's shape (its values right in that layout): transposed,
     * that parameter only. A shape that fits only the other layout is never right, whatever its values.
     */
    @Test
    void aTransposedShapeIsNamed() {
        AtomicInteger shown = new AtomicInteger();
        var r = property("transposed shape", Generators.deepCases(), CASES, c -> {
            DeepGradient numerator = right(c).in(Layout.NUMERATOR);
            DeepParameter p = pick(c, q -> numerator.get(q).rows() != numerator.get(q).cols());
            if (p == null) {
                return null;
            }
            Layout declared = random(c).nextBoolean() ? Layout.NUMERATOR : Layout.DENOMINATOR;
            DeepGradient g = numerator.in(declared);
            List<Matrix> w = weights(g);
            List<Matrix> b = biases(g);
            (p.isWeight() ? w : b).set(p.layer() - 1, g.get(p).transpose());
            shown.incrementAndGet();
            Diagnosis d = diagnose(c, declared, w, b);
            String other = declared == Layout.NUMERATOR ? "denominator" : "numerator";
            return namesExactly(d, Set.of(p), Kind.TRANSPOSED, f -> f.kinds().equals(EnumSet.of(Kind.TRANSPOSED))
                    && f.text().contains("declared " + declared.name().toLowerCase() + ", whose shape is")
                    && f.text().contains("the " + other + " layout's shape") ? null : "finding " + f);
        });
        assertTrue(r.passed(), r::report);
        assertShowedEnough("transposed shape", shown);
    }

    /** A square weight matrix transposed in place (its shape cannot tell): transposed, that parameter only. */
    @Test
    void transposedValuesOfASquareMatrixAreNamed() {
        AtomicInteger shown = new AtomicInteger();
        var r = property("transposed values", Generators.uniformDeepCases(), CASES, c -> {
            DeepParameter p = pick(c, q -> q.isWeight() && c.network().width(q.layer()) >= 2);
            if (p == null) {
                return null;
            }
            DeepGradient g = right(c);
            DeepGradient planted = replace(g, p, g.get(p).transpose());
            Set<DeepParameter> changed = changed(c, planted, g);
            if (changed.isEmpty()) {
                return null;
            }
            shown.incrementAndGet();
            return namesExactly(diagnose(c, planted), changed, Kind.TRANSPOSED,
                    f -> f.text().contains("fits both: its values tell") ? null : "finding " + f);
        });
        assertTrue(r.passed(), r::report);
        assertShowedEnough("transposed values", shown);
    }

    // ---- constants -----------------------------------------------------------------------------------------------

    /** One parameter times 2, −1 or 1/2: scaled by that constant (−1: sign flipped), that parameter only. */
    @Test
    void aConstantMultipleOfOneParameterIsNamed() {
        for (double c0 : new double[] {2.0, -1.0, 0.5}) {
            AtomicInteger shown = new AtomicInteger();
            Kind kind = c0 == -1.0 ? Kind.SIGN : Kind.SCALED;
            var r = property("one parameter times " + c0, Generators.deepCases(), CASES, c -> {
                DeepParameter p = pick(c, q -> true);
                DeepGradient g = right(c);
                DeepGradient planted = replace(g, p, scaled(g.get(p), c0));
                Set<DeepParameter> changed = changed(c, planted, g);
                if (changed.isEmpty()) {
                    return null;
                }
                shown.incrementAndGet();
                return namesExactly(diagnose(c, planted), changed, kind,
                        f -> f.constant() == c0 && f.kinds().equals(EnumSet.of(kind)) ? null : "finding " + f);
            });
            assertTrue(r.passed(), r::report);
            assertShowedEnough("times " + c0, shown);
        }
    }

    /**
     * Every parameter times 1/B (B ≥ 2): one finding for the whole gradient, constant 1/B, and for a sum the
     * slip named; and the independent planted implementation that takes a mean as a sum: constant B.
     */
    @Test
    void aWholeGradientOffByOneConstantIsOneFinding() {
        AtomicInteger shown = new AtomicInteger();
        var r = property("whole gradient times 1/B", Generators.deepCases(), CASES, c -> {
            if (c.batch().size() < 2) {
                return null;
            }
            DeepGradient g = right(c);
            double c0 = 1.0 / c.batch().size();
            DeepGradient planted = scaled(g, c0);
            Set<DeepParameter> changed = changed(c, planted, g);
            if (changed.size() < 2) {
                return null;
            }
            shown.incrementAndGet();
            Diagnosis d = diagnose(c, planted);
            List<Finding> explaining = d.findings().stream().filter(f -> f.kind().explains()).toList();
            if (explaining.size() != 1 || explaining.get(0).constant() != c0
                    || !explaining.get(0).parameters().equals(List.copyOf(changed))
                    || !explaining.get(0).text().startsWith("the whole gradient is scaled by")) {
                return "want one whole-gradient finding with c = 1/B\n" + d;
            }
            boolean sum = c.objective().reduction() == Reduction.SUM;
            if (sum != explaining.get(0).text().contains("what a mean gives where a sum was asked")) {
                return "the mean-for-sum slip is named iff the reduction is a sum\n" + d;
            }
            return null;
        });
        assertTrue(r.passed(), r::report);
        assertShowedEnough("whole gradient times 1/B", shown);

        DeepBackprop meanAsSum = new PlantableDeepBackprop(Fault.MEAN_TAKEN_AS_SUM);
        AtomicInteger shownPlanted = new AtomicInteger();
        var planted = property("mean taken as sum", Generators.deepCases(), CASES, drawn -> {
            if (drawn.batch().size() < 2) {
                return null;
            }
            // every drawn case asked for a mean, so that the fault can show on each
            DeepCase c = new DeepCase(drawn.network(), drawn.batch(),
                    new Objective(drawn.objective().loss(), Reduction.MEAN), drawn.recipe() + " (as a mean)");
            DeepGradient g = meanAsSum.gradient(c.network(), c.batch(), c.objective());
            if (changed(c, g, right(c)).size() < 2) {
                return null;
            }
            shownPlanted.incrementAndGet();
            Diagnosis d = diagnose(c, g);
            Finding f = d.findings().get(0);
            return f.kind() == Kind.SCALED && f.constant() == c.batch().size()
                    && f.text().contains("what a sum gives where a mean was asked") ? null : "want c = B\n" + d;
        });
        assertTrue(planted.passed(), planted::report);
        assertShowedEnough("mean taken as sum", shownPlanted);
    }

    // ---- σ' ----------------------------------------------------------------------------------------------------

    /**
     * σ' of one hidden layer m left out, by a hand-written backprop: every changed parameter (all in layers ≤ m,
     * where σ'_m enters) is named "σ' of layer m omitted" — as the explanation, or beside it when the rule cannot
     * rule it out: another hypothesis predicts the same numbers (leaky ReLU units below 0 on two layers make σ'
     * omitted at either 100 × the right gradient; softplus's σ'(s) is ½ in its negative tail, so σ' at s is σ'
     * omitted × ½), or the prediction cannot be told apart from the right value by rounding (a saturated softmax,
     * a σ' of 10⁻²⁰ below) and the parameter is unexplained, consistent with the slip. The explanation must be
     * the rule: at least {@link #RESOLVED_SHARE} of the cases where the plant showed. A change on a case with a point on a kink within rounding may also be a choice of side
     * (the hand-written pass picks its own), so only the parameters the diagnosis names are checked there;
     * elsewhere they must be exactly the changed ones.
     */
    @Test
    void sigmaPrimeOmittedIsNamedWithItsLayer() {
        for (Gen<DeepCase> gen : List.of(Generators.deepCases().assuming(c -> c.network().depth() >= 2),
                Generators.deepKinkCases())) {
            AtomicInteger shown = new AtomicInteger();
            AtomicInteger resolved = new AtomicInteger();
            var r = property("σ' omitted", gen, CASES, c -> sigmaSlip(c, SigmaSlipBackprop.Slip.OMITTED,
                    Kind.SIGMA_PRIME_MISSING, shown, resolved));
            assertTrue(r.passed(), r::report);
            assertShowedEnough("σ' omitted", shown);
            assertMostlyResolved("σ' omitted", shown, resolved);
        }
    }

    /** σ' of one hidden layer m taken at s = σ(z) (smooth activations, where that differs): named with its layer. */
    @Test
    void sigmaPrimeAtTheOutputIsNamedWithItsLayer() {
        Gen<DeepCase> smooth = Generators.deepCases(Generate.pick(List.of(Activation.TANH, Activation.SIGMOID,
                Activation.SOFTPLUS))).assuming(c -> c.network().depth() >= 2);
        AtomicInteger shown = new AtomicInteger();
        AtomicInteger resolved = new AtomicInteger();
        var r = property("σ' at s", smooth, CASES, c -> sigmaSlip(c, SigmaSlipBackprop.Slip.AT_OUTPUT,
                Kind.SIGMA_PRIME_AT_OUTPUT, shown, resolved));
        assertTrue(r.passed(), r::report);
        assertShowedEnough("σ' at s", shown);
        assertMostlyResolved("σ' at s", shown, resolved);
    }

    /**
     * The share of cases on which a σ' plant must be named as the explanation rather than only beside it: 0.8.
     * The others are saturated cases at entry scale 10 and the exact coincidences above (measured over 400 cases
     * for each of seeds 1–3: under 2 %); more would mean the hypotheses' gauges had become too loose to tell a
     * slip from the right value or from another slip.
     */
    static final double RESOLVED_SHARE = 0.8;

    private static void assertMostlyResolved(String what, AtomicInteger shown, AtomicInteger resolved) {
        System.out.println(what + ": named as the explanation on " + resolved.get() + " of " + shown.get());
        assertTrue(resolved.get() >= RESOLVED_SHARE * shown.get(), what + ": named as the explanation on only "
                + resolved.get() + " of " + shown.get() + " cases where the plant showed");
    }

    private static String sigmaSlip(DeepCase c, SigmaSlipBackprop.Slip slip, Kind kind, AtomicInteger shown,
            AtomicInteger resolved) {
        int m = 1 + random(c).nextInt(c.network().depth() - 1);
        DeepGradient planted = new SigmaSlipBackprop(slip, m).gradient(c.network(), c.batch(), c.objective());
        Set<DeepParameter> changed = changed(c, planted, right(c));
        changed.removeIf(p -> p.layer() > m);
        Diagnosis d = diagnose(c, planted);
        boolean kinks = DeepGauges.of(c.network(), c.batch(), c.objective()).roundingKinks() > 0;
        boolean allResolved = true;
        for (DeepParameter p : d.wrongParameters()) {
            Optional<Finding> f = d.about(p);
            if (p.layer() > m || f.isEmpty()) {
                return p + ": want " + kind + " of layer " + m + "\n" + d;
            }
            boolean alternative = f.get().alternatives().stream().anyMatch(x -> x.kind() == kind && x.layer() == m);
            boolean primary = f.get().kind() == kind && f.get().layer() == m;
            // if not the best explanation, the slip must be named beside it, as a hypothesis the rule cannot rule out
            if (!primary && !alternative) {
                return p + ": want " + kind + " of layer " + m + ", as the explanation or beside it\n" + d;
            }
            allResolved &= primary;
        }
        if (!kinks && !d.wrongParameters().equals(List.copyOf(changed))) {
            return "wrong " + d.wrongParameters() + ", changed " + changed + "\n" + d;
        }
        if (!d.wrongParameters().isEmpty()) {
            shown.incrementAndGet();
            resolved.addAndGet(allResolved ? 1 : 0);
        }
        return null;
    }

    // ---- kinks -------------------------------------------------------------------------------------------------

    /**
     * The planted fault that takes one side of a kink for the weights and the other for the biases, on the
     * kink-planting cases: wherever the verdict rejects it, each wrong parameter is right for another choice of
     * side, and named as such; wherever the verdict accepts it (the mixed sides happen to be one consistent
     * choice), the diagnosis finds no wrong parameter either.
     */
    @Test
    void kinkSidesChosenPerParameterAreNamed() {
        DeepBackprop mixed = new PlantableDeepBackprop(Fault.KINK_SIDES_MIXED);
        AtomicInteger shown = new AtomicInteger();
        var r = property("kink sides mixed", Generators.deepKinkCases(), CASES, c -> {
            DeepGradient g = mixed.gradient(c.network(), c.batch(), c.objective());
            // at a kink "changed from the reference" is not "wrong": the mixed sides may happen to be one
            // consistent choice (a dead unit below hides the weights' side); the verdict decides
            boolean wrong = !DeepGradientChecks.againstForwardMode(mixed, c).passed();
            Diagnosis d = diagnose(c, g);
            if (wrong != !d.wrongParameters().isEmpty()) {
                return "the verdict " + (wrong ? "rejects" : "accepts") + " the gradient, the diagnosis disagrees\n"
                        + d;
            }
            if (!wrong) {
                return null;
            }
            shown.incrementAndGet();
            for (DeepParameter p : d.wrongParameters()) {
                if (d.about(p).map(Finding::kind).orElse(null) != Kind.KINK_SIDE) {
                    return p + ": want " + Kind.KINK_SIDE + "\n" + d;
                }
            }
            return null;
        });
        assertTrue(r.passed(), r::report);
        // the fault only shows where a pre-activation is exactly 0, which the kink generator plants on about a
        // tenth of its cases (its first offset, at the depths where the dyadic grid keeps z exact)
        System.out.println("kink sides mixed: the verdict rejected " + shown.get() + " of " + CASES + " cases");
        assertTrue(shown.get() >= CASES / 33, "the mixed-sides fault showed on only " + shown.get() + " cases");
    }

    // ---- where, and what else --------------------------------------------------------------------------------

    /** Which parameters are wrong: one; one whole layer; every parameter. */
    @Test
    void confinedSaysWhichParametersAreWrong() {
        AtomicInteger one = new AtomicInteger();
        AtomicInteger layer = new AtomicInteger();
        AtomicInteger every = new AtomicInteger();
        var r = property("confined", Generators.deepCases().assuming(c -> c.network().depth() >= 2), CASES, c -> {
            DeepGradient g = right(c);
            DeepParameter p = pick(c, q -> true);
            DeepGradient single = replace(g, p, scaled(g.get(p), 2.0));
            if (changed(c, single, g).equals(Set.of(p))) {
                one.incrementAndGet();
                Diagnosis d = diagnose(c, single);
                if (!confinedText(d).equals("only ∂ℓ/∂" + p.describe() + " is wrong; every other parameter is right")) {
                    return "one parameter\n" + d;
                }
            }
            int k = p.layer();
            DeepGradient wholeLayer = replace(replace(g, DeepParameter.weight(k), scaled(g.weight(k), 2.0)),
                    DeepParameter.bias(k), scaled(g.bias(k), -1.0));
            if (changed(c, wholeLayer, g).equals(Set.of(DeepParameter.weight(k), DeepParameter.bias(k)))) {
                layer.incrementAndGet();
                Diagnosis d = diagnose(c, wholeLayer);
                if (!confinedText(d).equals("wrong in layer " + k + " only (W" + k + ", b" + k
                        + "); every other parameter is right")) {
                    return "one layer\n" + d;
                }
            }
            DeepGradient all = g;
            for (DeepParameter q : g.parameters()) {
                all = replace(all, q, scaled(g.get(q), q.isWeight() ? 2.0 : -1.0));
            }
            if (changed(c, all, g).size() == g.parameters().size()) {
                every.incrementAndGet();
                Diagnosis d = diagnose(c, all);
                if (!confinedText(d).equals("every parameter is wrong, in every layer")) {
                    return "every parameter\n" + d;
                }
            }
            return null;
        });
        assertTrue(r.passed(), r::report);
        assertShowedEnough("one parameter", one);
        assertShowedEnough("one layer", layer);
        assertShowedEnough("every parameter", every);
    }

    private static String confinedText(Diagnosis d) {
        List<Finding> f = d.findings(Kind.CONFINED);
        return f.size() == 1 ? f.get(0).text() : "(" + f.size() + " CONFINED findings)";
    }

    /** One parameter set to zeros where the right one is not: zero, that parameter only. */
    @Test
    void aZeroGradientIsNamed() {
        AtomicInteger shown = new AtomicInteger();
        var r = property("zero", Generators.deepCases(), CASES, c -> {
            DeepParameter p = pick(c, q -> true);
            DeepGradient g = right(c);
            DeepGradient planted = replace(g, p, Matrix.zeros(g.get(p).rows(), g.get(p).cols()));
            Set<DeepParameter> changed = changed(c, planted, g);
            if (changed.isEmpty()) {
                return null;
            }
            shown.incrementAndGet();
            return namesExactly(diagnose(c, planted), changed, Kind.ZERO, f -> null);
        });
        assertTrue(r.passed(), r::report);
        assertShowedEnough("zero", shown);
    }

    /**
     * Random noise on the entries of one weight matrix of at least two entries, each entry moved by its own
     * random amount of the order of the largest: unexplained, with its worst entries listed, all in that matrix.
     */
    @Test
    void anUnexplainedErrorGetsItsWorstEntries() {
        AtomicInteger shown = new AtomicInteger();
        var r = property("unexplained", Generators.deepCases(), CASES, c -> {
            DeepGradient g = right(c);
            DeepParameter p = pick(c, q -> q.isWeight() && g.get(q).rows() * g.get(q).cols() >= 2);
            if (p == null) {
                return null;
            }
            Matrix m = g.get(p);
            // moves of the order of the largest entry, and at least 10⁶ times the largest rounding bound of the
            // parameter, so that no hypothesis can absorb them as rounding
            DeepGauges gauges = DeepGauges.of(c.network(), c.batch(), c.objective());
            Matrix gauge = gauges.gradient().get(p);
            double step = Double.MIN_NORMAL;
            for (int i = 0; i < m.rows(); i++) {
                for (int j = 0; j < m.cols(); j++) {
                    step = Math.max(step, Math.max(Math.abs(m.get(i, j)),
                            1e6 * Tolerances.EPSILON * gauges.k() * gauge.get(i, j)));
                }
            }
            SplittableRandom noise = random(c);
            double[] moves = new double[m.rows() * m.cols()];
            for (int i = 0; i < moves.length; i++) {
                moves[i] = step * (0.3 + noise.nextDouble());
            }
            DeepGradient planted = replace(g, p, Matrix.fromFunction(m.rows(), m.cols(),
                    (i, j) -> m.get(i, j) + moves[i * m.cols() + j]));
            Set<DeepParameter> changed = changed(c, planted, g);
            if (changed.isEmpty()) {
                // a gradient whose rounding bound dwarfs its values (a cancellation): no noise of this size shows
                return null;
            }
            shown.incrementAndGet();
            Diagnosis d = diagnose(c, planted);
            String named = namesExactly(d, changed, Kind.UNEXPLAINED, f -> null);
            if (named != null) {
                return named;
            }
            if (d.worstEntries().isEmpty() || d.worstEntries().stream().anyMatch(e -> !e.parameter().equals(p))
                    || d.lines().stream().noneMatch(l -> l.startsWith("worst entry: ∂ℓ/∂" + p.describe()))) {
                return "worst entries must be listed, all in " + p + "\n" + d;
            }
            // the entry as written: numerator layout, so (row, col) indexes the reference's matrix directly
            Diagnosis.Entry e = d.worstEntries().get(0);
            if (planted.get(p).get(e.row(), e.col()) != e.got()) {
                return "the worst entry's got is not the written value at its (row, col)\n" + d;
            }
            return null;
        });
        assertTrue(r.passed(), r::report);
        assertShowedEnough("unexplained", shown);
    }

    /** A matrix of neither layout's shape, and a gradient with the wrong number of layers: shape. */
    @Test
    void aShapeThatFitsNoLayoutIsNamed() {
        AtomicInteger shown = new AtomicInteger();
        var r = property("shape", Generators.deepCases(), CASES, c -> {
            DeepGradient g = right(c);
            DeepParameter p = pick(c, q -> true);
            List<Matrix> w = weights(g);
            List<Matrix> b = biases(g);
            Matrix m = g.get(p);
            // (r + 1)×(c + 2) is neither r×c nor c×r: that would need r + 1 = c and c + 2 = r
            Matrix bigger = Matrix.zeros(m.rows() + 1, m.cols() + 2);
            (p.isWeight() ? w : b).set(p.layer() - 1, bigger);
            shown.incrementAndGet();
            Diagnosis d = diagnose(c, g.layout(), w, b);
            String named = namesExactly(d, Set.of(p), Kind.SHAPE,
                    f -> f.text().contains("neither the numerator layout's") ? null : "finding " + f);
            if (named != null) {
                return named;
            }
            Diagnosis layers = diagnose(c, g.layout(), w.subList(0, w.size() - 1), b.subList(0, b.size() - 1));
            return layers.has(Kind.SHAPE) && layers.triage() == Kind.IMPLEMENTATION_WRONG ? null
                    : "a layer missing\n" + layers;
        });
        assertTrue(r.passed(), r::report);
        assertEquals(CASES, shown.get());
    }

    // ---- triage ------------------------------------------------------------------------------------------------

    /**
     * DESIGN.md §3's triage, every combination: both oracles agree → nothing; both disagree → the implementation;
     * only AD, where finite differences could not have seen the error → still the implementation; only one, and
     * it could have agreed → an oracle's limit near a kink or cancellation, else the suite's own fault.
     */
    @Test
    void triageFollowsTheDesign() {
        for (boolean exact : new boolean[] {true, false}) {
            for (boolean fd : new boolean[] {true, false}) {
                for (boolean couldSee : new boolean[] {true, false}) {
                    for (boolean near : new boolean[] {true, false}) {
                        Kind want;
                        if (exact && fd) {
                            want = null;
                        } else if (!exact && !fd) {
                            want = Kind.IMPLEMENTATION_WRONG;
                        } else if (!exact && !couldSee) {
                            want = Kind.IMPLEMENTATION_WRONG;
                        } else {
                            want = near ? Kind.ORACLE_LIMIT : Kind.SUITE_FAULT;
                        }
                        assertEquals(want, Diagnoser.triage(exact, fd, couldSee, near),
                                "exact " + exact + ", fd " + fd + ", fd could see " + couldSee + ", near " + near);
                    }
                }
            }
        }
    }

    /**
     * A second implementation beside the diagnosed one: this wrong and the other right → the bug is in this one's
     * own steps; both wrong alike → the shared derivation; both wrong differently; this right and the other wrong;
     * both right → no finding.
     */
    @Test
    void aSecondImplementationLocatesTheBug() {
        AtomicInteger shown = new AtomicInteger();
        var r = property("second implementation", Generators.deepCases(), CASES, c -> {
            DeepGradient g = right(c);
            DeepParameter p = pick(c, q -> true);
            DeepGradient doubled = replace(g, p, scaled(g.get(p), 2.0));
            DeepGradient flipped = replace(g, p, scaled(g.get(p), -1.0));
            if (changed(c, doubled, g).isEmpty() || changed(c, flipped, doubled).isEmpty()) {
                return null;
            }
            shown.incrementAndGet();
            DeepGradient optimized = OPTIMIZED.gradient(c.network(), c.batch(), c.objective());
            List<Object[]> expectations = new ArrayList<>();
            expectations.add(new Object[] {doubled, g, Kind.OPTIMISATION_WRONG});
            expectations.add(new Object[] {doubled, replace(g, p, scaled(g.get(p), 2.0)), Kind.DERIVATION_WRONG});
            expectations.add(new Object[] {doubled, flipped, Kind.BOTH_WRONG});
            expectations.add(new Object[] {optimized, doubled, Kind.OTHER_WRONG});
            for (Object[] e : expectations) {
                Diagnosis d = Diagnoser.compared(c.network(), c.batch(), c.objective(), "optimized",
                        (DeepGradient) e[0], Precision.FLOAT64, "reference", (DeepGradient) e[1]);
                if (!d.has((Kind) e[2])) {
                    return "want " + e[2] + "\n" + d;
                }
            }
            Diagnosis both = Diagnoser.compared(c.network(), c.batch(), c.objective(), "optimized", optimized,
                    Precision.FLOAT64, "reference", g);
            return both.findings().isEmpty() ? null : "both right, yet\n" + both;
        });
        assertTrue(r.passed(), r::report);
        assertShowedEnough("second implementation", shown);
    }
}
