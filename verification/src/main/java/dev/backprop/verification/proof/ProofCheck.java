package dev.backprop.verification.proof;

import dev.backprop.spec.Activation;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Checks a {@link Derivation}: every step at every tuple of its free indices, on random instances, each "="
 * judged by the rounding rule; the first step that breaks is named.
 *
 * <h2>Instances</h2>
 * For each of {@link #seeds()} rounds (drawn from {@link #seed()}), with the derivation's m named dimensions:
 * <ol>
 * <li>all m dimensions different from each other, a random arrangement of m of the sizes 2 … m + 3 — so an
 *     index used where another belongs (x_j for x_k) either runs past the end or picks a different entry, and no
 *     wrong line can hold because two sizes coincide;</li>
 * <li>every dimension 1, and (for m &gt; 1) each dimension 1 in turn with the others as in 1 — the degenerate
 *     shapes the notes' conventions (item 4's 1×m×n = m×n) must survive.</li>
 * </ol>
 * Each instance draws its inputs from its own seed, entries uniform in [−1, 1]; when the derivation declares
 * activations, each instance is checked under every one of them on the same inputs. {@link Instance#toString()}
 * replays an instance through {@link #check(Derivation, List)}.
 *
 * <h2>Judging one "="</h2>
 * Steps a and b at one index tuple agree when
 * <pre>  |a − b| ≤ ε · K · max(g_a, g_b),   K = max(k_a, k_b) + ELEMENTARY_OPERATIONS</pre>
 * with g and k the gauge (Σ|terms|) and rounding count each {@link Term} carries, ε = 2⁻⁵² and
 * {@link Tolerances#scaledRoundingError}. That is the first-order worst-case bound: |fl(a) − a| ≤ γ_{k_a} g_a ≤
 * k_a·(ε/2)·g_a for each side, so the two computed values differ by at most ε·max(k)·max(g) when the steps are
 * equal in exact arithmetic. A scaled error above 1 cannot be rounding. Nothing is tuned per derivation.
 *
 * <h2>Which step is named</h2>
 * Steps are compared in order, pair (1, 2) before (2, 3), over all tuples and instances; the first pair that
 * disagrees names its later step, so a wrong step is blamed and the steps after it — which also disagree with it
 * — are not. A step that cannot be evaluated breaks where it stands. Over several instances the earliest step
 * that breaks on any of them is named (ties: the first instance in the order above). Within one instance a step
 * that cannot be evaluated at some tuple is ill-formed as a whole: that is reported even if its values at earlier
 * tuples already disagreed, since a line whose indices do not fit is wrong before any number is compared.
 */
public final class ProofCheck {
    /** Rounds of instances by default: 4 rounds of m + 2 instances, every dimension arrangement above four times. */
    public static final int DEFAULT_SEEDS = 4;

    /** The largest distinct size is m + this: enough sizes to keep every dimension different, and small. */
    public static final int DISTINCT_SIZE_SPREAD = 3;

    private final long seed;
    private final int seeds;

    private ProofCheck(long seed, int seeds) {
        if (seeds < 1) {
            throw new IllegalArgumentException("at least one round of instances, got " + seeds);
        }
        this.seed = seed;
        this.seeds = seeds;
    }

    /** {@link #DEFAULT_SEEDS} rounds from the suite's default seed ({@link PropertyRun#DEFAULT_SEED}). */
    public static ProofCheck standard() {
        return new ProofCheck(PropertyRun.DEFAULT_SEED, DEFAULT_SEEDS);
    }

    /** {@code seeds} rounds of instances drawn from {@code seed}. */
    public static ProofCheck of(long seed, int seeds) {
        return new ProofCheck(seed, seeds);
    }

    public long seed() {
        return seed;
    }

    public int seeds() {
        return seeds;
    }

    /**
     * One instance: a size for every named dimension, the seed of the inputs, and the activation (null when the
     * derivation uses none).
     */
    public record Instance(Map<String, Integer> dims, long seed, Activation activation) {
        public Instance {
            dims = Collections.unmodifiableMap(new LinkedHashMap<>(dims));
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            dims.forEach((k, v) -> out.append(k).append('=').append(v).append(' '));
            out.append("seed=").append(seed);
            if (activation != null) {
                out.append(" act=").append(activation.reportName());
            }
            return out.toString();
        }
    }

    /** The instances this check evaluates the derivation on, in order. */
    public List<Instance> instances(Derivation derivation) {
        List<String> dims = derivation.dimensions();
        int m = dims.size();
        List<Activation> activations = derivation.activations().isEmpty() ? Collections.singletonList(null)
                : derivation.activations();
        SplittableRandom master = new SplittableRandom(seed);
        List<Instance> out = new ArrayList<>();
        for (int round = 0; round < seeds; round++) {
            List<Integer> pool = new ArrayList<>();
            for (int size = 2; size <= m + DISTINCT_SIZE_SPREAD; size++) {
                pool.add(size);
            }
            // Fisher–Yates with the master stream, so the arrangement is part of what the seed replays
            for (int a = pool.size() - 1; a > 0; a--) {
                Collections.swap(pool, a, master.nextInt(a + 1));
            }
            List<Map<String, Integer>> shapes = new ArrayList<>();
            Map<String, Integer> distinct = new LinkedHashMap<>();
            Map<String, Integer> ones = new LinkedHashMap<>();
            for (int a = 0; a < m; a++) {
                distinct.put(dims.get(a), pool.get(a));
                ones.put(dims.get(a), 1);
            }
            shapes.add(distinct);
            shapes.add(ones);
            if (m > 1) {
                for (String d : dims) {
                    Map<String, Integer> one = new LinkedHashMap<>(distinct);
                    one.put(d, 1);
                    shapes.add(one);
                }
            }
            for (Map<String, Integer> shape : shapes) {
                long inputs = master.nextLong();
                for (Activation a : activations) {
                    out.add(new Instance(shape, inputs, a));
                }
            }
        }
        return out;
    }

    /** Checks the derivation on {@link #instances(Derivation)}. */
    public ProofResult check(Derivation derivation) {
        return check(derivation, instances(derivation));
    }

    /** Checks the derivation on the given instances, in order (e.g. one instance a report printed, to replay it). */
    public static ProofResult check(Derivation derivation, List<Instance> instances) {
        List<Derivation.Step> steps = derivation.steps();
        StepBreak best = null;
        double worst = 0.0;
        String worstAt = "no comparison";
        long comparisons = 0;
        for (Instance instance : instances) {
            // a break in a later instance matters only if it is earlier in the chain than the one already found
            int limit = best == null ? steps.size() : best.step() - 1;
            if (limit < 1) {
                break;
            }
            Evaluation ev = new Evaluation(derivation, instance.dims(), instance.seed(), instance.activation());
            List<int[]> tuples = tuples(derivation, ev);
            Term[][] values = new Term[limit][tuples.size()];
            StepBreak thrown = null;
            evaluate:
            for (int s = 0; s < limit; s++) {
                for (int t = 0; t < tuples.size(); t++) {
                    try {
                        values[s][t] = steps.get(s).expression().at(Scope.forStep(ev, tuples.get(t)));
                        if (values[s][t] == null) {
                            throw new IllegalStateException("the expression returned null");
                        }
                    } catch (IllFormedStep e) {
                        thrown = thrownBreak(ProofVerdict.ILL_FORMED, steps, s, instance, describe(derivation,
                                tuples.get(t)), e.getMessage());
                        break evaluate;
                    } catch (RuntimeException e) {
                        thrown = thrownBreak(ProofVerdict.ERROR, steps, s, instance, describe(derivation,
                                tuples.get(t)), e.toString());
                        break evaluate;
                    }
                }
            }
            int compareUpTo = thrown == null ? limit : thrown.step() - 1;
            StepBreak found = null;
            compare:
            for (int s = 1; s < compareUpTo; s++) {
                for (int t = 0; t < tuples.size(); t++) {
                    Term a = values[s - 1][t];
                    Term b = values[s][t];
                    double gauge = Math.max(a.gauge(), b.gauge());
                    int k = Tolerances.accumulation(Math.max(a.operations(), b.operations()));
                    double e = Tolerances.scaledRoundingError(b.value(), a.value(), gauge, k);
                    comparisons++;
                    if (e > Tolerances.ROUNDING_THRESHOLD) {
                        found = new StepBreak(ProofVerdict.FAILS, s + 1, steps.get(s).text(), steps.get(s - 1).text(),
                                instance, describe(derivation, tuples.get(t)), b.value(), a.value(),
                                gauge, k, e, "");
                        break compare;
                    }
                    if (e > worst || worstAt.equals("no comparison")) {
                        worst = e;
                        worstAt = String.format(Locale.ROOT, "step %d = step %d, %s (%s)", s, s + 1,
                                describe(derivation, tuples.get(t)), instance);
                    }
                }
            }
            if (found == null) {
                found = thrown;
            }
            if (found != null && (best == null || found.step() < best.step())) {
                best = found;
            }
        }
        return new ProofResult(derivation.title(), derivation.chain(),
                best == null ? ProofVerdict.HOLDS : best.kind(), instances.size(), comparisons, worst, worstAt,
                Optional.ofNullable(best));
    }

    private static StepBreak thrownBreak(ProofVerdict kind, List<Derivation.Step> steps, int s, Instance instance,
            String indices, String message) {
        return new StepBreak(kind, s + 1, steps.get(s).text(), s == 0 ? null : steps.get(s - 1).text(),
                instance, indices, Double.NaN, Double.NaN, Double.NaN, 0, Double.POSITIVE_INFINITY,
                message);
    }

    /** Every tuple of the free indices, the last index running fastest. */
    private static List<int[]> tuples(Derivation derivation, Evaluation ev) {
        List<Size> sizes = derivation.indexSizes();
        int[] limits = new int[sizes.size()];
        for (int a = 0; a < limits.length; a++) {
            limits[a] = ev.size(sizes.get(a));
        }
        List<int[]> out = new ArrayList<>();
        int[] t = new int[limits.length];
        while (true) {
            out.add(t.clone());
            int a = limits.length - 1;
            while (a >= 0 && ++t[a] == limits[a]) {
                t[a] = 0;
                a--;
            }
            if (a < 0) {
                return out;
            }
        }
    }

    /** {@code "i=0, j=1, k=0"}, or {@code "(no free index)"}. */
    private static String describe(Derivation derivation, int[] tuple) {
        List<String> names = derivation.indexNames();
        if (names.isEmpty()) {
            return "(no free index)";
        }
        StringBuilder out = new StringBuilder();
        for (int a = 0; a < names.size(); a++) {
            out.append(a == 0 ? "" : ", ").append(names.get(a)).append('=').append(tuple[a]);
        }
        return out.toString();
    }
}
