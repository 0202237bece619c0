package dev.backprop.verification.large;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.numeric.DeepForwardModeAd;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.numeric.DeepParameters;
import dev.backprop.verification.numeric.DirectionalDerivative;
import dev.backprop.verification.numeric.RankOneDirections;
import dev.backprop.verification.numeric.Tolerances;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The one-tangent oracle {@link DirectionalDerivative} against the full forward-mode AD gradient of
 * {@link DeepForwardModeAd}: D_uℓ = ⟨∇ℓ, u⟩ by the rounding rule of {@link ProjectionCheck#tolerance} (ρ = 1: the AD
 * gradient is itself right to rounding), for several Rademacher directions per case, on every small deep case of
 * {@link Generators#deepCases()} and on the kink-planted {@link Generators#deepKinkCases()} — there for every joint
 * choice of sides at the rounding kinks, the forced slopes of both oracles built by
 * {@link DirectionalDerivative#forcedSlopes}. The two share only σ's and the loss's definitions on derivative
 * structures; the linear algebra, the order of the sums and the number of free variables all differ.
 */
class DirectionalDerivativeTest {
    static final int EXAMPLES = 200;
    static final int DIRECTIONS = 3;

    /** Every side pattern, every direction: the worst |D_uℓ − ⟨∇ℓ, u⟩| / T of one case. */
    static Observation againstFullAd(DeepCase c) {
        DeepNetwork net = c.network();
        DeepGauges gauges = DeepGauges.of(net, c.batch(), c.objective());
        List<List<int[]>> groups = gauges.kinkGroups();
        DeepParameters layout = DeepParameters.of(net);
        DirectionalDerivative oracle = DirectionalDerivative.of(net, c.batch(), c.objective());
        double gaugeNorm = norm(layout.flatten(gauges.gradient()));
        SplittableRandom random = new SplittableRandom(c.recipe().hashCode());
        double worst = 0.0;
        for (int pattern = 0; pattern < 1 << groups.size(); pattern++) {
            double[][][] slopes = groups.isEmpty() ? null
                    : DirectionalDerivative.forcedSlopes(net, c.batch().size(), groups, pattern);
            double[] exact = layout.flatten(DeepForwardModeAd.gradient(net, c.batch(), c.objective(), slopes));
            double tolerance = ProjectionCheck.tolerance(gaugeNorm, norm(exact), layout.count(), gauges.k(),
                    oracle.k(), 1.0);
            for (int d = 0; d < DIRECTIONS; d++) {
                double[] u = ProjectionCheck.rademacher(random, layout.count());
                double want = ProjectionCheck.innerProduct(exact, u);
                double got = oracle.along(u, slopes);
                double scaled = Math.abs(got - want) / tolerance;
                if (!(scaled <= Tolerances.ROUNDING_THRESHOLD)) {
                    return Observation.fail(scaled, String.format(Locale.ROOT,
                            "sides %d direction %d: D_uℓ=%.17g, ⟨∇ℓ_AD,u⟩=%.17g, T=%.3g, scaled %.3g", pattern, d, got,
                            want, tolerance, scaled));
                }
                worst = Math.max(worst, scaled);
            }
        }
        return new Observation(Observation.Kind.PASS, worst, "", 0, gauges.roundingKinks());
    }

    /**
     * The batched rank-one pass, every side pattern: D_uℓ for m = {@link #DIRECTIONS} rank-one directions at once
     * against ⟨∇ℓ_AD, u⟩ with u the direction's flat form (P entries ±1, summed pairwise by
     * {@link ProjectionCheck#innerProduct}), by the same rule; and that flat form is rank one with entries ±1.
     */
    static Observation rankOneAgainstFullAd(DeepCase c) {
        DeepNetwork net = c.network();
        DeepGauges gauges = DeepGauges.of(net, c.batch(), c.objective());
        List<List<int[]>> groups = gauges.kinkGroups();
        DeepParameters layout = DeepParameters.of(net);
        DirectionalDerivative oracle = DirectionalDerivative.of(net, c.batch(), c.objective());
        double gaugeNorm = norm(layout.flatten(gauges.gradient()));
        RankOneDirections directions = RankOneDirections.draw(net, DIRECTIONS, new SplittableRandom(
                c.recipe().hashCode()));
        double worst = 0.0;
        for (int pattern = 0; pattern < 1 << groups.size(); pattern++) {
            double[][][] slopes = groups.isEmpty() ? null
                    : DirectionalDerivative.forcedSlopes(net, c.batch().size(), groups, pattern);
            double[] exact = layout.flatten(DeepForwardModeAd.gradient(net, c.batch(), c.objective(), slopes));
            double tolerance = ProjectionCheck.tolerance(gaugeNorm, norm(exact), layout.count(), gauges.k(),
                    oracle.k(), 1.0);
            double[] got = oracle.along(directions, slopes);
            for (int d = 0; d < DIRECTIONS; d++) {
                double[] u = directions.flat(d);
                String shape = rankOneWithSigns(net, u);
                if (!shape.isEmpty()) {
                    return Observation.fail(Double.POSITIVE_INFINITY, "direction " + d + ": " + shape);
                }
                double want = ProjectionCheck.innerProduct(exact, u);
                double scaled = Math.abs(got[d] - want) / tolerance;
                if (!(scaled <= Tolerances.ROUNDING_THRESHOLD)) {
                    return Observation.fail(scaled, String.format(Locale.ROOT,
                            "rank one, sides %d direction %d: D_uℓ=%.17g, ⟨∇ℓ_AD,u⟩=%.17g, T=%.3g, scaled %.3g",
                            pattern, d, got[d], want, tolerance, scaled));
                }
                worst = Math.max(worst, scaled);
            }
        }
        return new Observation(Observation.Kind.PASS, worst, "", 0, gauges.roundingKinks());
    }

    /** "" if u is ±1 everywhere and rank one on every W_k (u_il·u_i'l' = u_il'·u_i'l), else what is wrong. */
    static String rankOneWithSigns(DeepNetwork net, double[] u) {
        int at = 0;
        for (int k = 1; k <= net.depth(); k++) {
            int rows = net.width(k);
            int cols = net.width(k - 1);
            for (int i = 0; i < rows; i++) {
                for (int l = 0; l < cols; l++) {
                    double x = u[at + i * cols + l];
                    if (x != 1.0 && x != -1.0) {
                        return "entry (" + i + ", " + l + ") of W" + k + " is " + x;
                    }
                    if (x * u[at] != u[at + l] * u[at + i * cols]) {
                        return "W" + k + "'s direction is not rank one at (" + i + ", " + l + ")";
                    }
                }
            }
            at += rows * cols + rows;
        }
        return "";
    }

    @Test
    void rankOneDirectionsEqualTheFullGradientOnDeepCases() {
        PropertyResult r = PropertyRun.run("rank-one D_uℓ vs ⟨AD gradient, u⟩ on deep cases", Generators.deepCases(),
                EXAMPLES, PropertyRun.DEFAULT_SEED, DirectionalDerivativeTest::rankOneAgainstFullAd);
        System.out.println(r.report());
        assertTrue(r.passed(), r::report);
        assertEquals(EXAMPLES, r.cases(), r::report);
    }

    @Test
    void rankOneDirectionsEqualTheFullGradientForEverySidePatternOnKinkCases() {
        PropertyResult r = PropertyRun.run("rank-one D_uℓ vs ⟨AD gradient, u⟩ on kink cases",
                Generators.deepKinkCases(), EXAMPLES, PropertyRun.DEFAULT_SEED,
                DirectionalDerivativeTest::rankOneAgainstFullAd);
        System.out.println(r.report() + " (points on a kink within rounding: " + r.onKink() + ")");
        assertTrue(r.passed(), r::report);
        assertEquals(EXAMPLES, r.cases(), r::report);
        assertTrue(r.onKink() > 0, () -> "no kink within rounding met, forced slopes untested: " + r.report());
    }

    /**
     * The chunked inner products of the projection check against the dense pairwise ⟨g, u⟩ of each direction's flat
     * form: both are within their rounding bounds of the exact value, so of each other within ε·(D + ⌈log₂ P⌉)·‖g‖₁,
     * on every deep case, with g the AD gradient.
     */
    @Test
    void rankOneInnerProductsAgreeWithTheDenseOnes() {
        PropertyResult r = PropertyRun.run("rank-one ⟨g,u⟩ vs dense pairwise ⟨g,u⟩", Generators.deepCases(), EXAMPLES,
                PropertyRun.DEFAULT_SEED, c -> {
                    DeepParameters layout = DeepParameters.of(c.network());
                    double[] g = layout.flatten(DeepForwardModeAd.gradient(c.network(), c.batch(), c.objective(),
                            null));
                    RankOneDirections directions = RankOneDirections.draw(c.network(), DIRECTIONS,
                            new SplittableRandom(c.recipe().hashCode()));
                    double[] got = RankOneInnerProducts.of(g, directions);
                    double bound = ProjectionCheck.tolerance(0.0, norm(g), g.length,
                            RankOneInnerProducts.depth(directions) + Sums.levels(g.length), 0, 0, 1.0);
                    double worst = 0.0;
                    for (int d = 0; d < DIRECTIONS; d++) {
                        double want = ProjectionCheck.innerProduct(g, directions.flat(d));
                        double diff = Math.abs(got[d] - want);
                        if (!(diff <= bound)) {
                            return Observation.fail(diff / bound, "direction " + d + ": " + got[d] + " vs " + want
                                    + ", bound " + bound);
                        }
                        worst = Math.max(worst, diff / bound);
                    }
                    return Observation.pass(worst);
                });
        System.out.println(r.report());
        assertTrue(r.passed(), r::report);
        assertEquals(EXAMPLES, r.cases(), r::report);
    }

    static double norm(double[] x) {
        double sum = 0.0;
        for (double v : x) {
            sum += Math.abs(v);
        }
        return sum;
    }

    static PropertyResult assertAgrees(String name, Gen<DeepCase> cases) {
        PropertyResult r = PropertyRun.run(name, cases, EXAMPLES, PropertyRun.DEFAULT_SEED,
                DirectionalDerivativeTest::againstFullAd);
        System.out.println(r.report() + " (points on a kink within rounding: " + r.onKink() + ")");
        assertTrue(r.passed(), r::report);
        assertEquals(EXAMPLES, r.cases(), r::report);
        return r;
    }

    @Test
    void equalsTheFullGradientAlongRandomDirectionsOnDeepCases() {
        assertAgrees("D_uℓ vs ⟨AD gradient, u⟩ on deep cases", Generators.deepCases());
    }

    /** On the kink cases every side pattern is compared, so forced slopes are exercised where they matter. */
    @Test
    void equalsTheFullGradientForEverySidePatternOnKinkCases() {
        PropertyResult r = assertAgrees("D_uℓ vs ⟨AD gradient, u⟩ on kink cases", Generators.deepKinkCases());
        assertTrue(r.onKink() > 0, () -> "no kink within rounding met, forced slopes untested: " + r.report());
    }

    /**
     * The plain forward pass gives ℓ by the spec's definitions: against {@link Objective#value} of outputs computed
     * here by the network's formula, within two evaluations' rounding; {@code evaluate} at θ itself is the same
     * computation (bit for bit, nothing crossed, held = ℓ).
     */
    @Test
    void lossIsTheObjectiveOfTheForwardPass() {
        PropertyResult r = PropertyRun.run("ℓ of the oracle vs Objective.value", Generators.deepCases(), EXAMPLES,
                PropertyRun.DEFAULT_SEED, c -> {
                    DirectionalDerivative oracle = DirectionalDerivative.of(c.network(), c.batch(), c.objective());
                    double want = c.objective().value(outputs(c.network(), c.batch()), c.batch().targets());
                    DeepGauges gauges = DeepGauges.of(c.network(), c.batch(), c.objective());
                    double rounding = 0.0;
                    for (int b = 0; b < c.batch().size(); b++) {
                        rounding += gauges.sampleLossRounding(b);
                    }
                    double bound = 2 * gauges.weight() * rounding;
                    DirectionalDerivative.Evaluation at = oracle.evaluate(DeepParameters.of(c.network())
                            .flatten(c.network()));
                    if (at.loss() != oracle.loss() || at.held() != oracle.loss() || at.kinksCrossed() != 0) {
                        return Observation.fail(Double.POSITIVE_INFINITY, "evaluate(θ) = " + at + ", loss() = "
                                + oracle.loss());
                    }
                    double diff = Math.abs(oracle.loss() - want);
                    return diff <= bound ? Observation.pass(bound > 0 ? diff / bound : 0.0)
                            : Observation.fail(diff / bound, "ℓ=" + oracle.loss() + " want " + want + " bound "
                                    + bound);
                });
        System.out.println(r.report());
        assertTrue(r.passed(), r::report);
        assertEquals(EXAMPLES, r.cases(), r::report);
    }

    /**
     * The held evaluation continues each ReLU piece past its kink, and {@code heldNetworkAt} is the network whose
     * plain forward pass is that evaluation (its gauges bound the held loss's rounding): on a ReLU network moved far
     * enough to cross many kinks, w·Σ_b ℓ_b of the per-sample held networks equals the held loss within rounding, and
     * differs from ℓ itself (so the pieces really were held).
     */
    @Test
    void heldNetworksReproduceTheHeldLoss() {
        for (Activation kinked : List.of(Activation.RELU, Activation.LEAKY_RELU)) {
            DeepCase c = Generators.deepCase(new int[] {6, 8, 7, 3}, List.of(kinked, kinked),
                    new Objective(Loss.HALF_SQUARED_ERROR, Reduction.MEAN), 5, 1.0, Generators.Targets.RANDOM, 11L);
            DirectionalDerivative oracle = DirectionalDerivative.of(c.network(), c.batch(), c.objective());
            double[] theta = DeepParameters.of(c.network()).flatten(c.network());
            double[] v = TaylorRemainder.direction(c.network(), 3L);
            double[] moved = new double[theta.length];
            for (int i = 0; i < theta.length; i++) {
                moved[i] = theta[i] + 0.5 * v[i];
            }
            DirectionalDerivative.Evaluation e = oracle.evaluate(moved);
            assertTrue(e.kinksCrossed() > 0, () -> "the step crossed no kink: " + e);
            assertTrue(e.held() != e.loss(), () -> "held and unheld losses agree although kinks were crossed: " + e);
            double sum = 0.0;
            double bound = 0.0;
            Objective single = new Objective(c.objective().loss(), Reduction.SUM);
            for (int b = 0; b < c.batch().size(); b++) {
                Batch one = Batch.single(c.batch().input(b), c.batch().target(b));
                DeepNetwork held = oracle.heldNetworkAt(moved, b);
                sum += DirectionalDerivative.of(held, one, single).loss();
                bound += 2 * DeepGauges.of(held, one, single).sampleLossRounding(0);
            }
            double weight = c.objective().reduction().weight(c.batch().size());
            double perSample = weight * sum;
            double diff = Math.abs(perSample - e.held());
            double limit = weight * bound;
            assertTrue(diff <= limit, () -> kinked + ": held loss " + e.held() + ", per-sample held networks "
                    + perSample + ", difference " + diff + " > " + limit);
        }
    }

    /** Ŷ = z_L by the network's formula, one sample at a time (the test's own loops). */
    private static Matrix outputs(DeepNetwork net, Batch batch) {
        double[][] out = new double[net.outputSize()][batch.size()];
        for (int b = 0; b < batch.size(); b++) {
            double[] s = batch.input(b).toArray();
            for (int k = 1; k <= net.depth(); k++) {
                double[] z = new double[net.width(k)];
                for (int i = 0; i < z.length; i++) {
                    z[i] = net.bias(k).get(i);
                    for (int j = 0; j < s.length; j++) {
                        z[i] += net.weight(k).get(i, j) * s[j];
                    }
                    if (k < net.depth()) {
                        z[i] = net.activation(k).value(z[i]);
                    }
                }
                s = z;
            }
            for (int i = 0; i < s.length; i++) {
                out[i][b] = s[i];
            }
        }
        return Matrix.fromRows(out);
    }

    /** Shapes are refused with a message, not silently misread. */
    @Test
    void refusesADirectionOfTheWrongLength() {
        DeepCase c = LargeModels.SMALL;
        DirectionalDerivative oracle = DirectionalDerivative.of(c.network(), c.batch(), c.objective());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> oracle.along(new double[oracle.count() - 1]));
        assertTrue(e.getMessage().contains(String.valueOf(oracle.count())), e.getMessage());
        assertEquals(DeepParameters.of(c.network()).count(), oracle.count());
    }
}
