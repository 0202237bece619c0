package dev.backprop.verification.proof;

import java.util.Map;

/**
 * How far an index runs, or how long a quantity is along one axis, written as the notes write it: a named
 * dimension ({@code "d"}), a named dimension plus a constant ({@code "h+1"}, the length of s̃), or a number
 * ({@code "1"}).
 *
 * @param base   the named dimension, or null for a number
 * @param offset the constant added to it (the number itself when {@code base} is null)
 */
record Size(String base, int offset) {
    /** Parses {@code "d"}, {@code "h+1"} or {@code "1"}; anything else is refused with the text quoted. */
    static Size parse(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("an empty size; write a dimension name (d), name+number (h+1) or a number");
        }
        int plus = t.indexOf('+');
        try {
            if (plus < 0) {
                if (Character.isDigit(t.charAt(0))) {
                    return positive(text, new Size(null, Integer.parseInt(t)));
                }
                return new Size(name(text, t), 0);
            }
            return positive(text, new Size(name(text, t.substring(0, plus).strip()),
                    Integer.parseInt(t.substring(plus + 1).strip())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + text + "' is not name, name+number or number");
        }
    }

    private static Size positive(String text, Size s) {
        if (s.offset < (s.base == null ? 1 : 0)) {
            throw new IllegalArgumentException("size '" + text + "' must be at least 1");
        }
        return s;
    }

    private static String name(String text, String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0)) || name.contains(",") || name.contains(":")) {
            throw new IllegalArgumentException("size '" + text + "': '" + name + "' is not a dimension name");
        }
        return name;
    }

    /** The size for the dimensions of one instance. */
    int resolve(Map<String, Integer> dims) {
        if (base == null) {
            return offset;
        }
        Integer n = dims.get(base);
        if (n == null) {
            throw new IllFormedStep("no dimension named " + base + " (the derivation declares " + dims.keySet() + ")");
        }
        return n + offset;
    }

    @Override
    public String toString() {
        return base == null ? Integer.toString(offset) : offset == 0 ? base : base + "+" + offset;
    }
}
