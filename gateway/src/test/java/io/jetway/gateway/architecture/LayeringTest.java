package io.jetway.gateway.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's layering, checked on its compiled classes: the bottom packages know nothing above
 * them, so each can be read, tested and replaced on its own, and no two packages depend on each
 * other, directly or through others (the composition root, {@code io.jetway.gateway} itself, may
 * know them all). The pipeline's steps that live elsewhere (observability, limits) depend on the
 * pipeline, never the other way round: it knows observability only as {@code PipelineObservation}.
 */
class LayeringTest {

    private static final String ROOT = "io.jetway.gateway";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void coreKnowsNoOtherPartOfTheGateway() {
        knowsOnly(ROOT + ".core..");
    }

    @Test
    void providersKnowNeitherThePipelineNorTheServerNorTheStore() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".provider..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".pipeline..",
                        ROOT + ".server..",
                        ROOT + ".store..",
                        ROOT + ".admin..",
                        ROOT + ".observability..",
                        ROOT + ".limits..",
                        ROOT + ".usage..",
                        ROOT + ".guardrails..",
                        ROOT + ".cache..",
                        ROOT + ".config..")
                .check(classes);
    }

    @Test
    void theTranslationCoreKnowsNoProvider() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".provider.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".provider.openai..",
                        ROOT + ".provider.anthropic..",
                        ROOT + ".provider.google..",
                        ROOT + ".provider.vertex..",
                        ROOT + ".provider.bedrock..",
                        ROOT + ".provider.cohere..",
                        ROOT + ".provider.azure..",
                        ROOT + ".provider.workersai..")
                .check(classes);
    }

    /** A translated provider is one package: Workers AI, the smallest, uses the SPI, the core and the shared helpers only. */
    @Test
    void aTranslatedProviderKnowsNoOtherProvider() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".provider.workersai..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".provider.openai..",
                        ROOT + ".provider.anthropic..",
                        ROOT + ".provider.google..",
                        ROOT + ".provider.vertex..",
                        ROOT + ".provider.bedrock..",
                        ROOT + ".provider.cohere..",
                        ROOT + ".provider.azure..")
                .check(classes);
    }

    @Test
    void theHttpServerKnowsOnlyTheCore() {
        knowsOnly(ROOT + ".server.http..", ROOT + ".core..");
    }

    @Test
    void theHttpServerAndTheUpstreamClientKnowNoHelidonServer() {
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".server.http..", ROOT + ".upstream..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.helidon.webserver..")
                .check(classes);
    }

    @Test
    void theUpstreamClientKnowsOnlyTheCore() {
        knowsOnly(ROOT + ".upstream..", ROOT + ".core..");
    }

    @Test
    void theAdminApiKnowsNotTheServerThatServesIt() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".admin..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".server..")
                .check(classes);
    }

    @Test
    void theConsoleKnowsNeitherTheServerNorThePipelineAndTheAdminApiKnowsNotTheConsole() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".console..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".server..", ROOT + ".pipeline..", ROOT + ".provider..", ROOT + ".upstream..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".admin..", ROOT + ".store..", ROOT + ".core..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".console..")
                .check(classes);
    }

    @Test
    void requestParsingKnowsNoEndpoint() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".requests..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".server..", ROOT + ".admin..", ROOT + ".pipeline..", ROOT + ".provider..")
                .check(classes);
    }

    @Test
    void guardrailChecksKnowNeitherThePipelineNorTheConfigParser() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".guardrails..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".pipeline..", ROOT + ".config..", ROOT + ".server..", ROOT + ".provider..")
                .check(classes);
    }

    @Test
    void theMessagesTranslationKnowsNeitherThePipelineNorTheServerAndNoProviderKnowsIt() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".messages..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".pipeline..",
                        ROOT + ".server..",
                        ROOT + ".store..",
                        ROOT + ".admin..",
                        ROOT + ".cache..",
                        ROOT + ".config..",
                        ROOT + ".guardrails..",
                        ROOT + ".limits..",
                        ROOT + ".observability..",
                        ROOT + ".usage..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".provider..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".messages..")
                .check(classes);
    }

    @Test
    void thePipelineKnowsNeitherTheStepsPluggedIntoItNorTheStore() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".pipeline..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".observability..",
                        ROOT + ".limits..",
                        ROOT + ".usage..",
                        ROOT + ".store..",
                        ROOT + ".requestlog..",
                        ROOT + ".server..",
                        ROOT + ".admin..")
                .check(classes);
    }

    @Test
    void noTwoPartsOfTheGatewayDependOnEachOtherEvenThroughOthers() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * The classes of {@code pkg} know of the gateway only {@code pkg} itself and {@code allowed}:
     * written as what is allowed, so that a package added later (the console, messages) is covered
     * without being listed.
     */
    private static void knowsOnly(String pkg, String... allowed) {
        String[] known = Stream.concat(Stream.of(pkg), Arrays.stream(allowed)).toArray(String[]::new);
        noClasses()
                .that()
                .resideInAPackage(pkg)
                .should()
                .dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAnyPackage(known))))
                .check(classes);
    }
}
