package dev.backprop.verification.formula;

import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The answer of {@link FormulaCheck#check}: a verdict, the cases behind it, the worst scaled error (threshold
 * {@link Tolerances#ROUNDING_THRESHOLD} = 1), an explanation one finding per line, and for a formula that fails
 * the diagnoses that fit every case and the worst entries. Immutable.
 */
public final class FormulaResult {
    /** The verdicts. A command line maps HOLDS to success, ILL_FORMED and FAILS to failure, BAD_FORMULA to bad usage. */
    public enum Verdict {
        /** The formula equals the exact gradient on every case, by the rounding rule. */
        HOLDS,
        /** Cannot be evaluated: the dimensions of a product (or sum, …) disagree; {@link #explanation()} says where. */
        ILL_FORMED,
        /** Evaluates, but is not the gradient on some case; {@link #diagnoses()} says what it is instead, if anything. */
        FAILS,
        /** Unreadable: empty, a syntax error, an unknown name, an unsupported operation; {@link #message()} says which. */
        BAD_FORMULA
    }

    /** The families of cases, each {@code cases} instances (see {@link FormulaCase#draw}). */
    public enum Family {
        /** d, h_k, n and B pairwise different and ≥ 2. */
        DISTINCT("distinct"),
        /** Dimensions of 1: all of them on the first case, a random half of them on the others. */
        ONES("ones"),
        /** Every width equal, B different. */
        EQUAL("equal");

        private final String label;

        Family(String label) {
            this.label = label;
        }

        /** "distinct", "ones", "equal". */
        public String label() {
            return label;
        }
    }

    /** The kinds of diagnosis; a diagnosis may combine several ("transposed and doubled"). */
    public enum Kind {
        /** The gradient in the other layout. */
        TRANSPOSED,
        /** c times the gradient, c a named constant (2, ½, B, 1/B, n, 1/n, 2/n, n/2) or a fitted one. */
        SCALED,
        /** A negative constant: −1 alone is the sign flipped. */
        SIGN,
        /** The gradient with σ'(z_j) of one hidden layer (or all) taken as 1: a diag(σ') factor left out. */
        SIGMA_PRIME_MISSING,
        /** The correct formula with one factor taken from another layer, or two layers' factors exchanged. */
        WRONG_LAYER,
        /** The gradient of another parameter. */
        WRONG_PARAMETER,
        /** None of these fits every case. */
        UNEXPLAINED
    }

    /**
     * One diagnosis: a hypothesis that fits every case the formula could be evaluated on, judged by the same
     * rounding rule as the verdict.
     *
     * @param kinds        what it combines
     * @param description  one line, e.g. "it is ∂ℓ/∂W1, times 2 (…)"
     * @param constant     c for SCALED / SIGN (on the first case, for a named constant that depends on B or n); NaN
     *                     otherwise
     * @param constantName "2", "1/B", "−1", "fitted", … or "" when there is no constant
     */
    public record Diagnosis(Set<Kind> kinds, String description, double constant, String constantName) {
        public Diagnosis {
            kinds = Collections.unmodifiableSet(EnumSet.copyOf(kinds));
        }
    }

    /**
     * One entry of the formula's value against the exact gradient, 0-based.
     *
     * @param scaledError |got − want| / (ε·(K_f·G_f + K·G)), threshold 1
     */
    public record Entry(int row, int col, double got, double want, double scaledError) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "(%d,%d): got %.17g, want %.17g, scaled error %.3g", row, col, got, want,
                    scaledError);
        }
    }

    private final FormulaQuestion question;
    private final Verdict verdict;
    private final String message;
    private final Map<Family, Integer> tried;
    private final Map<Family, Integer> evaluated;
    private final double worst;
    private final List<String> explanation;
    private final List<Diagnosis> diagnoses;
    private final List<Entry> worstEntries;

    FormulaResult(FormulaQuestion question, Verdict verdict, String message, Map<Family, Integer> tried,
            Map<Family, Integer> evaluated, double worst, List<String> explanation, List<Diagnosis> diagnoses,
            List<Entry> worstEntries) {
        this.question = question;
        this.verdict = verdict;
        this.message = message;
        this.tried = Collections.unmodifiableMap(new EnumMap<>(tried));
        this.evaluated = Collections.unmodifiableMap(new EnumMap<>(evaluated));
        this.worst = worst;
        this.explanation = List.copyOf(explanation);
        this.diagnoses = List.copyOf(diagnoses);
        this.worstEntries = List.copyOf(worstEntries);
    }

    static FormulaResult bad(FormulaQuestion question, String message) {
        Map<Family, Integer> none = new EnumMap<>(Family.class);
        for (Family f : Family.values()) {
            none.put(f, 0);
        }
        return new FormulaResult(question, Verdict.BAD_FORMULA, message, none, none, Double.NaN, List.of(message),
                List.of(), List.of());
    }

    public FormulaQuestion question() {
        return question;
    }

    public Verdict verdict() {
        return verdict;
    }

    /**
     * One line: for {@link Verdict#BAD_FORMULA} what is wrong with the formula (the line a command prints before
     * exiting with 2); otherwise the headline of {@link #explanation()}.
     */
    public String message() {
        return message;
    }

    /** The cases drawn, over all families. */
    public int cases() {
        return tried.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The cases drawn in one family. */
    public int cases(Family family) {
        return tried.get(family);
    }

    /** The cases on which the formula could be evaluated (its dimensions agree) and judged, over all families. */
    public int evaluated() {
        return evaluated.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The cases of one family on which the formula could be evaluated and judged. */
    public int evaluated(Family family) {
        return evaluated.get(family);
    }

    /**
     * The worst scaled error against the exact gradient over the cases evaluated (≤ 1 for {@link Verdict#HOLDS};
     * infinite where the shapes differ); NaN when nothing was evaluated.
     */
    public double worstScaledError() {
        return worst;
    }

    /** The explanation, one finding per line, headline first. */
    public List<String> explanation() {
        return explanation;
    }

    /** For a formula that fails (or is ill-formed but evaluates on some cases): what it is instead, simplest first. */
    public List<Diagnosis> diagnoses() {
        return diagnoses;
    }

    /** The union of the diagnoses' kinds. */
    public Set<Kind> kinds() {
        Set<Kind> out = EnumSet.noneOf(Kind.class);
        for (Diagnosis d : diagnoses) {
            out.addAll(d.kinds());
        }
        return Collections.unmodifiableSet(out);
    }

    /** The worst entries of the worst case against the exact gradient (empty when no case has the gradient's shape). */
    public List<Entry> worstEntries() {
        return worstEntries;
    }

    /** One line: "HOLDS ∂ℓ/∂W1 = … (numerator layout): 30 cases, …". */
    public String summary() {
        return verdict + " " + question.describe() + ": " + message;
    }

    /** The whole answer as text: the question, the verdict line, then the explanation. */
    public String report() {
        List<String> out = new ArrayList<>();
        out.add("formula check: " + question.describe() + " for " + question.network());
        out.add("verdict: " + verdict);
        for (String line : explanation) {
            out.add("  " + line);
        }
        return String.join(System.lineSeparator(), out);
    }

    @Override
    public String toString() {
        return summary();
    }
}
