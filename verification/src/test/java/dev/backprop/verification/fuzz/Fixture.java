package dev.backprop.verification.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backprop.reference.ReferenceDeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Layout;
import dev.backprop.verification.exchange.CaseFiles;
import dev.backprop.verification.exchange.CaseSet;
import dev.backprop.verification.exchange.ExchangeCase;
import dev.backprop.verification.exchange.GradientFiles;
import dev.backprop.verification.exchange.Precision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The valid files every mutation starts from, written by the suite itself: a case file from the {@code cases}
 * command and the gradient file that answers it correctly (the reference implementation, denominator layout), and
 * a judge run on the two that passes, so that a refusal of a mutant is caused by its mutation.
 *
 * @param cases     the case file
 * @param gradients the right answers to it
 */
record Fixture(Path cases, Path gradients, byte[] caseBytes, byte[] gradientBytes) {
    /** Cases per file: few enough that judging a mutant that happens to be valid stays quick. */
    static final int COUNT = 3;

    static Fixture write(Path dir) {
        try {
            Files.createDirectories(dir);
            Path cases = dir.resolve("valid-cases.json");
            Outcome w = Outcome.of(List.of("cases", "--out", cases.toString(), "--count", String.valueOf(COUNT),
                    "--seed", "5"));
            assertEquals(0, w.exit(), w::describe);
            CaseSet set = CaseFiles.read(cases);
            Map<String, DeepGradient> answers = new LinkedHashMap<>();
            for (ExchangeCase c : set.cases()) {
                answers.put(c.id(), new ReferenceDeepBackprop().gradient(c.network(), c.batch(), c.objective()));
            }
            Path gradients = dir.resolve("valid-gradients.json");
            GradientFiles.write(gradients, answers, Layout.DENOMINATOR, Precision.FLOAT64, "reference");
            Outcome judged = Outcome.of(List.of("judge", "--cases", cases.toString(), "--gradients",
                    gradients.toString(), "--replay-dir", dir.resolve("replays").toString()));
            assertEquals(0, judged.exit(), judged::describe);
            return new Fixture(cases, gradients, Files.readAllBytes(cases), Files.readAllBytes(gradients));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
