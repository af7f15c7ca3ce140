package dev.pitapat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The AOT cache's training start ({@code -Dpitapat.aot-training=true}): the bot starts as for real, answers its
 * readiness and liveness probes with 200, and only then stops and exits with 0.
 */
@ExtendWith(OutputCaptureExtension.class)
class AotTrainingTest {

    @TempDir
    Path dir;

    @Test
    void aTrainingStartAnswersItsProbesThenStopsAndExitsWithZero(CapturedOutput output) throws Exception {
        var exitCode = new CompletableFuture<Integer>();
        var application = new SpringApplication(PitapatApplication.class);
        application.addListeners(new AotTraining(exitCode::complete));
        var context = application.run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.jmx.enabled=false",
                "--pitapat.kube.enabled=false",
                "--pitapat.gitops.repo=" + dir.resolve("gitops.git"),
                "--pitapat.gitops.workdir=" + dir.resolve("gitops-work"),
                "--pitapat.local-github.dir=" + dir.resolve("local-github"));

        assertThat(exitCode.get(60, TimeUnit.SECONDS)).isZero();
        assertThat(output.getOut())
                .contains("AOT training start: answered [/actuator/health/readiness, /actuator/health/liveness]");
        assertThat(context.isActive()).as("stopped before the exit").isFalse();
    }
}
