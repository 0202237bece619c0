package dev.backprop.verification.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.backprop.verification.exchange.CaseFiles;
import dev.backprop.verification.exchange.CaseSet;
import dev.backprop.verification.exchange.GradientFiles;
import dev.backprop.verification.exchange.ReplayBundle;
import dev.backprop.verification.fuzz.HostileFiles.Hostile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Hostile replay bundles through {@code replay DIR}: a bundle the suite wrote (the fixture's cases and their right
 * answers) with one of its two files replaced by a hostile file ({@link HostileFiles#anyInvalid}), or its layout
 * broken (a file missing, a directory where a file belongs, a link to a device, to nothing or to itself). Each
 * ends in exit 2 with one line naming what is wrong, and nothing on disk changes.
 */
class ReplayFuzzTest {
    @TempDir
    static Path dir;
    private static Fixture fixture;
    private static Path bundle;
    private static final FuzzCounts COUNTS = new FuzzCounts("replay bundle (replay DIR)");

    @BeforeAll
    static void writeBundle() throws IOException {
        fixture = Fixture.write(dir.resolve("fixture"));
        CaseSet set = CaseFiles.read(fixture.cases());
        bundle = ReplayBundle.write(dir.resolve("replays"), "fuzz", set,
                new ArrayList<>(GradientFiles.read(fixture.gradients(), set).values()), "reference");
        Outcome valid = Outcome.of(List.of("replay", bundle.toString()));
        assertEquals(0, valid.exit(), valid::describe);
    }

    @AfterAll
    static void printCounts() {
        COUNTS.print();
    }

    @Test
    void aHostileCaseFileInTheBundle() {
        hostileFile(ReplayBundle.CASES, HostileFiles.anyInvalid(fixture.caseBytes()), fixture.caseBytes());
    }

    @Test
    void aHostileGradientFileInTheBundle() {
        hostileFile(ReplayBundle.GRADIENTS, HostileFiles.anyInvalid(fixture.gradientBytes()), fixture.gradientBytes());
    }

    /** Each way of breaking the bundle's layout, set up, run, and undone. */
    @Test
    void aBrokenBundle() {
        List<String> breaks = List.of("no cases.json", "no gradients.json", "cases.json is a directory",
                "gradients.json is a directory", "cases.json links to /dev/zero", "cases.json links to /dev/null",
                "gradients.json links to itself", "cases.json links to nothing", "the bundle is a file",
                "the bundle does not exist", "the bundle is named by an empty argument");
        Gen<Integer> which = Generate.range(0, breaks.size() - 1);
        qt().withFixedSeed(FuzzBudget.seed()).withExamples(FuzzBudget.examples(40)).forAll(which)
                .checkAssert(i -> {
                    Path target;
                    Outcome o;
                    try {
                        target = brokenBundle(i);
                        try {
                            o = Oracle.assertRefused(dir, List.of("replay", target.toString()));
                        } finally {
                            restore();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    assertTrue(o.err().contains(target.toString()), () -> "the message names the bundle\n"
                            + o.describe());
                    COUNTS.count(breaks.get(i), "exit 2 with one line on stderr, no file changed");
                });
    }

    private void hostileFile(String name, Gen<Hostile> gen, byte[] valid) {
        Path file = bundle.resolve(name);
        qt().withFixedSeed(FuzzBudget.seed()).withExamples(FuzzBudget.examples(60)).forAll(gen).checkAssert(h -> {
            FileFuzz.write(file, h.bytes());
            Outcome o;
            try {
                o = Oracle.assertRefused(dir, List.of("replay", bundle.toString()));
            } finally {
                FileFuzz.write(file, valid);
            }
            assertTrue(o.err().contains(file.toString()), () -> "the message names " + file + "\n" + o.describe());
            COUNTS.count(name + ", " + h.kind(), "exit 2 with one line on stderr, no file changed");
        });
    }

    /** Breaks the bundle the {@code i}-th way; returns the directory to replay. */
    private static Path brokenBundle(int i) throws IOException {
        Path cases = bundle.resolve(ReplayBundle.CASES);
        Path gradients = bundle.resolve(ReplayBundle.GRADIENTS);
        switch (i) {
            case 0 -> Files.delete(cases);
            case 1 -> Files.delete(gradients);
            case 2 -> {
                Files.delete(cases);
                Files.createDirectory(cases);
            }
            case 3 -> {
                Files.delete(gradients);
                Files.createDirectory(gradients);
            }
            case 4 -> {
                Files.delete(cases);
                Files.createSymbolicLink(cases, Path.of("/dev/zero"));
            }
            case 5 -> {
                Files.delete(cases);
                Files.createSymbolicLink(cases, Path.of("/dev/null"));
            }
            case 6 -> {
                Files.delete(gradients);
                Files.createSymbolicLink(gradients, gradients);
            }
            case 7 -> {
                Files.delete(cases);
                Files.createSymbolicLink(cases, bundle.resolve("absent.json"));
            }
            case 8 -> {
                return cases;
            }
            case 9 -> {
                return bundle.resolve("absent");
            }
            default -> {
                return Path.of("");
            }
        }
        return bundle;
    }

    /** Puts the bundle's two files back as the suite wrote them. */
    private static void restore() throws IOException {
        for (Path p : List.of(bundle.resolve(ReplayBundle.CASES), bundle.resolve(ReplayBundle.GRADIENTS))) {
            if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(p);
            } else {
                Files.deleteIfExists(p);
            }
        }
        Files.write(bundle.resolve(ReplayBundle.CASES), fixture.caseBytes());
        Files.write(bundle.resolve(ReplayBundle.GRADIENTS), fixture.gradientBytes());
    }
}
