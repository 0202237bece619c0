/**
 * The oracles and the tolerances: everything that says what a right gradient is, sharing no code with the
 * implementations under test.
 *
 * <h2>How the classes relate</h2>
 * <ul>
 *   <li>{@link dev.backprop.verification.numeric.Tolerances} holds every threshold and its derivation; nothing
 *       else in the suite holds a number to judge by.</li>
 *   <li>Exact oracles: {@link dev.backprop.verification.numeric.ForwardModeAd} (shallow network, and σ on
 *       derivative structures for everyone) and {@link dev.backprop.verification.numeric.DeepForwardModeAd}
 *       (L layers, three losses), both commons-math3 forward-mode AD, both able to force σ' at a kink.</li>
 *   <li>Rounding gauges: {@link dev.backprop.verification.numeric.Gauges} and
 *       {@link dev.backprop.verification.numeric.DeepGauges} carry each computation on magnitudes, give K, and
 *       find the pre-activations that sit on a kink within rounding (and group them into the choices a correct
 *       implementation can make).</li>
 *   <li>Finite differences: {@link dev.backprop.verification.numeric.FiniteDifferences} (shallow; kinks located
 *       along each coordinate) and {@link dev.backprop.verification.numeric.DeepFiniteDifferences} (deep; each
 *       sample's ReLU units held on their pieces by the package-private {@code DeepLossOracle}, the step
 *       validated), each judging a gradient against its own error estimate.</li>
 *   <li>{@link dev.backprop.verification.numeric.FlatParameters} and
 *       {@link dev.backprop.verification.numeric.DeepParameters} lay θ out as one vector for them;
 *       {@link dev.backprop.verification.numeric.Discrepancy} is the outcome of one comparison, and
 *       {@link dev.backprop.verification.numeric.CannotJudge} the suite's admission that a case is beyond it.</li>
 * </ul>
 */
package dev.backprop.verification.numeric;
