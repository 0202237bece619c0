package dev.backprop.verification.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checker's rules, each on a derivation built for it: rounding passes and a real error fails, the first
 * wrong step is named and the ones after it are not, an earlier break on a later instance wins, indices past the
 * end are ill-formed, ∂/∂ is exact and follows definitions, and the instances are the documented ones.
 */
class ProofCheckTest {
    private static final ProofCheck CHECK = ProofCheck.standard();

    /** x_i² − y_i² three ways: equal in exact arithmetic, rounded differently. */
    private static Derivation.Builder squares() {
        return Derivation.over("i:n").titled("difference of squares").input("x", "n").input("y", "n")
                .step("x_i² − y_i²", p -> p.at("x", "i").squared().minus(p.at("y", "i").squared()))
                .step("(x_i + y_i)(x_i − y_i)", p -> p.at("x", "i").plus(p.at("y", "i"))
                        .times(p.at("x", "i").minus(p.at("y", "i"))));
    }

    @Test
    void stepsThatDifferOnlyByRoundingHold() {
        ProofResult r = squares()
                .step("Σ_l δ_il (x_l² − y_l²)", p -> p.sum("l", "n",
                        q -> q.delta("i", "l").times(q.at("x", "l").squared().minus(q.at("y", "l").squared()))))
                .build().check();
        assertEquals(ProofVerdict.HOLDS, r.verdict(), r.describe());
        assertTrue(r.worstScaledError() <= 1.0, r.describe());
        assertTrue(r.comparisons() > 0, r.describe());
    }

    @Test
    void aRelativeErrorOfTwoToTheMinusTwentyFails() {
        // 2⁻²⁰ ≈ 1e-6 relative: 2³² times the unit roundoff, far beyond any rounding of a two-term expression
        ProofResult r = squares()
                .step("(x_i + y_i)(x_i − y_i)(1 + 2⁻²⁰)", p -> p.at("x", "i").plus(p.at("y", "i"))
                        .times(p.at("x", "i").minus(p.at("y", "i"))).times(1 + 0x1p-20))
                .build().check();
        assertEquals(ProofVerdict.FAILS, r.verdict(), r.describe());
        StepBreak b = r.firstBreak().orElseThrow();
        assertEquals(3, b.step(), r.describe());
        assertTrue(b.scaledError() > 1e6, r.describe());
        assertEquals(b.previousValue() * (1 + 0x1p-20), b.value(), Math.abs(b.value()) * 1e-15, r.describe());
    }

    /** Σ_j a_j δ_ij = a_i for a vector a over n; step 3 is wrong by a factor 2 wherever a_i ≠ 0. */
    private static Derivation.Builder kronecker() {
        return Derivation.over("i:n").titled("δ").input("a", "n")
                .step("Σ_j a_j δ_ij", p -> p.sum("j", "n", q -> q.at("a", "j").times(q.delta("i", "j"))))
                .step("a_i", p -> p.at("a", "i"));
    }

    @Test
    void theFirstWrongStepIsNamedAndTheStepsAfterItAreNot() {
        ProofResult r = kronecker()
                .step("2 a_i", p -> p.at("a", "i").times(2.0)) // wrong
                .step("a_i + a_i", p -> p.at("a", "i").plus(p.at("a", "i"))) // equals the wrong step 3
                .step("a_i", p -> p.at("a", "i")) // disagrees with step 4, but step 3 is the culprit
                .build().check();
        StepBreak b = r.firstBreak().orElseThrow();
        assertEquals(ProofVerdict.FAILS, b.kind(), r.describe());
        assertEquals(3, b.step(), r.describe());
        assertEquals("2 a_i", b.stepText());
        assertEquals("a_i", b.previousText());
        // the first tuple, i = 0, already differs: 2a_0 ≠ a_0 unless a_0 = 0
        assertEquals("i=0", b.indices(), r.describe());
        assertEquals(2 * b.previousValue(), b.value(), 0.0, r.describe());
    }

    @Test
    void ofTwoWrongStepsTheEarlierIsNamed() {
        ProofResult r = kronecker()
                .step("−a_i", p -> p.at("a", "i").negate()) // wrong: step 3
                .step("−a_i", p -> p.at("a", "i").negate())
                .step("3 a_i", p -> p.at("a", "i").times(3.0)) // wrong again: step 5
                .build().check();
        assertEquals(3, r.firstBreak().orElseThrow().step(), r.describe());
    }

    @Test
    void anEarlierBreakOnALaterInstanceIsNamedBeforeALaterBreakOnAnEarlierOne() {
        // step 2 is wrong only when n = 1 (met on the all-ones instance, the second of each round); step 4 is wrong
        // everywhere, so the first instance (all dimensions distinct, n ≥ 2) breaks at step 4 first
        Derivation d = Derivation.over("i:n").titled("two breaks").input("a", "n")
                .step("a_i", p -> p.at("a", "i"))
                .step("a_i, unless n = 1", p -> p.size("n") == 1 ? p.at("a", "i").plus(p.constant(1)) : p.at("a", "i"))
                .step("a_i", p -> p.at("a", "i"))
                .step("a_i + 1", p -> p.at("a", "i").plus(p.constant(1)))
                .build();
        ProofResult r = d.check();
        StepBreak b = r.firstBreak().orElseThrow();
        assertEquals(2, b.step(), r.describe());
        assertEquals(Map.of("n", 1), b.instance().dims(), r.describe());
        // and on the first instance alone the break is at step 4
        ProofCheck.Instance first = CHECK.instances(d).get(0);
        assertNotEquals(1, first.dims().get("n"));
        assertEquals(4, ProofCheck.check(d, List.of(first)).firstBreak().orElseThrow().step());
    }

    @Test
    void aBreakIsReplayedFromItsInstance() {
        Derivation d = kronecker().step("a_i + a_0 − a_0 δ_i0 … wrong for i > 0", p -> p.index("i") == 0
                ? p.at("a", "i") : p.at("a", "i").plus(p.entry("a", 0))).build();
        StepBreak b = d.check().firstBreak().orElseThrow();
        StepBreak again = ProofCheck.check(d, List.of(b.instance())).firstBreak().orElseThrow();
        assertEquals(b, again);
        assertEquals("i=1", b.indices());
    }

    /** Prop 1's last step with x_j for x_k: j runs over h, x over d. */
    private static Derivation wrongIndex() {
        return Derivation.over("i:h, j:h, k:d").titled("δ_ij x_j").input("x", "d")
                .step("Σ_l δ_ij δ_lk x_l",
                        p -> p.sum("l", "d", q -> q.delta("i", "j").times(q.delta("l", "k")).times(q.at("x", "l"))))
                .step("δ_ij x_j", p -> p.delta("i", "j").times(p.at("x", "j")))
                .build();
    }

    @Test
    void anIndexPastTheEndOfItsQuantityIsIllFormedAndNamed() {
        Map<String, Integer> dims = new LinkedHashMap<>();
        dims.put("h", 3);
        dims.put("d", 2);
        ProofResult r = ProofCheck.check(wrongIndex(), List.of(new ProofCheck.Instance(dims, 1L, null)));
        StepBreak b = r.firstBreak().orElseThrow();
        assertEquals(ProofVerdict.ILL_FORMED, b.kind(), r.describe());
        assertEquals(2, b.step());
        // the first tuple with j = 2 ≥ d: i = 0, j = 2, k = 0
        assertEquals("i=0, j=2, k=0", b.indices(), r.describe());
        assertTrue(b.message().contains("j = 2") && b.message().contains("past the end"), b.message());
    }

    @Test
    void anIndexOfTheWrongRangeThatStaysInRangeFailsWithBothValues() {
        Map<String, Integer> dims = new LinkedHashMap<>();
        dims.put("h", 2);
        dims.put("d", 3);
        ProofResult r = ProofCheck.check(wrongIndex(), List.of(new ProofCheck.Instance(dims, 1L, null)));
        StepBreak b = r.firstBreak().orElseThrow();
        assertEquals(ProofVerdict.FAILS, b.kind(), r.describe());
        // (0,0,0) agrees (x_0 both); (0,0,1) compares x_0 with x_1
        assertEquals("i=0, j=0, k=1", b.indices(), r.describe());
        assertNotEquals(b.value(), b.previousValue());
        assertTrue(r.describe().contains("step 2 breaks"), r.describe());
    }

    @Test
    void aFirstStepThatCannotBeEvaluatedIsNamed() {
        ProofResult r = Derivation.over("i:n").titled("unknown").input("a", "n")
                .step("b_i", p -> p.at("b", "i"))
                .step("a_i", p -> p.at("a", "i"))
                .build().check();
        assertEquals(ProofVerdict.ILL_FORMED, r.verdict(), r.describe());
        assertEquals(1, r.firstBreak().orElseThrow().step());
        assertTrue(r.firstBreak().orElseThrow().message().contains("no quantity named b"), r.describe());
    }

    @Test
    void aDerivativeIsExactAndAWrongOneFails() {
        Derivation.Builder d = Derivation.over("i:n, j:n").titled("∂(x_i²)/∂x_j").input("x", "n")
                .step("∂(x_i²)/∂x_j", p -> p.derivative("x", "j").of(q -> q.at("x", "i").squared()));
        assertEquals(ProofVerdict.HOLDS, d.step("2 x_i δ_ij", p -> p.at("x", "i").times(2.0).times(p.delta("i", "j")))
                .build().check().verdict());
        ProofResult wrong = Derivation.over("i:n, j:n").titled("∂(x_i²)/∂x_j").input("x", "n")
                .step("∂(x_i²)/∂x_j", p -> p.derivative("x", "j").of(q -> q.at("x", "i").squared()))
                .step("3 x_i δ_ij", p -> p.at("x", "i").times(3.0).times(p.delta("i", "j")))
                .build().check();
        StepBreak b = wrong.firstBreak().orElseThrow();
        assertEquals(2, b.step());
        assertEquals("i=0, j=0", b.indices(), wrong.describe());
        assertEquals(1.5 * b.previousValue(), b.value(), Math.abs(b.value()) * 1e-15, wrong.describe());
    }

    @Test
    void aDerivativeFollowsDefinitionsAndTakesTheVariableAsIndependent() {
        // u_a = x_a², v = Σ_a u_a: ∂v/∂x_i = 2x_i through u, but ∂v/∂u_i = 1 with u independent of x
        Derivation.Builder base = Derivation.over("i:n").titled("chain").input("x", "n")
                .define("u", "a:n", p -> p.at("x", "a").squared())
                .define("v", "", p -> p.sum("a", "n", q -> q.at("u", "a")));
        assertEquals(ProofVerdict.HOLDS, base.step("∂v/∂x_i", p -> p.partial("v").wrt("x", "i"))
                .step("2 x_i", p -> p.at("x", "i").times(2.0)).build().check().verdict());
        Derivation.Builder again = Derivation.over("i:n").titled("independent").input("x", "n")
                .define("u", "a:n", p -> p.at("x", "a").squared())
                .define("v", "", p -> p.sum("a", "n", q -> q.at("u", "a")));
        assertEquals(ProofVerdict.HOLDS, again.step("∂v/∂u_i", p -> p.partial("v").wrt("u", "i"))
                .step("1", p -> p.constant(1)).build().check().verdict());
    }

    @Test
    void theActivationsDerivativeAgreesWithSigmasOwnUnderEveryActivation() {
        ProofResult r = Derivation.over("i:n").titled("σ'").input("z", "n").activations(Activation.values())
                .step("∂σ(z_i)/∂z_i", p -> p.derivative("z", "i").of(q -> q.sigma(q.at("z", "i"))))
                .step("σ'(z_i)", p -> p.sigmaPrime(p.at("z", "i")))
                .build().check();
        assertEquals(ProofVerdict.HOLDS, r.verdict(), r.describe());
        Set<Activation> seen = new HashSet<>();
        CHECK.instances(Derivation.over("i:n").input("z", "n").activations(Activation.values())
                .step("a", p -> p.constant(0)).step("b", p -> p.constant(0)).build())
                .forEach(i -> seen.add(i.activation()));
        assertEquals(Set.of(Activation.values()), seen);
    }

    @Test
    void aDerivativeInsideADerivativeIsRefusedAsAnError() {
        ProofResult r = Derivation.over("i:n").titled("second").input("x", "n")
                .step("∂(∂(x_i³)/∂x_i)/∂x_i", p -> p.derivative("x", "i").of(
                        q -> q.derivative("x", "i").of(u -> u.at("x", "i").squared().times(u.at("x", "i")))))
                .step("6 x_i", p -> p.at("x", "i").times(6.0))
                .build().check();
        assertEquals(ProofVerdict.ERROR, r.verdict(), r.describe());
        assertTrue(r.firstBreak().orElseThrow().message().contains("only first derivatives"), r.describe());
    }

    @Test
    void aDefinitionThatReachesItselfAndSigmaWithoutActivationAreIllFormed() {
        ProofResult loop = Derivation.over("i:n").titled("loop").input("x", "n")
                .define("u", "a:n", p -> p.at("u", "a").plus(p.at("x", "a")))
                .step("x_i", p -> p.at("x", "i")).step("u_i", p -> p.at("u", "i")).build().check();
        assertEquals(ProofVerdict.ILL_FORMED, loop.verdict(), loop.describe());
        assertEquals(2, loop.firstBreak().orElseThrow().step());
        assertTrue(loop.firstBreak().orElseThrow().message().contains("reaches itself"), loop.describe());
        ProofResult noSigma = Derivation.over("i:n").titled("σ?").input("x", "n")
                .step("x_i", p -> p.at("x", "i")).step("σ(x_i)", p -> p.sigma(p.at("x", "i"))).build().check();
        assertEquals(ProofVerdict.ILL_FORMED, noSigma.verdict(), noSigma.describe());
    }

    @Test
    void theBuilderRefusesWhatCannotBeAChain() {
        assertThrows(IllegalArgumentException.class,
                () -> Derivation.over("i:n").input("x", "n").step("x_i", p -> p.at("x", "i")).build());
        assertThrows(IllegalArgumentException.class, () -> Derivation.over("i:n").input("x", "n").input("x", "n"));
        assertThrows(IllegalArgumentException.class, () -> Derivation.over("i"));
        assertThrows(IllegalArgumentException.class, () -> Derivation.over("i:n, i:d"));
        assertThrows(IllegalArgumentException.class, () -> Derivation.over("i:0"));
        assertThrows(IllegalArgumentException.class, () -> Derivation.over("i:h+x"));
    }

    @Test
    void theInstancesAreTheDocumentedOnes() {
        Derivation d = Derivation.over("i:h, j:d").input("W", "h", "d").input("y", "n")
                .step("a", p -> p.constant(0)).step("b", p -> p.constant(0)).build();
        assertEquals(List.of("h", "d", "n"), d.dimensions());
        List<ProofCheck.Instance> all = CHECK.instances(d);
        int m = 3;
        int perRound = m + 2;
        assertEquals(ProofCheck.DEFAULT_SEEDS * perRound, all.size());
        for (int round = 0; round < ProofCheck.DEFAULT_SEEDS; round++) {
            Map<String, Integer> distinct = all.get(round * perRound).dims();
            assertEquals(m, new HashSet<>(distinct.values()).size(), "not all distinct: " + distinct);
            distinct.values().forEach(v -> assertTrue(v >= 2 && v <= m + ProofCheck.DISTINCT_SIZE_SPREAD, "" + v));
            all.get(round * perRound + 1).dims().values().forEach(v -> assertEquals(1, v));
            for (int a = 0; a < m; a++) {
                Map<String, Integer> one = all.get(round * perRound + 2 + a).dims();
                String dim = d.dimensions().get(a);
                assertEquals(1, one.get(dim));
                for (String other : d.dimensions()) {
                    if (!other.equals(dim)) {
                        assertEquals(distinct.get(other), one.get(other));
                    }
                }
            }
        }
    }

    @Test
    void aTermCarriesTheSumOfItsTermsMagnitudesAsItsGauge() {
        // Σ_l x_l y_l with x = (1, −2, 3), y = (4, 5, −6) as inputs would be drawn; built from exact terms here
        Term x0 = Term.exact(1);
        Term x1 = Term.exact(-2);
        Term x2 = Term.exact(3);
        Term sum = x0.times(Term.exact(4)).plus(x1.times(Term.exact(5))).plus(x2.times(Term.exact(-6)));
        assertEquals(4 - 10 - 18, sum.value(), 0.0);
        assertEquals(4 + 10 + 18, sum.gauge(), 0.0);
        // each product is one rounding, and the first product then goes through two additions
        assertEquals(3, sum.operations());
        Term d = Term.variable(Term.exact(2.0)).squared().times(0.5).derivativeAsValue();
        assertEquals(2.0, d.value(), 0.0); // ∂(½t²)/∂t at t = 2
    }
}
