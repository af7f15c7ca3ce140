package dev.pitapat.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.model.Permission;
import dev.pitapat.model.RepoRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepoRefAndPermissionTest {

    @ParameterizedTest
    @ValueSource(strings = {"acme/hello", "Acme-Corp/hello.world", "a/b", "octo-org/.github", "x1/my_repo-2"})
    void parsesRepositoryNames(String fullName) {
        assertThat(RepoRef.parse(fullName).fullName()).isEqualTo(fullName);
        assertThat(RepoRef.parse(fullName)).hasToString(fullName);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "acme",
                "acme/hello/extra",
                "/hello",
                "acme/",
                "-acme/hello",
                "acme/..",
                "acme/.",
                "ac me/hello",
                "acme/hel lo",
                "acme/hello?x=1",
                "acme/hello%2F..",
                "acme/hello\n",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/hello"
            })
    void refusesWhatIsNotARepositoryWithoutEchoingIt(String fullName) {
        assertThatThrownBy(() -> RepoRef.parse(fullName))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(fullName));
    }

    @Test
    void ordersRolesFromNoneToAdmin() {
        assertThat(Permission.MAINTAIN.atLeast(Permission.WRITE)).isTrue();
        assertThat(Permission.WRITE.atLeast(Permission.WRITE)).isTrue();
        assertThat(Permission.TRIAGE.atLeast(Permission.WRITE)).isFalse();
        assertThat(Permission.READ.atLeast(Permission.TRIAGE)).isFalse();
        assertThat(Permission.ADMIN.atLeast(Permission.MAINTAIN)).isTrue();
        assertThat(Permission.NONE.atLeast(Permission.READ)).isFalse();
        assertThat(Permission.MAINTAIN.roleName()).isEqualTo("maintain");
    }
}
