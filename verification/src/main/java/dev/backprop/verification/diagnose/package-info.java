/**
 * Diagnosis of a wrong gradient (DESIGN.md §3): which parameters are wrong and what the error looks like —
 * transposed, a constant multiple, σ' omitted, confined to a layer — each finding a hypothesis whose predicted
 * gradient matches the gradient by the verdict's own rounding rule, and the triage of which oracle disagrees.
 */
package dev.backprop.verification.diagnose;
