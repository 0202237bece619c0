package dev.backprop.verification.exchange;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.verification.diagnose.Diagnoser;
import dev.backprop.verification.diagnose.Diagnosis.OracleComparison;
import dev.backprop.verification.diagnose.Diagnosis;
import dev.backprop.verification.diagnose.RoundingRule;
import dev.backprop.verification.large.ProjectionCheck;
import dev.backprop.verification.large.ProjectionResult;
import dev.backprop.verification.large.TaylorRemainder;
import dev.backprop.verification.large.TaylorResult;
import dev.backprop.verification.numeric.CannotJudge;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges one submitted gradient against its case, with two oracles that share no code with the submitter or
 * with each other (DESIGN.md §3), and diagnoses it when it does not pass ({@link Diagnoser}).
 *
 * <p>A case of at most {@link #FULL_AD_PARAMETER_LIMIT} parameters passes when both hold:
 * <ul>
 *   <li>every entry, read in the declared layout, matches exact forward-mode AD by the rounding rule at the
 *       declared precision ({@link RoundingRule}: ε·K·gauge scaled by the format's ulp(1) over double's), for
 *       some choice of side at the kinks within rounding, one choice per point for every parameter — the rule of
 *       {@link dev.backprop.verification.check.DeepGradientChecks#againstForwardMode};</li>
 *   <li>every entry matches finite differences within their own error bound plus the submission's rounding
 *       term, scaled the same way: the bound covers the difference quotient's error (computed in double here,
 *       whatever the submitter used) and the scaled rounding term covers the submitted value's, so their sum
 *       bounds the distance between the two when the submission is right.</li>
 * </ul>
 * A matrix whose shape is the transpose of the declared layout's fails (layout confusion, named by the
 * diagnosis). The status is the diagnosis's triage ({@link Diagnosis#triage()}): both oracles disagreeing is a
 * failure, and so is AD disagreeing where finite differences could not have seen the error (their bound wider
 * than it at every entry AD rejects: their agreement is no evidence); only one disagreeing where it could have
 * agreed is not judged — an oracle's limit near a kink or a cancellation, or the suite's own fault, as the
 * diagnosis says — and never a pass.
 *
 * <p>Two limits of reach, each reported as not judged rather than guessed: a float32 submission whose case
 * drives some value of the computation outside float32's normal range (below 2⁻¹²⁶, where float32's rounding is
 * absolute and the double gauges do not carry it, or above its largest value), and a case too large for full AD,
 * left to {@link #judgeLarge}.
 */
public final class SubmissionJudge {
    /**
     * Above this many parameters a case is judged by {@link #judgeLarge}, not by full forward-mode AD. AD carries
     * one derivative per parameter through every operation, and commons-math3's {@code DSCompiler} tables for P
     * variables grow faster than P². Measured on the 2-core machine this project is built on (one AD gradient,
     * B = 4, width-n networks of depth 3): 330 parameters 0.15–0.26 s within a 128 MB heap; 468 parameters
     * 0.24–0.34 s, needing more than 128 MB; 630 parameters 0.3–0.7 s, needing more than 256 MB; 816 parameters
     * 0.95 s, more than 512 MB; 1,026 parameters more than 1 GB; 1,260 parameters 6.4 s. A diagnosis computes up
     * to two more AD gradients per hidden layer, and kinks within rounding up to 2⁶ each; 500 keeps one gradient
     * near 0.3 s and inside a 256 MB heap. Every generated case of the property tests (at most 6 layers of width
     * 5: 180 parameters) is below it. Candidate for {@link dev.backprop.verification.numeric.Tolerances}.
     */
    public static final long FULL_AD_PARAMETER_LIMIT = 500;

    private SubmissionJudge() {
    }

    /**
     * The verdict on {@code submission} for {@code c}.
     *
     * @throws IllegalArgumentException if the submission answers another case
     */
    public static CaseVerdict judge(ExchangeCase c, Submission submission) {
        if (!c.id().equals(submission.caseId())) {
            throw new IllegalArgumentException("the submission answers case " + submission.caseId() + ", not "
                    + c.id());
        }
        if (c.network().parameterCount() > FULL_AD_PARAMETER_LIMIT) {
            return judgeLarge(c, submission);
        }
        if (submission.precision() == Precision.FLOAT32) {
            String outside = float32RangeLeft(c.network(), c.batch(), c.objective());
            if (outside != null) {
                return CaseVerdict.notJudged(c.id(), outside);
            }
        }
        Diagnosis d;
        try {
            d = Diagnoser.of(c, submission);
        } catch (CannotJudge e) {
            return CaseVerdict.notJudged(c.id(), e.getMessage());
        }
        OracleComparison exact = d.againstExact();
        OracleComparison fd = d.againstFiniteDifferences();
        // the triage decides: both oracles agree → pass; the implementation is wrong (both disagree, or AD does and
        // finite differences could not have seen an error that small) → fail; only one disagrees where it could
        // have agreed → not judged, an oracle's limit or the suite's fault, never a pass
        CaseVerdict.Status status = d.triage() == null ? CaseVerdict.Status.PASS
                : d.triage() == Diagnosis.Kind.IMPLEMENTATION_WRONG ? CaseVerdict.Status.FAIL
                : CaseVerdict.Status.NOT_JUDGED;
        StringBuilder evidence = new StringBuilder();
        evidence.append(line(exact, "exact, kink sides enumerated", submission.precision())).append('\n')
                .append(line(fd, "own error bound plus the submission's rounding", submission.precision()));
        if (status == CaseVerdict.Status.NOT_JUDGED) {
            // say why one disagreeing oracle is no verdict: the diagnosis's triage line
            d.findings().stream().filter(f -> f.kind() == Diagnosis.Kind.ORACLE_LIMIT
                    || f.kind() == Diagnosis.Kind.SUITE_FAULT).findFirst()
                    .ifPresent(f -> evidence.append("\nnot judged: ").append(f.text()));
        }
        return new CaseVerdict(c.id(), status, Math.max(exact.scaledError(), fd.scaledError()), evidence.toString(),
                status == CaseVerdict.Status.PASS ? null : d, d.kinks(), d.onKink());
    }

    /**
     * A case above {@link #FULL_AD_PARAMETER_LIMIT} parameters, judged by {@link ProjectionCheck} (Rademacher
     * projections against exact directional derivatives, with the proved miss probability
     * {@link Tolerances#DEFAULT_MISS_PROBABILITY}) and, as the second opinion, the {@link TaylorRemainder}'s order.
     * A shape that is the transpose of the declared one fails at once (layout confusion). Projections failing is a
     * failure whatever the Taylor test says (a single wrong entry among many moves the remainder too little for it
     * to see); projections passing while the Taylor test finds order 1 is the two oracles contradicting each other:
     * not judged. A Taylor test that cannot tell is reported in the evidence. No diagnosis beyond the shapes: it
     * would need the exact gradient entry by entry.
     */
    static CaseVerdict judgeLarge(ExchangeCase c, Submission submission) {
        DeepNetwork network = c.network();
        List<String> transposed = new ArrayList<>();
        for (DeepParameter p : network.parameters()) {
            Matrix written = p.isWeight() ? submission.weights().get(p.layer() - 1)
                    : submission.biases().get(p.layer() - 1);
            Matrix want = network.get(p);
            boolean declaredShape = submission.layout() == Layout.DENOMINATOR ? written.sameShape(want)
                    : written.rows() == want.cols() && written.cols() == want.rows();
            if (!declaredShape) {
                transposed.add("∂ℓ/∂" + p.describe() + ": transposed — declared "
                        + GradientFiles.layoutName(submission.layout()) + " but written " + written.shape()
                        + ", the other layout's shape (layout confusion)");
            }
        }
        if (!transposed.isEmpty()) {
            return new CaseVerdict(c.id(), CaseVerdict.Status.FAIL, Double.POSITIVE_INFINITY,
                    String.join("\n", transposed), null, 0, 0);
        }
        if (submission.precision() == Precision.FLOAT32) {
            String outside = float32RangeLeft(network, c.batch(), c.objective());
            if (outside != null) {
                return CaseVerdict.notJudged(c.id(), outside);
            }
        }
        DeepGradient claimed = new DeepGradient(submission.layout(), submission.weights(), submission.biases());
        // seeded as the gate's large-model check seeds its own (by the recipe, when the case has one), so that the
        // replay of a gate failure draws the very directions the gate did and reproduces its evidence exactly
        long seed = (c.recipe().isEmpty() ? c.id() : c.recipe()).hashCode() * 0x9E3779B97F4A7C15L;
        double rho = submission.precision().relativeToDouble();
        ProjectionResult projections;
        TaylorResult taylor;
        try {
            projections = ProjectionCheck.check(network, c.batch(), c.objective(), claimed, seed,
                    Tolerances.DEFAULT_MISS_PROBABILITY, rho);
            taylor = TaylorRemainder.test(network, c.batch(), c.objective(), claimed,
                    TaylorRemainder.direction(network, seed), rho);
        } catch (CannotJudge e) {
            return CaseVerdict.notJudged(c.id(), e.getMessage());
        }
        String evidence = "random projections (" + network.parameterCount() + " parameters, too many for full AD): "
                + projections.describe() + "\nTaylor remainder: " + taylor.describe();
        CaseVerdict.Status status = !projections.passed() ? CaseVerdict.Status.FAIL
                : taylor.verdict() == TaylorResult.Verdict.INCONSISTENT ? CaseVerdict.Status.NOT_JUDGED
                : CaseVerdict.Status.PASS;
        return new CaseVerdict(c.id(), status, projections.worstScaledError(),
                status == CaseVerdict.Status.NOT_JUDGED ? "not judged: the oracles contradict each other\n" + evidence
                        : evidence, null, 0, 0);
    }

    private static String line(OracleComparison o, String how, Precision precision) {
        String head = String.format(Locale.ROOT, "%s (%s, %s): %s, worst scaled error %.3g (threshold 1)",
                o.oracle(), how, precision.fileName(), o.agrees() ? "agrees" : "disagrees", o.scaledError());
        return o.agrees() || o.evidence().isEmpty() ? head : head + "\n  " + o.evidence().replace("\n", "\n  ");
    }

    /**
     * Null when every value a float32 evaluation of the case forms — parameters, data, every product of the
     * forward and backward passes, σ, σ', softmax probabilities, the loss's derivative and the gradient entries —
     * is 0 or inside float32's normal range [2⁻¹²⁶, max]; else which value leaves it, and how many do. Inside the
     * normal range float32's rounding is relative and the scaled gauges bound it; below it its errors are
     * absolute and are carried forward by products the double gauges propagate only with double's underflow
     * term ({@link RoundingRule}), so such a case is not judged rather than judged too strictly. The values are
     * those of a plain double evaluation: a float32 one differs from them by a relative 2⁻²³-ish, which moves no
     * value across the range's ends by more than that.
     */
    static String float32RangeLeft(DeepNetwork net, Batch batch, Objective objective) {
        Range range = new Range();
        int depth = net.depth();
        for (int k = 1; k <= depth; k++) {
            range.check(net.weight(k), "W" + k);
            range.check(net.bias(k).asColumn(), "b" + k);
        }
        range.check(batch.inputs(), "the inputs");
        range.check(batch.targets(), "the targets");
        double w = objective.reduction().weight(batch.size());
        double[][][] gradient = new double[depth + 1][][];
        for (int k = 1; k <= depth; k++) {
            gradient[k] = new double[net.width(k)][net.width(k - 1) + 1];
        }
        for (int b = 0; b < batch.size(); b++) {
            double[][] s = new double[depth][];
            double[][] slope = new double[depth][];
            s[0] = batch.input(b).toArray();
            double[] yHat = null;
            for (int k = 1; k <= depth; k++) {
                double[] z = new double[net.width(k)];
                for (int i = 0; i < z.length; i++) {
                    z[i] = net.bias(k).get(i);
                    for (int j = 0; j < s[k - 1].length; j++) {
                        double product = net.weight(k).get(i, j) * s[k - 1][j];
                        range.check(product, "sample " + b + ", layer " + k + ": a product W·s");
                        z[i] += product;
                    }
                }
                if (k == depth) {
                    yHat = z;
                    break;
                }
                s[k] = new double[z.length];
                slope[k] = new double[z.length];
                for (int i = 0; i < z.length; i++) {
                    s[k][i] = net.activation(k).value(z[i]);
                    slope[k][i] = net.activation(k).derivative(z[i]);
                    range.check(s[k][i], "sample " + b + ", layer " + k + ": σ(z)");
                    range.check(slope[k][i], "sample " + b + ", layer " + k + ": σ'(z)");
                }
            }
            double[] g = outputDerivative(objective.loss(), yHat, batch.target(b).toArray(), w, range, b);
            for (int k = depth; k >= 1; k--) {
                for (int i = 0; i < g.length; i++) {
                    gradient[k][i][s[k - 1].length] += g[i];
                    for (int j = 0; j < s[k - 1].length; j++) {
                        double product = g[i] * s[k - 1][j];
                        range.check(product, "sample " + b + ", layer " + k + ": a product g·s");
                        gradient[k][i][j] += product;
                    }
                }
                if (k > 1) {
                    double[] previous = new double[net.width(k - 1)];
                    for (int j = 0; j < previous.length; j++) {
                        double v = 0.0;
                        for (int i = 0; i < g.length; i++) {
                            double product = net.weight(k).get(i, j) * g[i];
                            range.check(product, "sample " + b + ", layer " + k + ": a product Wᵀ·g");
                            v += product;
                        }
                        previous[j] = v * slope[k - 1][j];
                        range.check(previous[j], "sample " + b + ", layer " + (k - 1) + ": a product (Wᵀg)·σ'");
                    }
                    g = previous;
                }
            }
        }
        for (int k = 1; k <= depth; k++) {
            for (double[] row : gradient[k]) {
                for (double v : row) {
                    range.check(v, "a gradient entry of layer " + k);
                }
            }
        }
        if (range.count == 0) {
            return null;
        }
        return String.format(Locale.ROOT, "a float32 evaluation of this case leaves float32's normal range (%d "
                + "value(s); first: %s = %.3g): below 2⁻¹²⁶ float32's rounding is absolute, and the rounding "
                + "gauges, built for doubles, do not carry it through the rest of the computation", range.count,
                range.first, range.firstValue);
    }

    /** w·∂ℓ_b/∂ŷ by each loss's formula, its values (and softmax's probabilities) checked against the range. */
    private static double[] outputDerivative(Loss loss, double[] yHat, double[] y, double w, Range range, int b) {
        int n = yHat.length;
        double[] g = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (double v : yHat) {
            max = Math.max(max, v);
        }
        double sum = 0.0;
        double targets = 0.0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(yHat[i] - max);
            targets += y[i];
        }
        for (int i = 0; i < n; i++) {
            switch (loss) {
                case HALF_SQUARED_ERROR -> g[i] = w * (yHat[i] - y[i]);
                case MEAN_SQUARED_ERROR -> g[i] = w * 2.0 * (yHat[i] - y[i]) / n;
                default -> {
                    double p = Math.exp(yHat[i] - max) / sum;
                    range.check(p, "sample " + b + ": a softmax probability");
                    g[i] = w * (p * targets - y[i]);
                }
            }
            range.check(g[i], "sample " + b + ": ∂ℓ/∂ŷ");
        }
        return g;
    }

    /** Counts nonzero values outside float32's normal range, keeping the first. */
    private static final class Range {
        int count;
        String first;
        double firstValue;

        void check(double v, String where) {
            double a = Math.abs(v);
            if (v != 0.0 && (a < Float.MIN_NORMAL || a > Float.MAX_VALUE)) {
                if (count == 0) {
                    first = where;
                    firstValue = v;
                }
                count++;
            }
        }

        void check(Matrix m, String where) {
            for (int i = 0; i < m.rows(); i++) {
                for (int j = 0; j < m.cols(); j++) {
                    check(m.get(i, j), where + "[" + i + "," + j + "]");
                }
            }
        }
    }
}
