package dev.backprop.verification.gate;

import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Matrix;
import dev.backprop.verification.exchange.CaseSet;
import dev.backprop.verification.exchange.ExchangeCase;
import dev.backprop.verification.exchange.Precision;
import dev.backprop.verification.exchange.ReplayBundle;
import dev.backprop.verification.exchange.Submission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Writes each failure as a {@link ReplayBundle} under one directory. */
final class DirectoryReplaySink implements ReplaySink {
    private final Path root;
    private final long seed;

    DirectoryReplaySink(Path root, long seed) {
        this.root = root;
        this.seed = seed;
    }

    @Override
    public Optional<String> write(String what, dev.backprop.verification.generate.DeepCase c, DeepGradient got) {
        List<Matrix> weights = new ArrayList<>();
        List<Matrix> biases = new ArrayList<>();
        for (int k = 1; k <= got.depth(); k++) {
            weights.add(got.weight(k));
            biases.add(got.bias(k));
        }
        ExchangeCase one = new ExchangeCase("c0", c.network(), c.batch(), c.objective(), c.recipe());
        try {
            Path dir = ReplayBundle.write(root, what, new CaseSet(seed, List.of(one)),
                    List.of(new Submission("c0", got.layout(), Precision.FLOAT64, weights, biases)), what);
            return Optional.of(dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the replay of " + what + " under " + root, e);
        }
    }
}
