package dev.backprop.verification.fuzz;

import static org.quicktheories.QuickTheory.qt;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/**
 * Hostile formulas through {@code formula --param P --cases 1 FORMULA}: invalid ones end in exit 2 with one line;
 * mutants whose validity the construction does not decide end in exit 2 the same way or in a verdict (exit 0 or
 * 1), never in exit 3, a trace or a hang.
 */
class FormulaFuzzTest {
    @TempDir
    static Path dir;
    private static final FuzzCounts COUNTS = new FuzzCounts("formula (formula --param P FORMULA)");

    @AfterAll
    static void printCounts() {
        COUNTS.print();
    }

    @Test
    void invalidFormulasAreRefused() {
        qt().withFixedSeed(FuzzBudget.seed()).withExamples(FuzzBudget.examples(200)).forAll(HostileFormulas.invalid())
                .checkAssert(c -> {
                    Oracle.assertRefused(dir, args(c));
                    COUNTS.count(c.kind(), "exit 2 with one line on stderr, no file changed");
                });
    }

    @Test
    void tokenMutantsAreRefusedOrJudged() {
        refusedOrJudged(HostileFormulas.tokenMutations(), 60);
    }

    @Test
    void arbitraryStringsAreRefusedOrJudged() {
        refusedOrJudged(HostileFormulas.arbitrary(), 100);
    }

    private static void refusedOrJudged(Gen<HostileFormulas.Candidate> gen, int ciExamples) {
        qt().withFixedSeed(FuzzBudget.seed()).withExamples(FuzzBudget.judgedExamples(ciExamples)).forAll(gen)
                .checkAssert(c -> {
                    Outcome o = Oracle.runWatched(dir, args(c));
                    Oracle.assertRefusedOrJudged(o);
                    COUNTS.count(c.kind() + (o.exit() == 2 ? ", refused" : ", judged"),
                            o.exit() == 2 ? "exit 2 with one line on stderr" : "a verdict, exit " + "0 or 1, nothing on stderr");
                });
    }

    private static List<String> args(HostileFormulas.Candidate c) {
        return List.of("formula", "--param", c.parameter(), "--cases", "1", c.formula());
    }
}
