package dev.backprop.verification.exchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The replay of a failure: a directory holding a case file with the failing case(s) ({@code cases.json}, in the
 * documented format, so the implementation that failed can be run on it directly), the gradient file it answered
 * with ({@code gradients.json}, matrices exactly as they were, a transposed one transposed), and
 * {@code README.txt} with the command that reproduces the verdict: judging the two files again gives the same
 * verdict and diagnosis, because the judge is deterministic. (A bundle the gate wrote for a model too large for
 * full AD is judged again with projections seeded by the case id, not by the gate's recipe: other directions,
 * the same guarantee.)
 */
public final class ReplayBundle {
    /** The case file's name inside a bundle. */
    public static final String CASES = "cases.json";
    /** The gradient file's name inside a bundle. */
    public static final String GRADIENTS = "gradients.json";

    private ReplayBundle() {
    }

    /**
     * Writes a bundle for {@code cases} answered by {@code answers} under {@code root}, in a new directory named
     * after {@code what} (made unique with a number), and returns that directory.
     *
     * @param what           what failed, e.g. "optimized deep: gradient = FD"; also goes into README.txt
     * @param implementation the implementation's name, written into the gradient file
     */
    public static Path write(Path root, String what, CaseSet cases, List<Submission> answers, String implementation)
            throws IOException {
        Files.createDirectories(root);
        String slug = what.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        slug = slug.isEmpty() ? "replay" : slug.substring(0, Math.min(slug.length(), 80));
        Path dir = root.resolve(slug);
        for (int n = 2; Files.exists(dir); n++) {
            dir = root.resolve(slug + "-" + n);
        }
        Files.createDirectory(dir);
        CaseFiles.write(dir.resolve(CASES), cases);
        GradientFiles.writeSubmissions(dir.resolve(GRADIENTS), answers, implementation);
        Files.writeString(dir.resolve("README.txt"), "Replay of a failure: " + what + "\n\n"
                + "Reproduce the verdict and its diagnosis:\n"
                + "  java -jar backprop-verify.jar replay " + dir + "\n"
                + "which is the same as\n"
                + "  java -jar backprop-verify.jar judge --cases " + dir.resolve(CASES) + " --gradients "
                + dir.resolve(GRADIENTS) + "\n\n"
                + CASES + " is a case file: run the implementation on it to reproduce the failure with its own code.\n",
                StandardCharsets.UTF_8);
        return dir;
    }

    /** Reads a bundle back: its cases and, for each, the gradient recorded. */
    public static Map.Entry<CaseSet, Map<String, Submission>> read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir.toString(), "", "a replay is a directory holding " + CASES + " and "
                    + GRADIENTS + "; this is " + (Files.exists(dir) ? "a file" : "not there"));
        }
        CaseSet cases = CaseFiles.read(dir.resolve(CASES));
        return Map.entry(cases, GradientFiles.read(dir.resolve(GRADIENTS), cases));
    }
}
