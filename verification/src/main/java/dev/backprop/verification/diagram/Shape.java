package dev.backprop.verification.diagram;

/**
 * The shape of a node or factor, rows × columns, as the notes write it (numerator layout: vectors are columns,
 * derivatives of the scalar ℓ are rows, ∂ℓ/∂W has the shape of Wᵀ — items 1 and 3).
 *
 * @param rows the rows
 * @param cols the columns
 */
public record Shape(Dim rows, Dim cols) {
    /** A column vector of dimension {@code n}: n×1. */
    public static Shape column(Dim n) {
        return new Shape(n, Dim.ONE);
    }

    /** A row vector of dimension {@code n}: 1×n. */
    public static Shape row(Dim n) {
        return new Shape(Dim.ONE, n);
    }

    /** {@code "h1×d"}. */
    public String symbolic() {
        return rows.symbol() + "×" + cols.symbol();
    }

    /** {@code "4×5"}. */
    public String numeric() {
        return rows.size() + "×" + cols.size();
    }

    /** {@code "h1×d = 4×5"}: how every renderer writes a shape. */
    public String text() {
        return symbolic() + " = " + numeric();
    }

    @Override
    public String toString() {
        return text();
    }
}
