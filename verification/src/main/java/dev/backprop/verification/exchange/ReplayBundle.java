package dev.backprop.verification.exchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The replay of a failure: a directory holding a case file with the failing case(s) ({@code cases.json}, in the
 * documented format, so the implementation that failed can be run on it directly), the gradient file it answered
 * with ({@code gradients.json}, matrices exactly as they were, a transposed one transposed), and
 * {@code README.txt} with the command that reproduces the verdict: judging the two files again gives the same
 * verdict and diagnosis, because the judge is deterministic. (A bundle the gate wrote for a model too large for
 * full AD is judged again with projections seeded by the case's recipe, as the gate seeded them: the same
 * directions, the same projection evidence.)
 */
public final class ReplayBundle {
    /** The case file's name inside a bundle. */
    public static final String CASES = "cases.json";
    /** The gradient file's name inside a bundle. */
    public static final String GRADIENTS = "gradients.json";
    /** The note inside a bundle saying how to reproduce it. */
    public static final String README = "README.txt";

    private ReplayBundle() {
    }

    /**
     * Writes a bundle for {@code cases} answered by {@code answers} under {@code root}, in a directory named after
     * {@code what}, and returns that directory. The same failure written again lands in the same directory: a
     * directory of that name already holding exactly these bytes is reused, one holding anything else is left
     * alone and a number is added to the name ({@code -2}, {@code -3}, …). So a rerun with the same seed prints
     * the same replay path, and no earlier replay is ever overwritten. The bundle is assembled in a hidden
     * directory beside it and renamed into place, so a bundle is whole or absent.
     *
     * @param what           what failed, e.g. "optimized deep: gradient = FD"; also goes into README.txt
     * @param implementation the implementation's name, written into the gradient file
     */
    public static Path write(Path root, String what, CaseSet cases, List<Submission> answers, String implementation)
            throws IOException {
        Files.createDirectories(root);
        String slug = what.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        slug = slug.isEmpty() ? "replay" : slug.substring(0, Math.min(slug.length(), 80));
        Path temp = Files.createTempDirectory(root, "." + slug + "-");
        try {
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                // a temporary directory is private (0700); a replay is an ordinary directory others may read
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            CaseFiles.write(temp.resolve(CASES), cases);
            GradientFiles.writeSubmissions(temp.resolve(GRADIENTS), answers, implementation);
            for (int n = 1; ; n++) {
                Path dir = root.resolve(n == 1 ? slug : slug + "-" + n);
                byte[] readme = readme(what, dir).getBytes(StandardCharsets.UTF_8);
                if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                    Files.write(temp.resolve(README), readme);
                    try {
                        Files.move(temp, dir);
                        return dir;
                    } catch (FileAlreadyExistsException e) {
                        // another run took the name meanwhile: compare with what it wrote, as with any other
                        Files.deleteIfExists(temp.resolve(README));
                    }
                }
                if (holds(dir, Files.readAllBytes(temp.resolve(CASES)), Files.readAllBytes(temp.resolve(GRADIENTS)),
                        readme)) {
                    return dir;
                }
            }
        } finally {
            if (Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
                for (String name : List.of(CASES, GRADIENTS, README)) {
                    Files.deleteIfExists(temp.resolve(name));
                }
                Files.deleteIfExists(temp);
            }
        }
    }

    /** True when {@code dir} is a directory holding exactly the three files with exactly these bytes. */
    private static boolean holds(Path dir, byte[] casesFile, byte[] gradientsFile, byte[] readme) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.count() != 3) {
                return false;
            }
        }
        return same(dir.resolve(CASES), casesFile) && same(dir.resolve(GRADIENTS), gradientsFile)
                && same(dir.resolve(README), readme);
    }

    private static boolean same(Path file, byte[] bytes) throws IOException {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == bytes.length
                && Arrays.equals(Files.readAllBytes(file), bytes);
    }

    private static String readme(String what, Path dir) {
        return "Replay of a failure: " + what + "\n\n"
                + "Reproduce the verdict and its diagnosis:\n"
                + "  java -jar backprop-verify.jar replay " + dir + "\n"
                + "which is the same as\n"
                + "  java -jar backprop-verify.jar judge --cases " + dir.resolve(CASES) + " --gradients "
                + dir.resolve(GRADIENTS) + "\n\n"
                + CASES + " is a case file: run the implementation on it to reproduce the failure with its own code.\n";
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
