package dev.backprop.verification.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A command line run in a second JVM on this test's class path, configured unlike the first: another default
 * encoding (ISO-8859-1, which cannot hold the reports' ∂ and ℓ), locale (Turkish, whose lower case of I is not i),
 * time zone and working directory. Whatever differs between the two runs' output is a dependence on one of these,
 * or on the process (identity hash codes, allocation, timing).
 */
record ChildJvm(int exit, byte[] out, String err) {
    /** The system properties that choose the optimized implementation's backend, passed on to the child. */
    private static final String BACKEND_PROPERTIES = "dev.backprop.optimized.";

    /** Runs {@code mainClass} with {@code args} in {@code workingDirectory}; gives up after five minutes. */
    static ChildJvm run(Class<?> mainClass, Path workingDirectory, String... args)
            throws IOException, InterruptedException {
        return run(Map.of(), mainClass, workingDirectory, args);
    }

    /**
     * As {@link #run(Class, Path, String...)} with these system properties set in the child. The child gets this
     * JVM's {@code dev.backprop.optimized.*} properties too (a build run with a backend forced compares like with
     * like), unless {@code properties} names them.
     */
    static ChildJvm run(Map<String, String> properties, Class<?> mainClass, Path workingDirectory, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=ISO-8859-1", "-Duser.language=tr", "-Duser.country=TR", "-Duser.timezone=Pacific/Kiritimati",
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        Map<String, String> set = new TreeMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(BACKEND_PROPERTIES)) {
                set.put(name, System.getProperty(name));
            }
        }
        set.putAll(properties);
        set.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workingDirectory, "child", ".out");
        Path err = Files.createTempFile(workingDirectory, "child", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("TZ", "Pacific/Kiritimati");
        pb.environment().put("LANG", "tr_TR.ISO-8859-9");
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the child JVM did not finish in five minutes: " + command);
        }
        ChildJvm r = new ChildJvm(p.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
