package dev.pitapat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.testing.ReadmeCommands;
import dev.pitapat.testing.ShippedFlags;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One set of JVM flags: the image (Jib's {@code jvmFlags} in {@code bot/pom.xml}) starts the bot with the flags
 * {@code ./pitapat} does, which the README names and the benchmarks and {@code LargeBodiesTest} read.
 */
class ShippedFlagsTest {

    @Test
    void theImageStartsTheBotWithTheFlagsThatThePitapatScriptUses() throws Exception {
        String pom = Files.readString(ReadmeCommands.ROOT.resolve("bot/pom.xml"));
        Matcher flag = Pattern.compile("<jvmFlag>([^<]+)</jvmFlag>").matcher(pom);
        List<String> image = new ArrayList<>();
        while (flag.find()) {
            image.add(flag.group(1));
        }
        List<String> script = new ArrayList<>(ShippedFlags.started());
        // the image runs the classes on a class path rather than as an executable jar, whose manifest allows
        // zstd's and LZ4's native libraries (store.PayloadCodec)
        script.add("--enable-native-access=ALL-UNNAMED");
        assertThat(image).containsExactlyElementsOf(script);
        assertThat(ReadmeCommands.readme().replaceAll("\\s+", " "))
                .contains("java " + String.join(" ", ShippedFlags.started()));
    }
}
