package dev.pitapat;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

/** Dependencies point one way (STYLE.md): webhook -> command -> deploy -> leaves; no cycles. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
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
                .layer("status")
                .definedBy("dev.pitapat.status..")
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
                .whereLayer("burst")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("command")
                .mayOnlyBeAccessedByLayers("webhook")
                // status reads the deploys' progress records (read-only summaries) and their links
                .whereLayer("deploy")
                .mayOnlyBeAccessedByLayers("webhook", "command", "status")
                .whereLayer("config")
                .mayOnlyBeAccessedByLayers("command", "deploy", "render")
                .whereLayer("render")
                .mayOnlyBeAccessedByLayers("app", "deploy")
                // the application wires gitops to github (the App's token for the GitOps repository)
                .whereLayer("gitops")
                .mayOnlyBeAccessedByLayers("app", "deploy", "status")
                // the intake asks whether any App serves a delivery's repository before it is handled; status reads
                // the App's OAuth settings, what a signed-in person can read, and whether a local stand-in runs
                .whereLayer("github")
                .mayOnlyBeAccessedByLayers("app", "webhook", "command", "deploy", "burst", "status")
                .whereLayer("kube")
                .mayOnlyBeAccessedByLayers("deploy")
                .whereLayer("store")
                .mayOnlyBeAccessedByLayers("webhook", "deploy", "burst", "status")
                .whereLayer("model")
                .mayOnlyBeAccessedByLayers(
                        "app", "webhook", "command", "deploy", "burst", "status", "config", "render", "gitops",
                        "github", "kube", "store");
        layers.check(CLASSES);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.pitapat.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
