package dev.backprop.verification.proof;

/**
 * One step of a derivation, or the definition of a quantity: its value at the index tuple bound in the scope.
 * Written with the scope's helpers — {@link Scope#at}, {@link Scope#sum}, {@link Scope#delta}, {@link
 * Scope#derivative}, {@link Scope#partial}, {@link Scope#sigma} — and {@link Term}'s arithmetic, so that the
 * expression reads like the line of the notes it transcribes.
 */
@FunctionalInterface
public interface Expression {
    /** The value at the scope's indices. */
    Term at(Scope scope);
}
