/**
 * The seed's statements as computable claims.
 *
 * <p>{@link dev.backprop.verification.claims.ClaimCatalogue} lists every {@link dev.backprop.verification.claims.Claim}:
 * one per numbered statement of the seed and per line of its proofs. A claim evaluates both sides of its
 * statement on random instances ({@code Generators}): products with the reference implementation,
 * derivatives with exact forward-mode AD arranged by the seed's own rules ({@code SeedDerivatives}), proof
 * lines as {@code StepChain}s evaluated for every index tuple. The verdict — holds, fails, ill-formed — comes
 * from the comparison ({@code Evaluate}), never from text; a claim that does not hold may carry a correction,
 * which is checked the same way.
 */
package dev.backprop.verification.claims;
