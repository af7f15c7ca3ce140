package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link Leases} does; each implementation runs these same tests. */
abstract class LeasesContract {

    static final Duration SHORT = Duration.ofMillis(300);
    static final Duration LONG = Duration.ofMinutes(5);

    /** A fresh, empty store. */
    abstract Leases newLeases();

    /** The same store as {@code leases}, as another replica of the bot reaches it. */
    abstract Leases anotherReplicaOf(Leases leases);

    Leases leases;

    @BeforeEach
    void freshStore() {
        leases = newLeases();
    }

    @Test
    void takesAFreeLeaseAndSaysWhoHoldsIt() {
        assertThat(leases.holder("follower")).isEmpty();

        assertThat(leases.hold("follower", "replica-a", LONG)).isTrue();

        assertThat(leases.holder("follower")).contains("replica-a");
        assertThat(leases.holder("capacity")).isEmpty();
    }

    @Test
    void refusesASecondHolderWhileTheLeaseIsHeld() {
        leases.hold("follower", "replica-a", LONG);

        assertThat(leases.hold("follower", "replica-b", LONG)).isFalse();

        assertThat(leases.holder("follower")).contains("replica-a");
        assertThat(leases.hold("capacity", "replica-b", LONG)).isTrue();
        assertThat(leases.holder("capacity")).contains("replica-b");
    }

    @Test
    void theHolderHoldingAgainExtendsItsLease() {
        assertThat(leases.hold("follower", "replica-a", SHORT)).isTrue();

        assertThat(leases.hold("follower", "replica-a", LONG)).isTrue();

        await().during(SHORT.multipliedBy(3))
                .atMost(SHORT.multipliedBy(6))
                .until(() -> leases.holder("follower").equals(Optional.of("replica-a")));
        assertThat(leases.hold("follower", "replica-b", LONG)).isFalse();
    }

    @Test
    void afterItsTtlLapsesAnotherHolderTakesTheLease() {
        leases.hold("follower", "died-holding-it", SHORT);
        assertThat(leases.hold("follower", "replica-b", LONG)).isFalse();

        await().atMost(Duration.ofSeconds(10)).until(() -> leases.hold("follower", "replica-b", LONG));

        assertThat(leases.holder("follower")).contains("replica-b");
        assertThat(leases.release("follower", "died-holding-it")).isFalse();
        assertThat(leases.holder("follower")).contains("replica-b");
    }

    @Test
    void aLapsedLeaseHasNoHolder() {
        leases.hold("follower", "died-holding-it", SHORT);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> leases.holder("follower").isEmpty());

        assertThat(leases.release("follower", "died-holding-it")).isFalse();
    }

    @Test
    void onlyTheHolderGivesTheLeaseUp() {
        leases.hold("follower", "replica-a", LONG);

        assertThat(leases.release("follower", "replica-b")).isFalse();
        assertThat(leases.release("capacity", "replica-a")).isFalse();
        assertThat(leases.holder("follower")).contains("replica-a");

        assertThat(leases.release("follower", "replica-a")).isTrue();

        assertThat(leases.holder("follower")).isEmpty();
        assertThat(leases.release("follower", "replica-a")).isFalse();
        assertThat(leases.hold("follower", "replica-b", LONG)).isTrue();
    }

    @Test
    void anotherReplicaSeesWhoHoldsTheLeaseAndCanNeitherTakeNorGiveItUp() {
        Leases other = anotherReplicaOf(leases);
        leases.hold("follower", "replica-a", LONG);

        assertThat(other.holder("follower")).contains("replica-a");
        assertThat(other.hold("follower", "replica-b", LONG)).isFalse();
        assertThat(other.release("follower", "replica-b")).isFalse();

        assertThat(other.release("follower", "replica-a")).isTrue();
        assertThat(leases.holder("follower")).isEmpty();
    }

    @Test
    void acceptsNamesAndHoldersOfAnyPrintableAsciiUpTo200CharactersAndNoLonger() {
        String longest = "x".repeat(199) + "~";
        String punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

        assertThat(leases.hold(longest, punctuation, LONG)).isTrue();
        assertThat(leases.hold(punctuation, longest, LONG)).isTrue();

        assertThat(leases.holder(longest)).contains(punctuation);
        assertThat(leases.holder(punctuation)).contains(longest);
        assertThat(leases.release(punctuation, longest)).isTrue();
        assertThatThrownBy(() -> leases.hold(longest + "x", "replica-a", LONG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> leases.hold("follower", longest + "x", LONG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(leases.holder("follower")).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                " ",
                "cluster follower",
                "follower ",
                "tab\there",
                "line\nbreak",
                "nul\u0000",
                "del\u007F",
                "caf\u00E9",
                "rocket\uD83D\uDE80"
            })
    void refusesNamesAndHoldersThatAreNotPrintableAsciiWithoutSpacesWithoutQuotingThem(String word) {
        List<Consumer<String>> calls = List.of(
                w -> leases.hold(w, "replica-a", LONG),
                w -> leases.hold("follower", w, LONG),
                w -> leases.release(w, "replica-a"),
                w -> leases.release("follower", w),
                w -> leases.holder(w));

        for (Consumer<String> call : calls) {
            assertThatThrownBy(() -> call.accept(word))
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> {
                        if (word != null && word.length() > 3) {
                            assertThat(e.getMessage()).doesNotContain(word.strip());
                        }
                    });
        }
        assertThat(leases.holder("follower")).isEmpty();
    }

    @Test
    void refusesATtlUnderOneMillisecond() {
        for (Duration ttl : new Duration[] {null, Duration.ZERO, Duration.ofNanos(999_999), Duration.ofMillis(-1)}) {
            assertThatThrownBy(() -> leases.hold("follower", "replica-a", ttl))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        assertThat(leases.holder("follower")).isEmpty();
    }

    @Test
    void exactlyOneOfEightReplicasRacingForAFreeLeaseTakesIt() throws Exception {
        Leases replicaA = leases;
        Leases replicaB = anotherReplicaOf(leases);
        int replicas = 8;
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            for (int round = 0; round < 25; round++) { // a race lost once in a while still shows
                String name = "race-" + round;
                CyclicBarrier start = new CyclicBarrier(replicas);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < replicas; i++) {
                    Leases store = i % 2 == 0 ? replicaA : replicaB;
                    String holder = "replica-" + i;
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.hold(name, holder, LONG);
                    }));
                }
                List<String> holders = new ArrayList<>();
                for (int i = 0; i < replicas; i++) {
                    if (results.get(i).get()) {
                        holders.add("replica-" + i);
                    }
                }

                assertThat(holders).as("holders of %s", name).hasSize(1);
                assertThat(replicaB.holder(name)).contains(holders.getFirst());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
