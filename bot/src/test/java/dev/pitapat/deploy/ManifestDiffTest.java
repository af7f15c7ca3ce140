package dev.pitapat.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestDiffTest {

    private final Target target = new Target(new AppName("hello"), new EnvName("staging"));

    @Test
    void showsAddedChangedAndRemovedFilesAndNothingForEqualOnes() {
        String diff = ManifestDiff.between(
                Map.of(
                        "a.yaml",
                        "x: 1\n".getBytes(UTF_8),
                        "same.yaml",
                        "s: 1\n".getBytes(UTF_8),
                        "gone.yaml",
                        "g: 1\n".getBytes(UTF_8)),
                Map.of(
                        "a.yaml",
                        "x: 2\n".getBytes(UTF_8),
                        "same.yaml",
                        "s: 1\n".getBytes(UTF_8),
                        "new.yaml",
                        "n: 1\n".getBytes(UTF_8)),
                target);

        assertThat(diff)
                .contains("--- a/apps/hello/staging/a.yaml", "-x: 1", "+x: 2")
                .contains("+++ /dev/null", "-g: 1")
                .contains("--- /dev/null", "+++ b/apps/hello/staging/new.yaml", "+n: 1")
                .doesNotContain("same.yaml");
        assertThat(ManifestDiff.between(
                        Map.of("a.yaml", "x\n".getBytes(UTF_8)), Map.of("a.yaml", "x\n".getBytes(UTF_8)), target))
                .isEmpty();
    }

    @Test
    void noContentCanCloseTheCodeFenceAndLongDiffsAreCut() {
        String hostile = "+  value: \"````` [link](https://evil) @team\"\n";

        String block = ManifestDiff.collapsed(hostile);

        assertThat(block).startsWith("<details>").contains("``````diff\n").endsWith("``````\n\n</details>");
        String huge = "+x\n".repeat(40_000);
        assertThat(ManifestDiff.collapsed(huge))
                .hasSizeLessThan(ManifestDiff.MAX_CHARS + 200)
                .contains("(cut:");
    }
}
