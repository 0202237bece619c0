package dev.backprop.spec;

/**
 * Thrown at the suite's input boundary when a value is NaN or infinite. The message says which input,
 * its shape, the first offending entry (0-based) and its value, e.g.
 * {@code "W1 (3×4) has NaN at (2, 1)"}.
 */
public final class NonFiniteValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NonFiniteValueException(String message) {
        super(message);
    }

    /** Throws unless every entry of {@code m} is finite. {@code m} is not modified. */
    public static Matrix requireFinite(String name, Matrix m) {
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                double v = m.get(i, j);
                if (!Double.isFinite(v)) {
                    throw new NonFiniteValueException(
                            name + " (" + m.shape() + ") has " + describe(v) + " at (" + i + ", " + j + ")");
                }
            }
        }
        return m;
    }

    /** Throws unless every entry of {@code v} is finite. {@code v} is not modified. */
    public static Vector requireFinite(String name, Vector v) {
        for (int i = 0; i < v.size(); i++) {
            double x = v.get(i);
            if (!Double.isFinite(x)) {
                throw new NonFiniteValueException(
                        name + " (" + v.shape() + ") has " + describe(x) + " at (" + i + ")");
            }
        }
        return v;
    }

    private static String describe(double v) {
        return Double.isNaN(v) ? "NaN" : (v > 0 ? "+Infinity" : "-Infinity");
    }
}
