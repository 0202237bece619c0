package dev.backprop.spec;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * An immutable column vector x ∈ R^n with entries x_i (seed §1: lower-case bold, entry x_i or (x)_i).
 * Entries may be any double; finiteness is checked where a value enters the suite
 * ({@link ShallowNetwork}, {@link Batch}), not here, so that a wrong implementation's NaN can be reported
 * rather than thrown.
 */
public final class Vector {
    private final double[] values;

    private Vector(double[] values) {
        this.values = values;
    }

    /** A vector holding a copy of {@code values}; the argument is not kept or modified. */
    public static Vector of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a vector needs at least one entry");
        }
        return new Vector(values.clone());
    }

    /** x_i = f(i) for i = 0..n−1. */
    public static Vector fromFunction(int n, IntToDoubleFunction f) {
        double[] v = new double[Dimensions.entries("vector", n)];
        for (int i = 0; i < n; i++) {
            v[i] = f.applyAsDouble(i);
        }
        return new Vector(v);
    }

    public static Vector zeros(int n) {
        return fromFunction(n, i -> 0.0);
    }

    public int size() {
        return values.length;
    }

    /** x_i, 0-based. */
    public double get(int i) {
        return values[i];
    }

    /** A copy of the entries. */
    public double[] toArray() {
        return values.clone();
    }

    /** The seed's x̃ ∈ R^{n+1} (Prop 2): x appended by 1 at the end. */
    public Vector augmented() {
        double[] v = Arrays.copyOf(values, values.length + 1);
        v[values.length] = 1.0;
        return new Vector(v);
    }

    /** x as an n×1 matrix. */
    public Matrix asColumn() {
        return Matrix.fromFunction(values.length, 1, (i, j) -> values[i]);
    }

    /** xᵀ as a 1×n matrix. */
    public Matrix asRow() {
        return Matrix.fromFunction(1, values.length, (i, j) -> values[j]);
    }

    /** The shape as text, e.g. {@code "4"}. */
    public String shape() {
        return Integer.toString(values.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vector && Arrays.equals(values, ((Vector) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
