package dev.backprop.verification.diagram;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link Diagram} for a terminal: Unicode boxes for nodes, arrows down the left for each pass, the
 * factors of each arrow beside it, the gradients branching off the backward nodes — every part with its shape
 * ({@code h1×d = 4×5}) and its item of the notes. No line is wider than {@link #MAX_COLUMNS}: an item that does
 * not fit is wrapped onto the lines below it, in its column.
 * <pre>
 * ╭──────────────────────────────────╮
 * │ z1 = W1 x + b1        h1×1 = 4×1 │  Prop 1: z = Wx + b
 * ╰───┬──────────────────────────────╯
 *     │ σ1 = tanh, element-wise  h1×1 = 4×1  Prop 2: (σ(z))_i = σ(z_i)
 *     ▼
 * </pre>
 * Widths are counted in code points, combining marks not counted (ŷ is one column); every character used is
 * one column wide in a Western terminal font.
 */
public final class TextDiagram {
    /** The widest line drawn. */
    public static final int MAX_COLUMNS = 100;

    /** Where the arrows run: under the fourth column of each box. */
    private static final int ARROW = 4;

    private TextDiagram() {
    }

    /** The diagram as text, lines separated by '\n', ending with one. */
    public static String render(Diagram diagram) {
        List<String> out = new ArrayList<>();
        wrap(out, "", diagram.heading(), -1);
        // the dimensions break between "d = 5, h1 = 4 (σ1 = tanh)" items, never inside one
        StringBuilder dims = new StringBuilder();
        for (String item : diagram.dimensions().split(", ")) {
            if (dims.length() > 0 && width(dims.toString()) + 2 + width(item) + 1 > MAX_COLUMNS) {
                out.add(dims.append(',').toString());
                dims.setLength(0);
            }
            dims.append(dims.length() == 0 ? "" : ", ").append(item);
        }
        wrap(out, "", dims.toString(), -1);
        wrap(out, "", diagram.loss(), -1);
        out.add("");
        int inner = 0;
        int factorLabel = 0;
        int factorShape = 0;
        for (Part p : diagram.parts()) {
            if (p.role() == Part.Role.NODE) {
                inner = Math.max(inner, width(p.label()) + 2 + width(p.shape().text()));
            } else {
                factorLabel = Math.max(factorLabel, width(p.label()) + (p.role() == Part.Role.GRADIENT ? 4 : 2));
                factorShape = Math.max(factorShape, width(p.shape().text()));
            }
        }
        out.add("FORWARD (vectors are columns; items and propositions as the notes number them)");
        pass(out, diagram.forward(), inner, factorLabel, factorShape, "");
        out.add("");
        out.add("BACKWARD (numerator layout: g_k = ∂ℓ/∂z_k is a row, ∂ℓ/∂W_k has the shape of W_kᵀ, item 3)");
        pass(out, diagram.backward(), inner, factorLabel, factorShape, "· ");
        StringBuilder text = new StringBuilder();
        for (String line : out) {
            text.append(stripEnd(line)).append('\n');
        }
        return text.toString();
    }

    private static void pass(List<String> out, List<Stage> stages, int inner, int factorLabel, int factorShape,
            String factorMark) {
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            if (s > 0) {
                for (Part f : stage.incoming()) {
                    String left = pad(" ".repeat(ARROW) + "│ " + factorMark + f.label(), ARROW + 2 + factorLabel)
                            + "  " + pad(f.shape().text(), factorShape);
                    wrap(out, left, f.seedItem(), ARROW);
                }
                out.add(" ".repeat(ARROW) + "▼");
            }
            boolean more = s + 1 < stages.size();
            Part node = stage.node();
            String body = node.label();
            String shape = node.shape().text();
            String middle = "│ " + body + " ".repeat(inner - width(body) - width(shape)) + shape + " │";
            boolean below = more || !stage.outputs().isEmpty();
            String bottom = "╰" + "─".repeat(ARROW - 1) + (below ? "┬" : "─") + "─".repeat(inner + 2 - ARROW) + "╯";
            out.add("╭" + "─".repeat(inner + 2) + "╮");
            beside(out, List.of(middle, bottom), node.seedItem(), below ? ARROW : -1);
            List<Part> outputs = stage.outputs();
            for (int o = 0; o < outputs.size(); o++) {
                Part g = outputs.get(o);
                String branch = more || o + 1 < outputs.size() ? "├─→ " : "╰─→ ";
                String left = pad(" ".repeat(ARROW) + branch + g.label(), ARROW + 2 + factorLabel) + "  "
                        + pad(g.shape().text(), factorShape);
                wrap(out, left, g.seedItem(), more ? ARROW : -1);
            }
        }
    }

    /** {@link #beside(List, List, String, int)} for one line on the left. */
    private static void wrap(List<String> out, String left, String right, int arrow) {
        beside(out, left.isEmpty() ? List.of() : List.of(left), right, arrow);
    }

    /**
     * The lines {@code left}, with {@code right} beside them two columns after the widest, wrapped at spaces so no
     * line is wider than {@link #MAX_COLUMNS}. Lines of {@code right} beyond {@code left} carry the arrow (│ at
     * column {@code arrow}) so the pass stays unbroken, or nothing when {@code arrow} is negative.
     */
    private static void beside(List<String> out, List<String> left, String right, int arrow) {
        int widest = 0;
        for (String l : left) {
            widest = Math.max(widest, width(l));
        }
        int column = left.isEmpty() ? 0 : widest + 2;
        List<String> lefts = new ArrayList<>(left);
        if (MAX_COLUMNS - column < 24) {
            // the left part leaves no useful column: the item goes on its own lines below, indented
            out.addAll(lefts);
            lefts.clear();
            column = ARROW + 4;
        }
        List<String> pieces = split(right, MAX_COLUMNS - column);
        int lines = Math.max(lefts.size(), pieces.size());
        for (int i = 0; i < lines; i++) {
            String head;
            if (i < lefts.size()) {
                head = pad(lefts.get(i), column);
            } else if (arrow < 0) {
                head = " ".repeat(column);
            } else {
                head = pad(" ".repeat(arrow) + "│", column);
            }
            out.add(head + (i < pieces.size() ? pieces.get(i) : ""));
        }
    }

    /** Words of {@code text} in lines of at most {@code room} columns (a longer word is cut). */
    private static List<String> split(String text, int room) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            while (width(word) > room) {
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                int cut = word.offsetByCodePoints(0, room);
                lines.add(word.substring(0, cut));
                word = word.substring(cut);
            }
            int needed = (line.length() == 0 ? 0 : width(line.toString()) + 1) + width(word);
            if (needed > room) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Display width: code points that are not combining marks. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int type = Character.getType(cp);
            if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK
                    && type != Character.COMBINING_SPACING_MARK) {
                w++;
            }
            i += Character.charCount(cp);
        }
        return w;
    }

    private static String pad(String s, int w) {
        int missing = w - width(s);
        return missing > 0 ? s + " ".repeat(missing) : s;
    }

    private static String stripEnd(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }
}
