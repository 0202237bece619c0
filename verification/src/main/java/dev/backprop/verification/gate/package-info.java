/**
 * The gate: the command the README's first line runs, and the programmatic API behind it.
 *
 * <p>{@link dev.backprop.verification.gate.GateMain} parses the command line and hands over to
 * {@link dev.backprop.verification.gate.Gate}, which checks every seed claim
 * ({@code ClaimCatalogue}) and every implementation
 * ({@link dev.backprop.verification.gate.ImplementationCheck}, also usable on its own for a third-party
 * {@code ShallowBackprop}), collects a {@link dev.backprop.verification.gate.GateResult} and has
 * {@link dev.backprop.verification.gate.GateReport} print it.
 */
package dev.backprop.verification.gate;
