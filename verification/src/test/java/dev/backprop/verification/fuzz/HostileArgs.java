package dev.backprop.verification.fuzz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generator of hostile command lines: a subcommand (or none, the gate itself), its positional argument
 * where it has one, up to eight of its options with values from junk pools (valid and invalid values mixed, paths
 * only inside the test's directory), then <em>one fault that makes the vector invalid by construction</em>: an
 * unknown option, an option missing its value at the end, a value that is not a number where one is needed (or
 * beyond int or long), a single-value option given twice, a required option left out, or a stray argument.
 * Whatever the junk before it, picocli refuses the line before any command runs. Shrinks towards fewer options and
 * the first pools' entries.
 */
final class HostileArgs {
    /** What an option takes. */
    enum Type { LONG, INT, DOUBLE, STRING, INT_LIST, STRING_LIST, OUT, IN, DIR }

    record Opt(String name, Type type) {
    }

    /** A command: its name ("" for the gate), options, required option names, and positional kind (or null). */
    record Cmd(String name, List<Opt> options, List<String> required, Type positional) {
    }

    /** One hostile vector and the fault that makes it invalid. */
    record Vector(String fault, List<String> args) {
        @Override
        public String toString() {
            return fault + ": " + Printable.of(args.toString());
        }
    }

    static final List<Cmd> COMMANDS = List.of(
            new Cmd("", List.of(new Opt("--seed", Type.LONG), new Opt("--claim-cases", Type.INT),
                    new Opt("--cases", Type.INT), new Opt("--junit-xml", Type.OUT), new Opt("--json", Type.OUT),
                    new Opt("--html", Type.OUT), new Opt("--replay-dir", Type.DIR)), List.of(), null),
            new Cmd("cases", List.of(new Opt("--out", Type.OUT), new Opt("--seed", Type.LONG),
                    new Opt("--count", Type.INT), new Opt("--widths", Type.INT_LIST), new Opt("--batch", Type.INT),
                    new Opt("--activation", Type.STRING), new Opt("--loss", Type.STRING),
                    new Opt("--reduction", Type.STRING), new Opt("--scale", Type.DOUBLE)), List.of("--out"), null),
            new Cmd("judge", List.of(new Opt("--cases", Type.IN), new Opt("--gradients", Type.IN),
                    new Opt("--junit-xml", Type.OUT), new Opt("--json", Type.OUT), new Opt("--replay-dir", Type.DIR)),
                    List.of("--cases", "--gradients"), null),
            new Cmd("replay", List.of(), List.of(), Type.DIR),
            new Cmd("formula", List.of(new Opt("--param", Type.STRING), new Opt("--hidden", Type.STRING_LIST),
                    new Opt("--loss", Type.STRING), new Opt("--reduction", Type.STRING),
                    new Opt("--layout", Type.STRING), new Opt("--seed", Type.LONG), new Opt("--cases", Type.INT)),
                    List.of("--param"), Type.STRING),
            new Cmd("proofs", List.of(new Opt("--seed", Type.LONG)), List.of(), null),
            new Cmd("diagram", List.of(new Opt("--widths", Type.INT_LIST), new Opt("--activations", Type.STRING_LIST),
                    new Opt("--loss", Type.STRING), new Opt("--svg", Type.OUT)), List.of(), null));

    /** Options no command has. */
    static final List<String> UNKNOWN = List.of("--bogus", "-Z", "--SEED", "---seed", "--no-such-option", "--séed",
            "--out\nx", "-\u0000", "--" + "x".repeat(5000));

    /** Values no int or long option takes. */
    static final List<String> NOT_A_NUMBER = List.of("", "abc", "1.5", "99999999999999999999", "1e400", "NaN",
            "-9223372036854775809", "9223372036854775808", "1_000", "١٢x", "0x1G", "\u0000", "2147483648x");

    private HostileArgs() {
    }

    /** Hostile vectors whose paths point into {@code dir}: {@code input} and {@code gradients} exist there. */
    static Gen<Vector> vectors(Path dir, Path input, Path gradients) {
        Pools pools = new Pools(dir, input, gradients);
        return Generate.range(0, COMMANDS.size() - 1)
                .zip(Generate.intArrays(Generate.range(0, 16), Generate.range(0, 1_000)), Generate.range(0, 5),
                        Generate.range(0, 1_000), (c, pairs, fault, detail) -> build(COMMANDS.get(c), pairs, fault,
                                detail, pools));
    }

    private static Vector build(Cmd cmd, int[] pairs, int fault, int detail, Pools pools) {
        List<String> args = new ArrayList<>();
        if (!cmd.name().isEmpty()) {
            args.add(cmd.name());
        }
        if (cmd.positional() != null) {
            args.add(pools.value(cmd.positional(), detail));
        }
        List<Opt> singles = cmd.options().stream().filter(o -> o.type() != Type.INT_LIST
                && o.type() != Type.STRING_LIST).toList();
        List<Opt> numeric = cmd.options().stream().filter(o -> o.type() == Type.INT || o.type() == Type.LONG).toList();
        // faults a command cannot have (no required option, no numeric one) fall back to an unknown option
        int f = fault == 4 && cmd.required().isEmpty() || fault == 2 && numeric.isEmpty()
                || (fault == 1 || fault == 3) && singles.isEmpty() ? 0 : fault;
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (cmd.options().isEmpty()) {
                break;
            }
            Opt o = cmd.options().get(pairs[i] % cmd.options().size());
            if (f == 4 && cmd.required().contains(o.name())) {
                continue;
            }
            args.add(o.name());
            args.add(pools.value(o.type(), pairs[i + 1]));
        }
        String name;
        switch (f) {
            case 1 -> {
                name = "an option without its value";
                args.add(singles.get(detail % singles.size()).name());
            }
            case 2 -> {
                name = "not a number";
                args.add(numeric.get(detail % numeric.size()).name());
                args.add(NOT_A_NUMBER.get(detail % NOT_A_NUMBER.size()));
            }
            case 3 -> {
                name = "an option given twice";
                Opt o = singles.get(detail % singles.size());
                args.add(o.name());
                args.add(pools.value(o.type(), detail));
                args.add(o.name());
                args.add(pools.value(o.type(), detail + 1));
            }
            case 4 -> {
                name = "a required option left out";
                // the pairs above skipped it
            }
            case 5 -> {
                name = "a stray argument";
                args.add("stray-argument");
            }
            default -> {
                name = "an unknown option";
                args.add(UNKNOWN.get(detail % UNKNOWN.size()));
            }
        }
        return new Vector(name, args);
    }

    /** Junk values by type; paths only inside the test's directory. */
    private static final class Pools {
        private final List<String> longs = List.of("0", "1", "-1", "7", "2147483647", "-2147483648",
                "9223372036854775807", "-9223372036854775808", "2147483648", "99999999999999999999", "1e400", "NaN",
                "", "abc", "1.5", "--", "@no-such-file");
        private final List<String> doubles = List.of("1", "0", "-1", "-0", "NaN", "Infinity", "-Infinity", "1e400",
                "1e-400", "4.9e-324", "abc", "");
        private final List<String> strings;
        private final List<String> intLists = List.of("1,2", "3,4,2", "0", "-1,2", "2147483647,2147483647,2147483647",
                "1,,2", ",", "", "a,b", "2147483648", "1000000000000", "5" + ",5".repeat(70), "1000000,1000000",
                "2147483647,1", "1,2147483647");
        private final List<String> stringLists = List.of("tanh,relu", "", "swish", ",", "none", "tanh,".repeat(70),
                "relu", "identity,identity,identity");
        private final List<String> outs;
        private final List<String> ins;
        private final List<String> dirs;

        Pools(Path dir, Path input, Path gradients) {
            strings = List.of("tanh", "relu", "none", "sum", "mean", "numerator", "denominator", "W1", "b2", "W0",
                    "x*r'", "half_squared_error", "softmax_cross_entropy", "", " ", "\n", "a\nb", "--bogus",
                    "ünïcödé", "\u0000", "x".repeat(5000), "@no-such-file", "@" + input, "NaN");
            outs = List.of(dir.resolve("out.json").toString(), input.toString(), gradients.toString(), dir.toString(),
                    dir.resolve("missing/deeper/out.json").toString(), "", dir.resolve("out\nnewline.json").toString(),
                    dir + "/nul\u0000.json");
            ins = List.of(input.toString(), gradients.toString(), dir.toString(), dir.resolve("absent.json").toString(),
                    "", dir + "/nul\u0000.json");
            dirs = List.of(dir.resolve("replays").toString(), dir.toString(), input.toString(), "",
                    dir.resolve("absent").toString(), dir + "/nul\u0000");
        }

        String value(Type type, int i) {
            List<String> pool = switch (type) {
                case LONG, INT -> longs;
                case DOUBLE -> doubles;
                case STRING -> strings;
                case INT_LIST -> intLists;
                case STRING_LIST -> stringLists;
                case OUT -> outs;
                case IN -> ins;
                case DIR -> dirs;
            };
            return pool.get(Math.floorMod(i, pool.size()));
        }
    }
}
