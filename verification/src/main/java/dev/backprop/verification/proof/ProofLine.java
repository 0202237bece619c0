package dev.backprop.verification.proof;

import java.util.Optional;

/**
 * One line of the notes as a derivation: an id (the claims' naming, e.g. {@code P1.proof.W}), where it stands
 * in the notes, the line as printed, and — where the printed line does not hold — a corrected line, whose
 * verdict is computed the same way. A printed line is never silently fixed: it stays in the catalogue with its
 * own verdict, as the claims' errata do.
 *
 * @param id         a stable id
 * @param source     where the line stands, e.g. {@code "Prop 2, proof"}
 * @param printed    the line as printed
 * @param correction the corrected line, or null when the printed one is meant to hold
 */
public record ProofLine(String id, String source, Derivation printed, Derivation correction) {
    public ProofLine {
        if (id == null || source == null || printed == null) {
            throw new IllegalArgumentException("a proof line needs an id, a source and the line as printed");
        }
    }

    /** A line that is meant to hold as printed. */
    public static ProofLine of(String id, String source, Derivation printed) {
        return new ProofLine(id, source, printed, null);
    }

    /** The corrected line, when the printed one needs one. */
    public Optional<Derivation> corrected() {
        return Optional.ofNullable(correction);
    }

    /** Checks the printed line, and the correction if there is one. */
    public ProofLineResult check(ProofCheck check) {
        return new ProofLineResult(this, check.check(printed), corrected().map(check::check));
    }
}
