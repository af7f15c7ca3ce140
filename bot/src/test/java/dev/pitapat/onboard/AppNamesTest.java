package dev.pitapat.onboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.model.AppName;
import dev.pitapat.model.Checked;
import dev.pitapat.model.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AppNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "hello, hello",
        "Hello-World, hello-world",
        "My.Cool_Repo, my-cool-repo",
        "API__v2..beta, api-v2-beta",
        ".github, github",
        "-leading-and-trailing-, leading-and-trailing",
        "___, app",
        "..., app",
        "42, 42"
    })
    void makesTheRepositoryNameAValidAppName(String repository, String app) {
        assertThat(AppNames.forRepository(repository)).isEqualTo(new AppName(app));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a-repository-name-long-enough-that-its-app-would-not-fit-beside-staging-at-all",
                "x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x",
                "A_____________________________________________________________________________B"
            })
    void cutsALongNameSoThatItsStagingNameFits(String repository) {
        AppName app = AppNames.forRepository(repository);

        assertThat(app.value()).hasSizeLessThanOrEqualTo(55).doesNotEndWith("-");
        assertThat(Target.of(app, AppNames.STAGING)).isInstanceOf(Checked.Valid.class);
    }
}
