package dev.pitapat.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamesTest {

    private static final Sha SHA = new Sha("abcdef0123456789");

    @Test
    void shortNamesKeepTheirSuffixUnchanged() {
        assertThat(Names.withSuffix("hello", "-preview")).isEqualTo("hello-preview");
    }

    @Test
    void aNameTooLongForALabelIsShortenedWithAHashOfTheWhole() {
        String app = "a".repeat(40) + "-" + "b".repeat(18);
        String name = Names.withSuffix(app, "-preview");

        assertThat(name).hasSize(63).endsWith("-preview").startsWith("a".repeat(40) + "-b");
        assertThat(Names.isLabel(name)).isTrue();
        assertThat(Names.withSuffix(app.replace('b', 'c'), "-preview"))
                .as("two long names stay apart")
                .isNotEqualTo(name);
    }

    @Test
    void shorteningNeverLeavesADoubleOrTrailingDashBeforeTheHash() {
        String app = "a".repeat(45) + "-" + "b".repeat(17);
        String name = Names.withSuffix(app, "-preview");

        assertThat(name).doesNotContain("--");
        assertThat(Names.isLabel(name)).isTrue();
    }

    @Test
    void previewHostOfALongTargetIsStillALabelBelowTheBaseDomain() {
        Target target = new Target(new AppName("x".repeat(50)), new EnvName("pr-123456"));
        Names names = new Names(target, SHA);

        String host = names.previewHost(RenderSettings.DEFAULT);

        assertThat(host).endsWith(".apps.localhost");
        assertThat(Names.isLabel(host.substring(0, host.indexOf('.')))).isTrue();
    }

    @Test
    void labelsCarryTheShortShaAndSelectorsNever() {
        Names names = new Names(new Target(new AppName("hello"), new EnvName("staging")), SHA);

        assertThat(names.labels())
                .containsEntry("app.kubernetes.io/version", "abcdef0")
                .containsEntry("app.kubernetes.io/instance", "hello-staging")
                .containsEntry("app.kubernetes.io/managed-by", "pitapat");
        assertThat(names.selector()).doesNotContainKey("app.kubernetes.io/version");
    }

    @ParameterizedTest
    @CsvSource({"hello,true", "a-b,true", "-a,false", "a-,false", "A,false", "a.b,false", "'',false"})
    void labelsAreDns1123(String text, boolean label) {
        assertThat(Names.isLabel(text)).isEqualTo(label);
    }
}
