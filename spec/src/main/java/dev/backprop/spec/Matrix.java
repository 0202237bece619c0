package dev.backprop.spec;

import java.util.Arrays;

/**
 * An immutable m×n matrix X with entries x_ij in row i, column j (seed §1). Stored row-major.
 * Only re-indexings live here (transpose, appending a column, taking rows); every product is an
 * implementation's job, so that the two implementations share no arithmetic.
 */
public final class Matrix {
    /** x_ij as a function of its indices. */
    @FunctionalInterface
    public interface Entries {
        double at(int i, int j);
    }

    private final int rows;
    private final int cols;
    private final double[] data;

    private Matrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** x_ij = f(i, j). */
    public static Matrix fromFunction(int rows, int cols, Entries f) {
        double[] d = new double[Dimensions.entries("matrix", rows, cols)];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                d[i * cols + j] = f.at(i, j);
            }
        }
        return new Matrix(rows, cols, d);
    }

    /** A matrix from a row-major copy of {@code rowMajor}; the argument is not kept or modified. */
    public static Matrix of(int rows, int cols, double... rowMajor) {
        int n = Dimensions.entries("matrix", rows, cols);
        if (rowMajor.length != n) {
            throw new ShapeMismatchException("matrix " + rows + "×" + cols + " needs " + n
                    + " entries, got " + rowMajor.length);
        }
        return new Matrix(rows, cols, rowMajor.clone());
    }

    /** A matrix from rows of equal length; the arguments are not kept or modified. */
    public static Matrix fromRows(double[]... rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("a matrix needs at least one row");
        }
        int cols = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new ShapeMismatchException("matrix rows: row 0 has " + cols + " entries but row " + i
                        + " has " + rows[i].length + "; all rows must have the same length");
            }
        }
        return fromFunction(rows.length, cols, (i, j) -> rows[i][j]);
    }

    /** The identity I_n: (I_n)_ij = δ_ij. */
    public static Matrix identity(int n) {
        return fromFunction(n, n, (i, j) -> i == j ? 1.0 : 0.0);
    }

    public static Matrix zeros(int rows, int cols) {
        return fromFunction(rows, cols, (i, j) -> 0.0);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** x_ij, 0-based. */
    public double get(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") is outside " + shape());
        }
        return data[i * cols + j];
    }

    /** (Xᵀ)_ij = x_ji. Converting a gradient between layouts is exactly this. */
    public Matrix transpose() {
        return fromFunction(cols, rows, (i, j) -> get(j, i));
    }

    /** The seed's W̃ = [W | b] (Prop 2): this matrix with {@code b} appended as a last column. */
    public Matrix appendColumn(Vector b) {
        ShapeMismatchException.require(b.size() == rows, "[W | b]", "W is " + shape(), "b is " + b.shape(),
                "b must have one entry per row of W");
        return fromFunction(rows, cols + 1, (i, j) -> j < cols ? get(i, j) : b.get(i));
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive). */
    public Matrix rowRange(int from, int to) {
        if (from < 0 || to > rows || from >= to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + shape());
        }
        return fromFunction(to - from, cols, (i, j) -> get(from + i, j));
    }

    /** Column j as a vector. */
    public Vector column(int j) {
        return Vector.fromFunction(rows, i -> get(i, j));
    }

    /** Row i as a vector. */
    public Vector row(int i) {
        return Vector.fromFunction(cols, j -> get(i, j));
    }

    /** A row-major copy of the entries. */
    public double[] toArray() {
        return data.clone();
    }

    /** The shape as text, e.g. {@code "3×4"}. */
    public String shape() {
        return rows + "×" + cols;
    }

    public boolean sameShape(Matrix other) {
        return rows == other.rows && cols == other.cols;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Matrix)) {
            return false;
        }
        Matrix m = (Matrix) o;
        return rows == m.rows && cols == m.cols && Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(shape()).append(" [");
        for (int i = 0; i < rows; i++) {
            sb.append(i == 0 ? "" : "; ");
            for (int j = 0; j < cols; j++) {
                sb.append(j == 0 ? "" : ", ").append(get(i, j));
            }
        }
        return sb.append(']').toString();
    }
}
