package dev.pitapat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Profile;

/** Dependencies point one way (STYLE.md): webhook -> command -> deploy -> leaves (webhook -> onboard -> leaves); no cycles. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // The classes Spring AOT generates when the jar is built ("Hello__BeanDefinitions") wire every layer.
            .withImportOption(location -> !location.contains("__"))
            .importPackages("dev.pitapat");

    @Test
    void packagesDependOnlyDownwards() {
        ArchRule layers = Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInAnyPackage("dev.pitapat..")
                .withOptionalLayers(true)
                .layer("app")
                .definedBy("dev.pitapat")
                .layer("webhook")
                .definedBy("dev.pitapat.webhook..")
                .layer("command")
                .definedBy("dev.pitapat.command..")
                .layer("deploy")
                .definedBy("dev.pitapat.deploy..")
                .layer("burst")
                .definedBy("dev.pitapat.burst..")
                .layer("onboard")
                .definedBy("dev.pitapat.onboard..")
                .layer("status")
                .definedBy("dev.pitapat.status..")
                .layer("setup")
                .definedBy("dev.pitapat.setup..")
                .layer("config")
                .definedBy("dev.pitapat.config..")
                .layer("render")
                .definedBy("dev.pitapat.render..")
                .layer("gitops")
                .definedBy("dev.pitapat.gitops..")
                .layer("github")
                .definedBy("dev.pitapat.github..")
                .layer("kube")
                .definedBy("dev.pitapat.kube..")
                .layer("store")
                .definedBy("dev.pitapat.store..")
                .layer("model")
                .definedBy("dev.pitapat.model..")
                .whereLayer("app")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("webhook")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("status")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("setup")
                .mayNotBeAccessedByAnyLayer()
                // deploy tells bursting which deploys are in flight and reads what it does about pods waiting for room;
                // status shows its reports
                .whereLayer("burst")
                .mayOnlyBeAccessedByLayers("deploy", "status")
                .whereLayer("command")
                .mayOnlyBeAccessedByLayers("webhook")
                // installation events open the onboarding pull request
                .whereLayer("onboard")
                .mayOnlyBeAccessedByLayers("webhook")
                // status reads the deploys' progress records (read-only summaries) and their links
                .whereLayer("deploy")
                .mayOnlyBeAccessedByLayers("webhook", "command", "status")
                // onboarding checks the config it proposes with pitapat's own rules
                .whereLayer("config")
                .mayOnlyBeAccessedByLayers("command", "deploy", "render", "onboard")
                .whereLayer("render")
                .mayOnlyBeAccessedByLayers("app", "deploy")
                // the application wires gitops to github (the App's token for the GitOps repository)
                .whereLayer("gitops")
                .mayOnlyBeAccessedByLayers("app", "deploy", "status")
                // the intake asks whether any App serves a delivery's repository before it is handled; status reads
                // the App's OAuth settings, what a signed-in person can read, and whether a local stand-in runs; setup
                // registers the App from its manifest
                .whereLayer("github")
                .mayOnlyBeAccessedByLayers("app", "webhook", "command", "deploy", "burst", "status", "setup", "onboard")
                .whereLayer("kube")
                .mayOnlyBeAccessedByLayers("deploy", "burst")
                .whereLayer("store")
                .mayOnlyBeAccessedByLayers("webhook", "deploy", "burst", "status", "onboard")
                .whereLayer("model")
                .mayOnlyBeAccessedByLayers(
                        "app", "webhook", "command", "deploy", "burst", "status", "setup", "onboard", "config",
                        "render", "gitops", "github", "kube", "store");
        layers.check(CLASSES);
    }

    /**
     * The shipped jar is AOT-processed: which beans exist is fixed when it is built. Settings choose inside bean
     * methods (a null bean, a disabled registration) instead of conditions on them, which would be evaluated once,
     * at build time, with no settings.
     */
    @Test
    void noBeanDependsOnASettingThroughACondition() {
        noClasses()
                .should()
                .beAnnotatedWith(CONDITION_ON_SETTINGS)
                .because("the AOT-processed jar would fix the condition at build time")
                .check(CLASSES);
        noMethods()
                .should()
                .beAnnotatedWith(CONDITION_ON_SETTINGS)
                .because("the AOT-processed jar would fix the condition at build time")
                .check(CLASSES);
    }

    private static final DescribedPredicate<JavaAnnotation<?>> CONDITION_ON_SETTINGS = DescribedPredicate.describe(
            "a condition on settings",
            annotation -> Stream.of(
                            Conditional.class,
                            ConditionalOnProperty.class,
                            ConditionalOnBooleanProperty.class,
                            ConditionalOnExpression.class,
                            Profile.class)
                    .anyMatch(type -> annotation.getRawType().isEquivalentTo(type)));

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.pitapat.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
