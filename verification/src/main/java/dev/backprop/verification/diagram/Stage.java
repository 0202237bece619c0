package dev.backprop.verification.diagram;

import java.util.List;

/**
 * One step of a pass: the node reached, the factors on the arrow that reaches it (from the previous stage's
 * node), and the gradients that leave it (backward pass only).
 *
 * @param node     the node
 * @param incoming the factors on the arrow into it; empty for the first stage of a pass
 * @param outputs  the gradients that leave it
 */
public record Stage(Part node, List<Part> incoming, List<Part> outputs) {
    public Stage {
        if (node == null) {
            throw new IllegalArgumentException("a stage needs a node");
        }
        incoming = List.copyOf(incoming);
        outputs = List.copyOf(outputs);
    }
}
