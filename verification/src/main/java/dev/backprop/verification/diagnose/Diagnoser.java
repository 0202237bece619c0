package dev.backprop.verification.diagnose;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.diagnose.Diagnosis.Entry;
import dev.backprop.verification.diagnose.Diagnosis.Finding;
import dev.backprop.verification.diagnose.Diagnosis.Kind;
import dev.backprop.verification.diagnose.Diagnosis.OracleComparison;
import dev.backprop.verification.exchange.ExchangeCase;
import dev.backprop.verification.exchange.Precision;
import dev.backprop.verification.exchange.Submission;
import dev.backprop.verification.numeric.CannotJudge;
import dev.backprop.verification.numeric.DeepFiniteDifferences;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.numeric.DeepParameters;
import dev.backprop.verification.numeric.Discrepancy;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Says what a wrong gradient looks like, parameter by parameter (DESIGN.md §3, "the suite judges and
 * diagnoses"), by testing hypotheses. Each hypothesis is a predicted gradient computed exactly — by forward-mode
 * AD ({@link Predictions}), or by an exact transformation of the right gradient (a transpose, a constant factor)
 * — and a parameter is explained by it only if the gradient as written matches the prediction by the
 * verdict's own rounding rule at the declared precision ({@link RoundingRule}), the prediction's gauge scaled
 * as the mistake scales the computation. So every finding is a fact about the numbers, not a guess; a wrong
 * parameter that no hypothesis predicts is reported as unexplained, with its worst entries.
 *
 * <p>The hypotheses, for each parameter that is not right, simplest first:
 * <ol>
 *   <li>transposed: the matrix read in the other layout (its shape is that layout's, or it is square and not
 *       symmetric) is right;</li>
 *   <li>another kink side: right for a choice of side at a kink within rounding other than the one that makes
 *       the most parameters right (sides are one choice per point for the whole gradient);</li>
 *   <li>a named constant c (2, 1/2, B, 1/B, n, 1/n, 2/n, n/2, and their negatives, −1 being "sign flipped")
 *       times the right value, read as declared or transposed, gauge |c| times the right one's;</li>
 *   <li>σ' of hidden layer k omitted (the chain rule with σ_k' forced to 1; read as declared or transposed) or
 *       taken at s_k = σ(z_k), for every k at or above the parameter's layer (below it σ' does not enter),
 *       each with the gauge of its own computation ({@link Predictions#gauge}); then σ' omitted times a named
 *       constant, where omitting σ' changes the parameter at all.</li>
 * </ol>
 * A hypothesis counts only if it is resolved: the right gradient itself does not fit it, so that it predicts the
 * error rather than merely tolerating it (a σ' slip's rounding band can be far wider than the right
 * computation's, and would otherwise fit any small error). A σ' hypothesis resolved on one parameter is
 * established for the whole gradient — one derivation made the slip — and counts wherever it fits. Of the
 * hypotheses that count for a parameter, the one that explains the most wrong parameters of the gradient is
 * reported (one slip is likelier than several), ties going to the simpler; the others that count are kept as
 * alternatives the rule cannot rule out (leaky ReLU units below 0 on two layers make σ' omitted at either
 * 100 × the right gradient; scaled errors under different hypotheses' gauges are not compared). When none counts:
 * zero everywhere; a fitted constant c = ⟨got, want⟩/⟨want, want⟩ (at least
 * {@link #MIN_RESOLVED_ENTRIES_FOR_FIT} entries of the right value resolved beyond rounding, since a single entry
 * is always a multiple of another); else unexplained, with the hypotheses that fit but are unresolved named as
 * consistent with it. Before all these, one constant for the whole gradient is tried (a mean taken as a sum makes
 * every parameter 1/B of the right one): when it fits every parameter it is reported once, for all of them.
 *
 * <p>Kinks: where kinked pre-activations are 0 within rounding, the right gradient is one of up to 2⁶ (one
 * choice of side per group, {@link DeepGauges#kinkGroups()}). "Right" uses the one choice that makes the most
 * parameters right (the verdict's own enumeration: the gradient agrees with AD iff some choice makes every
 * parameter right); a hypothesis fits a wrong parameter if it fits for some choice.
 *
 * <p>Triage (DESIGN.md §3): the gradient as declared is compared with forward-mode AD and with finite
 * differences separately. Both disagree: the implementation is wrong. Only one: if the case has points on a
 * kink within rounding, stencils that reached past a kink, coordinates finite differences could not resolve, or
 * an entry whose value is within its own rounding bound (a cancellation), that is an oracle's limit and is said
 * to be one, not evidence of a bug; otherwise the oracles contradict each other, which is the suite's fault. An
 * optional second implementation's gradient adds the line "optimized ≠ reference and reference = numerics →
 * the bug is in the optimisation", or its converse.
 *
 * <p>Cost: one exact gradient per choice of kink side, finite differences, and for a wrong gradient up to two
 * more AD gradients per hidden layer — meant for cases within
 * {@link dev.backprop.verification.exchange.SubmissionJudge#FULL_AD_PARAMETER_LIMIT} parameters.
 */
public final class Diagnoser {
    /** How many worst entries a diagnosis lists. */
    public static final int WORST_ENTRIES = 5;

    /**
     * A fitted constant is only a finding when at least this many entries of the right value are resolved beyond
     * their rounding: with one, any value is some multiple of it, and the hypothesis could not fail.
     */
    public static final int MIN_RESOLVED_ENTRIES_FOR_FIT = 2;

    private Diagnoser() {
    }

    /**
     * Diagnoses a gradient as written: {@code weights} ∂ℓ/∂W1 … ∂ℓ/∂WL and {@code biases} ∂ℓ/∂b1 … ∂ℓ/∂bL, each
     * in the {@code declared} layout's shape or its transpose (anything else is a {@link Kind#SHAPE} finding),
     * computed in {@code precision}.
     *
     * @throws CannotJudge if more groups of points sit on a kink within rounding than can be enumerated
     */
    public static Diagnosis of(DeepNetwork network, Batch batch, Objective objective, Layout declared,
            List<Matrix> weights, List<Matrix> biases, Precision precision) {
        return new Run(network, batch, objective, declared, weights, biases, precision).diagnose(null, null, null);
    }

    /** Diagnoses a {@link DeepGradient} (its layout is the declared one). */
    public static Diagnosis of(DeepNetwork network, Batch batch, Objective objective, DeepGradient gradient,
            Precision precision) {
        return of(network, batch, objective, gradient.layout(), weightsOf(gradient), biasesOf(gradient), precision);
    }

    /** Diagnoses a submitted gradient for its case. */
    public static Diagnosis of(ExchangeCase c, Submission s) {
        if (!c.id().equals(s.caseId())) {
            throw new IllegalArgumentException("the submission answers case " + s.caseId() + ", not " + c.id());
        }
        return of(c.network(), c.batch(), c.objective(), s.layout(), s.weights(), s.biases(), s.precision());
    }

    /**
     * Diagnoses {@code gradient} and, beside it, a second implementation's gradient for the same case (for
     * instance the reference's, computed in double), adding the triage line between the two: which of them
     * the oracles side with.
     *
     * @param name      what to call the diagnosed implementation, e.g. "optimized"
     * @param otherName what to call the second, e.g. "reference"
     */
    public static Diagnosis compared(DeepNetwork network, Batch batch, Objective objective, String name,
            DeepGradient gradient, Precision precision, String otherName, DeepGradient other) {
        return new Run(network, batch, objective, gradient.layout(), weightsOf(gradient), biasesOf(gradient),
                precision).diagnose(name, otherName, other);
    }

    private static List<Matrix> weightsOf(DeepGradient g) {
        List<Matrix> out = new ArrayList<>();
        for (int k = 1; k <= g.depth(); k++) {
            out.add(g.weight(k));
        }
        return out;
    }

    private static List<Matrix> biasesOf(DeepGradient g) {
        List<Matrix> out = new ArrayList<>();
        for (int k = 1; k <= g.depth(); k++) {
            out.add(g.bias(k));
        }
        return out;
    }

    /**
     * The triage of DESIGN.md §3 from the two oracles' verdicts: null when both agree; both disagree: the
     * implementation is wrong; only one: an oracle's limit if the case is near a kink or a cancellation, else the
     * suite's own fault. Finite differences agreeing where they could not have seen the error AD sees (their
     * bound wider than it at every entry AD rejects: {@code finiteDifferencesCouldSee} false) is no contradiction
     * of AD, only a limit of their resolution: AD's verdict stands, the implementation is wrong.
     */
    static Kind triage(boolean exactAgrees, boolean finiteDifferencesAgree, boolean finiteDifferencesCouldSee,
            boolean nearLimit) {
        if (exactAgrees && finiteDifferencesAgree) {
            return null;
        }
        if (!exactAgrees && (!finiteDifferencesAgree || !finiteDifferencesCouldSee)) {
            return Kind.IMPLEMENTATION_WRONG;
        }
        return nearLimit ? Kind.ORACLE_LIMIT : Kind.SUITE_FAULT;
    }

    /** A named constant: its value and how it is written ("1/B"; "2 = B" when two names coincide). */
    private record Named(double value, String name) {
    }

    /** What explains one wrong parameter. */
    /**
     * What explains one wrong parameter; {@code alsoFits}: other hypotheses that fit it too (for an unexplained
     * parameter, σ' hypotheses that fit but are not resolved from the right value there).
     */
    private record Explanation(Set<Kind> kinds, double constant, String constantName, int layer,
            List<Explanation> alsoFits) {
        Explanation(Set<Kind> kinds, double constant, String constantName, int layer) {
            this(kinds, constant, constantName, layer, List.of());
        }

        Explanation with(List<Explanation> also) {
            return new Explanation(kinds, constant, constantName, layer, also);
        }
    }

    /** One diagnosis. */
    private static final class Run {
        private final DeepNetwork network;
        private final Batch batch;
        private final Objective objective;
        private final Layout declared;
        private final Layout otherLayout;
        private final List<Matrix> weights;
        private final List<Matrix> biases;
        private final Precision precision;
        private final List<DeepParameter> params;
        private Matrix[] written;
        /** The matrix as written, read in the declared layout and put in numerator layout; null if its shape is not that layout's. */
        private Matrix[] asDeclared;
        /** The same, read in the other layout; null if its shape is not that layout's or it reads the same. */
        private Matrix[] asOther;
        private Matrix[] gauge;
        private DeepGradient gaugesOfRun;
        private int k;
        private Predictions predictions;
        private int chosen;
        private boolean[] right;

        Run(DeepNetwork network, Batch batch, Objective objective, Layout declared, List<Matrix> weights,
                List<Matrix> biases, Precision precision) {
            this.network = network;
            this.batch = batch;
            this.objective = objective;
            this.declared = declared;
            this.otherLayout = declared == Layout.NUMERATOR ? Layout.DENOMINATOR : Layout.NUMERATOR;
            this.weights = List.copyOf(weights);
            this.biases = List.copyOf(biases);
            this.precision = precision;
            this.params = network.parameters();
            Objective.check(objective, network, batch);
        }

        Diagnosis diagnose(String name, String otherName, DeepGradient other) {
            int depth = network.depth();
            if (weights.size() != depth || biases.size() != depth) {
                String text = "the gradient has " + weights.size() + " weight and " + biases.size() + " bias "
                        + "matrices; the network has " + depth + " layer" + (depth == 1 ? "" : "s");
                OracleComparison none = new OracleComparison("forward-mode AD", false, Double.POSITIVE_INFINITY, text);
                OracleComparison noneFd = new OracleComparison("finite differences", false,
                        Double.POSITIVE_INFINITY, text);
                return new Diagnosis(declared, precision, List.of(new Finding(Kind.SHAPE, Set.of(), List.of(),
                        Double.NaN, "", 0, text), new Finding(Kind.IMPLEMENTATION_WRONG, Set.of(), List.of(),
                        Double.NaN, "", 0, "the implementation is wrong: its gradient does not have the network's "
                        + "layers")), List.of(), none, noneFd, params, Kind.IMPLEMENTATION_WRONG, 0, 0, 0);
            }
            DeepGauges gauges = DeepGauges.of(network, batch, objective);
            k = gauges.k();
            read(gauges);
            predictions = new Predictions(network, batch, objective, gauges);
            OracleComparison exact = againstExact();
            List<DeepParameter> wrong = new ArrayList<>();
            for (int idx = 0; idx < params.size(); idx++) {
                if (!right[idx]) {
                    wrong.add(params.get(idx));
                }
            }
            FdResult fd = againstFiniteDifferences(gauges);
            List<Finding> findings = new ArrayList<>();
            List<Entry> worst = List.of();
            if (!wrong.isEmpty()) {
                findings.addAll(explanations());
                findings.add(confined(wrong));
                worst = worstEntries();
            }
            Kind triage = triage(exact.agrees(), fd.comparison.agrees(), fd.couldSee, fd.limits.length() > 0
                    || gauges.roundingKinks() > 0 || cancellation());
            if (triage != null) {
                findings.add(triageFinding(triage, exact, fd, gauges));
            }
            if (other != null) {
                Finding second = second(name, otherName, other, triage);
                if (second != null) {
                    findings.add(second);
                }
            }
            return new Diagnosis(declared, precision, findings, worst, exact, fd.comparison, wrong, triage,
                    fd.crossings, gauges.roundingKinks(), fd.unresolved);
        }

        // ---- reading the gradient as written ----------------------------------------------------------------

        private void read(DeepGauges gauges) {
            int n = params.size();
            written = new Matrix[n];
            asDeclared = new Matrix[n];
            asOther = new Matrix[n];
            gauge = new Matrix[n];
            for (int idx = 0; idx < n; idx++) {
                DeepParameter p = params.get(idx);
                Matrix m = p.isWeight() ? weights.get(p.layer() - 1) : biases.get(p.layer() - 1);
                if (m == null) {
                    throw new IllegalArgumentException("∂ℓ/∂" + p.seedName() + " is missing");
                }
                written[idx] = m;
                int rows = numeratorRows(p);
                int cols = network.width(p.layer());
                Matrix asNumerator = m.rows() == rows && m.cols() == cols ? m : null;
                Matrix asDenominator = m.rows() == cols && m.cols() == rows ? m.transpose() : null;
                asDeclared[idx] = declared == Layout.NUMERATOR ? asNumerator : asDenominator;
                asOther[idx] = declared == Layout.NUMERATOR ? asDenominator : asNumerator;
                // a symmetric square matrix (or a 1×1) reads the same in both layouts: no layout can be told
                if (asOther[idx] != null && asOther[idx].equals(asDeclared[idx])) {
                    asOther[idx] = null;
                }
                gauge[idx] = gauges.gradient().get(p);
            }
            gaugesOfRun = gauges.gradient();
        }

        private int numeratorRows(DeepParameter p) {
            return p.isWeight() ? network.width(p.layer() - 1) : 1;
        }

        /** The shape of p's gradient in {@code layout}, e.g. "3×2". */
        private String shapeIn(DeepParameter p, Layout layout) {
            int rows = numeratorRows(p);
            int cols = network.width(p.layer());
            return layout == Layout.NUMERATOR ? rows + "×" + cols : cols + "×" + rows;
        }

        private static String name(Layout layout) {
            return layout.name().toLowerCase(Locale.ROOT);
        }

        private static String what(DeepParameter p) {
            return "∂ℓ/∂" + p.describe();
        }

        // ---- the rounding rule ------------------------------------------------------------------------------

        /** Worst scaled error of {@code got} (numerator layout) against c × {@code want}, gauges times |c|. */
        private double error(int idx, Matrix got, Matrix want, double c) {
            return error(idx, got, want, c, gauge[idx]);
        }

        /** As {@link #error(int, Matrix, Matrix, double)}, with the gauge of the predicted computation. */
        private double error(int idx, Matrix got, Matrix want, double c, Matrix gaugeOf) {
            Matrix predicted = c == 1.0 ? want : Matrix.fromFunction(want.rows(), want.cols(),
                    (i, j) -> c * want.get(i, j));
            return RoundingRule.compare(what(params.get(idx)), got, predicted, gaugeOf, Math.abs(c), k, precision)
                    .scaledError();
        }

        /**
         * The gauge of a σ' hypothesis at parameter idx: the larger, entry by entry, of the right computation's
         * and the forced chain's ({@link Predictions#gauge}) — never tighter than the verdict's own.
         */
        private Matrix sigmaGauge(int idx, int layer, boolean atOutput) {
            Matrix forced = predictions.gauge(layer, atOutput, k).get(params.get(idx));
            Matrix right = gauge[idx];
            return Matrix.fromFunction(right.rows(), right.cols(),
                    (i, j) -> Math.max(right.get(i, j), forced.get(i, j)));
        }

        // ---- against the exact gradient ---------------------------------------------------------------------

        /**
         * Chooses the kink sides that make the most parameters right (ties: the least worst error), marks which
         * parameters are right for them, and reports the comparison with AD: it agrees iff every one is.
         */
        private OracleComparison againstExact() {
            List<DeepGradient> exact = predictions.exact();
            int bestRight = -1;
            double bestWorst = Double.POSITIVE_INFINITY;
            for (int q = 0; q < exact.size(); q++) {
                int count = 0;
                double worst = 0.0;
                for (int idx = 0; idx < params.size(); idx++) {
                    double e = asDeclared[idx] == null ? Double.POSITIVE_INFINITY
                            : error(idx, asDeclared[idx], exact.get(q).get(params.get(idx)), 1.0);
                    count += e <= Tolerances.ROUNDING_THRESHOLD ? 1 : 0;
                    worst = Math.max(worst, e);
                }
                if (count > bestRight || count == bestRight && worst < bestWorst) {
                    bestRight = count;
                    bestWorst = worst;
                    chosen = q;
                }
            }
            right = new boolean[params.size()];
            List<String> evidence = new ArrayList<>();
            for (int idx = 0; idx < params.size(); idx++) {
                DeepParameter p = params.get(idx);
                if (asDeclared[idx] == null) {
                    evidence.add(what(p) + ": written " + written[idx].shape() + ", not the " + name(declared)
                            + " layout's " + shapeIn(p, declared));
                    continue;
                }
                Discrepancy d = RoundingRule.compare(what(p), asDeclared[idx], exact.get(chosen).get(p), gauge[idx],
                        1.0, k, precision);
                right[idx] = d.passes();
                if (!d.passes()) {
                    evidence.add(d.describe() + " (numerator layout)");
                }
            }
            return new OracleComparison("forward-mode AD", bestRight == params.size(), bestWorst,
                    String.join("\n", evidence));
        }

        // ---- against finite differences ---------------------------------------------------------------------

        /**
         * The finite-difference comparison; what it met (kinks crossed, coordinates it could not resolve); and
         * whether it could have seen the error AD sees.
         */
        private record FdResult(OracleComparison comparison, int crossings, int unresolved, String limits,
                boolean couldSee) {
        }

        private FdResult againstFiniteDifferences(DeepGauges gauges) {
            List<String> unfit = new ArrayList<>();
            for (int idx = 0; idx < params.size(); idx++) {
                if (asDeclared[idx] == null) {
                    unfit.add(what(params.get(idx)) + " is written " + written[idx].shape() + ", not the "
                            + name(declared) + " layout's " + shapeIn(params.get(idx), declared));
                }
            }
            if (!unfit.isEmpty()) {
                return new FdResult(new OracleComparison("finite differences", false, Double.POSITIVE_INFINITY,
                        "not compared: " + String.join("; ", unfit)), 0, 0, "", true);
            }
            DeepGradient g;
            try {
                g = new DeepGradient(declared, weights, biases);
            } catch (RuntimeException e) {
                // a NaN or an infinity: no oracle can agree with it
                return new FdResult(new OracleComparison("finite differences", false, Double.POSITIVE_INFINITY,
                        "not compared: " + e.getMessage()), 0, 0, "", true);
            }
            DeepFiniteDifferences fd = DeepFiniteDifferences.of(network, batch, objective, gauges);
            Discrepancy d = fd.judge("∂ℓ/∂θ", g, gauges, precision.relativeToDouble(),
                    RoundingRule.addedGauge(precision));
            List<String> limits = new ArrayList<>();
            if (fd.crossings() > 0) {
                limits.add(fd.crossings() + " stencil(s) reached past a kink");
            }
            if (fd.unresolved() > 0) {
                limits.add(fd.unresolved() + " coordinate-sample pair(s) no step resolved");
            }
            return new FdResult(new OracleComparison("finite differences", d.passes(), d.scaledError(),
                    d.passes() ? "" : d.describe()), fd.crossings(), fd.unresolved(), String.join(", ", limits),
                    couldSee(g, fd.bound()));
        }

        /**
         * Whether finite differences must have disagreed with {@code got} if AD is right: at some entry AD rejects,
         * |got − exact| exceeds twice their bound plus the gradient's rounding term (then |got − D| exceeds their
         * tolerance whatever D is within its bound of the exact value). True when AD rejects nothing.
         */
        private boolean couldSee(DeepGradient got, double[] fdBound) {
            DeepParameters layout = DeepParameters.of(network);
            double[] g = layout.flatten(got);
            double[] want = layout.flatten(predictions.exact().get(chosen));
            double[] gauge = layout.flatten(gaugesOfRun);
            double scale = precision.relativeToDouble();
            boolean rejected = false;
            for (int p = 0; p < g.length; p++) {
                if (RoundingRule.scaledError(g[p], want[p], gauge[p], k, precision) <= Tolerances.ROUNDING_THRESHOLD) {
                    continue;
                }
                rejected = true;
                double rounding = gauge[p] > 0
                        ? scale * Tolerances.EPSILON * k * (gauge[p] + RoundingRule.addedGauge(precision)) : 0.0;
                if (Math.abs(g[p] - want[p]) > 2 * fdBound[p] + rounding) {
                    return true;
                }
            }
            return !rejected;
        }

        /** Some entry of the right gradient is nonzero but within its own rounding bound of 0: a cancellation. */
        private boolean cancellation() {
            return cancelled() > 0;
        }

        private int cancelled() {
            int count = 0;
            DeepGradient want = predictions.exact().get(chosen);
            for (int idx = 0; idx < params.size(); idx++) {
                Matrix w = want.get(params.get(idx));
                for (int i = 0; i < w.rows(); i++) {
                    for (int j = 0; j < w.cols(); j++) {
                        double v = w.get(i, j);
                        if (v != 0.0 && RoundingRule.scaledError(v, 0.0, gauge[idx].get(i, j), k, precision)
                                <= Tolerances.ROUNDING_THRESHOLD) {
                            count++;
                        }
                    }
                }
            }
            return count;
        }

        // ---- hypotheses ---------------------------------------------------------------------------------------

        private List<Finding> explanations() {
            List<Finding> out = new ArrayList<>();
            List<Integer> wrong = new ArrayList<>();
            for (int idx = 0; idx < params.size(); idx++) {
                if (!right[idx]) {
                    wrong.add(idx);
                }
            }
            Finding whole = wrong.size() >= 2 ? wholeGradientScale(wrong) : null;
            if (whole != null) {
                out.add(whole);
                return out;
            }
            // a σ' hypothesis resolved on some parameter is established for every parameter of the gradient: one
            // derivation made the slip, and where its prediction is unresolved it is still the coherent reading
            Set<String> established = new java.util.HashSet<>();
            for (int idx : wrong) {
                for (Candidate f : candidates(idx)) {
                    if (f.resolved() && f.sigma()) {
                        established.add(f.key());
                    }
                }
            }
            // how many wrong parameters each hypothesis explains: the one that explains most of the gradient is
            // preferred where several fit a parameter, as one slip in a derivation is likelier than several
            Map<String, Integer> support = new java.util.HashMap<>();
            for (int idx : wrong) {
                for (Candidate f : counted(idx, established)) {
                    support.merge(f.key(), 1, Integer::sum);
                }
            }
            // one finding per distinct text, naming every parameter it is true of, in parameter order
            Map<String, List<DeepParameter>> groups = new LinkedHashMap<>();
            Map<String, Explanation> explanations = new LinkedHashMap<>();
            for (int idx : wrong) {
                Explanation e = explain(idx, established, support);
                String text = describe(idx, e);
                groups.computeIfAbsent(text, t -> new ArrayList<>()).add(params.get(idx));
                explanations.putIfAbsent(text, e);
            }
            for (Map.Entry<String, List<DeepParameter>> g : groups.entrySet()) {
                Explanation e = explanations.get(g.getKey());
                List<String> names = g.getValue().stream().map(Run::what).toList();
                Kind primary = e.kinds().iterator().next();
                List<Finding> alternatives = new ArrayList<>();
                for (Explanation a : e.alsoFits()) {
                    alternatives.add(new Finding(a.kinds().iterator().next(), a.kinds(), g.getValue(), a.constant(),
                            a.constantName(), a.layer(), shortText(a)));
                }
                out.add(new Finding(primary, e.kinds(), g.getValue(), e.constant(), e.constantName(), e.layer(),
                        String.join(", ", names) + ": " + g.getKey(), alternatives));
            }
            return out;
        }

        /**
         * A hypothesis that fits a wrong parameter: how well (its worst scaled error under the hypothesis's own
         * gauge), and whether it is resolved — the right gradient itself does not fit it, so that the hypothesis
         * predicts the error rather than merely tolerating it (a σ' slip's rounding band can be far wider than
         * the right computation's, nothing tiny damping it, and then it would fit any small error).
         */
        private record Candidate(Explanation explanation, double error, boolean resolved) {
            String key() {
                return explanation.kinds() + "@" + explanation.layer() + "×" + explanation.constant();
            }

            boolean sigma() {
                return explanation.kinds().contains(Kind.SIGMA_PRIME_MISSING)
                        || explanation.kinds().contains(Kind.SIGMA_PRIME_AT_OUTPUT);
            }
        }

        private final Map<Integer, List<Candidate>> candidateCache = new java.util.HashMap<>();

        /**
         * Every hypothesis that fits wrong parameter idx: transposed; another choice of kink side; a named constant
         * times the right value (as declared or transposed); σ' omitted or taken at s at every hidden layer at or
         * above idx's (below it σ' does not enter its gradient), omitted also as declared or transposed and times
         * a named constant. Each is tested against every choice of kink side.
         */
        private List<Candidate> candidates(int idx) {
            return candidateCache.computeIfAbsent(idx, key -> {
                List<Candidate> out = new ArrayList<>();
                Matrix declaredReading = asDeclared[idx];
                Matrix otherReading = asOther[idx];
                if (declaredReading == null && otherReading == null) {
                    return out;
                }
                DeepParameter p = params.get(idx);
                List<DeepGradient> exact = predictions.exact();
                add(out, idx, otherReading, exact, 1.0, gauge[idx],
                        new Explanation(EnumSet.of(Kind.TRANSPOSED), Double.NaN, "", 0), true);
                if (exact.size() > 1) {
                    add(out, idx, declaredReading, exact, 1.0, gauge[idx],
                            new Explanation(EnumSet.of(Kind.KINK_SIDE), Double.NaN, "", 0), true);
                }
                for (Named c : namedConstants()) {
                    add(out, idx, declaredReading, exact, c.value(), gauge[idx],
                            scaled(c.value(), c.name(), false, 0, null), false);
                    add(out, idx, otherReading, exact, c.value(), gauge[idx],
                            scaled(c.value(), c.name(), true, 0, null), false);
                }
                // single slips first, every layer; then the compounds (σ' omitted times a constant)
                for (int layer = p.layer(); layer < network.depth(); layer++) {
                    List<DeepGradient> missing = predictions.sigmaPrimeMissing(layer);
                    if (!missing.isEmpty()) {
                        Matrix missingGauge = sigmaGauge(idx, layer, false);
                        add(out, idx, declaredReading, missing, 1.0, missingGauge, new Explanation(
                                EnumSet.of(Kind.SIGMA_PRIME_MISSING), Double.NaN, "", layer), false);
                        add(out, idx, otherReading, missing, 1.0, missingGauge, new Explanation(
                                EnumSet.of(Kind.TRANSPOSED, Kind.SIGMA_PRIME_MISSING), Double.NaN, "", layer), false);
                    }
                    List<DeepGradient> atOutput = predictions.sigmaPrimeAtOutput(layer);
                    if (!atOutput.isEmpty()) {
                        add(out, idx, declaredReading, atOutput, 1.0, sigmaGauge(idx, layer, true), new Explanation(
                                EnumSet.of(Kind.SIGMA_PRIME_AT_OUTPUT), Double.NaN, "", layer), false);
                    }
                }
                for (int layer = p.layer(); layer < network.depth(); layer++) {
                    List<DeepGradient> missing = predictions.sigmaPrimeMissing(layer);
                    if (missing.isEmpty()) {
                        continue;
                    }
                    Matrix missingGauge = sigmaGauge(idx, layer, false);
                    // the compound only where omitting σ' changes this parameter at all (a ReLU layer whose units
                    // are all active has σ' = 1, and "omitted × 2" would just be "× 2")
                    boolean matters = false;
                    for (DeepGradient g : missing) {
                        matters |= error(idx, predictions.exact().get(chosen).get(p), g.get(p), 1.0, missingGauge)
                                > Tolerances.ROUNDING_THRESHOLD;
                    }
                    for (Named c : matters ? namedConstants() : List.<Named>of()) {
                        add(out, idx, declaredReading, missing, c.value(), missingGauge,
                                scaled(c.value(), c.name(), false, layer, Kind.SIGMA_PRIME_MISSING), false);
                    }
                }
                return out;
            });
        }

        /**
         * Adds the hypothesis "got = c × one of {@code predicted}" if it fits for some choice of kink side (the
         * best one kept). {@code resolvedByReading}: the hypothesis reads the matrix differently (transposed) or
         * against another side, where the right gradient cannot fit it without the parameter being right.
         */
        private void add(List<Candidate> out, int idx, Matrix got, List<DeepGradient> predicted, double c,
                Matrix gaugeOf, Explanation e, boolean resolvedByReading) {
            if (got == null) {
                return;
            }
            DeepParameter p = params.get(idx);
            Matrix right = predictions.exact().get(chosen).get(p);
            Candidate best = null;
            for (DeepGradient g : predicted) {
                Matrix want = g.get(p);
                double error = error(idx, got, want, c, gaugeOf);
                if (error > Tolerances.ROUNDING_THRESHOLD || best != null && error >= best.error()) {
                    continue;
                }
                boolean resolved = resolvedByReading || error(idx, right, want, c, gaugeOf)
                        > Tolerances.ROUNDING_THRESHOLD;
                best = new Candidate(e, error, resolved);
            }
            if (best != null) {
                out.add(best);
            }
        }

        /**
         * The best-fitting hypothesis that counts (resolved, or a σ' hypothesis established on another
         * parameter), the others that count as alternatives; if none counts: zero, a fitted constant, or
         * unexplained, with the hypotheses that fit but are unresolved named as consistent.
         */
        private Explanation explain(int idx, Set<String> established, Map<String, Integer> support) {
            if (asDeclared[idx] == null && asOther[idx] == null) {
                return new Explanation(EnumSet.of(Kind.SHAPE), Double.NaN, "", 0);
            }
            List<Candidate> all = candidates(idx);
            List<Candidate> counted = counted(idx, established);
            if (!counted.isEmpty()) {
                // the one that explains most of the gradient; on a tie the earlier, simpler one (candidates are
                // listed simplest first). Scaled errors under different hypotheses' gauges are not compared: each
                // only says "within rounding"
                Candidate best = counted.get(0);
                for (Candidate f : counted) {
                    if (support.getOrDefault(f.key(), 0) > support.getOrDefault(best.key(), 0)) {
                        best = f;
                    }
                }
                Candidate chosenOne = best;
                return best.explanation().with(counted.stream().filter(f -> f != chosenOne)
                        .map(Candidate::explanation).toList());
            }
            Explanation rest = explainAfterHypotheses(idx);
            return rest.with(all.stream().map(Candidate::explanation).toList());
        }

        /** The candidates that count: resolved, or a σ' hypothesis established on some parameter. */
        private List<Candidate> counted(int idx, Set<String> established) {
            return candidates(idx).stream()
                    .filter(f -> f.resolved() || f.sigma() && established.contains(f.key())).toList();
        }

        /** Zero, a fitted constant, or unexplained. */
        private Explanation explainAfterHypotheses(int idx) {
            Matrix declaredReading = asDeclared[idx];
            Matrix otherReading = asOther[idx];
            DeepParameter p = params.get(idx);
            List<DeepGradient> exact = predictions.exact();
            Matrix any = declaredReading != null ? declaredReading : otherReading;
            if (allZero(any)) {
                return new Explanation(EnumSet.of(Kind.ZERO), Double.NaN, "", 0);
            }
            for (Matrix reading : new Matrix[] {declaredReading, otherReading}) {
                if (reading == null) {
                    continue;
                }
                for (DeepGradient g : exact) {
                    double c = fitted(List.of(idx), List.of(reading), List.of(g.get(p)));
                    if (!Double.isNaN(c)) {
                        return scaled(c, "fitted", reading == otherReading, 0, null);
                    }
                }
            }
            return new Explanation(EnumSet.of(declaredReading == null ? Kind.SHAPE : Kind.UNEXPLAINED), Double.NaN,
                    "", 0);
        }

        private static Explanation scaled(double c, String name, boolean other, int layer, Kind with) {
            EnumSet<Kind> kinds = EnumSet.of(c == -1.0 ? Kind.SIGN : Kind.SCALED);
            if (other) {
                kinds.add(Kind.TRANSPOSED);
            }
            if (with != null) {
                kinds.add(with);
            }
            return new Explanation(kinds, c, name, layer);
        }

        private static boolean allZero(Matrix m) {
            for (double v : m.toArray()) {
                if (v != 0.0) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The constants a derivation's slip multiplies a gradient by: 2 and 1/2 (a ½ dropped or doubled), B and
         * 1/B (sum and mean confused), n, 1/n, 2/n, n/2 (the mean squared error's 1/n and the ½ of ½‖r‖²), and the
         * negatives of each, −1 being the sign flipped. Values that coincide are one constant with every name
         * ("2 = B"); a value of 1 is no slip and is left out.
         */
        private List<Named> namedConstants() {
            int b = batch.size();
            int n = network.outputSize();
            Map<Double, String> names = new LinkedHashMap<>();
            double[] values = {-1, 2, 0.5, b, 1.0 / b, n, 1.0 / n, 2.0 / n, n / 2.0};
            String[] labels = {"−1", "2", "1/2", "B", "1/B", "n", "1/n", "2/n", "n/2"};
            for (int sign : new int[] {1, -1}) {
                for (int i = 0; i < values.length; i++) {
                    if (i == 0 && sign == -1) {
                        continue;
                    }
                    double v = sign * values[i];
                    String label = sign == 1 ? labels[i] : "−" + labels[i];
                    if (v != 1.0) {
                        names.merge(v, label, (a, x) -> a + " = " + x);
                    }
                }
            }
            List<Named> out = new ArrayList<>();
            names.forEach((v, label) -> out.add(new Named(v, label)));
            return out;
        }

        /**
         * The least-squares c = ⟨got, want⟩/⟨want, want⟩ over the given parameters, or NaN when got ≈ c·want does
         * not hold for every entry by the rounding rule, when fewer than {@link #MIN_RESOLVED_ENTRIES_FOR_FIT}
         * entries of want are resolved beyond their rounding, or when c is 0.
         *
         * <p>The gauge of the fitted prediction: if got = c₀·want + e with every |e_i| ≤ εK·|c₀|·G_i (the rule's
         * bound for "c₀ times the right value"), the fit gives c = c₀ + ⟨e, want⟩/‖want‖², so
         * got_i − c·want_i = e_i − want_i·⟨e, want⟩/‖want‖², at most εK·|c|·(G_i + |want_i|·Σ_j G_j|want_j| /
         * ‖want‖²) to first order. Computing c and c·want in double adds at most (2N + 2)ε·|c·want_i| for N
         * entries, written as (2N + 2)/K·|c·want_i| inside the gauge. So the fitted hypothesis is judged with the
         * rule's own bound for it, not with a looser one.
         */
        private double fitted(List<Integer> indices, List<Matrix> got, List<Matrix> want) {
            double gw = 0.0;
            double ww = 0.0;
            double gaugeWant = 0.0;
            int entries = 0;
            int resolvedEntries = 0;
            for (int q = 0; q < indices.size(); q++) {
                Matrix g = got.get(q);
                Matrix w = want.get(q);
                Matrix gg = gauge[indices.get(q)];
                for (int i = 0; i < w.rows(); i++) {
                    for (int j = 0; j < w.cols(); j++) {
                        gw += g.get(i, j) * w.get(i, j);
                        ww += w.get(i, j) * w.get(i, j);
                        gaugeWant += gg.get(i, j) * Math.abs(w.get(i, j));
                        entries++;
                        if (RoundingRule.scaledError(w.get(i, j), 0.0, gg.get(i, j), k, precision)
                                > Tolerances.ROUNDING_THRESHOLD) {
                            resolvedEntries++;
                        }
                    }
                }
            }
            if (resolvedEntries < MIN_RESOLVED_ENTRIES_FOR_FIT || !(ww > 0) || !Double.isFinite(gw / ww)) {
                return Double.NaN;
            }
            double c = gw / ww;
            if (c == 0.0) {
                return Double.NaN;
            }
            double spread = gaugeWant / ww;
            double fitRounding = (2.0 * entries + 2.0) / k;
            // resolved: the right value itself must not fit c × want under the fitted gauge, else c ≈ 1 would
            // "explain" any error within the fit's slightly wider bound
            boolean resolved = false;
            for (int q = 0; q < indices.size(); q++) {
                Matrix g = got.get(q);
                Matrix w = want.get(q);
                Matrix gg = gauge[indices.get(q)];
                for (int i = 0; i < w.rows(); i++) {
                    for (int j = 0; j < w.cols(); j++) {
                        double wij = Math.abs(w.get(i, j));
                        double fittedGauge = Math.abs(c) * (gg.get(i, j) + wij * spread + wij * fitRounding);
                        if (RoundingRule.scaledError(g.get(i, j), c * w.get(i, j), fittedGauge, k, precision)
                                > Tolerances.ROUNDING_THRESHOLD) {
                            return Double.NaN;
                        }
                        resolved |= RoundingRule.scaledError(w.get(i, j), c * w.get(i, j), fittedGauge, k, precision)
                                > Tolerances.ROUNDING_THRESHOLD;
                    }
                }
            }
            return resolved ? c : Double.NaN;
        }

        /**
         * One constant c ≠ 1 for every parameter that is not right (the right ones are then right because c times
         * them is within rounding, e.g. zeros): named first, then fitted. Only when every parameter reads in the
         * declared layout.
         */
        private Finding wholeGradientScale(List<Integer> wrong) {
            for (Matrix m : asDeclared) {
                if (m == null) {
                    return null;
                }
            }
            List<DeepGradient> exact = predictions.exact();
            List<DeepParameter> wrongParams = wrong.stream().map(params::get).toList();
            for (Named c : namedConstants()) {
                for (DeepGradient g : exact) {
                    boolean all = true;
                    // resolved: the right gradient itself does not fit c times it somewhere (else c would only
                    // widen the bound, explaining nothing)
                    boolean resolved = false;
                    for (int idx = 0; idx < params.size() && all; idx++) {
                        Matrix want = g.get(params.get(idx));
                        all = error(idx, asDeclared[idx], want, c.value()) <= Tolerances.ROUNDING_THRESHOLD;
                        resolved |= error(idx, want, want, c.value()) > Tolerances.ROUNDING_THRESHOLD;
                    }
                    if (all && resolved) {
                        return wholeFinding(c.value(), c.name(), wrongParams);
                    }
                }
            }
            List<Integer> all = new ArrayList<>();
            List<Matrix> got = new ArrayList<>();
            for (int idx = 0; idx < params.size(); idx++) {
                all.add(idx);
                got.add(asDeclared[idx]);
            }
            for (DeepGradient g : exact) {
                List<Matrix> want = new ArrayList<>();
                for (DeepParameter p : params) {
                    want.add(g.get(p));
                }
                double c = fitted(all, got, want);
                if (!Double.isNaN(c)) {
                    return wholeFinding(c, "fitted", wrongParams);
                }
            }
            return null;
        }

        private Finding wholeFinding(double c, String name, List<DeepParameter> wrongParams) {
            Kind kind = c == -1.0 ? Kind.SIGN : Kind.SCALED;
            String text = "the whole gradient is " + scaleText(c, name)
                    + ": one constant fits every parameter" + hint(c);
            return new Finding(kind, EnumSet.of(kind), wrongParams, c, name, 0, text);
        }

        /** The slip that gives exactly this constant for every parameter, where one is known. */
        private String hint(double c) {
            int b = batch.size();
            int n = network.outputSize();
            Reduction reduction = objective.reduction();
            Loss loss = objective.loss();
            if (b > 1 && reduction == Reduction.SUM && c == 1.0 / b) {
                return " — what a mean gives where a sum was asked";
            }
            if (b > 1 && reduction == Reduction.MEAN && c == b) {
                return " — what a sum gives where a mean was asked";
            }
            if (loss == Loss.HALF_SQUARED_ERROR && c == 2.0) {
                return " — what ‖r‖² gives where ½‖r‖² was asked (the ½ dropped)";
            }
            if (loss == Loss.MEAN_SQUARED_ERROR && c == n / 2.0) {
                return " — what ½‖r‖² gives where the mean squared error (1/n)‖r‖² was asked";
            }
            return "";
        }

        /** "sign flipped", "scaled by 1/B (B = 4 samples)", "scaled by c ≈ 1.37 (fitted: no simple constant)". */
        private String scaleText(double c, String name) {
            if (c == -1.0) {
                return "sign flipped (every entry −1 × the right value)";
            }
            if (name.equals("fitted")) {
                return String.format(Locale.ROOT, "scaled by c ≈ %.6g (fitted: no simple constant)", c);
            }
            List<String> symbols = new ArrayList<>();
            if (name.contains("B")) {
                symbols.add("B = " + batch.size() + " sample" + (batch.size() == 1 ? "" : "s"));
            }
            if (name.contains("n")) {
                symbols.add("n = " + network.outputSize() + " output" + (network.outputSize() == 1 ? "" : "s"));
            }
            return "scaled by " + name + (symbols.isEmpty() ? "" : " (" + String.join(", ", symbols) + ")");
        }

        private String describe(int idx, Explanation e) {
            DeepParameter p = params.get(idx);
            Set<Kind> kinds = e.kinds();
            List<String> parts = new ArrayList<>();
            if (kinds.contains(Kind.SHAPE)) {
                return "written " + written[idx].shape() + ": neither the numerator layout's "
                        + shapeIn(p, Layout.NUMERATOR) + " nor the denominator layout's "
                        + shapeIn(p, Layout.DENOMINATOR);
            }
            if (kinds.contains(Kind.TRANSPOSED)) {
                String rest = kinds.size() == 1 ? "; read in that layout it is right" : "; read in that layout it is";
                if (asDeclared[idx] == null) {
                    parts.add("transposed — declared " + name(declared) + ", whose shape is " + shapeIn(p, declared)
                            + ", but written " + written[idx].shape() + ", the " + name(otherLayout)
                            + " layout's shape" + rest);
                } else {
                    parts.add("transposed — declared " + name(declared) + " but this is the " + name(otherLayout)
                            + " layout (" + written[idx].shape() + " fits both: its values tell)" + rest);
                }
            }
            if (kinds.contains(Kind.KINK_SIDE)) {
                parts.add("right for another choice of side at a kink within rounding than the one the other "
                        + "parameters fit: a choice of side is one per point, the same for every parameter");
            }
            if (kinds.contains(Kind.SIGMA_PRIME_MISSING) || kinds.contains(Kind.SIGMA_PRIME_AT_OUTPUT)) {
                parts.add(sigmaText(e) + (kinds.contains(Kind.SIGMA_PRIME_MISSING)
                        ? " — equal to the gradient with diag(σ_" + e.layer() + "'(z_" + e.layer()
                                + ")) left out of the chain rule" : ""));
            }
            if (kinds.contains(Kind.SCALED) || kinds.contains(Kind.SIGN)) {
                parts.add(scaleText(e.constant(), e.constantName()));
            }
            if (kinds.contains(Kind.ZERO)) {
                double largest = 0.0;
                for (double v : predictions.exact().get(chosen).get(p).toArray()) {
                    largest = Math.max(largest, Math.abs(v));
                }
                parts.add(String.format(Locale.ROOT, "zero everywhere, where the right gradient is not (its largest "
                        + "|entry| is %.6g)", largest));
            }
            if (kinds.contains(Kind.UNEXPLAINED)) {
                Entry worst = worstOf(idx);
                parts.add("unexplained — not transposed, not a constant multiple, not σ' omitted or taken at s"
                        + (worst == null ? "" : ": worst at [" + worst.row() + "," + worst.col() + "] as written, got "
                                + fmt(worst.got()) + ", want " + fmt(worst.want()) + ", scaled error "
                                + String.format(Locale.ROOT, "%.3g", worst.scaledError())));
            }
            if (!e.alsoFits().isEmpty()) {
                String others = String.join("; ", e.alsoFits().stream().map(this::shortText).toList());
                parts.add(kinds.contains(Kind.UNEXPLAINED) || kinds.contains(Kind.ZERO)
                        || e.constantName().equals("fitted")
                        ? "consistent within rounding with, but not told apart from the right value by: " + others
                        : "also within rounding (the rule cannot rule it out): " + others);
            }
            return String.join("; ", parts);
        }

        /** A hypothesis in a few words, for a list of alternatives: "transposed", "scaled by 2", "σ' of layer 2 (tanh) omitted". */
        private String shortText(Explanation e) {
            List<String> parts = new ArrayList<>();
            if (e.kinds().contains(Kind.SIGMA_PRIME_MISSING) || e.kinds().contains(Kind.SIGMA_PRIME_AT_OUTPUT)) {
                parts.add(sigmaText(e));
            } else if (e.kinds().contains(Kind.TRANSPOSED)) {
                parts.add("transposed");
            }
            if (e.kinds().contains(Kind.KINK_SIDE)) {
                parts.add("another kink side");
            }
            if (e.kinds().contains(Kind.SCALED) || e.kinds().contains(Kind.SIGN)) {
                parts.add(scaleText(e.constant(), e.constantName()));
            }
            return String.join(" and ", parts);
        }

        /** "σ' of layer 2 (tanh) omitted" or "σ' of layer 2 (tanh) taken at s_2 = σ(z_2) instead of at z_2". */
        private String sigmaText(Explanation e) {
            String head = "σ' of layer " + e.layer() + " (" + network.activation(e.layer()).reportName() + ")";
            return e.kinds().contains(Kind.SIGMA_PRIME_AT_OUTPUT)
                    ? head + " taken at s_" + e.layer() + " = σ(z_" + e.layer() + ") instead of at z_" + e.layer()
                    : head + " omitted" + (e.kinds().contains(Kind.TRANSPOSED) ? " (and transposed)" : "");
        }

        private static String fmt(double v) {
            return String.format(Locale.ROOT, "%.17g", v);
        }

        // ---- where the gradient is wrong ----------------------------------------------------------------------

        private Finding confined(List<DeepParameter> wrong) {
            List<String> wrongNames = wrong.stream().map(DeepParameter::seedName).toList();
            List<String> rightNames = new ArrayList<>();
            Set<Integer> layers = new TreeSet<>();
            for (DeepParameter p : params) {
                if (wrong.contains(p)) {
                    layers.add(p.layer());
                } else {
                    rightNames.add(p.seedName());
                }
            }
            String text;
            if (wrong.size() == 1) {
                text = "only " + what(wrong.get(0)) + " is wrong; every other parameter is right";
            } else if (rightNames.isEmpty()) {
                text = "every parameter is wrong, in every layer";
            } else if (layers.size() == 1) {
                text = "wrong in layer " + layers.iterator().next() + " only (" + String.join(", ", wrongNames)
                        + "); every other parameter is right";
            } else if (layers.size() == network.depth()) {
                text = "wrong in every layer (" + String.join(", ", wrongNames) + "); right: "
                        + String.join(", ", rightNames);
            } else {
                text = "wrong in layers " + layers.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b)
                        .orElse("") + " (" + String.join(", ", wrongNames) + "); right: "
                        + String.join(", ", rightNames);
            }
            return new Finding(Kind.CONFINED, Set.of(), wrong, Double.NaN, "", 0, text);
        }

        /**
         * Every entry of idx that fails against the right gradient, in the matrix as written (read in the declared
         * layout, or in the other one when only its shape fits); empty when neither shape fits.
         */
        private List<Entry> failingEntries(int idx) {
            List<Entry> out = new ArrayList<>();
            Matrix reading = asDeclared[idx] != null ? asDeclared[idx] : asOther[idx];
            Layout readAs = asDeclared[idx] != null ? declared : otherLayout;
            if (reading == null) {
                return out;
            }
            DeepParameter p = params.get(idx);
            Matrix want = predictions.exact().get(chosen).get(p);
            for (int i = 0; i < want.rows(); i++) {
                for (int j = 0; j < want.cols(); j++) {
                    double e = RoundingRule.scaledError(reading.get(i, j), want.get(i, j), gauge[idx].get(i, j), k,
                            precision);
                    if (e > Tolerances.ROUNDING_THRESHOLD) {
                        boolean numerator = readAs == Layout.NUMERATOR;
                        out.add(new Entry(p, numerator ? i : j, numerator ? j : i, readAs, reading.get(i, j),
                                want.get(i, j), e));
                    }
                }
            }
            return out;
        }

        private Entry worstOf(int idx) {
            return failingEntries(idx).stream().max(Comparator.comparingDouble(Entry::scaledError)).orElse(null);
        }

        private List<Entry> worstEntries() {
            List<Entry> all = new ArrayList<>();
            for (int idx = 0; idx < params.size(); idx++) {
                if (!right[idx]) {
                    all.addAll(failingEntries(idx));
                }
            }
            all.sort(Comparator.comparingDouble(Entry::scaledError).reversed());
            return all.subList(0, Math.min(WORST_ENTRIES, all.size()));
        }

        // ---- triage -------------------------------------------------------------------------------------------

        private Finding triageFinding(Kind triage, OracleComparison exact, FdResult fd, DeepGauges gauges) {
            String text;
            switch (triage) {
                case IMPLEMENTATION_WRONG:
                    text = fd.comparison.agrees()
                            ? String.format(Locale.ROOT, "the implementation is wrong: forward-mode AD rejects it "
                                    + "(worst scaled error %.3g); finite differences accept it (worst %.3g) only "
                                    + "because its error is within their own error bound on this case at every "
                                    + "entry AD rejects: they could not have told", exact.scaledError(),
                                    fd.comparison.scaledError())
                            : String.format(Locale.ROOT, "the implementation is wrong: it disagrees with forward-mode "
                                    + "AD (worst scaled error %.3g) and with finite differences (worst %.3g), two "
                                    + "oracles that share no code with it or with each other", exact.scaledError(),
                                    fd.comparison.scaledError());
                    break;
                case ORACLE_LIMIT:
                    List<String> limits = new ArrayList<>();
                    if (gauges.roundingKinks() > 0) {
                        limits.add(gauges.roundingKinks() + " point(s) on a kink within rounding");
                    }
                    if (!fd.limits.isEmpty()) {
                        limits.add(fd.limits);
                    }
                    int cancelled = cancelled();
                    if (cancelled > 0) {
                        limits.add(cancelled + " entr" + (cancelled == 1 ? "y" : "ies") + " whose value is within "
                                + "its own rounding bound (a cancellation)");
                    }
                    text = onlyOne(exact, fd) + ", on a case near a kink or a cancellation (" + String.join("; ", limits)
                            + "): an oracle's limit there, not evidence of a bug";
                    break;
                default:
                    text = onlyOne(exact, fd) + ", on a case with no kink and no cancellation: the two oracles "
                            + "contradict each other, which is a fault of the suite itself, not of the implementation";
                    break;
            }
            return new Finding(triage, Set.of(), List.of(), Double.NaN, "", 0, text);
        }

        private static String onlyOne(OracleComparison exact, FdResult fd) {
            OracleComparison disagrees = exact.agrees() ? fd.comparison : exact;
            OracleComparison agrees = exact.agrees() ? exact : fd.comparison;
            return String.format(Locale.ROOT, "only %s disagrees (worst scaled error %.3g; %s agrees, worst %.3g)",
                    disagrees.oracle(), disagrees.scaledError(), agrees.oracle(), agrees.scaledError());
        }

        // ---- a second implementation --------------------------------------------------------------------------

        private Finding second(String name, String otherName, DeepGradient other, Kind triage) {
            // this one by the triage (wrong: both oracles, or AD where finite differences could not tell); the
            // other by AD, exact to rounding, with finite differences required as well for "right"
            boolean thisWrong = triage == Kind.IMPLEMENTATION_WRONG;
            boolean thisRight = triage == null;
            DeepGauges gauges = DeepGauges.of(network, batch, objective);
            boolean otherFits = true;
            try {
                other.requireFits(network);
            } catch (RuntimeException e) {
                otherFits = false;
            }
            boolean otherRight = false;
            boolean otherWrong = true;
            boolean agreeEachOther = false;
            if (otherFits) {
                DeepGradient o = other.in(Layout.NUMERATOR);
                boolean otherExact = false;
                for (DeepGradient g : predictions.exact()) {
                    boolean all = true;
                    for (DeepParameter p : params) {
                        all &= RoundingRule.compare(what(p), o.get(p), g.get(p), gauges.gradient().get(p), 1.0, k,
                                Precision.FLOAT64).passes();
                    }
                    otherExact |= all;
                }
                boolean otherFd = DeepFiniteDifferences.of(network, batch, objective, gauges)
                        .judge("∂ℓ/∂θ", other, gauges).passes();
                otherRight = otherExact && otherFd;
                otherWrong = !otherExact;
                agreeEachOther = true;
                for (int idx = 0; idx < params.size(); idx++) {
                    agreeEachOther &= asDeclared[idx] != null && RoundingRule.compare(what(params.get(idx)),
                            asDeclared[idx], o.get(params.get(idx)), gauge[idx], 1.0, k, precision).passes();
                }
            }
            if (thisWrong && otherRight) {
                return new Finding(Kind.OPTIMISATION_WRONG, Set.of(), List.of(), Double.NaN, "", 0, name + " ≠ "
                        + otherName + ", and " + otherName + " agrees with forward-mode AD and finite differences: "
                        + "the bug is in " + name + "'s own steps (its optimisation), not in the derivation both "
                        + "implement");
            }
            if (thisWrong && otherWrong) {
                return agreeEachOther
                        ? new Finding(Kind.DERIVATION_WRONG, Set.of(), List.of(), Double.NaN, "", 0, name + " and "
                                + otherName + " agree with each other and both disagree with forward-mode AD and "
                                + "finite differences: the bug is in the derivation both implement")
                        : new Finding(Kind.BOTH_WRONG, Set.of(), List.of(), Double.NaN, "", 0, name + " and "
                                + otherName + " both disagree with the oracles, and with each other: each has a bug");
            }
            if (thisRight && otherWrong) {
                return new Finding(Kind.OTHER_WRONG, Set.of(), List.of(), Double.NaN, "", 0, otherName
                        + " disagrees with forward-mode AD and finite differences, and " + name + " agrees with "
                        + "both: the bug is in " + otherName);
            }
            return null;
        }
    }

}
