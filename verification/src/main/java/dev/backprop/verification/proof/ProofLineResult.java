package dev.backprop.verification.proof;

import java.util.Optional;

/**
 * A checked {@link ProofLine}: the verdict of the line as printed and, when it has one, of its correction.
 *
 * @param line      the line
 * @param printed   the printed line's result
 * @param corrected the correction's result, when the line has a correction
 */
public record ProofLineResult(ProofLine line, ProofResult printed, Optional<ProofResult> corrected) {
    /**
     * True when the line is accounted for: the printed line holds, or it does not and its correction does. A
     * printed line that breaks with no correction, or a correction that breaks, is not.
     */
    public boolean accountedFor() {
        if (printed.holds()) {
            return true;
        }
        return corrected.map(ProofResult::holds).orElse(false);
    }

    /** The printed line's verdict and evidence, then the correction's. */
    public String describe() {
        StringBuilder out = new StringBuilder(line.id()).append(" (").append(line.source()).append("): ")
                .append(printed.describe());
        corrected.ifPresent(c -> out.append("\n    corrected: ").append(c.describe()));
        return out.toString();
    }
}
