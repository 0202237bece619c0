package dev.backprop.verification.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.backprop.optimized.planted.PublicHelper;
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
 * The real rules see main classes only ({@link ImportOption.DoNotIncludeTests}); the planted violations in the
 * test tree ({@link ReferenceReachingIntoOptimized}, {@link PublicHelper}) are imported only by the tests that
 * show a rule bites.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.backprop";
    private static final String SPEC = "dev.backprop.spec..";
    private static final String REFERENCE = "dev.backprop.reference..";
    private static final String OPTIMIZED = "dev.backprop.optimized..";
    private static final String EJML = "org.ejml..";
    private static final String VERIFICATION = "dev.backprop.verification..";
    /** OpenBLAS through its JavaCPP presets: the native backend of optimized's large products (issue 7). */
    private static final String OPENBLAS = "org.bytedeco.openblas..";
    private static final String JAVACPP = "org.bytedeco.javacpp..";
    /** Everything native: the presets, JavaCPP, and any other preset that might be added. */
    private static final String BYTEDECO = "org.bytedeco..";
    /** The classes of optimized that may use {@link #BYTEDECO}, each with its nested classes. */
    private static final List<String> NATIVE_CLASSES = List.of("dev.backprop.optimized.NativeBlas",
            "dev.backprop.optimized.NativeWorkspace", "dev.backprop.optimized.NativeDeepPass");
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

    static final ArchRule OPTIMIZED_DEPENDS_ONLY_ON_SPEC_EJML_AND_OPENBLAS = classes()
            .that().resideInAPackage(OPTIMIZED)
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, SPEC, OPTIMIZED, EJML, OPENBLAS, JAVACPP)
            .because("the optimized implementation is spec plus EJML, with OpenBLAS for its large products, and "
                    + "nothing else (DESIGN.md §2)");

    static final ArchRule ONLY_THE_NATIVE_CLASSES_USE_ORG_BYTEDECO = noClasses().that().resideInAPackage(OPTIMIZED)
            .and(areNotNativeClasses())
            .should().dependOnClassesThat().resideInAPackage(BYTEDECO)
            .because("native code is confined to " + NATIVE_CLASSES + ", so that everything else in optimized runs "
                    + "the same where OpenBLAS cannot load, and the EJML fallback needs nothing native");

    static final ArchRule NOTHING_BUT_OPTIMIZED_USES_ORG_BYTEDECO = noClasses()
            .that().resideInAnyPackage(SPEC, REFERENCE, VERIFICATION)
            .should().dependOnClassesThat().resideInAPackage(BYTEDECO)
            .because("OpenBLAS is a backend of the optimized implementation only: the contract, the reference and "
                    + "the suite that judges both share no native code with it (DESIGN.md §2)");

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
    // Java has no "module-private" visibility between packages without JPMS: a helper in a sibling package such
    // as dev.backprop.optimized.internal that dev.backprop.optimized uses would have to be a public type, i.e.
    // API in all but name. So the helpers of reference and optimized live in the API package itself as
    // package-private classes, and the compiler keeps every other module out. What the compiler cannot see is a
    // helper made public by mistake, or a published signature that hands out a non-public type; these two rules
    // catch that: the public types of reference and optimized are exactly the published allow-list, and no
    // public or protected member of them mentions a non-public type of the project in its signature (return
    // type, parameter, throws clause, field type), so that no caller can be handed one or be asked for one.

    /**
     * The published API of the reference and optimized modules: every type there that is visible outside its
     * package. Extending it is a decision, made here, in README.md and in DESIGN.md §2 together.
     */
    static final List<String> PUBLISHED_API = List.of(
            "dev.backprop.reference.ReferenceAlgebra",
            "dev.backprop.reference.ReferenceJacobians",
            "dev.backprop.reference.ReferenceBackprop",
            "dev.backprop.reference.ReferenceDeepBackprop",
            "dev.backprop.optimized.OptimizedAlgebra",
            "dev.backprop.optimized.OptimizedBackprop",
            "dev.backprop.optimized.OptimizedDeepBackprop");

    static final ArchRule ONLY_THE_PUBLISHED_API_IS_PUBLIC = classes()
            .that().resideInAnyPackage(REFERENCE, OPTIMIZED)
            .and(areVisibleOutsideTheirPackage())
            .should(beInThePublishedApi())
            .because("the public API of reference and optimized is the verified classes alone; their helpers are "
                    + "package-private in the API package, because without JPMS Java has no module-private "
                    + "package and a helper in a sibling package would have to be public (DESIGN.md §2)");

    static final ArchRule NO_API_MEMBER_EXPOSES_A_NON_PUBLIC_TYPE = members()
            .that(areApiMembersOfApiClasses())
            .should(notExposeNonPublicProjectTypes())
            .because("helpers are package-private so that they are not API; a published signature that takes, "
                    + "returns or throws one would make it API, and a caller outside the package could not even "
                    + "name it (DESIGN.md §2)");

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
    void optimizedDependsOnlyOnSpecEjmlAndOpenBlas() {
        assertAtLeast(main, OPTIMIZED, 3);
        OPTIMIZED_DEPENDS_ONLY_ON_SPEC_EJML_AND_OPENBLAS.check(main);
    }

    @Test
    void onlyTheNativeClassesUseOrgBytedeco() {
        assertAtLeast(main, OPTIMIZED, 10);
        // the rule has something to confine: the native classes are imported, and the two that call OpenBLAS and
        // allocate native memory do use org.bytedeco (NativeDeepPass only hands their pointers on)
        for (String name : NATIVE_CLASSES) {
            assertTrue(main.contain(name), name + " is not among the main classes");
        }
        assertTrue(usesOrgBytedeco(main.get("dev.backprop.optimized.NativeBlas")), "NativeBlas: no org.bytedeco");
        assertTrue(usesOrgBytedeco(main.get("dev.backprop.optimized.NativeWorkspace")),
                "NativeWorkspace: no org.bytedeco");
        ONLY_THE_NATIVE_CLASSES_USE_ORG_BYTEDECO.check(main);
    }

    @Test
    void nothingButOptimizedUsesOrgBytedeco() {
        assertAtLeast(main, SPEC, 10);
        assertAtLeast(main, REFERENCE, 3);
        assertAtLeast(main, VERIFICATION, 40);
        NOTHING_BUT_OPTIMIZED_USES_ORG_BYTEDECO.check(main);
    }

    /**
     * The rule bites: the same rule field that passes on the real code reports the planted
     * {@code PointerOutsideNative}, a test-tree class under {@code dev.backprop.optimized} that allocates JavaCPP
     * native memory, and nothing else.
     */
    @Test
    void onlyTheNativeClassesUseOrgBytedecoBites() {
        String planted = "dev.backprop.optimized.planted.PointerOutsideNative";
        JavaClasses withPlant = new ClassFileImporter()
                .withImportOption(location -> new ImportOption.DoNotIncludeTests().includes(location)
                        || location.contains("dev/backprop/optimized/planted/"))
                .importPackages("dev.backprop.optimized");
        assertTrue(withPlant.contain(planted), "the planted class was not imported");
        assertAtLeast(withPlant, OPTIMIZED, 11);

        EvaluationResult result = ONLY_THE_NATIVE_CLASSES_USE_ORG_BYTEDECO.evaluate(withPlant);

        assertTrue(result.hasViolation(), "the rule did not report the planted use of org.bytedeco");
        List<String> details = result.getFailureReport().getDetails();
        assertTrue(String.join("\n", details).contains(planted),
                "the report does not name the plant:\n" + details);
        for (String line : details) {
            assertTrue(line.contains(planted), "a violation not caused by the plant: " + line);
        }
        assertFalse(main.contain(planted), "the main-class import picked up the test-tree plant");
    }

    @Test
    void referenceAndOptimizedNeverSeeEachOther() {
        assertAtLeast(main, REFERENCE, 3);
        assertAtLeast(main, OPTIMIZED, 3);
        REFERENCE_MUST_NOT_DEPEND_ON_OPTIMIZED.check(main);
        OPTIMIZED_MUST_NOT_DEPEND_ON_REFERENCE.check(main);
    }

    @Test
    void onlyThePublishedApiIsPublic() {
        assertAtLeast(main, REFERENCE, 4);
        assertAtLeast(main, OPTIMIZED, 5);
        long governed = main.stream()
                .filter(c -> resideInAPackage(REFERENCE).test(c) || resideInAPackage(OPTIMIZED).test(c))
                .filter(ArchitectureTest::isVisibleOutsideItsPackage)
                .count();
        assertTrue(governed >= PUBLISHED_API.size(), "only " + governed + " public types were examined");
        ONLY_THE_PUBLISHED_API_IS_PUBLIC.check(main);
    }

    /**
     * The allow-list cannot go stale silently: each name on it is a class of the main import, top-level and
     * public, in reference or optimized. A renamed, moved or demoted API class fails here rather than leaving a
     * name on the list that the rule can never match.
     */
    @Test
    void everyAllowListedClassExistsAndIsPublic() {
        assertEquals(PUBLISHED_API.size(), new LinkedHashSet<>(PUBLISHED_API).size(),
                "the allow-list names a class twice: " + PUBLISHED_API);
        for (String name : PUBLISHED_API) {
            assertTrue(main.contain(name), "allow-listed class " + name + " is not among the main classes");
            JavaClass c = main.get(name);
            assertTrue(c.isTopLevelClass(), name + " is not a top-level class");
            assertTrue(c.getModifiers().contains(JavaModifier.PUBLIC), name + " is not public");
            assertTrue(resideInAPackage(REFERENCE).test(c) || resideInAPackage(OPTIMIZED).test(c),
                    name + " is not in the reference or optimized module");
        }
    }

    @Test
    void noPublishedSignatureExposesANonPublicType() {
        assertAtLeast(main, REFERENCE, 4);
        assertAtLeast(main, OPTIMIZED, 5);
        long apiMembers = main.stream().flatMap(c -> c.getMembers().stream())
                .filter(areApiMembersOfApiClasses()).count();
        assertTrue(apiMembers >= 25, "only " + apiMembers + " published members were examined");
        // the rule has something to find: the helpers it guards against exist and are not public
        long hidden = main.stream()
                .filter(c -> resideInAPackage(OPTIMIZED).test(c) || resideInAPackage(REFERENCE).test(c))
                .filter(c -> c.isTopLevelClass() && !isVisibleOutsideItsPackage(c))
                .count();
        assertTrue(hidden >= 3, "only " + hidden + " package-private helper classes were imported");
        NO_API_MEMBER_EXPOSES_A_NON_PUBLIC_TYPE.check(main);
    }

    /**
     * The allow-list rule bites: the same rule field that passes on the real code reports the planted
     * {@link PublicHelper}, a public test-tree class under {@code dev.backprop.optimized}, as a public type
     * outside the published API.
     */
    @Test
    void onlyThePublishedApiIsPublicBites() {
        String planted = PublicHelper.class.getName();
        JavaClasses withPlant = new ClassFileImporter()
                .withImportOption(location -> new ImportOption.DoNotIncludeTests().includes(location)
                        || location.contains("dev/backprop/optimized/planted/"))
                .importPackages("dev.backprop.reference", "dev.backprop.optimized");
        assertTrue(withPlant.contain(planted), "the planted class was not imported");
        assertAtLeast(withPlant, REFERENCE, 4);
        assertAtLeast(withPlant, OPTIMIZED, 6);

        EvaluationResult result = ONLY_THE_PUBLISHED_API_IS_PUBLIC.evaluate(withPlant);

        assertTrue(result.hasViolation(), "the rule did not report the planted public helper");
        List<String> details = result.getFailureReport().getDetails();
        String report = String.join("\n", details);
        assertTrue(report.contains(planted), "the report does not name the planted class:\n" + report);
        // every violation is the plant's: the real classes stay clean
        for (String line : details) {
            assertTrue(line.contains(planted), "a violation not caused by the plant: " + line);
        }
        // and the real import never sees the plant
        assertFalse(main.contain(planted), "the main-class import picked up the test-tree plant");
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
     * Every public method of the published API of reference and optimized (their public classes, which
     * {@link #ONLY_THE_PUBLISHED_API_IS_PUBLIC} holds to {@link #PUBLISHED_API}) is called from at least one
     * test class (DESIGN.md §2). A method counts as called when a test class calls it or takes a method
     * reference to it, or when a test class calls the spec contract method it implements (same name and
     * parameter types, on an interface the class implements) and that same test class references the
     * implementing class (e.g. constructs it). Nested and anonymous classes count as part of their top-level
     * test class.
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

    /** Not one of {@link #NATIVE_CLASSES} nor nested in one (NativeBlas's holder class loads the library). */
    private static DescribedPredicate<JavaClass> areNotNativeClasses() {
        return DescribedPredicate.describe("are not " + NATIVE_CLASSES + " or nested in them",
                c -> !NATIVE_CLASSES.contains(unitOf(c)));
    }

    private static boolean usesOrgBytedeco(JavaClass c) {
        return c.getDirectDependenciesFromSelf().stream()
                .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("org.bytedeco."));
    }

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

    /**
     * Public or protected, and so is every enclosing class: a type code outside its package can name. (A
     * top-level class cannot be protected; a protected nested class is reachable from subclasses.)
     */
    private static boolean isVisibleOutsideItsPackage(JavaClass c) {
        Set<JavaModifier> modifiers = c.getModifiers();
        if (!modifiers.contains(JavaModifier.PUBLIC) && !modifiers.contains(JavaModifier.PROTECTED)) {
            return false;
        }
        Optional<JavaClass> enclosing = c.getEnclosingClass();
        return enclosing.isEmpty() || isVisibleOutsideItsPackage(enclosing.get());
    }

    private static DescribedPredicate<JavaClass> areVisibleOutsideTheirPackage() {
        return DescribedPredicate.describe("are public or protected (and so is every enclosing class)",
                ArchitectureTest::isVisibleOutsideItsPackage);
    }

    /** A type of this project (dev.backprop..) that code outside its package cannot name. */
    private static boolean isNonPublicProjectType(JavaClass c) {
        JavaClass base = c.getBaseComponentType();
        return resideInAPackage(ROOT + "..").test(base) && !isVisibleOutsideItsPackage(base);
    }

    private static ArchCondition<JavaClass> beInThePublishedApi() {
        return new ArchCondition<>("be one of the published API classes " + PUBLISHED_API) {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                boolean listed = PUBLISHED_API.contains(c.getName());
                String message = c.getName() + (listed ? " is" : " is public but not") + " in the published API "
                        + PUBLISHED_API + "; make it package-private, or publish it deliberately "
                        + c.getSourceCodeLocation();
                events.add(new SimpleConditionEvent(c, listed, message));
            }
        };
    }

    private static DescribedPredicate<JavaMember> areApiMembersOfApiClasses() {
        return DescribedPredicate.describe("public or protected members of the public classes of reference and "
                        + "optimized",
                m -> (m.getModifiers().contains(JavaModifier.PUBLIC)
                                || m.getModifiers().contains(JavaModifier.PROTECTED))
                        && !m.getModifiers().contains(JavaModifier.SYNTHETIC)
                        && isVisibleOutsideItsPackage(m.getOwner())
                        && (resideInAPackage(REFERENCE).test(m.getOwner())
                                || resideInAPackage(OPTIMIZED).test(m.getOwner())));
    }

    private static ArchCondition<JavaMember> notExposeNonPublicProjectTypes() {
        return new ArchCondition<>("not mention a non-public dev.backprop type in their signature") {
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
                    if (isNonPublicProjectType(t)) {
                        events.add(SimpleConditionEvent.violated(member, member.getFullName()
                                + " exposes non-public type " + t.getName() + " " + member.getSourceCodeLocation()));
                    }
                }
            }
        };
    }
}
