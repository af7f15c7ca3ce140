package dev.pitapat.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * A real {@code redis-server} on a free loopback port, with AOF persistence in a temporary folder, started
 * once per test JVM and stopped when it exits. {@code .ci/run} installs the Debian package; set
 * {@code REDIS_SERVER} to use another binary.
 */
public final class RedisServer {

    private static RedisServer shared;

    private final int port;
    private final Path dir;
    private volatile Process process;

    private RedisServer(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** The JVM-wide server, started on first use. */
    public static synchronized RedisServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /** A server of its own (stop it after use): for tests that pause, kill or restart it. */
    public static RedisServer start() {
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("pitapat-redis");
            RedisServer server = new RedisServer(port, dir, launch(port, dir));
            server.awaitPing();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start redis-server (install Debian's redis-server package, as .ci/run does)", e);
        }
    }

    private static Process launch(int port, Path dir) throws IOException {
        String binary = System.getenv().getOrDefault("REDIS_SERVER", "redis-server");
        return new ProcessBuilder(List.of(
                        binary,
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--dir",
                        dir.toString(),
                        "--appendonly",
                        "yes",
                        "--save",
                        "",
                        "--daemonize",
                        "no",
                        "--loglevel",
                        "warning"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("redis.log").toFile()))
                .start();
    }

    private void awaitPing() {
        Awaitility.await("redis-server on port " + port)
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(this::answersPing);
    }

    /** Stops the process with {@code SIGSTOP}: connections stay open and nothing is answered (a hung Redis). */
    public void pause() {
        signal("STOP");
    }

    /** Lets a paused process go on ({@code SIGCONT}): it answers what it was sent meanwhile. */
    public void resume() {
        signal("CONT");
    }

    /** Kills the process with {@code SIGKILL}: connections are reset, nothing listens on the port. */
    public void kill() {
        signal("KILL");
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the server again on the same port after {@link #kill()}: with its append-only file (what it had
     * persisted), or with none (a Redis that lost everything: streams, groups, records).
     */
    public void restart(boolean keepData) {
        try {
            if (!keepData) {
                try (var files = Files.list(dir)) {
                    for (Path file : files.filter(
                                    f -> !f.getFileName().toString().equals("redis.log"))
                            .toList()) {
                        deleteTree(file);
                    }
                }
            }
            process = launch(port, dir);
            awaitPing();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server again on port " + port, e);
        }
    }

    private void signal(String signal) {
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " exited " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + signal + " to redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path path) throws IOException {
        try (var paths = Files.walk(path)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * A started Jedis connection factory for a Redis on this loopback port (the caller destroys it), with
     * the bot's 2 s timeouts.
     */
    public static org.springframework.data.redis.connection.jedis.JedisConnectionFactory connectionFactory(int port) {
        var factory = new org.springframework.data.redis.connection.jedis.JedisConnectionFactory(
                new org.springframework.data.redis.connection.RedisStandaloneConfiguration("127.0.0.1", port),
                org.springframework.data.redis.connection.jedis.JedisClientConfiguration.builder()
                        .readTimeout(Duration.ofSeconds(2))
                        .connectTimeout(Duration.ofSeconds(2))
                        .usePooling()
                        .build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A key prefix no other test uses, so tests share one server without seeing each other's keys. */
    public static String freshPrefix() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    public void stop() {
        if (process.isAlive()) {
            resume(); // a paused process would not end on SIGTERM until continued
            process.destroy();
        }
    }

    boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
