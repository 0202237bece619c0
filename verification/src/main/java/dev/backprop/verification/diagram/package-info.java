/**
 * The forward and backward computation of a network as the notes' diagrams draw it, with dimensions.
 *
 * <p>{@link dev.backprop.verification.diagram.Diagram#of(dev.backprop.spec.DeepNetwork)} builds the model from a
 * network's shapes (or a {@link dev.backprop.verification.diagram.NetworkShape}): every node (x, z_k, s_k, ŷ, ℓ,
 * and the backward rows g_k = ∂ℓ/∂z_k), every factor (W_k, b_k, σ_k, r, σ_k'(z_k), diag(σ_k'(z_k))) and every
 * gradient (∂ℓ/∂W_k = s_{k−1} g_k, ∂ℓ/∂b_k = g_k), each with its shape written symbolically and in numbers
 * ({@code h1×d = 4×5}) and the item of the notes it uses, in numerator layout. {@link
 * dev.backprop.verification.diagram.TextDiagram} draws it for a terminal (Unicode boxes and arrows, at most 100
 * columns), {@link dev.backprop.verification.diagram.SvgDiagram} as a self-contained SVG document.
 * {@link dev.backprop.verification.diagram.Diagram#seedDiagramThree()} is the notes' two-hidden-layer network.
 *
 * <p>Constants of this package (layout only, no tolerance): {@link
 * dev.backprop.verification.diagram.TextDiagram#MAX_COLUMNS} = 100; the SVG's font sizes and its estimate of a
 * monospace character's advance, 0.62 em, on {@link dev.backprop.verification.diagram.SvgDiagram}.
 */
package dev.backprop.verification.diagram;
