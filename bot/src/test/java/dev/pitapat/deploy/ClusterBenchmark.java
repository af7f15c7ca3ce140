package dev.pitapat.deploy;

import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.kube.Cluster;
import dev.pitapat.kube.FakeArgo;
import dev.pitapat.model.AppName;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.store.InMemoryDeployRecords;
import dev.pitapat.store.InMemoryEnvironmentLocks;
import dev.pitapat.store.InMemoryLeases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster-following benchmark (bench/cluster/run.sh): with {@code bench.environments} environments deployed and
 * followed at once against fabric8's mock API server, how long from each GitOps commit to Argo CD's refresh request
 * (the patch arriving at the API server), set beside Argo CD's default poll; how many watch connections the bot
 * opened for them all; and how long from the cluster saying all are healthy to every deploy ended. Prints figures;
 * asserts nothing about time. Not a test: its script runs it.
 */
public final class ClusterBenchmark {

    private ClusterBenchmark() {}

    /** Argo CD's default {@code timeout.reconciliation}: how often it polls Git without a refresh. */
    static final Duration ARGO_CD_POLL = Duration.ofMinutes(3);

    public static void main(String[] args) throws Exception {
        int environments = Integer.getInteger("bench.environments", 1000);
        Path dir = Files.createTempDirectory("pitapat-cluster-bench");
        Clock clock = Clock.systemUTC();
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        Reporting reporting = new Reporting(List.of((before, now) -> {
            if (now.did(Progress.StepName.COMMITTED) && !before.did(Progress.StepName.COMMITTED)) {
                committedAt.put(now.request().ask().target().label(), System.nanoTime());
            }
            return now;
        }));
        try (FakeArgo argo = new FakeArgo();
                GitOpsWriter writer = DeployRunnerTest.newGitOps(dir)) {
            List<Target> targets = new ArrayList<>();
            for (int i = 0; i < environments; i++) {
                Target target =
                        new Target(new AppName(String.format(Locale.ROOT, "app-%04d", i)), new EnvName("staging"));
                targets.add(target);
                argo.synced(target, "0".repeat(40)); // the ApplicationSet made its Application
            }
            argo.requests();
            argo.patchTimes();
            Cluster cluster = argo.cluster();
            ProgressRecords records = new ProgressRecords(new InMemoryDeployRecords(clock));
            Follower follower = new Follower(
                    records,
                    cluster,
                    writer,
                    new InMemoryLeases(clock),
                    reporting,
                    new FollowRules(Duration.ofMinutes(30), Duration.ofMinutes(30)),
                    clock);
            DeployRunner runner = DeployRunnerTest.runnerOn(
                    new InMemoryEnvironmentLocks(clock),
                    records,
                    writer,
                    clock,
                    Duration.ofMinutes(2),
                    reporting,
                    cluster,
                    follower,
                    Optional.empty());
            follower.start();
            Sha sha = new Sha("6dcb09b5b57875f334f61aebed695e2e4193db5e");
            long started = System.nanoTime();
            for (Target target : targets) {
                runner.accept(new DeployRequest.Deploy(
                        new DeployRequest.Ask(
                                DeploymentId.derived("bench", target.label()),
                                target,
                                new RepoRef("acme", target.app().value()),
                                1,
                                "main",
                                // a push: nobody's permission to ask GitHub again when its turn comes
                                new DeployRequest.Origin.Push("bench"),
                                false),
                        sha,
                        false,
                        Optional.empty()));
            }
            try {
                awaitCount(
                        () -> follower.followedCount(),
                        environments,
                        Duration.ofMinutes(Long.getLong("bench.minutes", 10)));
            } catch (IllegalStateException e) {
                Map<String, Long> stages = new java.util.TreeMap<>();
                for (Target target : targets) {
                    String state = records.get(DeploymentId.derived("bench", target.label()))
                            .map(p -> p.stage() + " "
                                    + p.outcome()
                                            .map(o -> o instanceof Outcome.Failed f
                                                    ? f.failure().toString()
                                                    : o.getClass().getSimpleName())
                                            .orElse(""))
                            .orElse("none");
                    stages.merge(state.length() > 200 ? state.substring(0, 200) : state, 1L, Long::sum);
                }
                stages.forEach((state, count) -> System.out.println(count + " x " + state));
                throw e;
            }
            double committing = seconds(System.nanoTime() - started);
            Map<String, Long> refreshedAt = argo.patchTimes();
            List<Double> latencies = new ArrayList<>();
            committedAt.forEach((label, at) -> {
                Long refreshed = refreshedAt.get(label);
                if (refreshed != null) {
                    latencies.add((refreshed - at) / 1e6);
                }
            });
            Collections.sort(latencies);
            long watches = argo.requests().stream()
                    .filter(r -> r.method().equals("GET") && r.path().contains("watch=true"))
                    .count();

            long healthyFrom = System.nanoTime();
            for (Target target : targets) {
                argo.synced(target, writer.history(target, 1).getFirst().commitSha());
                argo.rolloutAsksFor(target, sha.abbreviated());
                argo.rolloutStatus(target, "Healthy", false, "new", "new", "", false);
            }
            double writing = seconds(System.nanoTime() - healthyFrom);
            awaitCount(() -> environments - follower.followedCount(), environments, Duration.ofMinutes(10));
            double ending = seconds(System.nanoTime() - healthyFrom);
            watches += argo.requests().stream()
                    .filter(r -> r.method().equals("GET") && r.path().contains("watch=true"))
                    .count();

            System.out.printf(Locale.ROOT, "environments followed at once:            %d%n", environments);
            System.out.printf(Locale.ROOT, "deploys accepted, committed, followed in: %.1f s%n", committing);
            System.out.printf(
                    Locale.ROOT,
                    "commit -> Argo CD refresh request (ms):   p50 %.1f  p99 %.1f  max %.1f  (%d refreshes)%n",
                    percentile(latencies, 0.50),
                    percentile(latencies, 0.99),
                    latencies.isEmpty() ? Double.NaN : latencies.getLast(),
                    latencies.size());
            System.out.printf(
                    Locale.ROOT,
                    "  without the refresh, Argo CD syncs at its next poll: up to %d s (timeout.reconciliation)%n",
                    ARGO_CD_POLL.toSeconds());
            System.out.printf(
                    Locale.ROOT,
                    "watch connections opened:                %d (one per deploy would be %d)%n",
                    watches,
                    environments);
            System.out.printf(
                    Locale.ROOT,
                    "cluster says all healthy -> all ended:   %.1f s (the test wrote the %d statuses in %.1f s)%n",
                    ending,
                    environments * 3,
                    writing);
            follower.stop();
            runner.stop();
        }
    }

    private static void awaitCount(java.util.function.IntSupplier count, int wanted, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (count.getAsInt() < wanted) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + count.getAsInt() + " of " + wanted + " after " + limit);
            }
            Thread.sleep(20);
        }
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
