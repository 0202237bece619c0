package dev.backprop.verification.spec;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.backprop.spec.Activation;
import dev.backprop.spec.AugmentedGradient;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import dev.backprop.spec.Tensor3;
import dev.backprop.spec.Vector;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Why the checks do not snapshot an implementation's input and compare it after every call, as the netlib testers
 * do: in Java the input cannot be modified. Every value an implementation is handed — {@link Vector}, {@link Matrix},
 * {@link Tensor3}, {@link DeepNetwork}, {@link Batch}, {@link ShallowNetwork}, {@link Objective} — and every result
 * type is immutable (reflection aside): proved here for every class of the spec package, so that a class added later
 * is held to it too, structurally (every instance field private and final, of an immutable type or an array or list
 * the class copies) and by trying (every array and list a public method hands out is a copy or unmodifiable:
 * filling it with NaN or clearing it leaves the value as it was). A snapshot comparison after each call could not
 * fail, so the suite has none; the mutable buffers it does hand over ({@code gradientInto}'s {@code into}) are
 * outputs, filled with NaN ({@code IntoBuffers}), and the files the judge reads are compared byte for byte after each
 * command ({@code JudgeDeterminismTest}).
 */
class SpecImmutabilityTest {
    /** One instance of every value class of the spec package, each with some of every kind of content. */
    private static Map<Class<?>, Object> samples() {
        Matrix w1 = Matrix.of(3, 2, 0.5, -1.0, 0.25, 2.0, -0.75, 1.5);
        Matrix w2 = Matrix.of(1, 3, 1.0, -2.0, 0.5);
        Vector b1 = Vector.of(0.1, -0.2, 0.3);
        Vector b2 = Vector.of(-0.4);
        DeepNetwork deep = new DeepNetwork(List.of(w1, w2), List.of(b1, b2), List.of(Activation.TANH));
        Map<Class<?>, Object> out = new LinkedHashMap<>();
        out.put(Vector.class, b1);
        out.put(Matrix.class, w1);
        out.put(Tensor3.class, Tensor3.fromFunction(2, 3, 2, (i, j, k) -> i + 0.5 * j - 0.25 * k));
        out.put(DeepNetwork.class, deep);
        out.put(ShallowNetwork.class, new ShallowNetwork(w1, b1, w2, b2, Activation.RELU));
        out.put(Batch.class, new Batch(Matrix.of(2, 2, 1.0, 2.0, 3.0, 4.0), Matrix.of(1, 2, 0.5, -0.5)));
        out.put(DeepGradient.class, new DeepGradient(Layout.DENOMINATOR, List.of(w1, w2),
                List.of(b1.asColumn(), b2.asColumn())));
        out.put(ShallowGradient.class, new ShallowGradient(Layout.DENOMINATOR, w1, b1.asColumn(), w2, b2.asColumn()));
        out.put(AugmentedGradient.class, new AugmentedGradient(Layout.DENOMINATOR, w1.appendColumn(b1),
                w2.appendColumn(b2)));
        out.put(Objective.class, new Objective(Loss.MEAN_SQUARED_ERROR, Reduction.MEAN));
        out.put(DeepParameter.class, DeepParameter.bias(2));
        return out;
    }

    /** The spec package's classes that hold values: not interfaces, enums, exceptions or static utilities. */
    private static Set<String> valueClasses() {
        Set<String> out = new TreeSet<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.backprop.spec")) {
            Class<?> k = c.reflect();
            boolean holdsValues = java.util.Arrays.stream(k.getDeclaredFields())
                    .anyMatch(f -> !Modifier.isStatic(f.getModifiers()));
            if (Modifier.isPublic(k.getModifiers()) && !k.isInterface() && !k.isEnum()
                    && !Throwable.class.isAssignableFrom(k) && !k.isMemberClass() && holdsValues) {
                out.add(k.getName());
            }
        }
        return out;
    }

    @Test
    void everyValueClassOfTheSpecIsSampledHere() {
        Set<String> sampled = new TreeSet<>();
        samples().keySet().forEach(k -> sampled.add(k.getName()));
        // a value class added to the spec must be added to samples(), or nothing below would try it
        assertEquals(valueClasses(), sampled);
    }

    @Test
    void everyInstanceFieldIsPrivateFinalAndImmutableOrCopied() {
        List<String> wrong = new ArrayList<>();
        for (Class<?> k : samples().keySet()) {
            for (Field f : k.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m)) {
                    continue;
                }
                Class<?> t = f.getType();
                boolean immutableType = t.isPrimitive() || t == String.class || t.isEnum()
                        || samples().containsKey(t) || t == DeepParameter.class;
                // arrays, lists and maps are allowed because the class copies them in and out: tried below
                boolean copied = t == double[].class || t == List.class || t == Map.class;
                if (!Modifier.isPrivate(m) || !Modifier.isFinal(m) || !(immutableType || copied)) {
                    wrong.add(k.getSimpleName() + "." + f.getName() + " (" + Modifier.toString(m) + " "
                            + t.getSimpleName() + ")");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void whatAPublicMethodHandsOutCannotChangeTheValue() throws Exception {
        List<Executable> checks = new ArrayList<>();
        int tried = 0;
        for (Map.Entry<Class<?>, Object> e : samples().entrySet()) {
            Object value = e.getValue();
            String before = value.toString();
            for (Method m : e.getKey().getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0) {
                    continue;
                }
                Class<?> r = m.getReturnType();
                if (r.isArray() && r.getComponentType() == double.class) {
                    double[] first = (double[]) m.invoke(value);
                    double[] second = (double[]) m.invoke(value);
                    assertNotSame(first, second, m.toString());
                    java.util.Arrays.fill(first, Double.NaN);
                    tried++;
                } else if (Collection.class.isAssignableFrom(r)) {
                    try {
                        ((Collection<?>) m.invoke(value)).clear();
                    } catch (UnsupportedOperationException unmodifiable) {
                        // unmodifiable: as good as a copy
                    }
                    tried++;
                } else if (Map.class.isAssignableFrom(r)) {
                    try {
                        ((Map<?, ?>) m.invoke(value)).clear();
                    } catch (UnsupportedOperationException unmodifiable) {
                        // unmodifiable: as good as a copy
                    }
                    tried++;
                } else if (r.isArray()) {
                    checks.add(() -> { throw new AssertionError(m + " hands out an array this test cannot try"); });
                }
            }
            checks.add(() -> assertEquals(before, value.toString(), e.getKey().getSimpleName()));
        }
        // toArray of Vector and Matrix, parameters() of DeepNetwork and DeepGradient at least
        assertTrue(tried >= 4, "tried " + tried);
        assertAll(checks.stream().map(x -> (org.junit.jupiter.api.function.Executable) x::execute));
    }

    @Test
    void factoriesDoNotKeepWhatTheyAreGivenNorCallItLater() {
        double[] source = {1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0};
        Tensor3 t = Tensor3.fromFunction(2, 2, 2, (i, j, k) -> source[4 * i + 2 * j + k]);
        Matrix m = Matrix.fromFunction(2, 2, (i, j) -> source[2 * i + j]);
        Vector v = Vector.fromFunction(3, i -> source[i]);
        String before = t + " " + m + " " + v;
        java.util.Arrays.fill(source, Double.NaN);
        assertEquals(before, t + " " + m + " " + v, "the entry functions were read once, at construction");
    }

    /** An {@link Executable} that may throw, for {@code assertAll}. */
    @FunctionalInterface
    private interface Executable {
        void execute() throws Throwable;
    }
}
