package dev.backprop.verification.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.backprop.reference.planted.ReferenceReachingIntoOptimized;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN.md §2, enforced on the compiled classes.
 *
 * <p>Every test imports with ArchUnit's plain API and first asserts that the packages it governs were actually
 * imported with a non-trivial number of classes: a rule over an empty import passes vacuously, so an empty or
 * mis-pointed import must fail here instead (archunit.properties also sets {@code archRule.failOnEmptyShould}).
 * The real rules see main classes only ({@link ImportOption.DoNotIncludeTests}); the planted violation in the
 * test tree ({@link ReferenceReachingIntoOptimized}) is imported only by the test that shows a rule bites.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.backprop";
    private static final String SPEC = "dev.backprop.spec..";
    private static final String REFERENCE = "dev.backprop.reference..";
    private static final String OPTIMIZED = "dev.backprop.optimized..";
    private static final String OPTIMIZED_INTERNAL = "dev.backprop.optimized.internal..";
    private static final String ANY_INTERNAL = "..internal..";
    private static final String EJML = "org.ejml..";
    private static final String JDK = "java..";

    // ---- dependencies between modules ---------------------------------------------------------------------

    static final ArchRule SPEC_DEPENDS_ONLY_ON_THE_JDK = classes().that().resideInAPackage(SPEC)
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, SPEC)
            .because("spec is the contract every implementation is checked against; it depends on the JDK only "
                    + "(DESIGN.md §2)");

    static final ArchRule REFERENCE_DEPENDS_ONLY_ON_SPEC = classes().that().resideInAPackage(REFERENCE)
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, SPEC, REFERENCE)
            .because("the reference is naive δ-sums on the JDK and spec alone, so it shares no arithmetic with any "
                    + "library it is checked against (DESIGN.md §2)");

    static final ArchRule OPTIMIZED_DEPENDS_ONLY_ON_SPEC_AND_EJML = classes().that().resideInAPackage(OPTIMIZED)
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, SPEC, OPTIMIZED, EJML)
            .because("the optimized implementation is spec plus EJML and nothing else (DESIGN.md §2)");

    static final ArchRule REFERENCE_MUST_NOT_DEPEND_ON_OPTIMIZED = noClasses().that().resideInAPackage(REFERENCE)
            .should().dependOnClassesThat().resideInAPackage(OPTIMIZED)
            .because("reference and optimized are independent derivations; a disagreement between them only means "
                    + "something if neither sees the other (DESIGN.md §2)");

    static final ArchRule OPTIMIZED_MUST_NOT_DEPEND_ON_REFERENCE = noClasses().that().resideInAPackage(OPTIMIZED)
            .should().dependOnClassesThat().resideInAPackage(REFERENCE)
            .because("reference and optimized are independent derivations; a disagreement between them only means "
                    + "something if neither sees the other (DESIGN.md §2)");

    // ---- only the verified API is exposed -----------------------------------------------------------------
    //
    // Java has no "module-private" visibility between packages without JPMS: a helper in
    // dev.backprop.optimized.internal that dev.backprop.optimized uses must be a public type. So "internal types
    // are not public API" is enforced by these two rules instead of by the compiler: no class outside the owning
    // module may depend on an ..internal.. type, and no public or protected member of a public, non-internal class
    // may mention an internal type in its signature (return type, parameter, throws clause, field type), so that
    // no caller can be handed one or be asked for one.

    static final ArchRule OPTIMIZED_INTERNALS_USED_ONLY_BY_OPTIMIZED = noClasses()
            .that().resideOutsideOfPackage(OPTIMIZED)
            .should().dependOnClassesThat().resideInAPackage(OPTIMIZED_INTERNAL)
            .because("dev.backprop.optimized.internal holds implementation helpers, not API; they are public only "
                    + "because Java needs that for a sibling package (DESIGN.md §2)");

    static final ArchRule INTERNALS_USED_ONLY_WITHIN_THEIR_MODULE = classes().that().resideInAPackage(ANY_INTERNAL)
            .should(onlyBeDependedOnFromTheirOwnModule())
            .because("an ..internal.. package belongs to the module dev.backprop.<module> it sits in and is not API "
                    + "for any other (DESIGN.md §2)");

    static final ArchRule NO_API_MEMBER_EXPOSES_AN_INTERNAL_TYPE = members()
            .that(areApiMembersOfApiClasses())
            .should(notExposeInternalTypes())
            .because("internal types are public only for Java's sake; a published signature that takes or returns "
                    + "one would make it API (DESIGN.md §2)");

    // ---- public classes are final unless designed for extension -------------------------------------------

    static final ArchRule PUBLIC_CLASSES_ARE_FINAL_OR_ABSTRACT = classes()
            .that().resideInAPackage(ROOT + "..")
            .and().arePublic()
            .and().areTopLevelClasses()
            .and().areNotInterfaces()
            .and().areNotEnums()
            .and().areNotRecords()
            .should().haveModifier(JavaModifier.FINAL)
            .orShould().haveModifier(JavaModifier.ABSTRACT)
            .because("a public class is either closed (final) or designed for extension (abstract); an "
                    + "accidentally open class lets a subclass change what was verified (DESIGN.md §2)");

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages(ROOT);
    }

    @Test
    void specDependsOnlyOnTheJdk() {
        assertAtLeast(main, SPEC, 10);
        SPEC_DEPENDS_ONLY_ON_THE_JDK.check(main);
    }

    @Test
    void referenceDependsOnlyOnSpec() {
        assertAtLeast(main, REFERENCE, 3);
        REFERENCE_DEPENDS_ONLY_ON_SPEC.check(main);
    }

    @Test
    void optimizedDependsOnlyOnSpecAndEjml() {
        assertAtLeast(main, OPTIMIZED, 3);
        OPTIMIZED_DEPENDS_ONLY_ON_SPEC_AND_EJML.check(main);
    }

    @Test
    void referenceAndOptimizedNeverSeeEachOther() {
        assertAtLeast(main, REFERENCE, 3);
        assertAtLeast(main, OPTIMIZED, 3);
        REFERENCE_MUST_NOT_DEPEND_ON_OPTIMIZED.check(main);
        OPTIMIZED_MUST_NOT_DEPEND_ON_REFERENCE.check(main);
    }

    @Test
    void internalTypesAreUsedOnlyWithinTheirModule() {
        assertAtLeast(main, OPTIMIZED_INTERNAL, 3);
        // the classes the rule forbids to reach in: spec, reference and verification main classes
        int outside = main.that(DescribedPredicate.not(resideInAPackage(OPTIMIZED))).size();
        assertTrue(outside >= 20, "only " + outside + " classes outside the optimized module were imported");
        OPTIMIZED_INTERNALS_USED_ONLY_BY_OPTIMIZED.check(main);
        INTERNALS_USED_ONLY_WITHIN_THEIR_MODULE.check(main);
    }

    @Test
    void noPublishedSignatureExposesAnInternalType() {
        assertAtLeast(main, OPTIMIZED_INTERNAL, 3);
        long apiMembers = main.stream().flatMap(c -> c.getMembers().stream())
                .filter(areApiMembersOfApiClasses()).count();
        assertTrue(apiMembers >= 50, "only " + apiMembers + " published members were examined");
        NO_API_MEMBER_EXPOSES_AN_INTERNAL_TYPE.check(main);
    }

    @Test
    void publicClassesAreFinalUnlessAbstract() {
        assertAtLeast(main, ROOT + "..", 40);
        long governed = main.stream()
                .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC) && c.isTopLevelClass()
                        && !c.isInterface() && !c.isEnum() && !c.isRecord())
                .count();
        assertTrue(governed >= 10, "only " + governed + " public top-level classes were examined");
        PUBLIC_CLASSES_ARE_FINAL_OR_ABSTRACT.check(main);
    }

    /**
     * The rule bites: the same rule field that passes on the real code reports the planted
     * {@link ReferenceReachingIntoOptimized}, a test-tree class under {@code dev.backprop.reference} that
     * constructs {@code OptimizedBackprop}.
     */
    @Test
    void referenceMustNotDependOnOptimizedBites() {
        String planted = ReferenceReachingIntoOptimized.class.getName();
        JavaClasses withPlant = new ClassFileImporter()
                .withImportOption(location -> new ImportOption.DoNotIncludeTests().includes(location)
                        || location.contains("dev/backprop/reference/planted/"))
                .importPackages("dev.backprop.reference", "dev.backprop.optimized");
        assertTrue(withPlant.contain(planted), "the planted class was not imported");
        assertAtLeast(withPlant, REFERENCE, 4);
        assertAtLeast(withPlant, OPTIMIZED, 3);

        EvaluationResult result = REFERENCE_MUST_NOT_DEPEND_ON_OPTIMIZED.evaluate(withPlant);

        assertTrue(result.hasViolation(), "the rule did not report the planted dependency");
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertTrue(report.contains(planted), "the report does not name the planted class:\n" + report);
        // every violation is the plant's: the real reference classes stay clean
        for (String line : result.getFailureReport().getDetails()) {
            assertTrue(line.contains(planted), "a violation not caused by the plant: " + line);
        }
        // and the real import never sees the plant
        assertFalse(main.contain(planted), "the main-class import picked up the test-tree plant");
    }

    /**
     * Every public method of the published API of reference and optimized (public classes outside
     * ..internal..) is called from at least one test class (DESIGN.md §2). A method counts as called when a test
     * class calls it or takes a method reference to it, or when a test class calls the spec contract method it
     * implements (same name and parameter types, on an interface the class implements) and that same test class
     * references the implementing class (e.g. constructs it). Nested and anonymous classes count as part of
     * their top-level test class.
     */
    @Test
    void everyPublishedMethodIsCalledFromATest() {
        JavaClasses all = new ClassFileImporter().importPackages(ROOT);
        long testClasses = all.stream().filter(ArchitectureTest::isTestClass).count();
        assertTrue(testClasses >= 3, "only " + testClasses + " test classes were imported");

        Map<String, Set<String>> referencedByUnit = new TreeMap<>();
        all.stream().filter(ArchitectureTest::isTestClass).forEach(t -> {
            Set<String> targets = referencedByUnit.computeIfAbsent(unitOf(t), k -> new LinkedHashSet<>());
            for (Dependency d : t.getDirectDependenciesFromSelf()) {
                targets.add(d.getTargetClass().getBaseComponentType().getName());
            }
        });

        List<JavaClass> api = all.stream()
                .filter(c -> !isTestClass(c))
                .filter(c -> resideInAPackage(REFERENCE).test(c) || resideInAPackage(OPTIMIZED).test(c))
                .filter(c -> !resideInAPackage(ANY_INTERNAL).test(c))
                .filter(ArchitectureTest::isExported)
                .collect(Collectors.toList());
        assertTrue(api.size() >= 4, "only " + api.size() + " published classes were found: " + api);

        int examined = 0;
        List<String> uncalled = new ArrayList<>();
        for (JavaClass c : api) {
            for (JavaMethod m : c.getMethods()) {
                if (!m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.SYNTHETIC)
                        || m.getModifiers().contains(JavaModifier.BRIDGE) || isObjectMethod(m)) {
                    continue;
                }
                examined++;
                if (!calledFromATest(c, m, referencedByUnit)) {
                    uncalled.add(m.getFullName());
                }
            }
        }
        assertTrue(examined >= 15, "only " + examined + " published methods were examined");
        assertTrue(uncalled.isEmpty(), uncalled.size() + " of " + examined
                + " published methods are called from no verification test:\n  " + String.join("\n  ", uncalled));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static void assertAtLeast(JavaClasses classes, String packageIdentifier, int minimum) {
        int n = classes.that(resideInAPackage(packageIdentifier)).size();
        assertTrue(n >= minimum, "imported only " + n + " classes in " + packageIdentifier + " (want at least "
                + minimum + "): an import that finds nothing would let every rule pass vacuously");
    }

    /** A class compiled from the test tree: its class file sits under target/test-classes. */
    private static boolean isTestClass(JavaClass c) {
        return c.getSource().map(s -> s.getUri().toString().contains("test-classes")).orElse(false);
    }

    /** The top-level class a (possibly nested or anonymous) class belongs to. */
    private static String unitOf(JavaClass c) {
        String name = c.getName();
        int dollar = name.indexOf('$');
        return dollar < 0 ? name : name.substring(0, dollar);
    }

    /** Public, and every enclosing class public too. */
    private static boolean isExported(JavaClass c) {
        if (!c.getModifiers().contains(JavaModifier.PUBLIC)) {
            return false;
        }
        Optional<JavaClass> enclosing = c.getEnclosingClass();
        return enclosing.isEmpty() || isExported(enclosing.get());
    }

    private static boolean isObjectMethod(JavaMethod m) {
        for (Method o : Object.class.getDeclaredMethods()) {
            if (o.getName().equals(m.getName())
                    && Arrays.stream(o.getParameterTypes()).map(Class::getName).collect(Collectors.toList())
                            .equals(parameterNames(m))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> parameterNames(JavaMethod m) {
        return m.getRawParameterTypes().stream().map(JavaClass::getName).collect(Collectors.toList());
    }

    private static boolean calledFromATest(JavaClass owner, JavaMethod m, Map<String, Set<String>> referencedByUnit) {
        boolean direct = m.getCallsOfSelf().stream().anyMatch(call -> isTestClass(call.getOriginOwner()))
                || m.getReferencesToSelf().stream().anyMatch(ref -> isTestClass(ref.getOriginOwner()));
        if (direct) {
            return true;
        }
        String[] parameters = parameterNames(m).toArray(new String[0]);
        for (JavaClass contract : owner.getAllRawInterfaces()) {
            Optional<JavaMethod> declared = contract.tryGetMethod(m.getName(), parameters);
            if (declared.isEmpty()) {
                continue;
            }
            boolean viaContract = declared.get().getCallsOfSelf().stream()
                    .map(call -> call.getOriginOwner())
                    .filter(ArchitectureTest::isTestClass)
                    .anyMatch(t -> referencedByUnit.getOrDefault(unitOf(t), Set.of()).contains(owner.getName()));
            if (viaContract) {
                return true;
            }
        }
        return false;
    }

    private static boolean isInternal(JavaClass c) {
        return resideInAPackage(ANY_INTERNAL).test(c.getBaseComponentType());
    }

    /** dev.backprop.&lt;module&gt;: the first three segments of the package, one per Maven module. */
    private static String moduleOf(JavaClass c) {
        String[] parts = c.getPackageName().split("\\.");
        return String.join(".", Arrays.asList(parts).subList(0, Math.min(3, parts.length)));
    }

    private static ArchCondition<JavaClass> onlyBeDependedOnFromTheirOwnModule() {
        return new ArchCondition<>("only be depended on from their own module dev.backprop.<module>..") {
            @Override
            public void check(JavaClass internal, ConditionEvents events) {
                String module = moduleOf(internal);
                for (Dependency d : internal.getDirectDependenciesToSelf()) {
                    if (!moduleOf(d.getOriginClass()).equals(module)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }

    private static DescribedPredicate<JavaMember> areApiMembersOfApiClasses() {
        return DescribedPredicate.describe("public or protected members of exported classes outside ..internal..",
                m -> (m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.PROTECTED))
                        && !m.getModifiers().contains(JavaModifier.SYNTHETIC)
                        && isExported(m.getOwner()) && !isInternal(m.getOwner()));
    }

    private static ArchCondition<JavaMember> notExposeInternalTypes() {
        return new ArchCondition<>("not mention an ..internal.. type in their signature") {
            @Override
            public void check(JavaMember member, ConditionEvents events) {
                Set<JavaClass> mentioned = new LinkedHashSet<>();
                if (member instanceof JavaField) {
                    mentioned.addAll(((JavaField) member).getType().getAllInvolvedRawTypes());
                }
                if (member instanceof JavaCodeUnit) {
                    JavaCodeUnit unit = (JavaCodeUnit) member;
                    mentioned.addAll(unit.getReturnType().getAllInvolvedRawTypes());
                    for (JavaType p : unit.getParameterTypes()) {
                        mentioned.addAll(p.getAllInvolvedRawTypes());
                    }
                    mentioned.addAll(unit.getThrowsClause().getTypes());
                }
                for (JavaClass t : mentioned) {
                    if (isInternal(t)) {
                        events.add(SimpleConditionEvent.violated(member, member.getFullName() + " exposes internal type "
                                + t.getName() + " " + member.getSourceCodeLocation()));
                    }
                }
            }
        };
    }
}
