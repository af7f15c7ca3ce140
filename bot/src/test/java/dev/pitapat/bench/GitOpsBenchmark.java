package dev.pitapat.bench;

import dev.pitapat.gitops.Action;
import dev.pitapat.gitops.Change;
import dev.pitapat.gitops.CommitResult;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.gitops.SourceRef;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
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
 *   table &lt;pitapat-figures&gt; &lt;clone-figures&gt;          the side-by-side table
 * </pre>
 *
 * System properties: {@code bench.apps} (1000), {@code bench.deploys-per-app} (3), {@code bench.warmup} (30),
 * {@code bench.sequential} (200), {@code bench.parallel} (50), {@code bench.rounds} (3).
 */
public final class GitOpsBenchmark {

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
            case "table" -> table(load(Path.of(args[1])), load(Path.of(args[2])));
            default -> {
                System.err.println("usage: generate <dir> | measure pitapat|clone-per-deploy <dir> <out>"
                        + " | table <pitapat-figures> <clone-figures>");
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
        Path remote = dir.resolve(approach + ".git");
        copy(dir.resolve("base.git"), remote);
        serveLikeAGitServer(remote);
        Path scratch = Files.createDirectories(dir.resolve(approach + "-scratch"));
        int before = commitsOn(remote);
        Properties figures = new Properties();
        figures.setProperty("approach", approach);
        int deploys = 0;
        try (Deployer deployer = approach.equals("pitapat")
                ? pitapat(remote, scratch.resolve("clone"))
                : new ClonePerDeploy(remote.toString(), scratch)) {
            long first = timedDeploy(deployer);
            deploys++;
            figures.setProperty("first-ms", ms(first));
            System.out.printf("%s: first deploy (cold) %s ms%n", approach, ms(first));
            for (int i = 0; i < warmup; i++) {
                timedDeploy(deployer);
                deploys++;
            }
            long[] latencies = new long[sequential];
            for (int i = 0; i < sequential; i++) {
                latencies[i] = timedDeploy(deployer);
                deploys++;
            }
            Arrays.sort(latencies);
            figures.setProperty("sequential", Integer.toString(sequential));
            figures.setProperty("p50-ms", ms(percentile(latencies, 50)));
            figures.setProperty("p90-ms", ms(percentile(latencies, 90)));
            figures.setProperty("p99-ms", ms(percentile(latencies, 99)));
            figures.setProperty("max-ms", ms(latencies[latencies.length - 1]));
            System.out.printf(
                    "%s: %d sequential deploys after %d warm-up: median %s ms, p90 %s ms, p99 %s ms, max %s ms%n",
                    approach,
                    sequential,
                    warmup,
                    figures.get("p50-ms"),
                    figures.get("p90-ms"),
                    figures.get("p99-ms"),
                    figures.get("max-ms"));
            List<String> throughputs = new ArrayList<>();
            List<String> walls = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                long wall = simultaneous(deployer);
                deploys += parallel;
                double perSecond = parallel / seconds(wall);
                throughputs.add(String.format("%.2f", perSecond));
                walls.add(ms(wall));
                System.out.printf(
                        "%s: %d simultaneous deploys to %d apps, round %d: %s ms wall, %.2f deploys/s%n",
                        approach, parallel, parallel, round + 1, ms(wall), perSecond);
            }
            figures.setProperty("parallel", Integer.toString(parallel));
            figures.setProperty("throughputs", String.join(" ", throughputs));
            figures.setProperty("walls-ms", String.join(" ", walls));
        }
        int after = commitsOn(remote);
        figures.setProperty("commits", Integer.toString(after - before));
        if (after - before != deploys) {
            throw new IllegalStateException(approach + " made " + (after - before) + " commits for " + deploys
                    + " deploys: the benchmark is void");
        }
        System.out.printf(
                "%s: %d deploys, %d commits pushed, none lost or doubled%n", approach, deploys, after - before);
        try (Writer w = Files.newBufferedWriter(out)) {
            figures.store(w, null);
        }
    }

    /** pitapat's writer with its persistent clone in {@code workdir}. */
    private static Deployer pitapat(Path remote, Path workdir) {
        GitOpsWriter writer =
                new GitOpsWriter(remote.toString(), "main", workdir, GitOpsWriter.DEFAULT_IDENTITY, Clock.systemUTC());
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
        work.run(deployer);
        return System.nanoTime() - start;
    }

    /** {@link #parallel} deploys to as many different apps, released at once; the wall time until all pushed. */
    private long simultaneous(Deployer deployer) throws Exception {
        List<Work> work = nextWork(parallel);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            CountDownLatch ready = new CountDownLatch(parallel);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (Work w : work) {
                done.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    w.run(deployer);
                    return null;
                }));
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
    }

    private record Work(int app, Sha sha, String deployment) {
        void run(Deployer deployer) throws Exception {
            Map<String, byte[]> files = GitOpsHistory.render(app, sha);
            deployer.deploy(
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

    private static void table(Properties pitapat, Properties clone) {
        double pitapatRate = median(pitapat.getProperty("throughputs"));
        double cloneRate = median(clone.getProperty("throughputs"));
        String row = "%-30s %22s %22s %9s%n";
        System.out.printf(row, "", "pitapat", "clone-per-deploy", "ratio");
        System.out.printf(
                row,
                "sequential deploys measured",
                pitapat.getProperty("sequential"),
                clone.getProperty("sequential"),
                "");
        for (String p : List.of("p50", "p90", "p99")) {
            System.out.printf(
                    row,
                    (p.equals("p50") ? "median" : p) + " latency, ms",
                    pitapat.getProperty(p + "-ms"),
                    clone.getProperty(p + "-ms"),
                    ratio(clone.getProperty(p + "-ms"), pitapat.getProperty(p + "-ms")));
        }
        System.out.printf(
                row,
                pitapat.getProperty("parallel") + " simultaneous: deploys/s",
                String.format("%.2f", pitapatRate),
                String.format("%.2f", cloneRate),
                String.format("%.0fx", pitapatRate / cloneRate));
        System.out.printf(
                row,
                "  (each round, deploys/s)",
                pitapat.getProperty("throughputs").replace(' ', '/'),
                clone.getProperty("throughputs").replace(' ', '/'),
                "");
        System.out.printf(
                row,
                "  (each round, wall ms)",
                pitapat.getProperty("walls-ms").replace(' ', '/'),
                clone.getProperty("walls-ms").replace(' ', '/'),
                "");
        System.out.printf(
                row, "first deploy (cold), ms", pitapat.getProperty("first-ms"), clone.getProperty("first-ms"), "");
    }

    private static String ratio(String slow, String fast) {
        return String.format("%.0fx", Double.parseDouble(slow) / Double.parseDouble(fast));
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

    private static int commitsOn(Path bare) throws IOException {
        try (Repository repo = new FileRepositoryBuilder()
                        .setGitDir(bare.toFile())
                        .setMustExist(true)
                        .build();
                RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(repo.resolve(Constants.R_HEADS + "main")));
            int count = 0;
            while (walk.next() != null) {
                count++;
            }
            return count;
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
