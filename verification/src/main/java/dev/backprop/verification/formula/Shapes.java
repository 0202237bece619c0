package dev.backprop.verification.formula;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shape of every node of a {@link Formula} on one case, in dimension symbols and in numbers, and the
 * formula printed for EJML — its value, and its magnitude for the rounding gauge. Where dimensions disagree it
 * throws {@link IllFormed} with the explanation: for a product chain, every factor's shape written out, the
 * first product that fails, which factor would have to change, and every later product that would fail too.
 *
 * <p>Rules (EJML's, made strict where EJML is lax — it adds a 3×4 and a 5×1 matrix without complaint):
 * A·B needs cols(A) = rows(B) (a 1×1 matrix is a matrix, not a scalar, as EJML insists); a scalar (a number, a
 * size, or an expression of them) scales anything; A + B, A − B, A .* B need equal shapes unless one is a
 * scalar; A / c needs a scalar c; diag(v) of an m×1 or 1×m vector is m×m, of a square m×m matrix its m×1
 * diagonal; ones(r, c), zeros(r, c), eye(k) have the shapes their sizes say.
 */
final class Shapes {
    /** The names a backward chain starts from, listed first among the factors that would fit a break. */
    private static final java.util.Set<String> BACKWARD_START = java.util.Set.of("r", "dl", "p", "R", "DL", "P");

    private final Formula formula;
    private final Vocabulary vocabulary;
    private final int[] widths;
    private final int batch;
    private final boolean batchMode;
    private final Shape wanted;
    private final Map<Node, Shape> shapes = new IdentityHashMap<>();
    private final List<Node.Name> computed = new ArrayList<>();
    private int operations;

    /** A dimension: its symbol (d, h1, n, B, or a number) and its size on this case. */
    record Dim(String symbol, int size) {
        boolean literal() {
            return symbol.equals(Integer.toString(size));
        }
    }

    /** A matrix shape, or a scalar (rows and cols null) with its value on this case. */
    record Shape(Dim rows, Dim cols, double scalar) {
        static Shape matrix(Dim rows, Dim cols) {
            return new Shape(rows, cols, Double.NaN);
        }

        static Shape scalar(double value) {
            return new Shape(null, null, value);
        }

        boolean isScalar() {
            return rows == null;
        }

        Shape transposed() {
            return isScalar() ? this : matrix(cols, rows);
        }

        String symbols() {
            return isScalar() ? "a scalar" : rows.symbol() + "×" + cols.symbol();
        }

        String sizes() {
            return isScalar() ? "a scalar" : rows.size() + "×" + cols.size();
        }

        /** "d×1 = 5×1", or "1×1" when the symbols are the numbers. */
        String describe() {
            if (isScalar()) {
                return "a scalar";
            }
            return rows.literal() && cols.literal() ? sizes() : symbols() + " = " + sizes();
        }
    }

    /** Dimensions that disagree on one case: the explanation, one finding per line, headline first. */
    static final class IllFormed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final List<String> lines;

        IllFormed(List<String> lines) {
            super(lines.get(0));
            this.lines = List.copyOf(lines);
        }
    }

    private Shapes(Formula formula, Vocabulary vocabulary, int[] widths, int batch, boolean batchMode,
            String[] wanted) {
        this.formula = formula;
        this.vocabulary = vocabulary;
        this.widths = widths.clone();
        this.batch = batch;
        this.batchMode = batchMode;
        this.wanted = wanted == null ? null : Shape.matrix(dim(wanted[0]), dim(wanted[1]));
    }

    /**
     * The shapes of {@code formula}'s nodes on a case with widths n₀ … n_L and batch size B; {@code wanted} is
     * the gradient's shape in symbols {rows, cols} (or null), which the explanation of an ill-formed chain aims
     * its mends at.
     *
     * @throws IllFormed where dimensions disagree
     */
    static Shapes of(Formula formula, Vocabulary vocabulary, int[] widths, int batch, boolean batchMode,
            String[] wanted) {
        Shapes s = new Shapes(formula, vocabulary, widths, batch, batchMode, wanted);
        s.shape(formula.root);
        return s;
    }

    /** The formula's shape. */
    Shape result() {
        return shapes.get(formula.root);
    }

    /**
     * The occurrences of computed quantities (z, s, σ', ŷ, r, dl, p and their batch forms; not x, y, W, b): each
     * carries its own rounding from the forward pass into the result.
     */
    List<Node.Name> computed() {
        return List.copyOf(computed);
    }

    /**
     * The rounding steps of the evaluation: the inner dimension of every matrix product (its accumulation
     * length) plus one for every element-wise operation, scaling and scalar operation.
     */
    int operations() {
        return operations;
    }

    private Dim dim(String symbol) {
        return new Dim(symbol, vocabulary.size(symbol, widths, batch));
    }

    private Shape shape(Node node) {
        Shape s = compute(node);
        shapes.put(node, s);
        return s;
    }

    private Shape compute(Node node) {
        if (node instanceof Node.Literal lit) {
            return Shape.scalar(lit.value());
        }
        if (node instanceof Node.Size size) {
            return Shape.scalar(vocabulary.size(size.name(), widths, batch));
        }
        if (node instanceof Node.Name name) {
            Vocabulary.Entry e = vocabulary.entry(name.name());
            if (!e.exact()) {
                computed.add(name);
            }
            return Shape.matrix(dim(e.rows()), dim(e.cols()));
        }
        if (node instanceof Node.Group group) {
            return shape(group.inner());
        }
        if (node instanceof Node.Transpose t) {
            return shape(t.operand()).transposed();
        }
        if (node instanceof Node.Negate neg) {
            Shape s = shape(neg.operand());
            return s.isScalar() ? Shape.scalar(-s.scalar()) : s;
        }
        if (node instanceof Node.Binary bin) {
            return binary(bin);
        }
        if (node instanceof Node.Product product) {
            return product(product);
        }
        return call((Node.Call) node);
    }

    private Shape binary(Node.Binary bin) {
        Shape left = shape(bin.left());
        Shape right = shape(bin.right());
        operations++;
        if (left.isScalar() && right.isScalar()) {
            double a = left.scalar();
            double b = right.scalar();
            double v = switch (bin.op()) {
                case PLUS -> a + b;
                case MINUS -> a - b;
                case ELEMENTWISE -> a * b;
                case DIVIDE -> a / b;
            };
            return folded(bin, v);
        }
        if (bin.op() == Node.Op.DIVIDE) {
            if (!right.isScalar()) {
                throw new IllFormed(List.of(String.format(Locale.ROOT,
                        "cannot be evaluated: in %s, the divisor %s is %s: only a scalar can divide", source(bin),
                        source(bin.right()), right.describe())));
            }
            if (right.scalar() == 0.0) {
                throw new IllFormed(List.of("cannot be evaluated: in " + source(bin) + ", the divisor "
                        + source(bin.right()) + " is 0 on this case"));
            }
            return left;
        }
        if (left.isScalar() || right.isScalar()) {
            return left.isScalar() ? right : left;
        }
        if (left.rows().size() != right.rows().size() || left.cols().size() != right.cols().size()) {
            String what = bin.op() == Node.Op.ELEMENTWISE ? "an element-wise product" : "a sum or difference";
            throw new IllFormed(List.of(String.format(Locale.ROOT,
                    "cannot be evaluated: in %s, %s is %s but %s is %s; %s needs equal shapes", source(bin),
                    source(bin.left()), left.describe(), source(bin.right()), right.describe(), what)));
        }
        return left;
    }

    private Shape folded(Node node, double v) {
        if (!Double.isFinite(v)) {
            throw new IllFormed(List.of("cannot be evaluated: the scalar " + source(node) + " is " + v + " on this "
                    + "case (a division by zero)"));
        }
        return Shape.scalar(v);
    }

    private Shape call(Node.Call call) {
        operations++;
        List<Node> args = call.args();
        if (call.function().equals("diag")) {
            Shape v = shape(args.get(0));
            if (v.isScalar()) {
                throw new IllFormed(List.of("cannot be evaluated: diag(" + source(args.get(0)) + ") of a scalar"));
            }
            if (v.cols().size() == 1) {
                return Shape.matrix(v.rows(), v.rows());
            }
            if (v.rows().size() == 1) {
                return Shape.matrix(v.cols(), v.cols());
            }
            if (v.rows().size() == v.cols().size()) {
                return Shape.matrix(v.rows(), new Dim("1", 1));
            }
            throw new IllFormed(List.of(String.format(Locale.ROOT,
                    "cannot be evaluated: %s needs a vector (or a square matrix), but %s is %s", source(call),
                    source(args.get(0)), v.describe())));
        }
        List<Dim> sizes = new ArrayList<>();
        for (Node arg : args) {
            shapes.put(arg, shape(arg));
            sizes.add(arg instanceof Node.Size s ? dim(s.name())
                    : new Dim(Integer.toString((int) ((Node.Literal) arg).value()), (int) ((Node.Literal) arg).value()));
        }
        return call.function().equals("eye") ? Shape.matrix(sizes.get(0), sizes.get(0))
                : Shape.matrix(sizes.get(0), sizes.get(1));
    }

    /**
     * A chain of '*': scalars scale, matrices multiply left to right. The first product whose inner dimensions
     * disagree is explained (see {@link #chainError}).
     */
    private Shape product(Node.Product product) {
        List<Node> factors = product.factors();
        List<Shape> each = new ArrayList<>();
        for (Node f : factors) {
            each.add(shape(f));
        }
        Shape running = null;
        int first = -1;
        double scale = 1.0;
        for (int j = 0; j < factors.size(); j++) {
            Shape s = each.get(j);
            if (s.isScalar()) {
                scale *= s.scalar();
                operations++;
                continue;
            }
            if (running == null) {
                running = s;
                first = j;
                continue;
            }
            if (running.cols().size() != s.rows().size()) {
                throw chainError(product, each, first, j, running);
            }
            operations += running.cols().size();
            running = Shape.matrix(running.rows(), s.cols());
        }
        return running == null ? folded(product, scale) : running;
    }

    /** How a break in a product chain could be mended: what factor j would have to be. */
    private enum Mend {
        /** Factor j transposed fits the product so far. */
        TRANSPOSE,
        /** Factor j is square (a diag): one as wide as the product so far, from another layer, fits. */
        SQUARE,
        /** A factor of shape (columns so far)×(columns of j) in its place keeps the rest of the product. */
        REPLACE,
        /** A factor of shape (columns so far)×(rows of the next factor) in its place: the product goes on with it. */
        BRIDGE,
        /** A factor of shape (columns so far)×(rows of j) is missing before it. */
        INSERT
    }

    /** A break at factor j with the product so far {@code before}, the mend chosen, the factor it needs. */
    private record Break(int factor, Shape before, Mend mend, Shape needed, Shape after) {
    }

    /**
     * The explanation of a product chain whose product between factors first … j−1 (of shape {@code running})
     * and factor j cannot be formed: the headline, every factor's shape, and for this break and every later
     * one which factor would have to change. The mends are planned ({@link #plan}): at each break the mend
     * after which the rest of the chain breaks least often, and ends in the gradient's shape when the chain is
     * the whole formula, is chosen — so that a diag(sp1) where diag(sp2) belongs is answered with diag(sp2), not
     * with some other factor that merely fits the next one.
     */
    private IllFormed chainError(Node.Product product, List<Shape> each, int first, int j, Shape running) {
        List<Node> factors = product.factors();
        List<String> lines = new ArrayList<>();
        boolean whole = unwrap(formula.root) == product;
        String context = whole ? "" : " in " + source(product);
        lines.add(String.format(Locale.ROOT,
                "cannot be evaluated: product %d%s, %s · %s, is the first whose dimensions disagree: %s is %s but %s "
                        + "is %s (%s against %s)",
                productNumber(each, first, j), context, left(factors, first, j), source(factors.get(j)),
                left(factors, first, j), running.describe(), source(factors.get(j)), each.get(j).describe(),
                count(running.cols(), "column"), count(each.get(j).rows(), "row")));
        StringBuilder all = new StringBuilder("factors: ");
        for (int f = 0; f < factors.size(); f++) {
            all.append(f == 0 ? "" : " · ").append(source(factors.get(f))).append(": ").append(each.get(f).describe());
        }
        lines.add(all.toString());
        List<Break> breaks = plan(factors, each, j, running, whole ? wanted : null);
        for (int b = 0; b < breaks.size(); b++) {
            Break br = breaks.get(b);
            Node factor = factors.get(br.factor());
            Shape s = each.get(br.factor());
            StringBuilder line = new StringBuilder();
            if (b > 0) {
                line.append(String.format(Locale.ROOT, "then product %d, %s · %s, fails too: the product so far is %s "
                                + "but %s is %s; ", productNumber(each, first, br.factor()),
                        left(factors, first, br.factor()), source(factor), br.before().describe(), source(factor),
                        s.describe()));
            }
            line.append(describe(br, factor, s));
            if (b == 0 && br.factor() == nextMatrix(each, first)
                    && each.get(first).rows().size() == s.rows().size()) {
                String leftText = source(factors.get(first));
                line.append(String.format(Locale.ROOT, "; or %s would have to be transposed (%s is %s)", leftText,
                        transposed(leftText), each.get(first).transposed().describe()));
            }
            lines.add(line.toString());
        }
        lines.add("mended that way, the product would be " + finish(each, breaks).describe());
        return new IllFormed(lines);
    }

    /** The chain's shape after the last planned mend: the rest multiplied in. */
    private static Shape finish(List<Shape> each, List<Break> breaks) {
        Break last = breaks.get(breaks.size() - 1);
        Shape current = last.after();
        for (int f = last.factor() + 1; f < each.size(); f++) {
            if (!each.get(f).isScalar()) {
                current = Shape.matrix(current.rows(), each.get(f).cols());
            }
        }
        return current;
    }

    private String describe(Break br, Node factor, Shape s) {
        String text = source(factor);
        Shape needed = br.needed();
        return switch (br.mend()) {
            case TRANSPOSE -> String.format(Locale.ROOT, "%s would have to be transposed (%s is %s)", text,
                    transposed(text), s.transposed().describe());
            case INSERT -> String.format(Locale.ROOT, "a factor of shape %s is missing before %s; %s",
                    needed.describe(), text, having(candidates(needed, factor), factor));
            default -> String.format(Locale.ROOT, "in place of %s (%s) a factor of shape %s is needed%s; %s", text,
                    s.describe(), needed.describe(), br.mend() == Mend.REPLACE ? ", which keeps the rest of the product"
                            : br.mend() == Mend.BRIDGE ? ", which the next factor fits" : "",
                    having(candidates(needed, factor), factor));
        };
    }

    private String having(List<String> fits, Node factor) {
        return fits.isEmpty() ? "no named quantity has that shape"
                : String.join(", ", fits) + (fits.size() == 1 ? " has it" : " have it") + wrongLayerHint(factor, fits);
    }

    /**
     * The mends of every break from factor j on, chosen one break at a time: each mend that applies is followed
     * by the rest of the chain mended the simple way (transpose if that fits, else replace), and the mend whose
     * continuation breaks least often — then ends in {@code want}, if given — is kept. Ties go, for a square
     * factor (a diag), to another layer's diag of the same quantity, then to a missing factor before it (a
     * σ' factor is kept, not replaced by a matrix of another shape); for any other factor to a transpose, then
     * to a factor of the needed shape in its place. A square factor is mended by another square one only when
     * the same quantity of another layer has that shape (diag(sp2) for diag(sp1)): diag(r) for diag(sp1) is
     * not a slip anyone makes.
     */
    private List<Break> plan(List<Node> factors, List<Shape> each, int j, Shape running, Shape want) {
        List<Break> out = new ArrayList<>();
        Shape current = running;
        for (int f = j; f < each.size(); f++) {
            Shape s = each.get(f);
            if (s.isScalar()) {
                continue;
            }
            if (current.cols().size() == s.rows().size()) {
                current = Shape.matrix(current.rows(), s.cols());
                continue;
            }
            boolean square = s.rows().size() == s.cols().size();
            List<Mend> order = square ? List.of(Mend.TRANSPOSE, Mend.SQUARE, Mend.INSERT, Mend.BRIDGE, Mend.REPLACE)
                    : List.of(Mend.TRANSPOSE, Mend.REPLACE, Mend.BRIDGE, Mend.INSERT);
            Break best = null;
            int bestScore = Integer.MAX_VALUE;
            for (Mend mend : order) {
                Break b = mend(f, current, s, mend, each);
                if (b == null || mend == Mend.SQUARE && !sameKindFits(b.needed(), factors.get(f))) {
                    continue;
                }
                int score = simulate(each, f + 1, b.after(), want);
                if (score < bestScore) {
                    best = b;
                    bestScore = score;
                }
            }
            out.add(best);
            current = best.after();
        }
        return out;
    }

    /** Whether the factor's own quantity from another layer has the needed shape (diag(sp2) for diag(sp1)). */
    private boolean sameKindFits(Shape needed, Node factor) {
        List<String> fits = candidates(needed, factor);
        String name = name(factor);
        if (name == null || fits.isEmpty()) {
            return false;
        }
        String first = fits.get(0).replace("diag(", "").replace(")", "").replace("'", "");
        return kindOf(first).equals(kindOf(name)) && !first.equals(name);
    }

    /** The break at factor f mended by {@code mend}, or null if that mend does not apply. */
    private static Break mend(int f, Shape current, Shape s, Mend mend, List<Shape> each) {
        Dim q = current.cols();
        int next = f + 1;
        while (next < each.size() && each.get(next).isScalar()) {
            next++;
        }
        Dim nextRows = next < each.size() ? each.get(next).rows() : null;
        return switch (mend) {
            case TRANSPOSE -> s.cols().size() == q.size()
                    ? new Break(f, current, mend, s.transposed(), Shape.matrix(current.rows(), s.rows())) : null;
            case SQUARE -> s.rows().size() == s.cols().size()
                    ? new Break(f, current, mend, Shape.matrix(q, q), current) : null;
            case REPLACE -> new Break(f, current, mend, Shape.matrix(q, s.cols()),
                    Shape.matrix(current.rows(), s.cols()));
            case BRIDGE -> nextRows != null && nextRows.size() != s.cols().size()
                    ? new Break(f, current, mend, Shape.matrix(q, nextRows), Shape.matrix(current.rows(), nextRows))
                    : null;
            case INSERT -> new Break(f, current, mend, Shape.matrix(q, s.rows()),
                    Shape.matrix(current.rows(), s.cols()));
        };
    }

    /** 2 × the breaks from factor {@code from} on (mended the simple way), plus 1 if the result is not {@code want}. */
    private static int simulate(List<Shape> each, int from, Shape current, Shape want) {
        int breaks = 0;
        for (int f = from; f < each.size(); f++) {
            Shape s = each.get(f);
            if (s.isScalar()) {
                continue;
            }
            if (current.cols().size() != s.rows().size()) {
                breaks++;
                current = Shape.matrix(current.rows(), s.cols().size() == current.cols().size() ? s.rows() : s.cols());
            } else {
                current = Shape.matrix(current.rows(), s.cols());
            }
        }
        boolean wrong = want != null && (current.rows().size() != want.rows().size()
                || current.cols().size() != want.cols().size());
        return 2 * breaks + (wrong ? 1 : 0);
    }

    /** The node under any parentheses and negations: the chain a whole formula is, if it is one. */
    private static Node unwrap(Node node) {
        if (node instanceof Node.Group g) {
            return unwrap(g.inner());
        }
        if (node instanceof Node.Negate n) {
            return unwrap(n.operand());
        }
        return node;
    }

    /**
     * The named forms of the wanted shape, compared by symbols: q, q' and diag(q) for every quantity of the
     * formula's scope (one sample or batch) and the parameters; the failing factor's own kind (sp for sp1,
     * W for W2) first, at most six.
     */
    private List<String> candidates(Shape needed, Node factor) {
        String kind = kind(factor);
        List<String> same = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (Vocabulary.Entry e : vocabulary.entries()) {
            Vocabulary.Scope scope = e.scope();
            if (scope != Vocabulary.Scope.PARAMETER && (scope == Vocabulary.Scope.BATCH) != batchMode) {
                continue;
            }
            List<String> forms = new ArrayList<>();
            if (e.rows().equals(needed.rows().symbol()) && e.cols().equals(needed.cols().symbol())) {
                forms.add(e.name());
            }
            if (e.cols().equals(needed.rows().symbol()) && e.rows().equals(needed.cols().symbol())
                    && !e.rows().equals(e.cols())) {
                forms.add(e.name() + "'");
            }
            if (e.vector() && e.rows().equals(needed.rows().symbol()) && e.rows().equals(needed.cols().symbol())
                    && !e.rows().equals("1")) {
                forms.add("diag(" + e.name() + ")");
            }
            (kindOf(e.name()).equals(kind) ? same : other).addAll(forms);
        }
        // the loss's derivative first (r, dl, p and their batch forms): the factor a backward chain starts from
        other.sort(java.util.Comparator.comparingInt(form -> BACKWARD_START.contains(kindOf(
                form.replace("diag(", "").replace(")", "").replace("'", ""))) ? 0 : 1));
        List<String> all = new ArrayList<>(same);
        all.addAll(other);
        return all.size() > 6 ? all.subList(0, 6) : all;
    }

    private String wrongLayerHint(Node factor, List<String> fits) {
        String kind = kind(factor);
        String name = name(factor);
        if (name == null || fits.isEmpty()) {
            return "";
        }
        String candidate = fits.get(0).replace("diag(", "").replace(")", "").replace("'", "");
        return kindOf(candidate).equals(kind) && !candidate.equals(name)
                ? " (" + candidate + " is " + name + "'s quantity from another layer: a factor from the wrong layer?)"
                : "";
    }

    /** The quantity a factor names, through transposes, parentheses and diag: sp1 for diag(sp1)'. */
    private static String name(Node node) {
        if (node instanceof Node.Name n) {
            return n.name();
        }
        if (node instanceof Node.Transpose t) {
            return name(t.operand());
        }
        if (node instanceof Node.Group g) {
            return name(g.inner());
        }
        if (node instanceof Node.Call c && c.function().equals("diag")) {
            return name(c.args().get(0));
        }
        return null;
    }

    private static String kind(Node factor) {
        String name = name(factor);
        return name == null ? "" : kindOf(name);
    }

    /** A name without its layer number: "sp" for sp1, "W" for W3. */
    static String kindOf(String name) {
        int end = name.length();
        while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
            end--;
        }
        return name.substring(0, end);
    }

    private static String transposed(String text) {
        if (text.endsWith("'")) {
            return text.substring(0, text.length() - 1);
        }
        boolean simple = text.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')
                || text.startsWith("(") && text.endsWith(")") || text.startsWith("diag(") && text.endsWith(")");
        return simple ? text + "'" : "(" + text + ")'";
    }

    private int nextMatrix(List<Shape> each, int first) {
        for (int f = first + 1; f < each.size(); f++) {
            if (!each.get(f).isScalar()) {
                return f;
            }
        }
        return -1;
    }

    /** The number of the product between the factors before j and factor j: the matrix factors up to j, less one. */
    private static int productNumber(List<Shape> each, int first, int j) {
        int count = 0;
        for (int f = first + 1; f <= j; f++) {
            count += each.get(f).isScalar() ? 0 : 1;
        }
        return count;
    }

    /** The product of factors first … j−1 as written. */
    private String left(List<Node> factors, int first, int j) {
        return formula.text.substring(factors.get(first).start(), factors.get(j - 1).end()).trim();
    }

    private static String count(Dim d, String what) {
        String plural = d.size() == 1 ? what : what + "s";
        return d.literal() ? d.size() + " " + plural : d.symbol() + " = " + d.size() + " " + plural;
    }

    private String source(Node node) {
        return formula.source(node);
    }

    /** The formula for EJML, with every scalar folded to a number (see {@link Formula}). */
    String value() {
        return print(formula.root, false);
    }

    /**
     * The formula on magnitudes for EJML: every quantity is to be bound to |its value|, except the occurrence
     * {@code gauged} (if not null), printed as {@link #gaugeName} of its name and to be bound to its gauge; every
     * number and folded scalar is replaced by its absolute value, a difference read as a sum and a negation
     * dropped. Every operation in the grammar is a sum of products, so this evaluates Σ|a||b|… over the very
     * terms the formula adds — the netlib testers' gauge, carried through the whole expression.
     */
    String magnitude(Node.Name gauged) {
        this.gauged = gauged;
        return print(formula.root, true);
    }

    /** The EJML name the gauged occurrence of {@code name} is bound under: not a vocabulary name. */
    static String gaugeName(String name) {
        return "gaugeOf_" + name;
    }

    private Node.Name gauged;

    private String print(Node node, boolean magnitude) {
        Shape s = shapes.get(node);
        if (s.isScalar()) {
            double v = magnitude ? Math.abs(s.scalar()) : s.scalar();
            return "(" + Double.toString(v) + ")";
        }
        if (node instanceof Node.Name name) {
            return magnitude && name == gauged ? gaugeName(name.name()) : name.name();
        }
        if (node instanceof Node.Group group) {
            return print(group.inner(), magnitude);
        }
        if (node instanceof Node.Transpose t) {
            return "(" + print(t.operand(), magnitude) + ")'";
        }
        if (node instanceof Node.Negate neg) {
            return magnitude ? print(neg.operand(), true) : "((-1.0)*(" + print(neg.operand(), false) + "))";
        }
        if (node instanceof Node.Binary bin) {
            String op = magnitude && bin.op() == Node.Op.MINUS ? "+" : bin.op().symbol;
            return "((" + print(bin.left(), magnitude) + ")" + op + "(" + print(bin.right(), magnitude) + "))";
        }
        if (node instanceof Node.Product product) {
            List<String> parts = new ArrayList<>();
            for (Node f : product.factors()) {
                parts.add("(" + print(f, magnitude) + ")");
            }
            return "(" + String.join("*", parts) + ")";
        }
        Node.Call call = (Node.Call) node;
        if (call.function().equals("diag")) {
            return "diag(" + print(call.args().get(0), magnitude) + ")";
        }
        List<String> sizes = new ArrayList<>();
        for (Node arg : call.args()) {
            sizes.add(Integer.toString((int) shapes.get(arg).scalar()));
        }
        return call.function() + "(" + String.join(",", sizes) + ")";
    }
}
