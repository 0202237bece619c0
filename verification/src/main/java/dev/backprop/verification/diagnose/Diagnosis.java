package dev.backprop.verification.diagnose;

import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.verification.exchange.Precision;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a {@link Diagnoser} found about one gradient: per parameter, whether it is right and, if not, which
 * hypothesis predicts it (each a gradient computed exactly and judged by the verdict's own rounding rule, so a
 * finding is a fact about this gradient, never a guess); which parameters are wrong; the worst entries; and the
 * triage of DESIGN.md §3 (which oracles disagree, and what that means).
 *
 * <p>{@link #lines()} is the human text, one finding per line, headline first; {@link #findings()},
 * {@link #worstEntries()} and the two {@link OracleComparison}s carry the same content for JSON reports. A right
 * gradient (both oracles agree) has no finding at all.
 */
public final class Diagnosis {

    /** The kinds of finding. The first group explains one parameter (or the whole gradient); the rest do not. */
    public enum Kind {
        /**
         * Layout confusion: the matrix is the right gradient in the other layout — its shape is the other layout's,
         * or it is square and its values are the transpose.
         */
        TRANSPOSED,
        /** Every entry is c times the right value, c a named constant (2, 1/B, n, …) or a fitted one. */
        SCALED,
        /** Every entry is −1 times the right value. */
        SIGN,
        /** Equal to the gradient of a derivation that omits σ' of one hidden layer ({@link Finding#layer()}). */
        SIGMA_PRIME_MISSING,
        /** Equal to the gradient of a derivation that takes σ' of one hidden layer at s = σ(z) instead of at z. */
        SIGMA_PRIME_AT_OUTPUT,
        /**
         * Right for a choice of side at a kink within rounding, but not for the choice the other parameters fit:
         * the sides are not one choice per point for every parameter.
         */
        KINK_SIDE,
        /** Zero everywhere where the right gradient is not. */
        ZERO,
        /** A shape that is neither the declared layout's nor the other one's (or the wrong number of layers). */
        SHAPE,
        /** Wrong, and no hypothesis predicts it. */
        UNEXPLAINED,
        /** Which parameters are wrong: one, one layer's, several layers', or every one. */
        CONFINED,
        /** Both oracles disagree with the gradient: the implementation is wrong. */
        IMPLEMENTATION_WRONG,
        /** Only one oracle disagrees, on a case with a kink or a cancellation: an oracle's limit, not a bug. */
        ORACLE_LIMIT,
        /** Only one oracle disagrees, on a case with neither: the oracles contradict each other, a suite fault. */
        SUITE_FAULT,
        /** This gradient is wrong and a second implementation's is right: the bug is in this one's own steps. */
        OPTIMISATION_WRONG,
        /** Both implementations are wrong and agree with each other: the shared derivation is wrong. */
        DERIVATION_WRONG,
        /** Both implementations are wrong, differently. */
        BOTH_WRONG,
        /** This gradient is right and the second implementation's is not. */
        OTHER_WRONG;

        /** The kinds that explain a parameter's values (a finding of one of these names its parameters). */
        public boolean explains() {
            return ordinal() <= ZERO.ordinal();
        }
    }

    /**
     * One finding.
     *
     * @param kind         the primary kind (for a combination, the first of {@code kinds} in {@link Kind} order)
     * @param kinds        every kind the finding combines, e.g. {TRANSPOSED, SCALED} for "transposed and doubled"
     * @param parameters   the parameters it is about, in order W1, b1, …; empty for a finding about the case
     * @param constant     c for {@link Kind#SCALED} / {@link Kind#SIGN}; NaN otherwise
     * @param constantName how c is named: "2", "1/B", "−1", … or "fitted"; "" when there is no constant
     * @param layer        the hidden layer of a σ' finding; 0 otherwise
     * @param text         the line, parameters named by layer
     * @param alternatives other explanations that fit the same parameters within rounding, less well (e.g. σ'
     *                     omitted at another layer, where leaky ReLU units below 0 on two layers make both
     *                     predictions 100 × the right one): the rounding rule cannot rule them out
     */
    public record Finding(Kind kind, Set<Kind> kinds, List<DeepParameter> parameters, double constant,
            String constantName, int layer, String text, List<Finding> alternatives) {
        public Finding {
            // an EnumSet keeps Kind order, so that JSON and text list a combination the same way every time
            EnumSet<Kind> all = EnumSet.of(kind);
            all.addAll(kinds);
            kinds = java.util.Collections.unmodifiableSet(all);
            parameters = List.copyOf(parameters);
            alternatives = List.copyOf(alternatives);
        }

        /** A finding with no alternative. */
        public Finding(Kind kind, Set<Kind> kinds, List<DeepParameter> parameters, double constant,
                String constantName, int layer, String text) {
            this(kind, kinds, parameters, constant, constantName, layer, text, List.of());
        }

        /** Whether this finding is of {@code k}, as its primary kind or as part of a combination. */
        public boolean is(Kind k) {
            return kinds.contains(k);
        }
    }

    /**
     * One entry of the gradient as it was written.
     *
     * @param parameter   whose gradient
     * @param row         row in the matrix as written
     * @param col         column in the matrix as written
     * @param readAs      the layout the matrix was read in (the declared one, unless its shape is the other's)
     * @param got         the value written
     * @param want        the right value at that place, in that layout
     * @param scaledError by the rounding rule at the submission's precision
     */
    public record Entry(DeepParameter parameter, int row, int col, Layout readAs, double got, double want,
            double scaledError) {
        /** e.g. {@code "∂ℓ/∂W2 (layer 2 weights) [1,0] (denominator layout): got 0.5, want -0.25, scaled error 3e15"}. */
        public String describe() {
            return String.format(Locale.ROOT, "∂ℓ/∂%s [%d,%d] (%s layout, as written): got %.17g, want %.17g, "
                    + "scaled error %.3g", parameter.describe(), row, col, readAs.name().toLowerCase(Locale.ROOT),
                    got, want, scaledError);
        }
    }

    /**
     * The gradient against one oracle.
     *
     * @param oracle      "forward-mode AD" or "finite differences"
     * @param agrees      every entry within the oracle's bound
     * @param scaledError the worst scaled error (infinite when a shape does not fit the declared layout)
     * @param evidence    one line per comparison that did not pass
     */
    public record OracleComparison(String oracle, boolean agrees, double scaledError, String evidence) {
    }

    private final Layout declared;
    private final Precision precision;
    private final List<Finding> findings;
    private final List<Entry> worstEntries;
    private final OracleComparison againstExact;
    private final OracleComparison againstFiniteDifferences;
    private final List<DeepParameter> wrongParameters;
    private final Kind triage;
    private final int kinks;
    private final int onKink;
    private final int unresolved;

    Diagnosis(Layout declared, Precision precision, List<Finding> findings, List<Entry> worstEntries,
            OracleComparison againstExact, OracleComparison againstFiniteDifferences,
            List<DeepParameter> wrongParameters, Kind triage, int kinks, int onKink, int unresolved) {
        this.declared = declared;
        this.precision = precision;
        this.findings = List.copyOf(findings);
        this.worstEntries = List.copyOf(worstEntries);
        this.againstExact = againstExact;
        this.againstFiniteDifferences = againstFiniteDifferences;
        this.wrongParameters = List.copyOf(wrongParameters);
        this.triage = triage;
        this.kinks = kinks;
        this.onKink = onKink;
        this.unresolved = unresolved;
    }

    /** Every finding, in the order of {@link #lines()}. */
    public List<Finding> findings() {
        return findings;
    }

    /** The findings of kind {@code k} (primary or combined). */
    public List<Finding> findings(Kind k) {
        return findings.stream().filter(f -> f.is(k)).toList();
    }

    /** Whether some finding is of kind {@code k}. */
    public boolean has(Kind k) {
        return findings.stream().anyMatch(f -> f.is(k));
    }

    /**
     * The finding that explains {@code p}'s values ({@link Kind#explains()}, or {@link Kind#UNEXPLAINED} /
     * {@link Kind#SHAPE}), if p is wrong.
     */
    public java.util.Optional<Finding> about(DeepParameter p) {
        return findings.stream().filter(f -> f.parameters().contains(p)
                && (f.kind().explains() || f.kind() == Kind.UNEXPLAINED || f.kind() == Kind.SHAPE)).findFirst();
    }

    /** The worst entries against the right gradient (each failing the rounding rule), worst first. */
    public List<Entry> worstEntries() {
        return worstEntries;
    }

    /** The gradient as declared against exact forward-mode AD (kink sides enumerated), by the rounding rule. */
    public OracleComparison againstExact() {
        return againstExact;
    }

    /** The gradient as declared against finite differences with their own bound plus the gradient's rounding. */
    public OracleComparison againstFiniteDifferences() {
        return againstFiniteDifferences;
    }

    /** The parameters that do not match the right gradient, in order W1, b1, …. */
    public List<DeepParameter> wrongParameters() {
        return wrongParameters;
    }

    /**
     * The triage of DESIGN.md §3: null when both oracles agree; {@link Kind#IMPLEMENTATION_WRONG} when the
     * gradient is wrong (both disagree, or AD does and finite differences could not have seen the error);
     * {@link Kind#ORACLE_LIMIT} or {@link Kind#SUITE_FAULT} when only one disagrees and it could have agreed.
     */
    public Kind triage() {
        return triage;
    }

    /** Both oracles agree and nothing was found. */
    public boolean right() {
        return againstExact.agrees() && againstFiniteDifferences.agrees() && findings.isEmpty();
    }

    public Layout declared() {
        return declared;
    }

    public Precision precision() {
        return precision;
    }

    /** (coordinate, sample) pairs whose finite-difference stencil reached past a kink. */
    public int kinks() {
        return kinks;
    }

    /** Points (sample, layer, unit) on a kink within rounding, whose sides were enumerated. */
    public int onKink() {
        return onKink;
    }

    /** (coordinate, sample) pairs no finite-difference step resolved (left to AD). */
    public int unresolved() {
        return unresolved;
    }

    /** The first line of {@link #lines()}. */
    public String headline() {
        return lines().get(0);
    }

    /**
     * The human text: the findings, one per line, headline first (the first explanation, or the triage when no
     * parameter is wrong), then the worst entries; for a right gradient, one line saying so.
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (findings.isEmpty()) {
            out.add(String.format(Locale.ROOT, "right: every parameter matches the exact gradient (worst scaled "
                    + "error %.3g) and finite differences (worst %.3g)", againstExact.scaledError(),
                    againstFiniteDifferences.scaledError()));
            return out;
        }
        for (Finding f : findings) {
            out.add(f.text());
        }
        for (Entry e : worstEntries) {
            out.add("worst entry: " + e.describe());
        }
        return out;
    }

    @Override
    public String toString() {
        return String.join("\n", lines());
    }
}
