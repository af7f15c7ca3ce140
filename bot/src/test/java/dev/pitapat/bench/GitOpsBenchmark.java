package dev.pitapat.bench;

import dev.pitapat.gitops.Action;
import dev.pitapat.gitops.Change;
import dev.pitapat.gitops.CommitResult;
import dev.pitapat.gitops.GitCredentials;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.gitops.SourceRef;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.testing.GitHttpServer;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The GitOps write benchmark (bench/gitops/run.sh): time from an accepted deploy to its pushed commit, one
 * deploy after another, and the throughput of simultaneous deploys to different apps, for pitapat's
 * {@link GitOpsWriter} and for a clone per deploy, each on its own copy of one generated repository. Prints
 * figures; asserts nothing about time. Not a test: it is run by its script only.
 *
 * <pre>
 *   generate &lt;dir&gt;                                  the repository, at &lt;dir&gt;/base.git
 *   measure pitapat|clone-per-deploy &lt;dir&gt; &lt;out&gt;   figures into the properties file &lt;out&gt;
 *   table &lt;figures&gt; &lt;figures&gt;...                   the side-by-side table, the first against each other
 * </pre>
 *
 * System properties: {@code bench.apps} (1000), {@code bench.deploys-per-app} (3), {@code bench.warmup} (30),
 * {@code bench.sequential} (200), {@code bench.parallel} (50), {@code bench.rounds} (3); {@code bench.label}
 * (the approach) names the figures' column; {@code bench.remote-latency-ms}, when set, serves the repository
 * over smart HTTP on 127.0.0.1 ({@link GitHttpServer}, token auth) with that round-trip time added to each
 * HTTP exchange (and once more to a new connection's first), instead of as a local path.
 */
public final class GitOpsBenchmark {

    private static final String TOKEN = "bench_token_0123456789abcdef";
    private static final List<String> TRAILERS = List.of(
            "Pitapat-Action",
            "Pitapat-App",
            "Pitapat-Environment",
            "Pitapat-Source",
            "Pitapat-Deployment",
            "Pitapat-Requested-By");

    /** One way of committing a deploy to the GitOps repository. */
    interface Deployer extends AutoCloseable {
        /** Commits and pushes {@code files} as {@code target}'s folder; returns the pushed commit. */
        String deploy(Target target, Map<String, byte[]> files, String repository, Sha sha, String deployment)
                throws Exception;

        @Override
        default void close() {}
    }

    private final int apps = Integer.getInteger("bench.apps", 1000);
    private final int warmup = Integer.getInteger("bench.warmup", 30);
    private final int sequential = Integer.getInteger("bench.sequential", 200);
    private final int parallel = Integer.getInteger("bench.parallel", 50);
    private final int rounds = Integer.getInteger("bench.rounds", 3);
    private final Optional<Duration> roundTrip = Optional.ofNullable(System.getProperty("bench.remote-latency-ms"))
            .filter(ms -> !ms.isBlank())
            .map(ms -> Duration.ofMillis(Long.parseLong(ms)));
    private final List<Pushed> pushed = Collections.synchronizedList(new ArrayList<>());
    private final SplittableRandom random;
    private int nextApp = 0;

    private GitOpsBenchmark(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        switch (args.length > 0 ? args[0] : "") {
            // the history and the measured deploys draw different shas and deployment ids
            case "generate" -> new GitOpsBenchmark(1).generate(Path.of(args[1]));
            case "measure" -> new GitOpsBenchmark(2).measure(args[1], Path.of(args[2]), Path.of(args[3]));
            case "table" -> {
                List<Properties> columns = new ArrayList<>();
                for (int i = 1; i < args.length; i++) {
                    columns.add(load(Path.of(args[i])));
                }
                table(columns);
            }
            default -> {
                System.err.println("usage: generate <dir> | measure pitapat|clone-per-deploy <dir> <out>"
                        + " | table <figures> <figures>...");
                System.exit(2);
            }
        }
    }

    private void generate(Path dir) throws Exception {
        int perApp = Integer.getInteger("bench.deploys-per-app", 3);
        long start = System.nanoTime();
        int commits = GitOpsHistory.generate(dir.resolve("base.git"), apps, perApp, random);
        System.out.printf(
                "generated %d app folders apps/app-NNNN/staging/ (4 rendered manifests each), %d commits with"
                        + " trailers, packed by gc, in %.1f s%n",
                apps, commits, seconds(System.nanoTime() - start));
    }

    private void measure(String approach, Path dir, Path out) throws Exception {
        String label = System.getProperty("bench.label", approach);
        Path remote = dir.resolve(label + ".git");
        copy(dir.resolve("base.git"), remote);
        serveLikeAGitServer(remote);
        Path scratch = Files.createDirectories(dir.resolve(label + "-scratch"));
        ObjectId base = headOf(remote);
        Properties figures = new Properties();
        figures.setProperty("approach", label);
        roundTrip.ifPresent(rtt -> figures.setProperty("round-trip-ms", Long.toString(rtt.toMillis())));
        Optional<GitHttpServer> server = Optional.empty();
        if (roundTrip.isPresent()) {
            server = Optional.of(GitHttpServer.serve(scratch.resolve("server"), remote, TOKEN));
            server.get().delayEachExchange(roundTrip.get());
            System.out.printf(
                    "%s: the repository is served over smart HTTP at %s, %d ms added to each HTTP exchange%n",
                    label, server.get().url(), roundTrip.get().toMillis());
        }
        int deploys = 0;
        try (Deployer deployer = deployer(approach, remote, server, scratch)) {
            long first = timedDeploy(deployer);
            deploys++;
            figures.setProperty("first-ms", ms(first));
            System.out.printf("%s: first deploy (cold) %s ms%n", label, ms(first));
            for (int i = 0; i < warmup; i++) {
                timedDeploy(deployer);
                deploys++;
            }
            int exchangesBefore = server.map(GitHttpServer::exchanges).orElse(0);
            int connectionsBefore = server.map(GitHttpServer::connections).orElse(0);
            long[] latencies = new long[sequential];
            for (int i = 0; i < sequential; i++) {
                latencies[i] = timedDeploy(deployer);
                deploys++;
            }
            server.ifPresent(s -> {
                figures.setProperty(
                        "sequential-exchanges-per-deploy",
                        String.format("%.2f", (s.exchanges() - exchangesBefore) / (double) sequential));
                figures.setProperty(
                        "sequential-connections-per-deploy",
                        String.format("%.2f", (s.connections() - connectionsBefore) / (double) sequential));
            });
            Arrays.sort(latencies);
            figures.setProperty("sequential", Integer.toString(sequential));
            figures.setProperty("p50-ms", ms(percentile(latencies, 50)));
            figures.setProperty("p90-ms", ms(percentile(latencies, 90)));
            figures.setProperty("p99-ms", ms(percentile(latencies, 99)));
            figures.setProperty("max-ms", ms(latencies[latencies.length - 1]));
            System.out.printf(
                    "%s: %d sequential deploys after %d warm-up: median %s ms, p90 %s ms, p99 %s ms, max %s ms%n",
                    label,
                    sequential,
                    warmup,
                    figures.get("p50-ms"),
                    figures.get("p90-ms"),
                    figures.get("p99-ms"),
                    figures.get("max-ms"));
            List<String> throughputs = new ArrayList<>();
            List<String> walls = new ArrayList<>();
            List<String> pushes = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                int pushesBefore = server.map(GitHttpServer::pushes).orElse(0);
                long wall = simultaneous(deployer);
                deploys += parallel;
                double perSecond = parallel / seconds(wall);
                throughputs.add(String.format("%.2f", perSecond));
                walls.add(ms(wall));
                server.ifPresent(s -> pushes.add(Integer.toString(s.pushes() - pushesBefore)));
                System.out.printf(
                        "%s: %d simultaneous deploys to %d apps, round %d: %s ms wall, %.2f deploys/s%s%n",
                        label,
                        parallel,
                        parallel,
                        round + 1,
                        ms(wall),
                        perSecond,
                        server.isPresent() ? ", " + pushes.getLast() + " pushes" : "");
            }
            figures.setProperty("parallel", Integer.toString(parallel));
            figures.setProperty("throughputs", String.join(" ", throughputs));
            figures.setProperty("walls-ms", String.join(" ", walls));
            if (!pushes.isEmpty()) {
                figures.setProperty("parallel-pushes", String.join(" ", pushes));
            }
        } finally {
            if (server.isPresent()) {
                server.get().close();
            }
        }
        int commits = verify(remote, base, deploys);
        figures.setProperty("commits", Integer.toString(commits));
        System.out.printf(
                "%s: %d deploys, %d commits pushed, each with its Pitapat-* trailers; none lost or doubled%n",
                label, deploys, commits);
        try (Writer w = Files.newBufferedWriter(out)) {
            figures.store(w, null);
        }
    }

    private Deployer deployer(String approach, Path remote, Optional<GitHttpServer> server, Path scratch) {
        return switch (approach) {
            case "pitapat" ->
                pitapat(
                        server.map(GitHttpServer::url).orElse(remote.toString()),
                        server.isPresent() ? GitCredentials.token(TOKEN) : GitCredentials.anonymous(),
                        scratch.resolve("clone"));
            case "clone-per-deploy" -> {
                if (server.isPresent()) {
                    throw new IllegalArgumentException("clone-per-deploy is measured on a local path only");
                }
                yield new ClonePerDeploy(remote.toString(), scratch);
            }
            default -> throw new IllegalArgumentException("no approach " + approach);
        };
    }

    /**
     * Checks that the branch gained exactly one commit per deploy, each the commit its deploy reported, with the
     * six {@code Pitapat-*} trailers and its deployment id; the figures are void otherwise. Returns the commits.
     */
    private int verify(Path remote, ObjectId base, int deploys) throws IOException {
        Map<String, String> reported = new HashMap<>();
        for (Pushed p : pushed) {
            if (reported.put(p.deployment(), p.commit()) != null) {
                throw new IllegalStateException("deployment " + p.deployment() + " was reported twice");
            }
        }
        Map<String, String> found = new HashMap<>();
        try (Repository repo = new FileRepositoryBuilder()
                        .setGitDir(remote.toFile())
                        .setMustExist(true)
                        .build();
                RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(repo.resolve(Constants.R_HEADS + "main")));
            walk.markUninteresting(walk.parseCommit(base));
            for (RevCommit commit : walk) {
                for (String trailer : TRAILERS) {
                    if (commit.getFooterLines(trailer).size() != 1) {
                        throw new IllegalStateException("commit " + commit.name() + " lacks its " + trailer
                                + " trailer: the benchmark is void");
                    }
                }
                String deployment = commit.getFooterLines("Pitapat-Deployment").getFirst();
                if (found.put(deployment, commit.name()) != null) {
                    throw new IllegalStateException(
                            "deployment " + deployment + " was committed twice: the benchmark is void");
                }
            }
        }
        if (reported.size() != deploys || !found.equals(reported)) {
            throw new IllegalStateException(found.size() + " commits on the branch for " + deploys + " deploys ("
                    + reported.size() + " reported), or not the commits reported: the benchmark is void");
        }
        return found.size();
    }

    /** pitapat's writer with its persistent clone in {@code workdir}. */
    private static Deployer pitapat(String remote, GitCredentials credentials, Path workdir) {
        GitOpsWriter writer = new GitOpsWriter(
                remote, credentials, "main", workdir, GitOpsWriter.DEFAULT_IDENTITY, Clock.systemUTC());
        return new Deployer() {
            @Override
            public String deploy(
                    Target target, Map<String, byte[]> files, String repository, Sha sha, String deployment) {
                CommitResult result = writer.commit(new Change(
                        target,
                        files,
                        Action.DEPLOY,
                        new SourceRef(repository, sha),
                        new DeploymentId(deployment),
                        "alice"));
                if (result instanceof CommitResult.Committed committed) {
                    return committed.commitSha();
                }
                throw new IllegalStateException("deploy to " + target + " did not commit: " + result);
            }

            @Override
            public void close() {
                writer.close();
            }
        };
    }

    /** One deploy of a new sha to the next app: render, then commit and push. */
    private long timedDeploy(Deployer deployer) throws Exception {
        Work work = nextWork(1).getFirst();
        long start = System.nanoTime();
        String commit = work.run(deployer);
        long took = System.nanoTime() - start;
        pushed.add(new Pushed(work.deployment(), commit));
        return took;
    }

    /** {@link #parallel} deploys to as many different apps, released at once; the wall time until all pushed. */
    private long simultaneous(Deployer deployer) throws Exception {
        List<Work> work = nextWork(parallel);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            CountDownLatch ready = new CountDownLatch(parallel);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> done = new ArrayList<>();
            for (Work w : work) {
                done.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return w.run(deployer);
                }));
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            for (Future<String> f : done) {
                f.get();
            }
            long took = System.nanoTime() - start;
            for (int i = 0; i < work.size(); i++) {
                pushed.add(new Pushed(work.get(i).deployment(), done.get(i).get()));
            }
            return took;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A deploy's id and the commit it reported. */
    private record Pushed(String deployment, String commit) {}

    private record Work(int app, Sha sha, String deployment) {
        /** Renders, commits and pushes; returns the commit. */
        String run(Deployer deployer) throws Exception {
            Map<String, byte[]> files = GitOpsHistory.render(app, sha);
            return deployer.deploy(
                    GitOpsHistory.target(app),
                    files,
                    GitOpsHistory.OWNER + "/" + GitOpsHistory.appName(app),
                    sha,
                    deployment);
        }
    }

    /** Deploys to {@code count} different apps, spread over the repository (19 is prime to 1000). */
    private List<Work> nextWork(int count) {
        List<Work> work = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int app = (nextApp++ * 19) % apps;
            work.add(new Work(app, GitOpsHistory.sha(random), GitOpsHistory.deploymentId(random)));
        }
        return work;
    }

    /** The figures side by side, and how many times better the first column is than each other one. */
    private static void table(List<Properties> columns) {
        Properties first = columns.getFirst();
        List<Properties> others = columns.subList(1, columns.size());
        StringBuilder format = new StringBuilder("%-42s");
        List<Object> header = new ArrayList<>(List.of(""));
        for (Properties column : columns) {
            format.append(" %24s");
            header.add(column.getProperty("approach"));
        }
        for (Properties other : others) {
            format.append(" %12s");
            header.add("vs " + other.getProperty("approach"));
        }
        String row = format.append("%n").toString();
        System.out.printf(row, header.toArray());
        System.out.printf(
                row,
                cells(
                        "round trip added per HTTP exchange",
                        columns,
                        c -> c.getProperty("round-trip-ms", "-"),
                        (a, b) -> ""));
        System.out.printf(
                row, cells("sequential deploys measured", columns, c -> c.getProperty("sequential"), (a, b) -> ""));
        for (String p : List.of("p50", "p90", "p99")) {
            String key = p + "-ms";
            System.out.printf(
                    row,
                    cells(
                            (p.equals("p50") ? "median" : p) + " latency, ms",
                            columns,
                            c -> c.getProperty(key),
                            (ours, theirs) -> ratio(theirs.getProperty(key), ours.getProperty(key))));
        }
        System.out.printf(
                row,
                cells(
                        "HTTP exchanges per sequential deploy",
                        columns,
                        c -> c.getProperty("sequential-exchanges-per-deploy", "-"),
                        (a, b) -> ""));
        System.out.printf(
                row,
                cells(
                        "new TCP connections per sequential deploy",
                        columns,
                        c -> c.getProperty("sequential-connections-per-deploy", "-"),
                        (a, b) -> ""));
        System.out.printf(
                row,
                cells(
                        first.getProperty("parallel") + " simultaneous: deploys/s",
                        columns,
                        c -> String.format("%.2f", median(c.getProperty("throughputs"))),
                        (ours, theirs) -> String.format(
                                "%.1fx",
                                median(ours.getProperty("throughputs")) / median(theirs.getProperty("throughputs")))));
        System.out.printf(
                row,
                cells(
                        "  (each round, deploys/s)",
                        columns,
                        c -> c.getProperty("throughputs").replace(' ', '/'),
                        (a, b) -> ""));
        System.out.printf(
                row,
                cells(
                        "  (each round, wall ms)",
                        columns,
                        c -> c.getProperty("walls-ms").replace(' ', '/'),
                        (a, b) -> ""));
        System.out.printf(
                row,
                cells(
                        "  (each round, pushes)",
                        columns,
                        c -> c.getProperty("parallel-pushes", "-").replace(' ', '/'),
                        (a, b) -> ""));
        System.out.printf(row, cells("first deploy (cold), ms", columns, c -> c.getProperty("first-ms"), (a, b) -> ""));
        System.out.printf(
                row, cells("commits pushed (one per deploy)", columns, c -> c.getProperty("commits"), (a, b) -> ""));
    }

    /** A row: its name, one cell per column, then the first column compared with each other one. */
    private static Object[] cells(
            String name,
            List<Properties> columns,
            Function<Properties, String> cell,
            BiFunction<Properties, Properties, String> versus) {
        List<Object> cells = new ArrayList<>(List.of(name));
        columns.forEach(c -> cells.add(cell.apply(c)));
        columns.subList(1, columns.size()).forEach(c -> cells.add(versus.apply(columns.getFirst(), c)));
        return cells.toArray();
    }

    private static String ratio(String slow, String fast) {
        return String.format("%.1fx", Double.parseDouble(slow) / Double.parseDouble(fast));
    }

    private static double median(String values) {
        double[] v = Arrays.stream(values.split(" "))
                .mapToDouble(Double::parseDouble)
                .sorted()
                .toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String ms(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /**
     * JGit's receive-pack, like git's, runs {@code gc --auto} after pushes (over 50 packs: repack all), but keeps
     * the packs it replaced for an hour. At this benchmark's rate (hundreds of pushes a minute) every push
     * would then start another full repack and leave another full pack behind. A hosted repository drops
     * replaced packs at once, as git does; so does this one.
     */
    private static void serveLikeAGitServer(Path bare) throws IOException {
        try (Repository repo = new FileRepositoryBuilder()
                .setGitDir(bare.toFile())
                .setMustExist(true)
                .build()) {
            StoredConfig config = repo.getConfig();
            config.setString("gc", null, "prunePackExpire", "now");
            config.save();
        }
    }

    private static ObjectId headOf(Path bare) throws IOException {
        try (Repository repo = new FileRepositoryBuilder()
                .setGitDir(bare.toFile())
                .setMustExist(true)
                .build()) {
            return repo.resolve(Constants.R_HEADS + "main");
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
