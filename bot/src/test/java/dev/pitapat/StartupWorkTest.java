package dev.pitapat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.testing.BotJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a start on embedded defaults leaves until something needs it: on two cores each of these costs the
 * start a few per cent of its main thread (docs/image.md, Start-up).
 */
class StartupWorkTest {

    @TempDir
    Path tmp;

    @Test
    void aStartOnEmbeddedDefaultsMakesNoMBeanServerAndNoHttpClient() throws Exception {
        Path classes = tmp.resolve("classes.log");
        try (BotJvm bot = BotJvm.start(
                tmp.resolve("bot"),
                Map.of(
                        "pitapat.gitops.repo", tmp.resolve("gitops.git").toString(),
                        "pitapat.gitops.workdir", tmp.resolve("work").toString()),
                List.of("-Xlog:class+load=info:file=" + classes))) {
            String loaded = Files.readString(classes);
            assertThat(loaded)
                    .as("the bot started and logged its classes")
                    .contains("] dev.pitapat.PitapatApplication source:");
            assertThat(loaded)
                    .as("the JVM's platform MBean server (a Jedis pool for the unused Redis, Tomcat's metrics)")
                    .doesNotContain("] com.sun.jmx.mbeanserver.JmxMBeanServer source:");
            assertThat(loaded)
                    .as("a JDK HTTP client, and with it the TLS context and the trust store (the setup page's)")
                    .doesNotContain("] jdk.internal.net.http.HttpClientImpl source:");
        }
    }
}
