package dev.backprop.verification.gate;

import dev.backprop.spec.DeepGradient;
import dev.backprop.verification.generate.DeepCase;
import java.util.Optional;

/** Where the gate writes the replay file of a failure, if anywhere. */
interface ReplaySink {
    /** Writes nothing. */
    ReplaySink NONE = (what, c, got) -> Optional.empty();

    /**
     * Records {@code c} and the gradient {@code got} an implementation returned on it, so that judging the file
     * again reproduces the failure; returns where it was written.
     */
    Optional<String> write(String what, DeepCase c, DeepGradient got);
}
