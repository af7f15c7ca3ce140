package dev.pitapat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pitapat.testing.ContainerImage;
import dev.pitapat.testing.ContainerImage.Entry;
import dev.pitapat.testing.ContainerImage.Layer;
import dev.pitapat.testing.ReadmeCommands;
import dev.pitapat.testing.RedisServer;
import dev.pitapat.testing.ShippedFlags;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The container image as {@code ./mvnw -B -Pimage -DskipTests package} builds it without a Docker daemon
 * (docs/image.md): {@code bot/target/image/pitapat.tar}, Jib's image on the base assembled here, with a JDK AOT
 * cache. Its config and layers are read from the tar; then the bot is started from the image's own files, as uid
 * 65532 in a chroot (root only), with the AOT cache required to fit. Skipped when the tar is missing or older than
 * the jar ({@code .ci/run} builds it).
 */
class ImageIT {

    static final Path TAR = ReadmeCommands.ROOT.resolve("bot/target/image/pitapat.tar");
    static final Path BASE = ReadmeCommands.ROOT.resolve("bot/target/image/base.tar");
    static final Path JAR = ReadmeCommands.ROOT.resolve("bot/target/pitapat.jar");
    static final String AOT_CACHE = "/app/pitapat.aot";

    @TempDir
    static Path unpacked;

    static ContainerImage image;

    @TempDir
    Path scratch;

    Process bot;

    /** Why the tests cannot run, when they cannot: reported on each as the reason it was skipped. */
    static Optional<String> missing = Optional.empty();

    @BeforeAll
    static void readTheImage() throws Exception {
        String build = ": build it with ./mvnw -B -Pimage -DskipTests package";
        if (!Files.exists(TAR)) {
            missing = Optional.of("no image at " + TAR + build);
        } else if (Files.exists(JAR)
                && Files.getLastModifiedTime(TAR)
                        .toInstant()
                        .isBefore(Files.getLastModifiedTime(JAR).toInstant())) {
            missing = Optional.of(TAR + " is older than " + JAR + build);
        } else {
            image = ContainerImage.read(TAR, Files.createDirectories(unpacked.resolve("image")));
        }
    }

    @BeforeEach
    void needsTheImage() {
        assumeTrue(missing.isEmpty(), () -> missing.orElseThrow());
    }

    @AfterEach
    void stopBot() throws InterruptedException {
        ContainerImage.stop(bot);
    }

    @Test
    void runsAsTheNonRootUser65532InItsWorkingDirectoryAndExposesPort8080() {
        assertThat(image.config().path("User").asString()).isEqualTo("65532");
        assertThat(image.config().path("WorkingDir").asString()).isEqualTo("/var/lib/pitapat");
        assertThat(image.config().path("ExposedPorts").propertyNames()).containsExactly("8080/tcp");
    }

    /** One set of flags: the entrypoint's are ./pitapat's, so the image cannot drift from what was measured. */
    @Test
    void startsTheBotWithTheShippedFlagsAndItsAotCache() {
        List<String> expected = new ArrayList<>(List.of("java"));
        expected.addAll(ShippedFlags.started());
        // a class path, not an executable jar whose manifest allows zstd's and LZ4's native libraries
        expected.add("--enable-native-access=ALL-UNNAMED");
        expected.add("-XX:AOTCache=" + AOT_CACHE);
        expected.addAll(List.of("-cp", "@/app/jib-classpath-file", "dev.pitapat.PitapatApplication"));
        assertThat(image.entrypoint()).containsExactlyElementsOf(expected);
        assertThat(image.environment())
                .contains("MALLOC_ARENA_MAX=2", "JAVA_HOME=/opt/java/openjdk", "LANG=C.UTF-8")
                .anySatisfy(variable -> assertThat(variable).startsWith("PATH=/opt/java/openjdk/bin:"));
    }

    @Test
    void labelsNameTheBotItsVersionSourceAndBase() {
        assertThat(image.labels())
                .containsEntry("org.opencontainers.image.title", "pitapat")
                .containsEntry("org.opencontainers.image.version", System.getProperty("pitapat.version"))
                .containsEntry("org.opencontainers.image.source", "https://github.com/pitapat/pitapat")
                .containsEntry("org.opencontainers.image.base.name", "pitapat-base:local")
                .containsKey("org.opencontainers.image.description");
        assertThat(image.labels().get("dev.pitapat.base.java")).startsWith("Temurin-25");
        assertThat(image.labels().get("dev.pitapat.base.debian")).contains("libc6 2.");
    }

    @Test
    void everyLayerIsIntactAndTheImageIsBuiltOnTheAssembledBase() throws Exception {
        assertThat(image.layers()).hasSize(image.diffIdCount());
        for (Layer layer : image.layers()) {
            assertThat(layer.digest()).as("the digest of " + layer.file()).isEqualTo(layer.diffId());
        }
        assumeTrue(Files.exists(BASE), "no base at " + BASE);
        ContainerImage base = ContainerImage.read(BASE, Files.createDirectories(scratch.resolve("base")));
        List<String> baseIds = base.layers().stream().map(Layer::diffId).toList();
        assertThat(image.layers().subList(0, baseIds.size()).stream().map(Layer::diffId))
                .containsExactlyElementsOf(baseIds);
    }

    /**
     * The libraries (large, rarely changed) are a layer of their own below the bot's jar and its AOT cache, which a
     * new build changes: an upgrade of the bot sends those two layers only.
     */
    @Test
    void theLibrariesTheBotsJarAndTheAotCacheAreSeparateLayersInThatOrder() {
        List<Layer> layers = image.layers();
        int libraries = indexOf(layers, files -> files.stream().allMatch(file -> file.matches("app/libs/[^/]+\\.jar")));
        int jar = indexOf(layers, files -> files.size() == 1 && files.getFirst().matches("app/classpath/[^/]+\\.jar"));
        int classPath = indexOf(layers, files -> files.contains("app/jib-classpath-file"));
        int cache = indexOf(layers, files -> files.equals(List.of(AOT_CACHE.substring(1))));

        assertThat(layers.get(libraries).files())
                .hasSizeGreaterThan(100)
                .anyMatch(file -> file.matches("app/libs/spring-boot-[0-9.]+\\.jar"))
                .noneMatch(file -> file.contains("SNAPSHOT"));
        assertThat(layers.get(libraries).comment()).isEqualTo("dependencies");
        assertThat(layers.get(cache).comment()).isEqualTo("JDK AOT cache");
        assertThat(libraries).isLessThan(jar);
        assertThat(jar).isLessThan(cache);
        assertThat(cache)
                .as("the AOT cache, the largest layer a build changes, comes last")
                .isEqualTo(layers.size() - 1);
        assertThat(classPath).isLessThan(cache);
    }

    @Test
    void theBaseHasTheNonRootUserItsWritableDirectoriesAndNothingSetuid() {
        List<Entry> entries = image.layers().stream()
                .flatMap(layer -> layer.entries().stream())
                .toList();
        assertThat(entries)
                .filteredOn(entry -> entry.uid() != 0 || entry.gid() != 0)
                .allSatisfy(entry -> assertThat(entry.isDirectory()).isTrue())
                .extracting(Entry::path, Entry::uid, Entry::gid)
                .containsExactlyInAnyOrder(tuple("home/nonroot", 65532, 65532), tuple("var/lib/pitapat", 65532, 65532));
        assertThat(entries).noneMatch(Entry::raisesPrivileges);
        assertThat(entries)
                .filteredOn(entry -> entry.path().equals("tmp"))
                .extracting(Entry::mode)
                .containsExactly("drwxrwxrwt");
        assertThat(entries)
                .extracting(Entry::path)
                .contains(
                        "lib/x86_64-linux-gnu/libc.so.6",
                        "lib64/ld-linux-x86-64.so.2",
                        "opt/java/openjdk/bin/java",
                        "opt/java/openjdk/lib/security/cacerts",
                        "usr/share/doc/libc6/copyright",
                        "var/lib/dpkg/status.d/libc6");
        Layer base = image.layers().getFirst();
        assertThat(base.read("etc/passwd")).contains("nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin");
    }

    /**
     * The image runs: its entrypoint, as uid 65532, from its working directory, on the image's own JVM and C library,
     * with {@code -XX:AOTMode=on} added (the JVM refuses to start when the AOT cache does not fit it) and a Redis store
     * (a real {@code redis-server} on loopback); the bot answers its health check, keeps its GitOps repository in the
     * working directory and compresses payloads with zstd's native library, unpacked into the image's {@code /tmp}.
     */
    @Test
    void theBotStartsInTheImageAsUid65532WithItsAotCache() throws Exception {
        Path rootfs = unpackForRunning();
        List<String> command = new ArrayList<>(image.entrypoint());
        command.add(1, "-XX:AOTMode=on");
        command.addAll(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.data.redis.url=" + RedisServer.shared().url(),
                "--pitapat.queue.key-prefix=" + RedisServer.freshPrefix()));
        Path log = scratch.resolve("bot.log");

        bot = image.start(rootfs, command, log);
        int port = ReadmeCommands.awaitPort(bot, log);

        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode status = JsonMapper.builder().build().readTree(health.body());
        assertThat(status.path("status").asString()).isEqualTo("UP");
        JsonNode components = status.path("components");
        assertThat(components.path("gitops").path("details").path("repository").asString())
                .isEqualTo("/var/lib/pitapat/data/gitops.git");
        JsonNode store = components.path("store").path("details");
        assertThat(store.path("type").asString()).isEqualTo("redis");
        assertThat(store.path("payloads").asString()).isEqualTo("zstd-github-1 (JNI)");
        ProcessHandle java = bot.descendants().findFirst().orElseThrow();
        assertThat(Files.readAllLines(Path.of("/proc/" + java.pid() + "/status")))
                .contains("Uid:\t65532\t65532\t65532\t65532", "Gid:\t65532\t65532\t65532\t65532");
        String output = Files.readString(log);
        assertThat(output)
                .contains("Starting AOT-processed PitapatApplication")
                .doesNotContain("[aot]")
                .doesNotContain("[error]");
        Matcher started = Pattern.compile(
                        "Started PitapatApplication in [0-9.]+ seconds \\(process running for [0-9.]+\\)")
                .matcher(output);
        assertThat(started.find()).isTrue();
        System.out.println("ImageIT: " + started.group());
    }

    /** The image's Java knows its user and reads and writes file names as UTF-8 (LANG=C.UTF-8, with its locale). */
    @Test
    void theImagesJavaRunsAsNonrootWithUtf8FileNames() throws Exception {
        Path rootfs = unpackForRunning();
        Path log = scratch.resolve("properties.log");
        Process java = image.start(rootfs, List.of("java", "-XshowSettings:properties", "-version"), log);
        assertThat(java.waitFor()).isZero();
        assertThat(Files.readString(log))
                .contains(
                        "java.vendor.version = " + image.labels().get("dev.pitapat.base.java"),
                        "user.name = nonroot",
                        "user.home = /home/nonroot",
                        "user.dir = /var/lib/pitapat",
                        "sun.jnu.encoding = UTF-8");
    }

    /** HTTPS to GitHub and Google's APIs: the image's Java trusts the public certificate authorities. */
    @Test
    void theImagesJavaTrustsThePublicCertificateAuthorities() throws Exception {
        Path rootfs = unpackForRunning();
        Path log = scratch.resolve("keytool.log");
        Process keytool = image.start(rootfs, List.of("keytool", "-list", "-cacerts", "-storepass", "changeit"), log);
        assertThat(keytool.waitFor()).isZero();
        String aliases = Files.readString(log).toLowerCase().replaceAll("[^a-z0-9\\n]", "");
        Matcher count = Pattern.compile("yourkeystorecontains(\\d+)entries").matcher(aliases);
        assertThat(count.find()).isTrue();
        assertThat(Integer.parseInt(count.group(1))).isGreaterThan(100);
        // GitHub's chains end at USERTrust (Sectigo), Google's at GTS Root R1
        assertThat(aliases).contains("usertrustecccertificationauthority").contains("gtsrootr1");
    }

    /** The image's file system in {@link #unpacked} (once per run); skips unless it can run here. */
    private static synchronized Path unpackForRunning() throws Exception {
        Optional<String> why = ContainerImage.whyItCannotRun();
        assumeTrue(why.isEmpty(), () -> why.orElseThrow());
        Path rootfs = unpacked.resolve("rootfs");
        if (!Files.exists(rootfs)) {
            Path partial = Files.createDirectories(unpacked.resolve("rootfs.partial"));
            image.unpack(partial);
            Files.move(partial, rootfs);
        }
        return rootfs;
    }

    private static int indexOf(List<Layer> layers, Predicate<List<String>> holds) {
        for (int i = 0; i < layers.size(); i++) {
            List<String> files = layers.get(i).files();
            if (!files.isEmpty() && holds.test(files)) {
                return i;
            }
        }
        throw new AssertionError("no such layer among " + layers);
    }
}
