package cn.zikao.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The modules stack one way (README, "Code map"): platform, web, plan, identity, sms, auth, candidate, enrollment,
 * payment, paysim, then the application itself. A module may use only the modules below it.
 */
class ModuleLayersTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importProduction() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("cn.zikao");
    }

    @Test
    @DisplayName("no two packages depend on each other, directly or around a cycle")
    void noCycles() {
        slices().matching("cn.zikao.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    @DisplayName("every import runs down the stack: no module reaches a module above it")
    void importsRunDownward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("application").definedBy("cn.zikao")
                .layer("paysim").definedBy("cn.zikao.paysim..")
                .layer("payment").definedBy("cn.zikao.payment..")
                .layer("enrollment").definedBy("cn.zikao.enrollment..")
                .layer("candidate").definedBy("cn.zikao.candidate..")
                .layer("auth").definedBy("cn.zikao.auth..")
                .layer("sms").definedBy("cn.zikao.sms..")
                .layer("identity").definedBy("cn.zikao.identity..")
                .layer("plan").definedBy("cn.zikao.plan..")
                .layer("web").definedBy("cn.zikao.web..")
                .layer("platform").definedBy("cn.zikao.platform..")
                .whereLayer("application").mayNotBeAccessedByAnyLayer()
                .whereLayer("paysim").mayOnlyBeAccessedByLayers("application")
                .whereLayer("payment").mayOnlyBeAccessedByLayers("paysim", "application")
                .whereLayer("enrollment").mayOnlyBeAccessedByLayers("payment", "paysim", "application")
                .whereLayer("candidate").mayOnlyBeAccessedByLayers("enrollment", "payment", "paysim", "application")
                .whereLayer("auth").mayOnlyBeAccessedByLayers("candidate", "enrollment", "payment", "paysim", "application")
                .whereLayer("sms").mayOnlyBeAccessedByLayers("auth", "candidate", "enrollment", "payment", "paysim", "application")
                .whereLayer("identity").mayOnlyBeAccessedByLayers("sms", "auth", "candidate", "enrollment", "payment", "paysim",
                        "application")
                .whereLayer("plan").mayOnlyBeAccessedByLayers("identity", "sms", "auth", "candidate", "enrollment", "payment",
                        "paysim", "application")
                .whereLayer("web").mayOnlyBeAccessedByLayers("application")
                .check(classes);
    }
}
