package dev.backprop.verification.diagram;

/**
 * One dimension of a diagram, written both ways: its symbol as the notes write it ({@code d}, {@code h1},
 * {@code n}, or {@code 1}) and its size in the network drawn.
 *
 * @param symbol the symbol
 * @param size   the size, at least 1
 */
public record Dim(String symbol, int size) {
    /** The dimension 1 of a row or column vector and of a scalar. */
    public static final Dim ONE = new Dim("1", 1);

    public Dim {
        if (symbol == null || symbol.isBlank() || size < 1) {
            throw new IllegalArgumentException("a dimension needs a symbol and a size ≥ 1, got " + symbol + "=" + size);
        }
    }
}
