package dev.backprop.verification.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.reference.ReferenceDeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a replay bundle lands: the same failure written again reuses its directory (so a rerun prints the same
 * path), another failure of the same name gets a numbered directory, nothing already there is overwritten, and no
 * temporary directory is left behind.
 */
class ReplayBundleTest {
    @TempDir
    Path root;

    private static List<Submission> answers(CaseSet set, double factor) {
        List<Submission> out = new ArrayList<>();
        for (ExchangeCase c : set.cases()) {
            DeepGradient g = new ReferenceDeepBackprop().gradient(c.network(), c.batch(), c.objective())
                    .in(Layout.NUMERATOR);
            List<Matrix> w = new ArrayList<>();
            List<Matrix> b = new ArrayList<>();
            for (int k = 1; k <= g.depth(); k++) {
                Matrix wk = g.weight(k);
                w.add(Matrix.fromFunction(wk.rows(), wk.cols(), (i, j) -> factor * wk.get(i, j)));
                b.add(g.bias(k));
            }
            out.add(new Submission(c.id(), Layout.NUMERATOR, Precision.FLOAT64, w, b));
        }
        return out;
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> list = Files.list(root)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theSameFailureReusesItsBundleAndAnotherGetsANumberedOne() throws IOException {
        CaseSet set = CaseFiles.draw(3L, 2);
        Path first = ReplayBundle.write(root, "planted: gradient = AD", set, answers(set, 2.0), "planted");
        assertEquals(root.resolve("planted-gradient-ad"), first);
        String readme = Files.readString(first.resolve(ReplayBundle.README));
        assertTrue(readme.contains("replay " + first), readme);
        byte[] cases = Files.readAllBytes(first.resolve(ReplayBundle.CASES));
        byte[] gradients = Files.readAllBytes(first.resolve(ReplayBundle.GRADIENTS));

        assertEquals(first, ReplayBundle.write(root, "planted: gradient = AD", set, answers(set, 2.0), "planted"));
        assertEquals(List.of("planted-gradient-ad"), entries(), "reused, nothing added, no temporary left");

        // other gradients under the same name: a new directory, the first left byte for byte as it was
        Path second = ReplayBundle.write(root, "planted: gradient = AD", set, answers(set, 3.0), "planted");
        assertEquals(root.resolve("planted-gradient-ad-2"), second);
        assertEquals(List.of("planted-gradient-ad", "planted-gradient-ad-2"), entries());
        assertTrue(java.util.Arrays.equals(cases, Files.readAllBytes(first.resolve(ReplayBundle.CASES))));
        assertTrue(java.util.Arrays.equals(gradients, Files.readAllBytes(first.resolve(ReplayBundle.GRADIENTS))));
        assertTrue(Files.readString(second.resolve(ReplayBundle.README)).contains("replay " + second));

        // a user's file in a directory of that name makes it not the bundle: never reused, never touched
        Files.writeString(second.resolve("notes.txt"), "mine");
        assertEquals(root.resolve("planted-gradient-ad-3"),
                ReplayBundle.write(root, "planted: gradient = AD", set, answers(set, 3.0), "planted"));
        assertEquals("mine", Files.readString(second.resolve("notes.txt")));
        // each bundle reads back as what was written
        assertEquals(2, ReplayBundle.read(second).getValue().size());
    }
}
