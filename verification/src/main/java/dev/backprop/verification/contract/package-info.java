/**
 * The contract other Java implementations are checked with. An implementation implements the spec's
 * {@link dev.backprop.spec.DeepBackprop} (or {@link dev.backprop.spec.ShallowBackprop}) — network and batch in,
 * gradient with a declared {@link dev.backprop.spec.Layout} out — and is checked either by a JUnit 5 test class
 * implementing {@link dev.backprop.verification.contract.DeepBackpropContract} (a few lines: it supplies
 * {@code subject()}), or programmatically by {@link dev.backprop.verification.gate.ImplementationCheck}, which
 * returns a report object. Both run the same checks ({@link dev.backprop.verification.gate.DeepCheck},
 * {@link dev.backprop.verification.gate.ShallowCheck}), and the gate runs them on its built-in implementations.
 * The JUnit API is a provided dependency: present in the user's test classpath, not bundled in the gate's jar.
 */
package dev.backprop.verification.contract;
