package dev.backprop.verification.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Absurd sizes ({@link AbsurdSizes}) are refused before anything of their size is allocated: every command line is
 * run in one child JVM with a heap of {@value #HEAP_MB} MiB, where allocating even the smallest of the requested
 * sizes (2²⁶ + 1 doubles, 512 MiB) would end in an OutOfMemoryError — which the command line reports as exit 3,
 * not 2. Each must end in exit 2 with one line, and no file is written.
 */
class AbsurdSizesTest {
    static final int HEAP_MB = 64;

    @TempDir
    Path dir;

    @Test
    void absurdSizesAreRefusedInATinyHeap() throws Exception {
        Path out = dir.resolve("never-written.json");
        List<HostileArgs.Vector> vectors = new ArrayList<>();
        // drawn by QuickTheories (seeded; shrinking is lost across the process boundary, the vector is printed whole)
        qt().withFixedSeed(FuzzBudget.seed()).withExamples(FuzzBudget.examples(150)).forAll(AbsurdSizes.vectors(out))
                .checkAssert(vectors::add);
        Path input = dir.resolve("vectors.txt");
        List<String> lines = new ArrayList<>();
        for (HostileArgs.Vector v : vectors) {
            lines.add(String.join(SizeChild.SEPARATOR, v.args()));
        }
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path results = dir.resolve("results.txt");
        DirSnapshot before = DirSnapshot.of(dir);
        runChild(input, results);
        List<String> got = Files.readAllLines(results, StandardCharsets.UTF_8);
        assertTrue(Long.parseLong(got.get(0)) <= HEAP_MB * 1024L * 1024L, "the child's heap limit: " + got.get(0));
        assertEquals(vectors.size() + 1, got.size());
        FuzzCounts counts = new FuzzCounts("absurd sizes, child JVM -Xmx" + HEAP_MB + "m");
        for (int i = 0; i < vectors.size(); i++) {
            String[] r = got.get(i + 1).split(SizeChild.SEPARATOR, -1);
            Outcome o = new Outcome(vectors.get(i).args(), Integer.parseInt(r[0]), SizeChild.unescape(r[2]),
                    SizeChild.unescape(r[1]));
            Oracle.assertRefused(o);
            counts.count(vectors.get(i).fault(), "exit 2 with one line on stderr, nothing written");
        }
        Files.delete(results);
        assertEquals(before, DirSnapshot.of(dir), "nothing but the child's results was written");
        counts.print();
    }

    private static void runChild(Path input, Path results) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx" + HEAP_MB + "m", "-XX:TieredStopAtLevel=1", "-cp",
                classpath, SizeChild.class.getName(), input.toString(), results.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean ended = assertTimeoutPreemptively(Duration.ofMinutes(5),
                () -> p.waitFor(5, TimeUnit.MINUTES));
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "the child JVM ended");
        assertEquals(0, p.exitValue(), "the child JVM ran every command line");
    }
}
