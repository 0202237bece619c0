package dev.backprop.verification.formula;

import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.formula.FormulaResult.Diagnosis;
import dev.backprop.verification.formula.FormulaResult.Kind;
import dev.backprop.verification.numeric.Discrepancy;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a formula that is not the gradient is instead. A hypothesis is a base, a layout and a factor:
 * <ul>
 * <li>base: the exact ∂ℓ/∂p; the exact gradient with σ'(z_j) forced to 1 for one hidden layer j ≥ k (or all of
 * them) by forward-mode AD ({@link Exact#withoutSigmaPrime}); the exact gradient of another parameter q; or a
 * wrong-layer variant of the correct chain ({@link Chain#wrongLayerVariants});
 * <li>layout: the declared one, or the other (transposed);
 * <li>factor: 1, a named constant 2, ½, B, 1/B, n, 1/n, 2/n, n/2 (each also negated, and −1), or the constant
 * fitted by least squares, c* = ⟨F, T⟩ / ⟨T, T⟩.
 * </ul>
 * Each is judged on each case by the verdict's own rounding rule, |F − c·T| ≤ ε·(bound_F + |c|·bound_T) entry by
 * entry ({@link FormulaCheck}): bound_T is K·G of {@link dev.backprop.verification.numeric.DeepGauges} for the
 * exact bases, and the chain's own first-order bound ({@link Chain#evaluate}) for the forced and wrong-layer
 * ones — the forced gradient is a chain with identities for the forced D_j, so its rounding is the chain's. A
 * hypothesis is a diagnosis when it fits every case the formula could be evaluated on — where its base has the
 * formula's shape there — so that a diagnosis is a fact about the formula on every case tried, never a guess from
 * one. The simplest diagnoses are reported (complexity: one per departure from "the exact ∂ℓ/∂p, declared
 * layout, factor 1"; a negative named constant other than −1 counts two), named constants before a fitted one.
 *
 * <p>A fitted constant is reported only when it was fitted on at least two cases (on one, a 1×1 or rank-one
 * result is proportional to anything of its shape) and every two agree within their uncertainties
 * u = ε·Σ(bound_F + |c*|·bound_T)|T| / ΣT² + ε·(2N + 16)|c*| (first order: F's and T's rounding through the
 * quotient, and the two dot products' own N-term sums); a ratio that differs between cases is a property of
 * the data, not a constant, and is not reported.
 */
final class Hypotheses {
    /**
     * A base target on one case: its values (one per choice of kink sides) and the bound of its rounding in units of
     * ε, in numerator layout, with the K that bound stands for.
     */
    private record Base(String key, String phrase, Set<Kind> kinds, List<Matrix> values, Matrix bound, int k) {
    }

    /** A named factor: its label, its value on a case, its kinds, its complexity, a hint. */
    private record Factor(String label, double value, Set<Kind> kinds, int complexity, String hint) {
    }

    /** What is known about one hypothesis over the cases. */
    private static final class Record {
        final String description;
        final Set<Kind> kinds;
        final int baseComplexity;
        int complexity;
        final String constantName;
        final boolean fitted;
        double constant = Double.NaN;
        int fits;
        /** The case that last counted a fit: a key met twice on one case (two bases alike) counts once. */
        int lastFit = -1;
        final List<double[]> estimates = new ArrayList<>();

        Record(String description, Set<Kind> kinds, int complexity, String constantName, boolean fitted) {
            this.description = description;
            this.kinds = kinds;
            this.complexity = complexity;
            this.baseComplexity = fitted ? complexity - 1 : complexity;
            this.constantName = constantName;
            this.fitted = fitted;
        }
    }

    private final FormulaQuestion question;
    private final Vocabulary vocabulary;
    private final Map<String, Record> records = new LinkedHashMap<>();
    private int observed;

    private Hypotheses(FormulaQuestion question, Vocabulary vocabulary) {
        this.question = question;
        this.vocabulary = vocabulary;
    }

    /**
     * The simplest hypotheses that fit every one of {@code outcomes} (each evaluated), or one
     * {@link Kind#UNEXPLAINED} diagnosis when none does.
     */
    static List<Diagnosis> diagnose(FormulaQuestion question, Vocabulary vocabulary, List<FormulaCheck.Outcome> outcomes) {
        Hypotheses h = new Hypotheses(question, vocabulary);
        for (FormulaCheck.Outcome o : outcomes) {
            h.observe(o);
        }
        return h.conclude(outcomes.size());
    }

    private void observe(FormulaCheck.Outcome o) {
        Matrix f = o.value();
        for (Base base : bases(o)) {
            for (boolean flipped : new boolean[] {false, true}) {
                Layout layout = flipped ? other(question.layout()) : question.layout();
                List<Matrix> values = new ArrayList<>();
                for (Matrix v : base.values()) {
                    values.add(in(v, layout));
                }
                if (!values.get(0).sameShape(f)) {
                    continue;
                }
                Matrix bound = in(base.bound(), layout);
                String prefix = base.key() + (flipped ? "|T|" : "|=|");
                for (Factor factor : factors(o.formulaCase())) {
                    if (base.kinds().isEmpty() && !flipped && factor.complexity() == 0) {
                        continue; // "the exact gradient as declared" is the verdict, not a diagnosis
                    }
                    String key = prefix + factor.label();
                    Record r = records.computeIfAbsent(key, x -> new Record(describe(base, flipped, factor),
                            union(base.kinds(), flipped, factor.kinds()),
                            base.kinds().size() + (flipped ? 1 : 0) + factor.complexity(), factor.label(), false));
                    if (Double.isNaN(r.constant) && factor.complexity() > 0) {
                        r.constant = factor.value();
                    }
                    if (r.lastFit != observed && fits(o, values, bound, base.k(), factor.value())) {
                        r.fits++;
                        r.lastFit = observed;
                    }
                }
                fit(o, prefix, base, flipped, values, bound);
            }
        }
        observed++;
    }

    /** The least-squares constant c* = ⟨F, T⟩/⟨T, T⟩ of the best-fitting side, if F = c*·T fits this case. */
    private void fit(FormulaCheck.Outcome o, String prefix, Base base, boolean flipped, List<Matrix> values,
            Matrix bound) {
        Record r = records.computeIfAbsent(prefix + "fitted", x -> new Record(describe(base, flipped, null),
                union(base.kinds(), flipped, EnumSet.of(Kind.SCALED)), base.kinds().size() + (flipped ? 1 : 0) + 1,
                "fitted", true));
        Matrix f = o.value();
        Matrix gf = o.bound();
        double[] best = null;
        for (Matrix t : values) {
            double ft = 0.0;
            double tt = 0.0;
            for (int i = 0; i < t.rows(); i++) {
                for (int j = 0; j < t.cols(); j++) {
                    ft += f.get(i, j) * t.get(i, j);
                    tt += t.get(i, j) * t.get(i, j);
                }
            }
            if (tt == 0.0) {
                if (fits(o, List.of(t), bound, base.k(), 1.0)) {
                    best = new double[] {Double.NaN, Double.POSITIVE_INFINITY};
                }
                continue;
            }
            double c = ft / tt;
            if (!fits(o, List.of(t), bound, base.k(), c)) {
                continue;
            }
            double spread = 0.0;
            for (int i = 0; i < t.rows(); i++) {
                for (int j = 0; j < t.cols(); j++) {
                    spread += (gf.get(i, j) + Math.abs(c) * bound.get(i, j)) * Math.abs(t.get(i, j));
                }
            }
            int entries = t.rows() * t.cols();
            double u = Tolerances.EPSILON * spread / tt
                    + Tolerances.EPSILON * Tolerances.accumulation(2 * entries) * Math.abs(c);
            if (best == null || Double.isNaN(best[0]) || u < best[1]) {
                best = new double[] {c, u};
            }
        }
        if (best != null && r.lastFit != observed) {
            r.fits++;
            r.lastFit = observed;
            if (!Double.isNaN(best[0])) {
                r.estimates.add(best);
            }
        }
    }

    /** Whether F = c·T fits this case for some side, by the rounding rule; {@code bound} is T's, in units of ε. */
    private static boolean fits(FormulaCheck.Outcome o, List<Matrix> values, Matrix bound, int k, double c) {
        for (Matrix t : values) {
            Matrix target = Chain.scale(t, c);
            Matrix combined = FormulaCheck.combinedGauge(o.bound(), o.k(), Chain.scale(bound, Math.abs(c)), k);
            if (Discrepancy.rounding("hypothesis", o.value(), target, combined, o.k() + k).passes()) {
                return true;
            }
        }
        return false;
    }

    private List<Diagnosis> conclude(int cases) {
        int best = Integer.MAX_VALUE;
        List<Record> confirmed = new ArrayList<>();
        for (Record r : records.values()) {
            if (r.fits < cases) {
                continue;
            }
            if (r.fitted) {
                if (r.estimates.size() < 2 || !fittedAgrees(r)) {
                    // one case determines nothing (any F is c·T on a 1×1 result, or on a vector of rank one);
                    // a ratio that differs between cases is a factor of the data, not a constant
                    continue;
                }
                double[] c = r.estimates.get(0);
                if (Math.abs(c[0] - 1.0) <= c[1]) {
                    continue; // that is factor 1, judged under its own name
                }
            }
            if (r.fitted && r.estimates.get(0)[0] < 0) {
                // a negative constant is a sign and a scale: two departures, as for the named −2
                r.complexity = r.baseComplexity + 2;
            }
            confirmed.add(r);
            best = Math.min(best, r.complexity);
        }
        List<Diagnosis> out = new ArrayList<>();
        boolean named = false;
        for (Record r : confirmed) {
            if (r.complexity == best && !r.fitted) {
                named = true;
                out.add(new Diagnosis(r.kinds, r.description, r.constant, r.constantName));
            }
        }
        if (!named) {
            for (Record r : confirmed) {
                if (r.complexity == best) {
                    double c = r.estimates.get(0)[0];
                    Set<Kind> kinds = EnumSet.copyOf(r.kinds);
                    if (c < 0) {
                        kinds.add(Kind.SIGN);
                    }
                    out.add(new Diagnosis(kinds, r.description.replace("{c}", FormulaCheck.number(c)
                            + " (a constant fitted by least squares, the same on every case)"), c, "fitted"));
                }
            }
        }
        if (out.isEmpty()) {
            out.add(new Diagnosis(EnumSet.of(Kind.UNEXPLAINED), "none of the hypotheses fits every case: not ∂ℓ/∂"
                    + question.parameter().seedName() + " transposed, scaled (2, 1/2, B, 1/B, n, 1/n, 2/n, n/2, a "
                    + "fitted constant), sign-flipped, without a σ' factor, with a factor from the wrong layer, nor "
                    + "another parameter's gradient", Double.NaN, ""));
        }
        return out;
    }

    /** Every two fitted constants agree within the sum of their uncertainties. */
    private static boolean fittedAgrees(Record r) {
        for (double[] a : r.estimates) {
            for (double[] b : r.estimates) {
                if (Math.abs(a[0] - b[0]) > a[1] + b[1]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The bases of one case, in numerator layout (see the class comment). */
    private List<Base> bases(FormulaCheck.Outcome o) {
        DeepParameter p = question.parameter();
        int depth = question.depth();
        Exact exact = o.exact();
        double weight = question.objective().reduction().weight(o.formulaCase().batchSize());
        List<Base> out = new ArrayList<>();
        out.add(new Base("exact", "∂ℓ/∂" + p.seedName(), EnumSet.noneOf(Kind.class),
                exact.gradients(p, Layout.NUMERATOR), exact.bound(p, Layout.NUMERATOR), exact.k()));
        Chain correct = Chain.correct(p, depth);
        List<Set<Integer>> forced = new ArrayList<>();
        for (int j = p.layer(); j < depth; j++) {
            forced.add(Set.of(j));
        }
        if (forced.size() > 1) {
            Set<Integer> all = new TreeSet<>();
            forced.forEach(all::addAll);
            forced.add(all);
        }
        for (Set<Integer> layers : forced) {
            Set<Integer> sorted = new TreeSet<>(layers);
            List<String> factors = new ArrayList<>();
            List<String> sigmas = new ArrayList<>();
            for (int j : sorted) {
                factors.add("diag(sp" + j + ")");
                sigmas.add("σ'(z" + j + ")");
            }
            String phrase = "∂ℓ/∂" + p.seedName() + " with " + String.join(" and ", sigmas) + " taken as 1: the "
                    + "factor" + (sorted.size() > 1 ? "s " : " ") + String.join(", ", factors) + " left out";
            Chain.Evaluation chain = correct.withoutSigmaPrime(sorted).evaluate(o.quantities(), weight);
            out.add(new Base("sigma" + sorted, phrase, EnumSet.of(Kind.SIGMA_PRIME_MISSING),
                    List.of(exact.withoutSigmaPrime(sorted).get(p)), chain.bound(), chain.k()));
        }
        for (DeepParameter q : DeepParameter.ofDepth(depth)) {
            if (!q.equals(p)) {
                out.add(new Base("param" + q.seedName(), "∂ℓ/∂" + q.seedName() + ", the gradient of another parameter "
                        + "than " + p.seedName(), EnumSet.of(Kind.WRONG_PARAMETER), exact.gradients(q, Layout.NUMERATOR),
                        exact.bound(q, Layout.NUMERATOR), exact.k()));
            }
        }
        Loss loss = question.objective().loss();
        for (Chain variant : correct.wrongLayerVariants(depth)) {
            Chain.Evaluation e = variant.evaluate(o.quantities(), weight);
            if (e != null) {
                out.add(new Base("variant:" + variant.text(loss), "the correct formula " + correct.text(loss) + " with "
                        + variant.change() + " (" + variant.text(loss) + "): a factor from the wrong layer",
                        EnumSet.of(Kind.WRONG_LAYER), List.of(e.value()), e.bound(), e.k()));
            }
        }
        return out;
    }

    /** The named factors on a case; "1" first. */
    private List<Factor> factors(FormulaCase c) {
        double b = c.batchSize();
        double n = c.widths()[c.depth()];
        Loss loss = question.objective().loss();
        Reduction reduction = question.objective().reduction();
        List<Factor> positive = List.of(
                new Factor("2", 2.0, EnumSet.of(Kind.SCALED), 1, loss == Loss.HALF_SQUARED_ERROR
                        ? "twice the gradient: the ½ of ½‖ŷ − y‖² dropped, or a term counted twice" : "twice the gradient"),
                new Factor("1/2", 0.5, EnumSet.of(Kind.SCALED), 1, "half the gradient"),
                new Factor("B", b, EnumSet.of(Kind.SCALED), 1, reduction == Reduction.MEAN
                        ? "the batch summed where the objective takes its mean" : ""),
                new Factor("1/B", 1.0 / b, EnumSet.of(Kind.SCALED), 1, reduction == Reduction.SUM
                        ? "a mean over the batch where the objective sums" : ""),
                new Factor("n", n, EnumSet.of(Kind.SCALED), 1, ""),
                new Factor("1/n", 1.0 / n, EnumSet.of(Kind.SCALED), 1, ""),
                new Factor("2/n", 2.0 / n, EnumSet.of(Kind.SCALED), 1, loss == Loss.HALF_SQUARED_ERROR
                        ? "the mean squared error's ∂ℓ/∂ŷ = (2/n)·r where ½‖ŷ − y‖² has r" : ""),
                new Factor("n/2", n / 2.0, EnumSet.of(Kind.SCALED), 1, loss == Loss.MEAN_SQUARED_ERROR
                        ? "r where the mean squared error's ∂ℓ/∂ŷ is (2/n)·r" : ""));
        List<Factor> out = new ArrayList<>();
        out.add(new Factor("1", 1.0, EnumSet.noneOf(Kind.class), 0, ""));
        out.add(new Factor("−1", -1.0, EnumSet.of(Kind.SIGN), 1, "the sign is flipped"));
        out.addAll(positive);
        for (Factor f : positive) {
            out.add(new Factor("−" + f.label(), -f.value(), EnumSet.of(Kind.SCALED, Kind.SIGN), 2,
                    f.hint().isEmpty() ? "the sign flipped too" : f.hint() + ", and the sign flipped"));
        }
        return out;
    }

    /** "it is ∂ℓ/∂W1, transposed: …, times 2 (…)"; {c} stands for a fitted factor when {@code factor} is null. */
    private String describe(Base base, boolean flipped, Factor factor) {
        StringBuilder out = new StringBuilder("it is ").append(base.phrase());
        if (flipped) {
            Layout declared = question.layout();
            out.append(", transposed: the ").append(name(other(declared))).append(" layout (")
                    .append(shape(other(declared))).append("), where the ").append(name(declared))
                    .append(" layout (").append(shape(declared)).append(") was declared");
        }
        if (factor == null) {
            out.append(", times {c}");
        } else if (factor.complexity() > 0) {
            out.append(", times ").append(factor.label());
            if (!factor.hint().isEmpty()) {
                out.append(" (").append(factor.hint()).append(')');
            }
        }
        return out.toString();
    }

    /** The symbolic shape of ∂ℓ/∂p in a layout: "d×h1", "1×h1", "h1×1". */
    String shape(Layout layout) {
        return FormulaCheck.wantedSymbols(question.parameter(), layout, vocabulary);
    }

    private static String name(Layout layout) {
        return layout.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Set<Kind> union(Set<Kind> base, boolean flipped, Set<Kind> factor) {
        Set<Kind> out = EnumSet.noneOf(Kind.class);
        out.addAll(base);
        out.addAll(factor);
        if (flipped) {
            out.add(Kind.TRANSPOSED);
        }
        return out;
    }

    static Layout other(Layout layout) {
        return layout == Layout.NUMERATOR ? Layout.DENOMINATOR : Layout.NUMERATOR;
    }

    private static Matrix in(Matrix numerator, Layout layout) {
        return layout == Layout.NUMERATOR ? numerator : numerator.transpose();
    }
}
