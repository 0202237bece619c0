package dev.backprop.verification.formula;

import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.verification.formula.FormulaResult.Diagnosis;
import dev.backprop.verification.formula.FormulaResult.Entry;
import dev.backprop.verification.formula.FormulaResult.Family;
import dev.backprop.verification.formula.FormulaResult.Verdict;
import dev.backprop.verification.numeric.CannotJudge;
import dev.backprop.verification.numeric.Discrepancy;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a hand-derived gradient formula (DESIGN.md §6, "Derivations"): is {@link FormulaQuestion#formula()},
 * written in EJML {@code Equation} syntax over named quantities ({@link Vocabulary}), the gradient ∂ℓ/∂p of the
 * question's network in the declared layout?
 *
 * <h2>Cases</h2>
 * {@code cases} random instances in each of three families ({@link FormulaCase#draw}): every dimension
 * different (d, h1, …, n, B pairwise distinct and ≥ 2, so that a wrong formula cannot type-check by
 * accident), dimensions of 1, and equal widths (where a factor from the wrong layer type-checks and is caught
 * by its value). The seed makes every case reproducible.
 *
 * <h2>Evaluation</h2>
 * The formula's shapes are inferred first ({@link Shapes}); where they disagree the case is ill-formed, with
 * every factor's shape written out. Otherwise EJML evaluates it. A formula over one-sample names (x, r, s1, …)
 * is evaluated for every sample b and combined as the objective combines the per-sample losses:
 * F = Σ_b w·F_b, w = 1 (sum) or 1/B (mean), so "x*r'*W2*diag(sp1)" means the same thing for any batch and
 * reduction. A formula over batch names (X, R, S1, …) is evaluated once and must include the reduction itself
 * (S1*R'/B for a mean). Mixing the two is refused.
 *
 * <h2>Judgement</h2>
 * F is compared with the exact gradient E of forward-mode AD ({@link Exact}) entry by entry by the rounding rule
 * of {@link Tolerances}, both computations' rounding counted:
 * <pre>  |F − E| ≤ ε·(bound_F + K·G) + (K_F + K)·η</pre>
 * G and K are {@link dev.backprop.verification.numeric.DeepGauges}' for E. bound_F is the formula's own first-order
 * rounding bound, in the netlib testers' way — the same computation carried out on magnitudes — made exact to
 * first order:
 * <pre>  bound_F = K_in · Σ_i M_i + K_ops · M_0</pre>
 * M_0 is the formula evaluated by EJML on magnitudes ({@link Shapes#magnitude}: every quantity replaced by
 * |its value|, numbers by their absolute values, differences read as sums), which is Σ|a||b|… over the very
 * terms the formula adds, since every operation it may use is a sum of products; K_ops = Σ(inner dimensions of
 * its products) + one per other operation + (B + 1 for a one-sample formula's batch sum and weight) + 16 bounds
 * the relative rounding of that evaluation on those terms (Higham §3.1). M_i is the same with occurrence i of a
 * computed quantity (z, s, σ', ŷ, r, dl, p; x, y, W, b are given and exact) at its gauge ({@link Quantities}:
 * its own rounding is at most ε·K_in·gauge), the others at |value|: the first-order effect of that quantity's
 * rounding through the formula. Putting every quantity at its gauge at once would count products of their
 * errors in full — in a deep chain of σ' gauges that is orders of magnitude too much, and a doubled gradient
 * would pass. K_F = K_in·(occurrences) + K_ops stands for bound_F in the underflow term. The scaled error
 * |F − E| / (that bound) is what is reported; the threshold is {@link Tolerances#ROUNDING_THRESHOLD} = 1.
 *
 * <h2>Verdict</h2>
 * {@link Verdict#BAD_FORMULA} if the formula cannot be read; {@link Verdict#ILL_FORMED} if it cannot be
 * evaluated on some case (the first such case of the distinct family is explained; where it can be evaluated,
 * what it is there is diagnosed too); {@link Verdict#HOLDS} if it equals E on every case; else
 * {@link Verdict#FAILS}, with the diagnoses of {@link Hypotheses} and the worst entries.
 */
public final class FormulaCheck {
    /** The deepest network the check draws: cost grows like L⁴ (AD over every parameter, forced σ' per layer). */
    public static final int MAX_DEPTH = 8;

    /** The most cases per family: 3 × 1000 evaluations is minutes, beyond what a derivation needs. */
    public static final int MAX_CASES = 1000;

    /** Cases per family when a caller has no reason to choose: with the ones and equal families, 30 in all. */
    public static final int DEFAULT_CASES = 10;

    /** Worst entries listed for a formula that fails. */
    static final int WORST_ENTRIES = 3;

    private FormulaCheck() {
    }

    /**
     * One case: the formula's value F, the bound of its rounding in units of ε and the K that bound stands for,
     * and the exact gradient — or why it could not be evaluated (ill-formed lines) or judged.
     */
    record Outcome(FormulaCase formulaCase, Quantities quantities, Matrix value, Matrix bound, int k, Exact exact,
            List<String> illFormed, String unjudged) {
        boolean evaluated() {
            return illFormed == null && unjudged == null;
        }
    }

    /**
     * Checks {@code question}'s formula on {@code cases} instances of each family, drawn from {@code seed}.
     *
     * @throws IllegalArgumentException if {@code question} is null or {@code cases} is outside 1..{@link #MAX_CASES}
     */
    public static FormulaResult check(FormulaQuestion question, long seed, int cases) {
        if (question == null) {
            throw new IllegalArgumentException("the question is missing");
        }
        if (cases < 1 || cases > MAX_CASES) {
            throw new IllegalArgumentException("cases per family must be 1.." + MAX_CASES + ", got " + cases);
        }
        Vocabulary vocabulary = new Vocabulary(question.depth(), question.objective().loss());
        Formula formula;
        try {
            formula = Formula.parse(question.formula(), vocabulary);
        } catch (BadFormula e) {
            return FormulaResult.bad(question, e.getMessage());
        }
        boolean batchMode = formula.batch(vocabulary);
        List<Outcome> outcomes = new ArrayList<>();
        for (Family family : Family.values()) {
            for (int i = 0; i < cases; i++) {
                FormulaCase c = FormulaCase.draw(question.hidden(), question.objective(), family, seed, i);
                outcomes.add(evaluate(question, formula, vocabulary, c, batchMode));
            }
        }
        return new Judgement(question, vocabulary, formula, batchMode, outcomes).result();
    }

    private static Outcome evaluate(FormulaQuestion question, Formula formula, Vocabulary vocabulary, FormulaCase c,
            boolean batchMode) {
        Shapes shapes;
        try {
            shapes = Shapes.of(formula, vocabulary, c.widths(), c.batchSize(), batchMode,
                    wanted(question.parameter(), question.layout(), vocabulary));
        } catch (Shapes.IllFormed e) {
            return new Outcome(c, null, null, null, 0, null, e.lines, null);
        }
        Quantities q = new Quantities(c, vocabulary);
        int samples = batchMode ? 1 : c.batchSize();
        double w = batchMode ? 1.0 : question.objective().reduction().weight(c.batchSize());
        List<Node.Name> computed = shapes.computed();
        Matrix f;
        Matrix magnitude;
        Matrix spread;
        try {
            f = sum(shapes.value(), formula, q, batchMode, samples, w, null, false);
            magnitude = sum(shapes.magnitude(null), formula, q, batchMode, samples, w, null, true);
            spread = Chain.scale(magnitude, 0.0);
            for (Node.Name occurrence : computed) {
                spread = Chain.add(spread, sum(shapes.magnitude(occurrence), formula, q, batchMode, samples, w,
                        occurrence.name(), true));
            }
        } catch (RuntimeException e) {
            // the shape rules above are stricter than EJML's, so this is EJML refusing for its own reasons
            return new Outcome(c, q, null, null, 0, null, List.of("cannot be evaluated: EJML refuses it: "
                    + String.valueOf(e.getMessage()).replace('\n', ' ')), null);
        }
        Shapes.Shape expected = shapes.result();
        if (f.rows() != expected.rows().size() || f.cols() != expected.cols().size()) {
            throw new IllegalStateException("EJML evaluated " + formula.text.strip() + " to " + f.shape()
                    + " where its shapes say " + expected.sizes());
        }
        int kOps = Tolerances.accumulation(shapes.operations() + (batchMode ? 0 : c.batchSize() + 1));
        Matrix bound = Chain.add(Chain.scale(spread, q.kIn()), Chain.scale(magnitude, kOps));
        int k = computed.size() * q.kIn() + kOps;
        Exact exact;
        try {
            exact = Exact.of(c);
        } catch (CannotJudge e) {
            return new Outcome(c, q, f, bound, k, null, null, e.getMessage());
        }
        return new Outcome(c, q, f, bound, k, exact, null, null);
    }

    /**
     * Σ_b w · (printed evaluated on sample b), or the batch formula once: on the values, or on their magnitudes
     * with the occurrence printed as {@link Shapes#gaugeName} of {@code gauged} bound to that quantity's gauge.
     */
    private static Matrix sum(String printed, Formula formula, Quantities q, boolean batchMode, int samples,
            double w, String gauged, boolean magnitudes) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>(formula.names);
        Matrix out = null;
        for (int b = 0; b < samples; b++) {
            Map<String, Matrix> values = batchMode ? q.batch(false) : q.sample(b, false);
            Map<String, Matrix> env = new java.util.HashMap<>();
            for (String name : formula.names) {
                env.put(name, magnitudes ? Quantities.abs(values.get(name)) : values.get(name));
            }
            if (gauged != null) {
                String alias = Shapes.gaugeName(gauged);
                names.add(alias);
                env.put(alias, (batchMode ? q.batch(true) : q.sample(b, true)).get(gauged));
            }
            Matrix one = Chain.scale(Ejml.evaluate(printed, names, env), w);
            out = out == null ? one : Chain.add(out, one);
        }
        return out;
    }

    /**
     * The gauge that makes {@link Discrepancy#rounding} with K = kF + kT judge by ε·(boundF + boundT), the two
     * computations' rounding bounds in units of ε: (boundF + boundT)/(kF + kT), entry by entry.
     */
    static Matrix combinedGauge(Matrix boundF, int kF, Matrix boundT, int kT) {
        double total = kF + (double) kT;
        return Matrix.fromFunction(boundF.rows(), boundF.cols(), (i, j) -> (boundF.get(i, j) + boundT.get(i, j)) / total);
    }

    /** ∂ℓ/∂p's shape in symbols: W_k is n_{k−1}×n_k in numerator layout, b_k 1×n_k; transposed in denominator. */
    static String wantedSymbols(DeepParameter p, Layout layout, Vocabulary vocabulary) {
        String[] shape = wanted(p, layout, vocabulary);
        return shape[0] + "×" + shape[1];
    }

    /** {rows, cols} of {@link #wantedSymbols}. */
    static String[] wanted(DeepParameter p, Layout layout, Vocabulary vocabulary) {
        String rows = p.isWeight() ? vocabulary.symbol(p.layer() - 1) : "1";
        String cols = vocabulary.symbol(p.layer());
        return layout == Layout.NUMERATOR ? new String[] {rows, cols} : new String[] {cols, rows};
    }

    /** A scaled error to three significant digits; 0 as 0. */
    static String scaled(double e) {
        return e == 0.0 ? "0" : String.format(Locale.ROOT, "%.3g", e);
    }

    /** A number as short as it can be written to 15 significant digits: 3, 0.5, 1.0000000001, 2.11e-3 stays. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(15)).stripTrailingZeros();
        return d.abs().compareTo(java.math.BigDecimal.valueOf(1e-4)) >= 0
                && d.abs().compareTo(java.math.BigDecimal.valueOf(1e6)) < 0 ? d.toPlainString() : d.toString();
    }

    /** The verdict over all outcomes, and its explanation. */
    private static final class Judgement {
        private final FormulaQuestion question;
        private final Vocabulary vocabulary;
        private final Formula formula;
        private final boolean batchMode;
        private final List<Outcome> outcomes;
        private final Map<Family, Integer> tried = new EnumMap<>(Family.class);
        private final Map<Family, Integer> evaluated = new EnumMap<>(Family.class);
        private final String what;

        Judgement(FormulaQuestion question, Vocabulary vocabulary, Formula formula, boolean batchMode,
                List<Outcome> outcomes) {
            this.question = question;
            this.vocabulary = vocabulary;
            this.formula = formula;
            this.batchMode = batchMode;
            this.outcomes = outcomes;
            this.what = "∂ℓ/∂" + question.parameter().seedName();
            for (Family f : Family.values()) {
                tried.put(f, 0);
                evaluated.put(f, 0);
            }
            for (Outcome o : outcomes) {
                tried.merge(o.formulaCase().family(), 1, Integer::sum);
                if (o.evaluated()) {
                    evaluated.merge(o.formulaCase().family(), 1, Integer::sum);
                }
            }
        }

        FormulaResult result() {
            List<Outcome> ill = new ArrayList<>();
            List<Outcome> judged = new ArrayList<>();
            List<Outcome> unjudged = new ArrayList<>();
            for (Outcome o : outcomes) {
                (o.illFormed() != null ? ill : o.unjudged() != null ? unjudged : judged).add(o);
            }
            if (!ill.isEmpty()) {
                return illFormed(ill, judged, unjudged);
            }
            if (judged.isEmpty()) {
                throw new CannotJudge("no case of " + formula.text.strip() + " could be judged: "
                        + unjudged.get(0).unjudged());
            }
            double worst = 0.0;
            Outcome worstCase = null;
            for (Outcome o : judged) {
                double e = versusExact(o).scaledError();
                if (worstCase == null || e > worst) {
                    worst = e;
                    worstCase = o;
                }
            }
            if (worst <= Tolerances.ROUNDING_THRESHOLD) {
                return holds(judged, unjudged, worst);
            }
            return fails(judged, unjudged, worst, worstCase);
        }

        private FormulaResult holds(List<Outcome> judged, List<Outcome> unjudged, double worst) {
            List<String> lines = new ArrayList<>();
            String headline = String.format(Locale.ROOT, "holds on all %d cases judged (%s); worst scaled error %s "
                    + "(threshold %s)", judged.size(), families(evaluated), scaled(worst),
                    number(Tolerances.ROUNDING_THRESHOLD));
            lines.add(headline);
            lines.add(judgedBy());
            lines.add(reading());
            notes(lines, judged, unjudged);
            return new FormulaResult(question, Verdict.HOLDS, headline, tried, evaluated, worst, lines, List.of(),
                    List.of());
        }

        private FormulaResult fails(List<Outcome> judged, List<Outcome> unjudged, double worst, Outcome worstCase) {
            List<String> lines = new ArrayList<>();
            int failing = 0;
            boolean shapeDiffers = false;
            for (Outcome o : judged) {
                Discrepancy d = versusExact(o);
                failing += d.passes() ? 0 : 1;
                shapeDiffers |= !d.shapesAgree();
            }
            String headline;
            if (shapeDiffers) {
                Matrix f = worstCase.value();
                headline = String.format(Locale.ROOT, "fails: it evaluates to a %s matrix on %s, but %s in %s "
                                + "layout is %s = %s", f.shape(), worstCase.formulaCase().describe(vocabulary), what,
                        layoutName(question.layout()), wantedSymbols(question.parameter(), question.layout(),
                                vocabulary), wantedSizes(worstCase.formulaCase(), question.layout()));
            } else {
                headline = String.format(Locale.ROOT, "fails on %d of %d cases judged: it is not %s (worst scaled "
                        + "error %s, threshold %s)", failing, judged.size(), what, scaled(worst),
                        number(Tolerances.ROUNDING_THRESHOLD));
            }
            lines.add(headline);
            List<Diagnosis> diagnoses = Hypotheses.diagnose(question, vocabulary, judged);
            for (Diagnosis d : diagnoses) {
                lines.add("diagnosis: " + d.description());
            }
            List<Entry> entries = worstEntries(worstCase);
            if (!entries.isEmpty()) {
                List<String> listed = new ArrayList<>();
                for (Entry e : entries) {
                    listed.add(e.toString());
                }
                lines.add("worst entries on " + worstCase.formulaCase().describe(vocabulary) + ": "
                        + String.join("; ", listed));
            }
            lines.add(judgedBy());
            lines.add(reading());
            notes(lines, judged, unjudged);
            return new FormulaResult(question, Verdict.FAILS, headline, tried, evaluated, worst, lines, diagnoses,
                    entries);
        }

        private FormulaResult illFormed(List<Outcome> ill, List<Outcome> judged, List<Outcome> unjudged) {
            Outcome first = ill.get(0);
            List<String> lines = new ArrayList<>(first.illFormed());
            lines.add(String.format(Locale.ROOT, "%s in %s layout is %s = %s; this was %s", what,
                    layoutName(question.layout()), wantedSymbols(question.parameter(), question.layout(), vocabulary),
                    wantedSizes(first.formulaCase(), question.layout()), first.formulaCase().describe(vocabulary)));
            Map<Family, Integer> illCount = new EnumMap<>(Family.class);
            for (Family f : Family.values()) {
                illCount.put(f, 0);
            }
            for (Outcome o : ill) {
                illCount.merge(o.formulaCase().family(), 1, Integer::sum);
            }
            lines.add(String.format(Locale.ROOT, "ill-formed on %d of %d cases (%s)", ill.size(), outcomes.size(),
                    familiesOf(illCount, tried)));
            List<Diagnosis> diagnoses = List.of();
            double worst = Double.NaN;
            List<Entry> entries = List.of();
            if (!judged.isEmpty()) {
                List<String> where = new ArrayList<>();
                worst = 0.0;
                Outcome worstCase = null;
                for (Outcome o : judged) {
                    where.add(o.formulaCase().describe(vocabulary));
                    double e = versusExact(o).scaledError();
                    if (worstCase == null || e > worst) {
                        worst = e;
                        worstCase = o;
                    }
                }
                String cases = judged.size() + " case" + (judged.size() == 1 ? "" : "s") + ": "
                        + String.join(", ", where.subList(0, Math.min(3, where.size())))
                        + (where.size() > 3 ? ", …" : "");
                if (worst <= Tolerances.ROUNDING_THRESHOLD) {
                    lines.add(String.format(Locale.ROOT, "where it can be evaluated (%s) it equals %s (worst scaled "
                            + "error %s): right only where those dimensions coincide", cases, what, scaled(worst)));
                } else {
                    lines.add(String.format(Locale.ROOT, "where it can be evaluated (%s) it is not %s (worst scaled "
                            + "error %s):", cases, what, scaled(worst)));
                    diagnoses = Hypotheses.diagnose(question, vocabulary, judged);
                    for (Diagnosis d : diagnoses) {
                        lines.add("diagnosis there: " + d.description());
                    }
                    entries = worstEntries(worstCase);
                }
            } else {
                lines.add("it cannot be evaluated on any case tried");
            }
            notes(lines, judged, unjudged);
            return new FormulaResult(question, Verdict.ILL_FORMED, lines.get(0), tried, evaluated, worst, lines,
                    diagnoses, entries);
        }

        /** F against every exact side in the declared layout, by the combined rounding rule; the best side. */
        private Discrepancy versusExact(Outcome o) {
            Discrepancy best = null;
            Matrix gauge = o.exact().bound(question.parameter(), question.layout());
            for (Matrix want : o.exact().gradients(question.parameter(), question.layout())) {
                Discrepancy d = want.sameShape(o.value())
                        ? Discrepancy.rounding(what, o.value(), want, combinedGauge(o.bound(), o.k(), gauge,
                                o.exact().k()), o.k() + o.exact().k())
                        : Discrepancy.shapeMismatch(what, o.value(), want);
                if (best == null || d.scaledError() < best.scaledError()) {
                    best = d;
                }
            }
            return best;
        }

        /** The largest scaled errors of a case against its best exact side, largest first. */
        private List<Entry> worstEntries(Outcome o) {
            Matrix gauge = o.exact().bound(question.parameter(), question.layout());
            Matrix best = null;
            double bestError = Double.POSITIVE_INFINITY;
            for (Matrix want : o.exact().gradients(question.parameter(), question.layout())) {
                if (want.sameShape(o.value())) {
                    double e = Discrepancy.rounding(what, o.value(), want, combinedGauge(o.bound(), o.k(), gauge,
                            o.exact().k()), o.k() + o.exact().k()).scaledError();
                    if (best == null || e < bestError) {
                        best = want;
                        bestError = e;
                    }
                }
            }
            if (best == null) {
                return List.of();
            }
            Matrix combined = combinedGauge(o.bound(), o.k(), gauge, o.exact().k());
            List<Entry> all = new ArrayList<>();
            for (int i = 0; i < best.rows(); i++) {
                for (int j = 0; j < best.cols(); j++) {
                    all.add(new Entry(i, j, o.value().get(i, j), best.get(i, j), Tolerances.scaledRoundingError(
                            o.value().get(i, j), best.get(i, j), combined.get(i, j), o.k() + o.exact().k())));
                }
            }
            all.sort(Comparator.comparingDouble(Entry::scaledError).reversed());
            return List.copyOf(all.subList(0, Math.min(WORST_ENTRIES, all.size())));
        }

        private String judgedBy() {
            return "judged against exact forward-mode AD entry by entry: |F − E| ≤ ε·(bound_F + K·G), bound_F the "
                    + "formula's first-order rounding bound (the formula on magnitudes), K·G the gradient's (threshold 1)";
        }

        private String reading() {
            return batchMode ? "a batch formula: evaluated once on the whole batch (it must include the reduction "
                    + "itself, e.g. /B for a mean)"
                    : "a one-sample formula: evaluated for every sample and combined by the objective's reduction ("
                            + question.objective().reduction().reportName() + ")";
        }

        private void notes(List<String> lines, List<Outcome> judged, List<Outcome> unjudged) {
            int kinks = 0;
            for (Outcome o : judged) {
                kinks += o.exact().roundingKinks();
            }
            if (kinks > 0) {
                lines.add(kinks + " pre-activation(s) on a ReLU kink within rounding: every choice of sides was tried");
            }
            for (Outcome o : unjudged) {
                lines.add("not judged: " + o.formulaCase().describe(vocabulary) + ": " + o.unjudged());
            }
        }

        private String wantedSizes(FormulaCase c, Layout layout) {
            DeepParameter p = question.parameter();
            int rows = p.isWeight() ? c.widths()[p.layer() - 1] : 1;
            int cols = c.widths()[p.layer()];
            return layout == Layout.NUMERATOR ? rows + "×" + cols : cols + "×" + rows;
        }

        private static String layoutName(Layout layout) {
            return layout.name().toLowerCase(Locale.ROOT);
        }

        /** "10 with every dimension different, 10 with dimensions of 1, 10 with equal widths". */
        private static String families(Map<Family, Integer> counts) {
            List<String> parts = new ArrayList<>();
            for (Family f : Family.values()) {
                if (counts.get(f) > 0) {
                    parts.add(counts.get(f) + " " + phrase(f));
                }
            }
            return String.join(", ", parts);
        }

        private static String familiesOf(Map<Family, Integer> counts, Map<Family, Integer> of) {
            List<String> parts = new ArrayList<>();
            for (Family f : Family.values()) {
                parts.add(counts.get(f) + " of " + of.get(f) + " " + phrase(f));
            }
            return String.join(", ", parts);
        }

        private static String phrase(Family f) {
            return switch (f) {
                case DISTINCT -> "with every dimension different";
                case ONES -> "with dimensions of 1";
                case EQUAL -> "with equal widths";
            };
        }
    }
}
