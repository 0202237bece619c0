package dev.backprop.verification.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The terminal rendering: every part with the network's shapes, nothing wider than 100 columns. */
class TextDiagramTest {
    static List<DeepNetwork> networks() {
        return SvgDiagramTest.networks();
    }

    /** Display columns: code points that are not combining marks (counted here, not by the renderer). */
    static int columns(String line) {
        return (int) line.codePoints().filter(c -> {
            int t = Character.getType(c);
            return t != Character.NON_SPACING_MARK && t != Character.ENCLOSING_MARK;
        }).count();
    }

    @ParameterizedTest
    @MethodSource("networks")
    void everyPartIsWrittenWithItsShapeOnOneLine(DeepNetwork net) {
        String text = TextDiagram.render(Diagram.of(net));
        List<String> lines = text.lines().toList();
        for (ExpectedParts.Expected e : ExpectedParts.of(net)) {
            // the name as a word (not the tail of another, e.g. W1 inside ∂ℓ/∂W1), then its shape on the same line
            boolean found = lines.stream().anyMatch(l -> {
                int at = l.indexOf(e.name());
                while (at >= 0) {
                    boolean word = at == 0 || " │·→".indexOf(l.charAt(at - 1)) >= 0;
                    if (word && l.indexOf(e.shape(), at) > at) {
                        return true;
                    }
                    at = l.indexOf(e.name(), at + 1);
                }
                return false;
            });
            assertTrue(found, e.name() + " with " + e.shape() + " not on any line of\n" + text);
        }
    }

    @ParameterizedTest
    @MethodSource("networks")
    void noLineIsWiderThanAHundredColumns(DeepNetwork net) {
        for (String line : TextDiagram.render(Diagram.of(net)).lines().toList()) {
            assertTrue(columns(line) <= 100, columns(line) + " columns: " + line);
        }
    }

    @Test
    void aDeepWideNetworkStillFitsAndKeepsEveryItem() {
        // widths of three digits and depth 12 make the longest labels; items must wrap, not be cut or overflow
        int[] widths = {784, 512, 256, 128, 100, 300, 200, 150, 120, 110, 105, 101, 10};
        Activation[] acts = new Activation[widths.length - 2];
        java.util.Arrays.fill(acts, Activation.LEAKY_RELU);
        NetworkShape shape = new NetworkShape(java.util.Arrays.stream(widths).boxed().toList(), List.of(acts),
                Loss.SOFTMAX_CROSS_ENTROPY);
        Diagram d = Diagram.of(shape);
        String text = TextDiagram.render(d);
        for (String line : text.lines().toList()) {
            assertTrue(columns(line) <= 100, columns(line) + " columns: " + line);
        }
        String joined = text.replaceAll("\\s+", " ");
        for (Part p : d.parts()) {
            assertTrue(joined.contains(p.seedItem()), "item lost: " + p.seedItem());
            assertTrue(joined.contains(p.shape().text()), "shape lost: " + p.shape().text());
        }
    }

    @Test
    void everyLossStartsTheBackwardPassWithARow() {
        DeepNetwork net = ExpectedParts.network(new int[] {4, 3, 2}, Activation.TANH);
        for (Loss loss : Loss.values()) {
            Diagram d = Diagram.of(NetworkShape.of(net, loss));
            Part top = d.backward().get(0).node();
            assertEquals("g2", top.name());
            assertEquals("1×n = 1×2", top.shape().text(), loss.name());
            Part last = d.forward().get(d.forward().size() - 1).node();
            assertEquals("ℓ", last.name());
            assertEquals("1×1 = 1×1", last.shape().text());
        }
        assertTrue(Diagram.of(NetworkShape.of(net, Loss.HALF_SQUARED_ERROR)).backward().get(0).node().label()
                .endsWith("= rᵀ"));
    }

    @Test
    void aShapeThatIsNotANetworkIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NetworkShape(List.of(3), List.of(), Loss.HALF_SQUARED_ERROR));
        assertThrows(IllegalArgumentException.class,
                () -> new NetworkShape(List.of(3, 0, 2), List.of(Activation.TANH), Loss.HALF_SQUARED_ERROR));
        assertThrows(IllegalArgumentException.class,
                () -> new NetworkShape(List.of(3, 4, 2), List.of(), Loss.HALF_SQUARED_ERROR));
    }
}
