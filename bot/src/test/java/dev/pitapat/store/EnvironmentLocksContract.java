package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    @BeforeEach
    void freshStore() {
        locks = newLocks();
    }

    @Test
    void locksAnEnvironmentAndSaysWhoLockedItWhenAndWhy() {
        LockOutcome outcome = locks.lock("hello", "production", "dana", "db migration", MONDAY);

        FreezeLock expected = new FreezeLock("hello", "production", "dana", MONDAY, Optional.of("db migration"));
        assertThat(outcome).isEqualTo(new LockOutcome.Locked(expected));
        assertThat(locks.lockOf("hello", "production")).contains(expected);
        assertThat(locks.lockOf("hello", "staging")).isEmpty();
        assertThat(locks.lockOf("other", "production")).isEmpty();
    }

    @Test
    void aLockWithoutAReasonHasNone() {
        assertThat(locks.lock("hello", "staging", "dana", "  ", MONDAY).lock().reason())
                .isEmpty();
        assertThat(locks.lockOf("hello", "staging"))
                .hasValueSatisfying(l -> assertThat(l.reason()).isEmpty());
    }

    @Test
    void refusesALockBySomeoneElseNamingWhoHoldsItSinceWhenAndWhy() {
        locks.lock("hello", "production", "dana", "db migration", MONDAY);

        LockOutcome outcome = locks.lock("hello", "production", "erin", "release freeze", MONDAY.plusSeconds(60));

        FreezeLock danas = new FreezeLock("hello", "production", "dana", MONDAY, Optional.of("db migration"));
        assertThat(outcome).isEqualTo(new LockOutcome.HeldByOther(danas));
        assertThat(locks.lockOf("hello", "production")).contains(danas);
    }

    @Test
    void theSamePersonRelockingReplacesTheReasonAndKeepsTheTime() {
        locks.lock("hello", "production", "dana", "db migration", MONDAY);

        LockOutcome again = locks.lock("hello", "production", "Dana", "migration runs late", MONDAY.plusSeconds(600));
        LockOutcome blank = locks.lock("hello", "production", "dana", "", MONDAY.plusSeconds(900));

        FreezeLock updated = new FreezeLock("hello", "production", "dana", MONDAY, Optional.of("migration runs late"));
        assertThat(again).isEqualTo(new LockOutcome.Relocked(updated));
        assertThat(blank).isEqualTo(new LockOutcome.Relocked(updated));
        assertThat(locks.lockOf("hello", "production")).contains(updated);
    }

    @Test
    void unlockLiftsTheLockWhoeverSetItAndSaysWhenThereWasNone() {
        locks.lock("hello", "production", "dana", "db migration", MONDAY);

        assertThat(locks.unlock("hello", "production"))
                .contains(new FreezeLock("hello", "production", "dana", MONDAY, Optional.of("db migration")));
        assertThat(locks.lockOf("hello", "production")).isEmpty();
        assertThat(locks.unlock("hello", "production")).isEmpty();
        assertThat(locks.lock("hello", "production", "erin", "", MONDAY.plusSeconds(5)))
                .isInstanceOf(LockOutcome.Locked.class);
    }

    @Test
    void listsLocksByAppThenEnvironment() {
        locks.lock("hello", "staging", "dana", "", MONDAY);
        locks.lock("hello-api", "production", "erin", "", MONDAY);
        locks.lock("hello", "production", "dana", "", MONDAY);
        locks.lock("abc", "staging", "erin", "", MONDAY);
        locks.lock("hello", "pr-7", "erin", "", MONDAY);
        locks.unlock("hello", "pr-7");

        assertThat(locks.locks())
                .extracting(l -> l.app() + "/" + l.env() + "@" + l.by())
                .containsExactly(
                        "abc/staging@erin", "hello/production@dana", "hello/staging@dana", "hello-api/production@erin");
        assertThat(locks.locksOf("hello"))
                .extracting(l -> l.app() + "/" + l.env())
                .containsExactly("hello/production", "hello/staging");
        assertThat(locks.locksOf("nothing-here")).isEmpty();
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
        locks.lock("hello", "staging", "dana", given, MONDAY);

        assertThat(locks.lockOf("hello", "staging"))
                .hasValueSatisfying(l -> assertThat(l.reason()).contains(kept));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Staging",
                "-staging",
                "staging-",
                "sta_ging",
                "sta ging",
                "a:b",
                "../prod",
                "staging\n",
                "stäging",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            })
    void refusesAppAndEnvironmentNamesThatAreNotDnsLabels(String name) {
        List<Consumer<String>> asEnv = List.of(
                n -> locks.lock("hello", n, "dana", "", MONDAY),
                n -> locks.lockOf("hello", n),
                n -> locks.tryAcquire("hello", n, "dana", LONG),
                n -> locks.joinLine("hello", n, "dana", LONG),
                n -> locks.pin("hello", n, "dana", "abc123", MONDAY));
        List<Consumer<String>> asApp = List.of(
                n -> locks.lock(n, "staging", "dana", "", MONDAY),
                n -> locks.locksOf(n),
                n -> locks.tryAcquire(n, "staging", "dana", LONG),
                n -> locks.pinOf(n, "staging"));
        for (Consumer<String> call :
                Stream.concat(asEnv.stream(), asApp.stream()).toList()) {
            assertThatThrownBy(() -> call.accept(name)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(locks.locks()).isEmpty();
        assertThat(locks.leaseOf("hello", "staging")).isEmpty();
    }

    @Test
    void acceptsA63CharacterLabelAndRefusesBlankLoginsHoldersAndTtls() {
        String longest = "a" + "-".repeat(61) + "z";
        assertThat(locks.lock(longest, longest, "dana", "", MONDAY)).isInstanceOf(LockOutcome.Locked.class);

        assertThatThrownBy(() -> locks.lock("hello", "staging", "", "", MONDAY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> locks.lock("hello", "staging", "da na", "", MONDAY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> locks.tryAcquire("hello", "staging", " ", LONG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> locks.tryAcquire("hello", "staging", "dana", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> locks.pin("hello", "staging", "dana", "", MONDAY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(locks.lockOf("hello", "staging")).isEmpty();
        assertThat(locks.leaseOf("hello", "staging")).isEmpty();
    }

    @Test
    void aLeaseIsHeldByOneDeployAtATimeUntilReleased() {
        Lease first = locks.tryAcquire("hello", "staging", "deploy-1", LONG).orElseThrow();

        assertThat(first.holder()).isEqualTo("deploy-1");
        assertThat(first.expiresAt()).isAfter(first.acquiredAt().plus(LONG).minusSeconds(1));
        assertThat(locks.tryAcquire("hello", "staging", "deploy-2", LONG)).isEmpty();
        assertThat(locks.tryAcquire("hello", "staging", "deploy-1", LONG)).isEmpty();
        assertThat(locks.tryAcquire("hello", "production", "deploy-2", LONG)).isPresent();
        assertThat(locks.leaseOf("hello", "staging")).hasValueSatisfying(l -> {
            assertThat(l.holder()).isEqualTo("deploy-1");
            assertThat(l.token()).isEqualTo(first.token());
            assertThat(l.acquiredAt()).isEqualTo(first.acquiredAt());
        });

        assertThat(locks.release(first)).isTrue();

        assertThat(locks.leaseOf("hello", "staging")).isEmpty();
        assertThat(locks.release(first)).isFalse();
        Lease second = locks.tryAcquire("hello", "staging", "deploy-2", LONG).orElseThrow();
        assertThat(second.token()).isNotEqualTo(first.token());
    }

    @Test
    void aLeaseLapsesAfterItsTtlAndAnotherDeployTakesIt() {
        locks.tryAcquire("hello", "staging", "died-holding-it", SHORT).orElseThrow();

        assertThat(locks.tryAcquire("hello", "staging", "next", SHORT)).isEmpty();
        Lease next = await().atMost(Duration.ofSeconds(10))
                .until(() -> locks.tryAcquire("hello", "staging", "next", LONG), Optional::isPresent)
                .orElseThrow();

        assertThat(locks.leaseOf("hello", "staging"))
                .hasValueSatisfying(l -> assertThat(l.token()).isEqualTo(next.token()));
    }

    @Test
    void aHolderWhoseLeaseLapsedAndWasRetakenCanNeitherRenewNorReleaseIt() {
        Lease old = locks.tryAcquire("hello", "staging", "slow", SHORT).orElseThrow();
        Lease current = await().atMost(Duration.ofSeconds(10))
                .until(() -> locks.tryAcquire("hello", "staging", "fast", LONG), Optional::isPresent)
                .orElseThrow();

        assertThat(locks.renew(old, LONG)).isFalse();
        assertThat(locks.release(old)).isFalse();

        assertThat(locks.leaseOf("hello", "staging")).hasValueSatisfying(l -> {
            assertThat(l.holder()).isEqualTo("fast");
            assertThat(l.token()).isEqualTo(current.token());
        });
        assertThat(locks.release(current)).isTrue();
    }

    @Test
    void renewingExtendsTheLease() {
        Lease lease = locks.tryAcquire("hello", "staging", "deploy-1", SHORT).orElseThrow();

        assertThat(locks.renew(lease, LONG)).isTrue();

        await().during(SHORT.multipliedBy(3))
                .atMost(SHORT.multipliedBy(6))
                .until(() -> locks.leaseOf("hello", "staging").map(Lease::token).equals(Optional.of(lease.token())));
        assertThat(locks.tryAcquire("hello", "staging", "deploy-2", LONG)).isEmpty();
        assertThat(locks.leaseOf("hello", "staging"))
                .hasValueSatisfying(l -> assertThat(l.expiresAt())
                        .isAfter(Instant.now().plus(LONG).minusSeconds(30)));
    }

    @Test
    void aLapsedLeaseCannotBeRenewed() {
        Lease lease = locks.tryAcquire("hello", "staging", "deploy-1", SHORT).orElseThrow();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> locks.leaseOf("hello", "staging").isEmpty());

        assertThat(locks.renew(lease, LONG)).isFalse();
        assertThat(locks.leaseOf("hello", "staging")).isEmpty();
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
                        return replica.tryAcquire("hello", env, holder, LONG);
                    }));
                }
                List<Lease> taken = new ArrayList<>();
                for (Future<Optional<Lease>> result : results) {
                    result.get().ifPresent(taken::add);
                }

                assertThat(taken).as("holders of %s", env).hasSize(1);
                assertThat(replicaB.leaseOf("hello", env))
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
        locks.lock("hello", "production", "dana", "freeze", MONDAY);
        Lease lease = locks.tryAcquire("hello", "staging", "deploy-1", LONG).orElseThrow();
        locks.joinLine("hello", "staging", "deploy-2", LONG);
        locks.pin("hello", "production", "erin", "abc1234", MONDAY);

        assertThat(other.lock("hello", "production", "erin", "", MONDAY)).isInstanceOf(LockOutcome.HeldByOther.class);
        assertThat(other.tryAcquire("hello", "staging", "deploy-3", LONG)).isEmpty();
        assertThat(other.waiting("hello", "staging")).containsExactly("deploy-2");
        assertThat(other.pinOf("hello", "production")).isPresent();
        assertThat(other.release(lease)).isTrue();
    }

    @Test
    void theLineIsFirstComeFirstServedAndAWaiterKeepsItsPlaceWhenItRejoins() {
        assertThat(locks.joinLine("hello", "staging", "a", LONG)).isEqualTo(1);
        assertThat(locks.joinLine("hello", "staging", "b", LONG)).isEqualTo(2);
        assertThat(locks.joinLine("hello", "staging", "c", LONG)).isEqualTo(3);
        assertThat(locks.joinLine("hello", "staging", "b", LONG)).isEqualTo(2);
        assertThat(locks.joinLine("hello", "production", "z", LONG)).isEqualTo(1);
        assertThat(locks.waiting("hello", "staging")).containsExactly("a", "b", "c");

        assertThat(locks.leaveLine("hello", "staging", "a")).isTrue();
        assertThat(locks.leaveLine("hello", "staging", "a")).isFalse();

        assertThat(locks.joinLine("hello", "staging", "b", LONG)).isEqualTo(1);
        assertThat(locks.joinLine("hello", "staging", "a", LONG)).isEqualTo(3);
        assertThat(locks.waiting("hello", "staging")).containsExactly("b", "c", "a");
        assertThat(locks.waiting("other", "staging")).isEmpty();
    }

    @Test
    void aWaiterThatStopsRejoiningDropsOutAndTheLineMovesUp() {
        locks.joinLine("hello", "staging", "died-waiting", SHORT);
        locks.joinLine("hello", "staging", "alive", LONG);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> locks.waiting("hello", "staging").equals(List.of("alive")));
        assertThat(locks.joinLine("hello", "staging", "alive", LONG)).isEqualTo(1);
    }

    @Test
    void onlyTheFirstInLineTakesAFreeLease() {
        Lease running = locks.tryAcquire("hello", "staging", "running", LONG).orElseThrow();
        locks.joinLine("hello", "staging", "first", LONG);
        locks.joinLine("hello", "staging", "second", LONG);
        assertThat(locks.tryAcquire("hello", "staging", "first", LONG)).isEmpty();

        locks.release(running);

        assertThat(locks.tryAcquire("hello", "staging", "newcomer", LONG)).isEmpty();
        assertThat(locks.tryAcquire("hello", "staging", "second", LONG)).isEmpty();
        assertThat(locks.tryAcquire("hello", "staging", "first", LONG)).isPresent();
        assertThat(locks.waiting("hello", "staging")).containsExactly("second");
        assertThat(locks.tryAcquire("hello", "production", "newcomer", LONG)).isPresent();
    }

    @Test
    void aDeadWaiterFirstInLineStopsHoldingTheLeaseBack() {
        locks.joinLine("hello", "staging", "died-waiting", SHORT);
        assertThat(locks.tryAcquire("hello", "staging", "newcomer", LONG)).isEmpty();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> locks.tryAcquire("hello", "staging", "newcomer", LONG), Optional::isPresent);
    }

    @Test
    void pinsAnEnvironmentAtARevisionUntilUnpinned() {
        assertThat(locks.pinOf("hello", "production")).isEmpty();

        Pin pin = locks.pin("hello", "production", "dana", "3f2a9c1", MONDAY);

        assertThat(pin).isEqualTo(new Pin("hello", "production", "dana", "3f2a9c1", MONDAY));
        assertThat(locks.pinOf("hello", "production")).contains(pin);
        assertThat(locks.pinOf("hello", "staging")).isEmpty();

        Pin again = locks.pin("hello", "production", "erin", "d-42", MONDAY.plusSeconds(60));

        assertThat(locks.pinOf("hello", "production")).contains(again);
        assertThat(locks.unpin("hello", "production")).contains(again);
        assertThat(locks.pinOf("hello", "production")).isEmpty();
        assertThat(locks.unpin("hello", "production")).isEmpty();
    }

    @Test
    void keepsTimesToTheMillisecond() {
        Instant precise = MONDAY.plusNanos(456_789);

        assertThat(locks.lock("hello", "staging", "dana", "", precise).lock().at())
                .isEqualTo(MONDAY);
        assertThat(locks.pin("hello", "staging", "dana", "abc", precise).at()).isEqualTo(MONDAY);
        assertThat(locks.pinOf("hello", "staging"))
                .hasValueSatisfying(p -> assertThat(p.at()).isEqualTo(MONDAY));
    }
}
