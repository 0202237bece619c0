package dev.backprop.verification.formula;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A candidate formula, parsed: EJML {@code Equation} syntax restricted to what the formula check can gauge.
 * <pre>
 *   formula  := [name '='] sum                      the output name is optional and ignored
 *   sum      := term (('+' | '-') term)*
 *   term     := unary (('*' | '.*' | '/') unary)*    '*' matrix product (or scaling by a scalar),
 *                                                    '.*' element-wise, '/' by a scalar only
 *   unary    := ('-' | '+') unary | postfix
 *   postfix  := primary '\''*                       transpose
 *   primary  := number | name | function '(' sum (',' sum)* ')' | '(' sum ')'
 *   function := diag(v) | ones(r, c) | zeros(r, c) | eye(k)   sizes: whole numbers or d, n, B, hk
 * </pre>
 * This subset keeps the rounding gauge honest: every operation in it is a sum of products, so the formula
 * evaluated on entry magnitudes (with '−' read as '+') bounds the terms any evaluation adds up
 * ({@link FormulaCheck}). Functions such as inv or exp, element-wise division and powers are refused with a
 * message, not evaluated without a gauge.
 *
 * <p>Consecutive '*' form one {@link Node.Product} chain whose factors are reported one by one when their
 * dimensions disagree; a parenthesised product stays one factor, as written.
 *
 * <p>Numbers are read by this parser, not by EJML, and handed to EJML as doubles: EJML divides integers as
 * integers (its {@code 1/2} is 0) and does not read {@code 1e+3}. Scalar sub-expressions (numbers and sizes
 * combined by + − * /) are folded to one number per case before EJML sees the formula.
 */
final class Formula {
    /** Longer input is refused before it is read: a gradient formula is a line, not a file. */
    static final int MAX_LENGTH = 4_000;
    /** Deeper nesting is refused, so that a hostile input cannot exhaust the parser's stack. */
    static final int MAX_NESTING = 100;
    /** The largest whole number accepted as a size in ones, zeros, eye. */
    static final int MAX_LITERAL_SIZE = 1_000;

    /** The expression as written (after an optional "name ="), trimmed. */
    final String text;
    final Node root;
    /** The quantity names used (sizes and functions excluded), in order of first use. */
    final Set<String> names;

    private Formula(String text, Node root, Set<String> names) {
        this.text = text;
        this.root = root;
        this.names = names;
    }

    /** The source text of a node, as the author wrote it. */
    String source(Node node) {
        return text.substring(node.start(), node.end()).trim();
    }

    /**
     * Parses {@code input}, or throws {@link BadFormula} with a one-line message: empty, too long, an unexpected
     * character, a syntax error (with its column), an unknown name or function (listing the known ones), an
     * unsupported operator, sizes of ones/zeros/eye that are not sizes, a formula with no quantity in it, or one
     * that mixes one-sample and batch names.
     */
    static Formula parse(String input, Vocabulary vocabulary) {
        if (input == null || input.isBlank()) {
            throw new BadFormula("the formula is empty");
        }
        if (input.length() > MAX_LENGTH) {
            throw new BadFormula("the formula has " + input.length() + " characters; at most " + MAX_LENGTH
                    + " are read");
        }
        List<Token> tokens = tokens(input);
        int from = 0;
        String text = input;
        int equals = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is("=")) {
                if (equals >= 0 || i != 1 || tokens.get(0).kind != TokenKind.NAME) {
                    throw new BadFormula("'=' at column " + (tokens.get(i).start + 1) + ": write the formula as an "
                            + "expression, optionally after one output name (g = x*r')");
                }
                equals = i;
            }
        }
        if (equals == 1) {
            String output = tokens.get(0).text;
            if (tokens.size() == 2) {
                throw new BadFormula("the formula has an output name but no expression after '='");
            }
            if (vocabulary.entry(output) != null || vocabulary.isSize(output)
                    || Vocabulary.FUNCTIONS.containsKey(output)) {
                throw new BadFormula("the output name '" + output + "' is one of the formula's own names; use "
                        + "another (g = …) or none");
            }
            from = 2;
            int start = tokens.get(2).start;
            // keep positions relative to the whole input, so that columns in messages are the author's
            text = " ".repeat(start) + input.substring(start);
        }
        Parser parser = new Parser(text, tokens, from, vocabulary);
        Node root = parser.formula();
        if (parser.matrices == 0) {
            throw new BadFormula("the formula '" + input.strip() + "' is a scalar: it uses no quantity, so it "
                    + "cannot be a gradient");
        }
        boolean sample = false;
        boolean batch = false;
        for (String name : parser.names) {
            Vocabulary.Scope scope = vocabulary.entry(name).scope();
            sample |= scope == Vocabulary.Scope.SAMPLE;
            batch |= scope == Vocabulary.Scope.BATCH;
        }
        if (sample && batch) {
            throw new BadFormula("the formula mixes one-sample names (x, r, s1, …) with batch names (X, R, S1, …); "
                    + "write it for one sample (summed or averaged over the batch by the objective's reduction) "
                    + "or for the whole batch");
        }
        return new Formula(text, root, parser.names);
    }

    /** True if the formula uses a batch name (X, R, S1, …): it is then evaluated once on the whole batch. */
    boolean batch(Vocabulary vocabulary) {
        for (String name : names) {
            if (vocabulary.entry(name).scope() == Vocabulary.Scope.BATCH) {
                return true;
            }
        }
        return false;
    }

    private enum TokenKind {
        NAME, NUMBER, SYMBOL
    }

    private record Token(TokenKind kind, String text, int start, int end) {
        boolean is(String symbol) {
            return kind == TokenKind.SYMBOL && text.equals(symbol);
        }
    }

    private static List<Token> tokens(String in) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < in.length()) {
            char c = in.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) && c < 128 || c == '_') {
                int j = i;
                while (j < in.length() && (in.charAt(j) < 128 && Character.isLetterOrDigit(in.charAt(j))
                        || in.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token(TokenKind.NAME, in.substring(i, j), i, j));
                i = j;
            } else if (Character.isDigit(c) && c < 128
                    || c == '.' && i + 1 < in.length() && Character.isDigit(in.charAt(i + 1))) {
                int j = number(in, i);
                out.add(new Token(TokenKind.NUMBER, in.substring(i, j), i, j));
                i = j;
            } else if (c == '.' && i + 1 < in.length() && in.charAt(i + 1) == '*') {
                out.add(new Token(TokenKind.SYMBOL, ".*", i, i + 2));
                i += 2;
            } else if ("+-*/'(),=".indexOf(c) >= 0) {
                out.add(new Token(TokenKind.SYMBOL, String.valueOf(c), i, i + 1));
                i++;
            } else if (c == '.' && i + 1 < in.length() && "^/".indexOf(in.charAt(i + 1)) >= 0 || "^[]:;".indexOf(c) >= 0) {
                String op = c == '.' ? in.substring(i, i + 2) : String.valueOf(c);
                throw new BadFormula("'" + op + "' at column " + (i + 1) + " is not supported by the formula check; "
                        + "it reads + - * .* / (by a scalar) ' ( ) and diag, ones, zeros, eye");
            } else {
                throw new BadFormula("unexpected character '" + printable(c) + "' at column " + (i + 1)
                        + " of the formula" + (c >= 128 ? " (names are ASCII: sp1 for σ'(z1), ' for ᵀ)" : ""));
            }
        }
        return out;
    }

    /** The end of the number starting at {@code i}: digits, an optional fraction, an optional exponent. */
    private static int number(String in, int i) {
        int j = i;
        while (j < in.length() && Character.isDigit(in.charAt(j))) {
            j++;
        }
        if (j < in.length() && in.charAt(j) == '.' && !(j + 1 < in.length() && in.charAt(j + 1) == '*')) {
            j++;
            while (j < in.length() && Character.isDigit(in.charAt(j))) {
                j++;
            }
        }
        if (j < in.length() && (in.charAt(j) == 'e' || in.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < in.length() && (in.charAt(k) == '+' || in.charAt(k) == '-')) {
                k++;
            }
            if (k < in.length() && Character.isDigit(in.charAt(k))) {
                while (k < in.length() && Character.isDigit(in.charAt(k))) {
                    k++;
                }
                j = k;
            }
        }
        return j;
    }

    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c);
    }

    /** Recursive descent over the grammar in the class comment. */
    private static final class Parser {
        private final String text;
        private final List<Token> tokens;
        private final Vocabulary vocabulary;
        private final Set<String> names = new LinkedHashSet<>();
        private int at;
        private int nesting;
        private int matrices;

        Parser(String text, List<Token> tokens, int from, Vocabulary vocabulary) {
            this.text = text;
            this.tokens = tokens;
            this.at = from;
            this.vocabulary = vocabulary;
        }

        Node formula() {
            Node root = sum();
            if (at < tokens.size()) {
                Token t = tokens.get(at);
                throw new BadFormula("syntax error at column " + (t.start + 1) + ": '" + t.text + "' cannot follow "
                        + "a complete expression" + (t.kind == TokenKind.SYMBOL ? "" : " (a product needs '*')"));
            }
            return root;
        }

        private Node sum() {
            enter();
            Node left = term();
            while (peek("+") || peek("-")) {
                Node.Op op = next().text.equals("+") ? Node.Op.PLUS : Node.Op.MINUS;
                Node right = term();
                left = new Node.Binary(op, left, right, left.start(), right.end());
            }
            nesting--;
            return left;
        }

        private Node term() {
            Node left = unary();
            List<Node> chain = null;
            while (peek("*") || peek(".*") || peek("/")) {
                String op = next().text;
                Node right = unary();
                if (op.equals("*")) {
                    if (chain == null) {
                        chain = new ArrayList<>();
                        chain.add(left);
                    }
                    chain.add(right);
                    left = new Node.Product(List.copyOf(chain), chain.get(0).start(), right.end());
                } else {
                    chain = null;
                    left = new Node.Binary(op.equals("/") ? Node.Op.DIVIDE : Node.Op.ELEMENTWISE, left, right,
                            left.start(), right.end());
                }
            }
            return left;
        }

        private Node unary() {
            if (peek("-") || peek("+")) {
                Token sign = next();
                enter();
                Node operand = unary();
                nesting--;
                return sign.text.equals("-") ? new Node.Negate(operand, sign.start, operand.end()) : operand;
            }
            Node node = primary();
            while (peek("'")) {
                Token quote = next();
                node = new Node.Transpose(node, node.start(), quote.end);
            }
            return node;
        }

        private Node primary() {
            if (at >= tokens.size()) {
                throw new BadFormula("syntax error: the formula ends where a quantity, number or '(' is expected");
            }
            Token t = next();
            if (t.kind == TokenKind.NUMBER) {
                double v;
                try {
                    v = Double.parseDouble(t.text);
                } catch (NumberFormatException e) {
                    throw new BadFormula("'" + t.text + "' at column " + (t.start + 1) + " is not a number");
                }
                if (!Double.isFinite(v)) {
                    throw new BadFormula("the number " + t.text + " at column " + (t.start + 1) + " is out of range");
                }
                return new Node.Literal(v, t.start, t.end);
            }
            if (t.is("(")) {
                Node inner = sum();
                Token close = expect(")", "to close the '(' at column " + (t.start + 1));
                return new Node.Group(inner, t.start, close.end);
            }
            if (t.kind == TokenKind.NAME) {
                if (peek("(")) {
                    return call(t);
                }
                if (vocabulary.isSize(t.text)) {
                    return new Node.Size(t.text, t.start, t.end);
                }
                if (vocabulary.entry(t.text) == null) {
                    throw new BadFormula("unknown name '" + t.text + "' at column " + (t.start + 1)
                            + vocabulary.hint(t.text) + "; known for this network: " + vocabulary.known());
                }
                names.add(t.text);
                matrices++;
                return new Node.Name(t.text, t.start, t.end);
            }
            throw new BadFormula("syntax error at column " + (t.start + 1) + ": '" + t.text + "' where a quantity, "
                    + "number or '(' is expected");
        }

        private Node call(Token name) {
            Integer arity = Vocabulary.FUNCTIONS.get(name.text);
            if (arity == null) {
                throw new BadFormula(vocabulary.entry(name.text) != null || vocabulary.isSize(name.text)
                        ? "'" + name.text + "(' at column " + (name.start + 1) + ": " + name.text + " is a quantity, "
                                + "not a function; indexing is not supported"
                        : "unknown function '" + name.text + "' at column " + (name.start + 1) + "; the formula check "
                                + "supports diag, ones, zeros, eye (others have no magnitude gauge)");
            }
            Token open = next();
            List<Node> args = new ArrayList<>();
            args.add(sum());
            while (peek(",")) {
                next();
                args.add(sum());
            }
            Token close = expect(")", "to close " + name.text + "( at column " + (open.start + 1));
            if (args.size() != arity) {
                throw new BadFormula(name.text + " at column " + (name.start + 1) + " takes " + arity + " argument"
                        + (arity == 1 ? "" : "s") + ", got " + args.size());
            }
            if (name.text.equals("diag")) {
                return new Node.Call(name.text, args, name.start, close.end);
            }
            for (Node arg : args) {
                boolean size = arg instanceof Node.Size;
                boolean whole = arg instanceof Node.Literal && ((Node.Literal) arg).value() >= 1
                        && ((Node.Literal) arg).value() <= MAX_LITERAL_SIZE
                        && ((Node.Literal) arg).value() == Math.rint(((Node.Literal) arg).value());
                if (!size && !whole) {
                    throw new BadFormula(name.text + " at column " + (name.start + 1) + " takes sizes: whole numbers "
                            + "1.." + MAX_LITERAL_SIZE + " or the names d, n, B, h1, …; got '"
                            + text.substring(arg.start(), arg.end()).trim() + "'");
                }
            }
            matrices++;
            return new Node.Call(name.text, args, name.start, close.end);
        }

        private void enter() {
            if (++nesting > MAX_NESTING) {
                throw new BadFormula("the formula is nested more than " + MAX_NESTING + " levels deep");
            }
        }

        private boolean peek(String symbol) {
            return at < tokens.size() && tokens.get(at).is(symbol);
        }

        private Token next() {
            return tokens.get(at++);
        }

        private Token expect(String symbol, String why) {
            if (!peek(symbol)) {
                String found = at < tokens.size() ? "'" + tokens.get(at).text + "' at column " + (tokens.get(at).start + 1)
                        : "the end of the formula";
                throw new BadFormula("syntax error: '" + symbol + "' expected " + why + ", found " + found);
            }
            return next();
        }
    }
}
