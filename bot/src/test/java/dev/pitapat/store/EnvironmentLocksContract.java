package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every {@link EnvironmentLocks} does; each implementation runs these same tests. */
abstract class EnvironmentLocksContract {

    static final Instant MONDAY = Instant.parse("2026-03-02T09:15:30.123Z");
    static final Duration SHORT = Duration.ofMillis(300);
    static final Duration LONG = Duration.ofMinutes(5);

    /** A fresh, empty store. */
    abstract EnvironmentLocks newLocks();

    /** The same store as {@code locks}, as another replica of the bot reaches it. */
    abstract EnvironmentLocks anotherReplicaOf(EnvironmentLocks locks);

    private EnvironmentLocks locks;

    static Target target(String app, String env) {
        return new Target(new AppName(app), new EnvName(env));
    }

    @BeforeEach
    void freshStore() {
        locks = newLocks();
    }

    @Test
    void locksAnEnvironmentAndSaysWhoLockedItWhenAndWhy() {
        LockOutcome outcome = locks.lock(target("hello", "production"), "dana", "db migration", MONDAY);

        FreezeLock expected = new FreezeLock("hello", "production", "dana", MONDAY, Optional.of("db migration"));
        assertThat(outcome).isEqualTo(new LockOutcome.Locked(expected));
        assertThat(locks.lockOf(target("hello", "production"))).contains(expected);
        assertThat(locks.lockOf(target("hello", "staging"))).isEmpty();
        assertThat(locks.lockOf(target("other", "production"))).isEmpty();
    }

    @Test
    void aLockWithoutAReasonHasNone() {
        assertThat(locks.lock(target("hello", "staging"), "dana", "  ", MONDAY)
                        .lock()
                        .reason())
                .isEmpty();
        assertThat(locks.lockOf(target("hello", "staging")))
                .hasValueSatisfying(l -> assertThat(l.reason()).isEmpty());
    }

    @Test
    void refusesALockBySomeoneElseNamingWhoHoldsItSinceWhenAndWhy() {
        locks.lock(target("hello", "production"), "dana", "db migration", MONDAY);

        LockOutcome outcome =
                locks.lock(target("hello", "production"), "erin", "release freeze", MONDAY.plusSeconds(60));

        FreezeLock danas = new FreezeLock("hello", "production", "dana", MONDAY, Optional.of("db migration"));
        assertThat(outcome).isEqualTo(new LockOutcome.HeldByOther(danas));
        assertThat(locks.lockOf(target("hello", "production"))).contains(danas);
    }

    @Test
    void theSamePersonRelockingReplacesTheReasonAndKeepsTheTime() {
        locks.lock(target("hello", "production"), "dana", "db migration", MONDAY);

        LockOutcome again =
                locks.lock(target("hello", "production"), "Dana", "migration runs late", MONDAY.plusSeconds(600));
        LockOutcome blank = locks.lock(target("hello", "production"), "dana", "", MONDAY.plusSeconds(900));

        FreezeLock updated = new FreezeLock("hello", "production", "dana", MONDAY, Optional.of("migration runs late"));
        assertThat(again).isEqualTo(new LockOutcome.Relocked(updated));
        assertThat(blank).isEqualTo(new LockOutcome.Relocked(updated));
        assertThat(locks.lockOf(target("hello", "production"))).contains(updated);
    }

    @Test
    void unlockLiftsTheLockWhoeverSetItAndSaysWhenThereWasNone() {
        locks.lock(target("hello", "production"), "dana", "db migration", MONDAY);

        assertThat(locks.unlock(target("hello", "production")))
                .contains(new FreezeLock("hello", "production", "dana", MONDAY, Optional.of("db migration")));
        assertThat(locks.lockOf(target("hello", "production"))).isEmpty();
        assertThat(locks.unlock(target("hello", "production"))).isEmpty();
        assertThat(locks.lock(target("hello", "production"), "erin", "", MONDAY.plusSeconds(5)))
                .isInstanceOf(LockOutcome.Locked.class);
    }

    @Test
    void listsLocksByAppThenEnvironment() {
        locks.lock(target("hello", "staging"), "dana", "", MONDAY);
        locks.lock(target("hello-api", "production"), "erin", "", MONDAY);
        locks.lock(target("hello", "production"), "dana", "", MONDAY);
        locks.lock(target("abc", "staging"), "erin", "", MONDAY);
        locks.lock(target("hello", "pr-7"), "erin", "", MONDAY);
        locks.unlock(target("hello", "pr-7"));

        assertThat(locks.locks())
                .extracting(l -> l.app() + "/" + l.env() + "@" + l.by())
                .containsExactly(
                        "abc/staging@erin", "hello/production@dana", "hello/staging@dana", "hello-api/production@erin");
        assertThat(locks.locksOf(new AppName("hello")))
                .extracting(l -> l.app() + "/" + l.env())
                .containsExactly("hello/production", "hello/staging");
        assertThat(locks.locksOf(new AppName("nothing-here"))).isEmpty();
        assertThat(locks.locks().get(1))
                .isEqualTo(new FreezeLock("hello", "production", "dana", MONDAY, Optional.empty()));
    }

    static Stream<Arguments> reasons() {
        String emoji = "\uD83D\uDE80"; // one code point, two chars
        return Stream.of(
                Arguments.of("db migration", "db migration"),
                Arguments.of("  padded\t", "padded"),
                Arguments.of("line one\r\nline two", "line one line two"),
                Arguments.of("bell\u0007 and null\u0000", "bell and null"),
                Arguments.of("evil\u202Egnp.exe", "evil gnp.exe"),
                Arguments.of("x".repeat(250), "x".repeat(200)),
                Arguments.of("x".repeat(199) + emoji + "yy", "x".repeat(199) + emoji),
                Arguments.of("<b>*markdown*</b> `@team`", "<b>*markdown*</b> `@team`"));
    }

    @ParameterizedTest
    @MethodSource("reasons")
    void keepsAReasonOnOneLineCutTo200Characters(String given, String kept) {
        locks.lock(target("hello", "staging"), "dana", given, MONDAY);

        assertThat(locks.lockOf(target("hello", "staging")))
                .hasValueSatisfying(l -> assertThat(l.reason()).contains(kept));
    }

    @Test
    void acceptsA63CharacterLabelAndRefusesBlankLoginsHoldersAndTtls() {
        Target longest = target("a" + "-".repeat(58) + "z", "pr");
        assertThat(longest.label()).hasSize(63);
        assertThat(locks.lock(longest, "dana", "", MONDAY)).isInstanceOf(LockOutcome.Locked.class);

        assertThatThrownBy(() -> locks.lock(target("hello", "staging"), "", "", MONDAY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> locks.lock(target("hello", "staging"), "da na", "", MONDAY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> locks.tryAcquire(target("hello", "staging"), " ", LONG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> locks.tryAcquire(target("hello", "staging"), "dana", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> locks.pin(target("hello", "staging"), "dana", "", MONDAY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(locks.lockOf(target("hello", "staging"))).isEmpty();
        assertThat(locks.leaseOf(target("hello", "staging"))).isEmpty();
    }

    @Test
    void aLeaseIsHeldByOneDeployAtATimeUntilReleased() {
        Lease first =
                locks.tryAcquire(target("hello", "staging"), "deploy-1", LONG).orElseThrow();

        assertThat(first.holder()).isEqualTo("deploy-1");
        assertThat(first.expiresAt()).isAfter(first.acquiredAt().plus(LONG).minusSeconds(1));
        assertThat(locks.tryAcquire(target("hello", "staging"), "deploy-2", LONG))
                .isEmpty();
        assertThat(locks.tryAcquire(target("hello", "staging"), "deploy-1", LONG))
                .isEmpty();
        assertThat(locks.tryAcquire(target("hello", "production"), "deploy-2", LONG))
                .isPresent();
        assertThat(locks.leaseOf(target("hello", "staging"))).hasValueSatisfying(l -> {
            assertThat(l.holder()).isEqualTo("deploy-1");
            assertThat(l.token()).isEqualTo(first.token());
            assertThat(l.acquiredAt()).isEqualTo(first.acquiredAt());
        });

        assertThat(locks.release(first)).isTrue();

        assertThat(locks.leaseOf(target("hello", "staging"))).isEmpty();
        assertThat(locks.release(first)).isFalse();
        Lease second =
                locks.tryAcquire(target("hello", "staging"), "deploy-2", LONG).orElseThrow();
        assertThat(second.token()).isNotEqualTo(first.token());
    }

    @Test
    void aLeaseLapsesAfterItsTtlAndAnotherDeployTakesIt() {
        locks.tryAcquire(target("hello", "staging"), "died-holding-it", SHORT).orElseThrow();

        assertThat(locks.tryAcquire(target("hello", "staging"), "next", SHORT)).isEmpty();
        Lease next = await().atMost(Duration.ofSeconds(10))
                .until(() -> locks.tryAcquire(target("hello", "staging"), "next", LONG), Optional::isPresent)
                .orElseThrow();

        assertThat(locks.leaseOf(target("hello", "staging")))
                .hasValueSatisfying(l -> assertThat(l.token()).isEqualTo(next.token()));
    }

    @Test
    void aHolderWhoseLeaseLapsedAndWasRetakenCanNeitherRenewNorReleaseIt() {
        Lease old = locks.tryAcquire(target("hello", "staging"), "slow", SHORT).orElseThrow();
        Lease current = await().atMost(Duration.ofSeconds(10))
                .until(() -> locks.tryAcquire(target("hello", "staging"), "fast", LONG), Optional::isPresent)
                .orElseThrow();

        assertThat(locks.renew(old, LONG)).isFalse();
        assertThat(locks.release(old)).isFalse();

        assertThat(locks.leaseOf(target("hello", "staging"))).hasValueSatisfying(l -> {
            assertThat(l.holder()).isEqualTo("fast");
            assertThat(l.token()).isEqualTo(current.token());
        });
        assertThat(locks.release(current)).isTrue();
    }

    @Test
    void renewingExtendsTheLease() {
        Lease lease =
                locks.tryAcquire(target("hello", "staging"), "deploy-1", SHORT).orElseThrow();

        assertThat(locks.renew(lease, LONG)).isTrue();

        await().during(SHORT.multipliedBy(3))
                .atMost(SHORT.multipliedBy(6))
                .until(() -> locks.leaseOf(target("hello", "staging"))
                        .map(Lease::token)
                        .equals(Optional.of(lease.token())));
        assertThat(locks.tryAcquire(target("hello", "staging"), "deploy-2", LONG))
                .isEmpty();
        assertThat(locks.leaseOf(target("hello", "staging")))
                .hasValueSatisfying(l -> assertThat(l.expiresAt())
                        .isAfter(Instant.now().plus(LONG).minusSeconds(30)));
    }

    @Test
    void aLapsedLeaseCannotBeRenewed() {
        Lease lease =
                locks.tryAcquire(target("hello", "staging"), "deploy-1", SHORT).orElseThrow();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> locks.leaseOf(target("hello", "staging")).isEmpty());

        assertThat(locks.renew(lease, LONG)).isFalse();
        assertThat(locks.leaseOf(target("hello", "staging"))).isEmpty();
    }

    @Test
    void exactlyOneOfEightConcurrentDeploysOnTwoReplicasTakesTheLease() throws Exception {
        EnvironmentLocks replicaA = locks;
        EnvironmentLocks replicaB = anotherReplicaOf(locks);
        int deploys = 8;
        ExecutorService pool = Executors.newFixedThreadPool(deploys);
        try {
            for (int round = 0; round < 25; round++) { // a race lost once in a while still shows
                String env = "race-" + round;
                CyclicBarrier start = new CyclicBarrier(deploys);
                List<Future<Optional<Lease>>> results = new ArrayList<>();
                for (int i = 0; i < deploys; i++) {
                    EnvironmentLocks replica = i % 2 == 0 ? replicaA : replicaB;
                    String holder = "deploy-" + i;
                    results.add(pool.submit(() -> {
                        start.await();
                        return replica.tryAcquire(target("hello", env), holder, LONG);
                    }));
                }
                List<Lease> taken = new ArrayList<>();
                for (Future<Optional<Lease>> result : results) {
                    result.get().ifPresent(taken::add);
                }

                assertThat(taken).as("holders of %s", env).hasSize(1);
                assertThat(replicaB.leaseOf(target("hello", env)))
                        .hasValueSatisfying(l ->
                                assertThat(l.token()).isEqualTo(taken.getFirst().token()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherReplicaSeesTheSameLocksLeasesLinesAndPins() {
        EnvironmentLocks other = anotherReplicaOf(locks);
        locks.lock(target("hello", "production"), "dana", "freeze", MONDAY);
        Lease lease =
                locks.tryAcquire(target("hello", "staging"), "deploy-1", LONG).orElseThrow();
        locks.joinLine(target("hello", "staging"), "deploy-2", LONG);
        locks.pin(target("hello", "production"), "erin", "abc1234", MONDAY);

        assertThat(other.lock(target("hello", "production"), "erin", "", MONDAY))
                .isInstanceOf(LockOutcome.HeldByOther.class);
        assertThat(other.tryAcquire(target("hello", "staging"), "deploy-3", LONG))
                .isEmpty();
        assertThat(other.waiting(target("hello", "staging"))).containsExactly("deploy-2");
        assertThat(other.pinOf(target("hello", "production"))).isPresent();
        assertThat(other.release(lease)).isTrue();
    }

    @Test
    void theLineIsFirstComeFirstServedAndAWaiterKeepsItsPlaceWhenItRejoins() {
        assertThat(locks.joinLine(target("hello", "staging"), "a", LONG)).isEqualTo(1);
        assertThat(locks.joinLine(target("hello", "staging"), "b", LONG)).isEqualTo(2);
        assertThat(locks.joinLine(target("hello", "staging"), "c", LONG)).isEqualTo(3);
        assertThat(locks.joinLine(target("hello", "staging"), "b", LONG)).isEqualTo(2);
        assertThat(locks.joinLine(target("hello", "production"), "z", LONG)).isEqualTo(1);
        assertThat(locks.waiting(target("hello", "staging"))).containsExactly("a", "b", "c");

        assertThat(locks.leaveLine(target("hello", "staging"), "a")).isTrue();
        assertThat(locks.leaveLine(target("hello", "staging"), "a")).isFalse();

        assertThat(locks.joinLine(target("hello", "staging"), "b", LONG)).isEqualTo(1);
        assertThat(locks.joinLine(target("hello", "staging"), "a", LONG)).isEqualTo(3);
        assertThat(locks.waiting(target("hello", "staging"))).containsExactly("b", "c", "a");
        assertThat(locks.waiting(target("other", "staging"))).isEmpty();
    }

    @Test
    void aWaiterThatStopsRejoiningDropsOutAndTheLineMovesUp() {
        locks.joinLine(target("hello", "staging"), "died-waiting", SHORT);
        locks.joinLine(target("hello", "staging"), "alive", LONG);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> locks.waiting(target("hello", "staging")).equals(List.of("alive")));
        assertThat(locks.joinLine(target("hello", "staging"), "alive", LONG)).isEqualTo(1);
    }

    @Test
    void onlyTheFirstInLineTakesAFreeLease() {
        Lease running =
                locks.tryAcquire(target("hello", "staging"), "running", LONG).orElseThrow();
        locks.joinLine(target("hello", "staging"), "first", LONG);
        locks.joinLine(target("hello", "staging"), "second", LONG);
        assertThat(locks.tryAcquire(target("hello", "staging"), "first", LONG)).isEmpty();

        locks.release(running);

        assertThat(locks.tryAcquire(target("hello", "staging"), "newcomer", LONG))
                .isEmpty();
        assertThat(locks.tryAcquire(target("hello", "staging"), "second", LONG)).isEmpty();
        assertThat(locks.tryAcquire(target("hello", "staging"), "first", LONG)).isPresent();
        assertThat(locks.waiting(target("hello", "staging"))).containsExactly("second");
        assertThat(locks.tryAcquire(target("hello", "production"), "newcomer", LONG))
                .isPresent();
    }

    @Test
    void aDeadWaiterFirstInLineStopsHoldingTheLeaseBack() {
        locks.joinLine(target("hello", "staging"), "died-waiting", SHORT);
        assertThat(locks.tryAcquire(target("hello", "staging"), "newcomer", LONG))
                .isEmpty();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> locks.tryAcquire(target("hello", "staging"), "newcomer", LONG), Optional::isPresent);
    }

    @Test
    void pinsAnEnvironmentAtARevisionUntilUnpinned() {
        assertThat(locks.pinOf(target("hello", "production"))).isEmpty();

        Pin pin = locks.pin(target("hello", "production"), "dana", "3f2a9c1", MONDAY);

        assertThat(pin).isEqualTo(new Pin("hello", "production", "dana", "3f2a9c1", MONDAY));
        assertThat(locks.pinOf(target("hello", "production"))).contains(pin);
        assertThat(locks.pinOf(target("hello", "staging"))).isEmpty();

        Pin again = locks.pin(target("hello", "production"), "erin", "d-42", MONDAY.plusSeconds(60));

        assertThat(locks.pinOf(target("hello", "production"))).contains(again);
        assertThat(locks.unpin(target("hello", "production"))).contains(again);
        assertThat(locks.pinOf(target("hello", "production"))).isEmpty();
        assertThat(locks.unpin(target("hello", "production"))).isEmpty();
    }

    @Test
    void keepsTimesToTheMillisecond() {
        Instant precise = MONDAY.plusNanos(456_789);

        assertThat(locks.lock(target("hello", "staging"), "dana", "", precise)
                        .lock()
                        .at())
                .isEqualTo(MONDAY);
        assertThat(locks.pin(target("hello", "staging"), "dana", "abc", precise).at())
                .isEqualTo(MONDAY);
        assertThat(locks.pinOf(target("hello", "staging")))
                .hasValueSatisfying(p -> assertThat(p.at()).isEqualTo(MONDAY));
    }
}
