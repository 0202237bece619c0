package dev.backprop.verification.gate;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Loss;
import dev.backprop.verification.diagram.Diagram;
import dev.backprop.verification.diagram.NetworkShape;
import dev.backprop.verification.diagram.SvgDiagram;
import dev.backprop.verification.diagram.TextDiagram;
import dev.backprop.verification.report.OutputFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code backprop-verify diagram --widths 5,4,3,2 --activations tanh,tanh}: the forward and backward computation of
 * a network as the notes' diagrams draw it, every node and factor with its dimensions and the notes' item it uses;
 * as text, and as SVG with {@code --svg FILE}. Without {@code --widths}, the notes' two-hidden-layer network.
 */
@Command(name = "diagram", mixinStandardHelpOptions = true,
        description = "Draws the forward and backward pass of a network with every dimension (text; SVG with --svg).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:drawn", "2:bad usage (one line on stderr)"})
final class DiagramCommand implements Callable<Integer> {
    /** The widest layer drawn: a diagram is for reading, and labels of more digits stop fitting their boxes. */
    static final int MAX_WIDTH = 1_000_000;

    @Option(names = "--widths", split = ",", paramLabel = "d,n1,...,nL", description = "input size, then each "
            + "layer's width (default: the notes' Diagram 3 network)")
    List<Integer> widths;

    @Option(names = "--activations", split = ",", paramLabel = "ACTIVATION", description = "one per hidden layer "
            + "(default: tanh for each)")
    List<String> activations;

    @Option(names = "--loss", description = "the loss the backward pass starts from (default: ${DEFAULT-VALUE})")
    String loss = "half_squared_error";

    @Option(names = "--svg", paramLabel = "FILE", description = "also write the diagram as SVG")
    Path svg;

    @Spec
    CommandSpec spec;

    private final PrintStream out;

    DiagramCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        Diagram diagram;
        try {
            if (svg != null) {
                OutputFiles.requireWritable("--svg", svg, List.of());
            }
            diagram = widths == null ? Diagram.seedDiagramThree() : Diagram.of(shape());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        out.println(TextDiagram.render(diagram));
        out.flush();
        if (svg != null) {
            OutputFiles.write(svg, SvgDiagram.render(diagram));
        }
        return 0;
    }

    private NetworkShape shape() {
        for (int w : widths) {
            if (w < 1 || w > MAX_WIDTH) {
                throw new IllegalArgumentException("--widths: every width is between 1 and " + MAX_WIDTH + ", got " + w);
            }
        }
        List<Activation> hidden = new ArrayList<>();
        if (activations == null) {
            for (int k = 2; k < widths.size(); k++) {
                hidden.add(Activation.TANH);
            }
        } else {
            for (String a : activations) {
                hidden.add(Activation.named(a));
            }
        }
        return new NetworkShape(widths, hidden, Loss.named(loss));
    }
}
