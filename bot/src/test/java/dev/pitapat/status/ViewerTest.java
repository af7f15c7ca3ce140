package dev.pitapat.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ViewerTest {

    @Test
    void aPersonSeesTheRepositoriesGitHubListsForThemWhateverTheCaseAndNothingElse() {
        Viewer mona = new Viewer.Person("mona", Set.of("Acme/Hello", "octo-org/tools"));

        Predicate<String> canSee = mona::canSee;

        assertThat(List.of("acme/hello", "ACME/HELLO", "Acme/Hello", "octo-org/tools"))
                .allMatch(canSee);
        assertThat(List.of("acme/secret", "acme/hello-world", "acme", "", "hello"))
                .noneMatch(canSee);
    }

    @Test
    void everyoneSeesEveryRepository() {
        assertThat(List.of("acme/hello", "acme/secret", "")).allMatch(Viewer.EVERYONE::canSee);
    }
}
