package dev.backprop.verification.gate;

import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.diagnose.Diagnoser;
import dev.backprop.verification.diagnose.Diagnosis;
import dev.backprop.verification.exchange.Precision;
import dev.backprop.verification.exchange.SubmissionJudge;
import dev.backprop.verification.generate.DeepCase;
import java.util.function.BiFunction;

/**
 * What the gate adds to a deep check's smallest failing case: the diagnosis of the implementation's gradient on
 * it (asked for once more: an implementation that answers differently the second time is said to be not
 * deterministic) (what the error looks like, per layer and parameter) and, when a {@link ReplaySink} is given, the replay
 * file that reproduces the failure. An implementation that throws or returns a malformed gradient on the case
 * has no gradient to diagnose; the check's evidence already says what it did.
 */
final class FailureExplainer {
    private FailureExplainer() {
    }

    static BiFunction<DeepCase, Observation, Observation> of(String checkName, String implementation,
            DeepBackprop subject, ReplaySink replays) {
        return (c, o) -> {
            DeepGradient got;
            try {
                got = subject.gradient(c.network(), c.batch(), c.objective());
                got.requireFits(c.network());
            } catch (RuntimeException | StackOverflowError e) {
                return o;
            }
            StringBuilder more = new StringBuilder(o.evidence());
            if (c.network().parameterCount() > SubmissionJudge.FULL_AD_PARAMETER_LIMIT) {
                // a diagnosis compares with the exact gradient, entry by entry: beyond full AD's reach
                more.append("\nno diagnosis: ").append(c.network().parameterCount()).append(" parameters are more than ")
                        .append("full forward-mode AD takes (").append(SubmissionJudge.FULL_AD_PARAMETER_LIMIT).append(')');
            } else {
                Diagnosis d = Diagnoser.of(c.network(), c.batch(), c.objective(), got, Precision.FLOAT64);
                if (d.right()) {
                    // the gradient diagnosed is a second call's: a right one here means the first call's was not
                    more.append("\nasked again on this case, the implementation returned a right gradient: it is not "
                            + "deterministic (no diagnosis, no replay)");
                    return new Observation(o.kind(), o.scaledError(), more.toString(), o.kinks(), o.onKink());
                }
                more.append("\ndiagnosis:");
                for (String line : d.lines()) {
                    more.append("\n  ").append(line);
                }
            }
            replays.write(implementation + " " + checkName, c, got)
                    .ifPresent(path -> more.append("\nreplay file: ").append(path).append(" (reproduce with: ")
                            .append("backprop-verify replay ").append(path).append(')'));
            return new Observation(o.kind(), o.scaledError(), more.toString(), o.kinks(), o.onKink());
        };
    }
}
