package dev.backprop.verification.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators of hostile formulas for {@code formula --param P FORMULA}, starting from Prop 2's four
 * right formulas ({@link #SEEDS}). {@link #invalid} makes formulas that are invalid by construction (the reason is
 * each mutation's name); {@link #tokenMutations} and {@link #arbitrary} may make valid ones, which must then be
 * judged (exit 0 or 1), never crash.
 */
final class HostileFormulas {
    /** A parameter and a candidate for it. */
    record Candidate(String kind, String parameter, String formula) {
        @Override
        public String toString() {
            return kind + ": --param " + parameter + " " + Printable.of(formula);
        }
    }

    /** Prop 2's gradients, numerator layout, tanh hidden layer: parameter, formula. */
    static final List<List<String>> SEEDS = List.of(List.of("W1", "x*r'*W2*diag(sp1)"),
            List.of("b1", "r'*W2*diag(sp1)"), List.of("W2", "s1*r'"), List.of("b2", "r'"));

    /** Tokens of the formula language: names, numbers, '.*' and one-character symbols. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|[0-9]+(\\.[0-9]*)?|\\.\\*|\\S");

    /** Tokens a mutation may put in: quantities, sizes, functions, numbers and every operator. */
    static final List<String> TOKENS = List.of("x", "r", "s1", "W1", "W2", "b1", "b2", "sp1", "z1", "X", "R", "S1",
            "y", "p", "dl", "diag", "ones", "eye", "zeros", "d", "n", "B", "h1", "0", "1", "2", "0.5", "1e3", "+", "-",
            "*", ".*", "/", "'", "(", ")", ",", "=");

    /** Names that are no quantity, size or function of a two-layer network, or functions that are refused. */
    static final List<String> UNKNOWN_NAMES = List.of("q", "foo", "alpha", "W0", "W99", "sp0", "s9", "x1", "inv",
            "exp", "sqrt", "det", "sigma", "Wx");

    /**
     * Characters outside the grammar, wherever they stand (the grammar has no strings or comments). Not U+2028 or
     * U+001C–U+001F: Java counts them as whitespace, which may stand between tokens.
     */
    static final String FOREIGN = "#$@!&|{}[];?~`\"\\%^:\u0000\u001b\u00e9σ∂ᵀ\u00a0\uffff";

    private HostileFormulas() {
    }

    /** One mutation of a seed formula that no valid formula survives. */
    static Gen<Candidate> invalid() {
        return Generate.range(0, SEEDS.size() - 1).zip(Generate.range(0, 9), Generate.range(0, 1_000),
                (s, kind, detail) -> invalid(SEEDS.get(s).get(0), SEEDS.get(s).get(1), kind, detail));
    }

    private static Candidate invalid(String parameter, String formula, int kind, int detail) {
        List<String> tokens = tokens(formula);
        int boundary = detail % (tokens.size() + 1);
        return switch (kind) {
            case 0 -> new Candidate("an unbalanced parenthesis", parameter,
                    joinWith(tokens, boundary, detail % 2 == 0 ? "(" : ")"));
            case 1 -> {
                int at = detail % (formula.length() + 1);
                String c = String.valueOf(FOREIGN.charAt(detail % FOREIGN.length()));
                yield new Candidate("a character outside the grammar", parameter,
                        formula.substring(0, at) + c + formula.substring(at));
            }
            case 2 -> {
                // an unknown name in place of one of the formula's names
                List<Integer> names = new ArrayList<>();
                for (int i = 0; i < tokens.size(); i++) {
                    if (Character.isLetter(tokens.get(i).charAt(0)) && !tokens.get(i).equals("diag")) {
                        names.add(i);
                    }
                }
                List<String> t = new ArrayList<>(tokens);
                t.set(names.get(detail % names.size()), UNKNOWN_NAMES.get(detail % UNKNOWN_NAMES.size()));
                yield new Candidate("an unknown name", parameter, String.join(" ", t));
            }
            case 3 -> new Candidate("a dangling operator", parameter,
                    formula + List.of("*", "+", "-", ".*", "/", "=", ",", "(").get(detail % 8));
            case 4 -> new Candidate("empty", parameter, List.of("", " ", "\t\n", "\u00a0").get(detail % 4));
            case 5 -> new Candidate("too long", parameter, formula + " ".repeat(4_001 + detail));
            case 6 -> {
                int depth = List.of(101, 150, 1_000, 1_999).get(detail % 4);
                yield new Candidate("nested too deep", parameter, "(".repeat(depth) + formula + ")".repeat(depth));
            }
            case 7 -> new Candidate("a scalar", parameter, List.of("2", "1+1", "d*n", "0.5*B", "-1", "(3)'",
                    "1/2").get(detail % 7));
            case 8 -> new Candidate("one-sample and batch names mixed", parameter,
                    List.of("x*R'", "X*r'", "s1*R'", "R'*W2*diag(sp1)+r'").get(detail % 4));
            default -> new Candidate("a misplaced '='", parameter, List.of("g =", "x = r'", "a = b = " + formula,
                    "= " + formula, formula + " = g", "W1 = " + formula).get(detail % 6));
        };
    }

    /** One token of a seed deleted, duplicated, swapped with the next, or replaced: may be valid. */
    static Gen<Candidate> tokenMutations() {
        return Generate.range(0, SEEDS.size() - 1).zip(Generate.range(0, 3), Generate.range(0, 100),
                Generate.range(0, TOKENS.size() - 1), (s, kind, where, with) -> {
                    List<String> t = new ArrayList<>(tokens(SEEDS.get(s).get(1)));
                    int i = where % t.size();
                    String name;
                    switch (kind) {
                        case 0 -> {
                            name = "a token deleted";
                            t.remove(i);
                        }
                        case 1 -> {
                            name = "a token doubled";
                            t.add(i, t.get(i));
                        }
                        case 2 -> {
                            name = "two tokens swapped";
                            if (i + 1 < t.size()) {
                                String a = t.get(i);
                                t.set(i, t.get(i + 1));
                                t.set(i + 1, a);
                            }
                        }
                        default -> {
                            name = "a token replaced";
                            t.set(i, TOKENS.get(with));
                        }
                    }
                    return new Candidate(name, SEEDS.get(s).get(0), String.join("", t));
                });
    }

    /** Arbitrary strings: of the formula alphabet, or of any UTF-16 units; may (rarely) be valid. */
    static Gen<Candidate> arbitrary() {
        String alphabet = "xrsWbzpdlXRSZPyonesdiagzeroseye0123456789.+-*/'(),= ";
        Gen<String> formulaish = Generate.intArrays(Generate.range(0, 60), Generate.range(0, alphabet.length() - 1))
                .map(idx -> {
                    StringBuilder b = new StringBuilder();
                    for (int i : idx) {
                        b.append(alphabet.charAt(i));
                    }
                    return b.toString();
                });
        Gen<String> any = Generate.intArrays(Generate.range(0, 60), Generate.range(0, 0xffff)).map(idx -> {
            StringBuilder b = new StringBuilder();
            for (int i : idx) {
                b.append((char) i);
            }
            return b.toString();
        });
        return Generate.oneOf(formulaish, any).zip(Generate.range(0, SEEDS.size() - 1),
                (f, s) -> new Candidate("arbitrary", SEEDS.get(s).get(0), f));
    }

    static List<String> tokens(String formula) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(formula);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static String joinWith(List<String> tokens, int at, String inserted) {
        List<String> t = new ArrayList<>(tokens);
        t.add(at, inserted);
        return String.join(" ", t);
    }
}
