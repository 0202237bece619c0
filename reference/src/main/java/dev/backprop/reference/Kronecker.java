package dev.backprop.reference;

/**
 * The Kronecker delta of the seed's proofs, as the one place where δ is written.
 *
 * <p>It is applied to a value rather than returned as a number because the seed's sums are over reals,
 * where δ_ij = 0 removes a term whatever it holds; with doubles, 0 · ∞ and 0 · NaN are NaN. Selecting keeps
 * a non-finite entry in the one place the formula puts it instead of spreading NaN over every entry that
 * sums over it. For finite values it is exactly δ_ij · v.
 */
final class Kronecker {
    private Kronecker() {
    }

    /** δ_ij v: {@code v} when i = j, otherwise 0. */
    static double delta(int i, int j, double v) {
        return i == j ? v : 0.0;
    }
}
