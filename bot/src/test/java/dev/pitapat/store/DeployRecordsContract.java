package dev.pitapat.store;

import static dev.pitapat.store.DeployRecords.Standing.DONE;
import static dev.pitapat.store.DeployRecords.Standing.FOLLOWED;
import static dev.pitapat.store.DeployRecords.Standing.OPEN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.store.DeployRecords.Standing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link DeployRecords} does; each implementation runs these same tests. */
abstract class DeployRecordsContract {

    // creation order is neither alphabetical nor its reverse
    static final String FIRST = "d-8a0000000001";
    static final String SECOND = "d-000000000002";
    static final String THIRD = "d-ffffffffffff";
    static final String FOURTH = "d-4c0000000004";

    /** A fresh, empty store. */
    abstract DeployRecords newRecords();

    /** The same store as {@code records}, as another replica of the bot reaches it. */
    abstract DeployRecords anotherReplicaOf(DeployRecords records);

    DeployRecords records;

    @BeforeEach
    void freshStore() {
        records = newRecords();
    }

    @Test
    void createsARecordOpenAndReadsItBack() {
        assertThat(records.get(FIRST)).isEmpty();

        assertThat(records.create(FIRST, "{\"step\":\"accepted\"}")).isTrue();

        assertThat(records.get(FIRST)).contains("{\"step\":\"accepted\"}");
        assertThat(records.get(SECOND)).isEmpty();
        assertThat(records.open()).containsExactly(FIRST);
    }

    @Test
    void creatingAnIdThatExistsKeepsTheFirstDocumentAndSaysSo() {
        records.create(FIRST, "{\"attempt\":1}");

        assertThat(records.create(FIRST, "{\"attempt\":2}")).isFalse();

        assertThat(records.get(FIRST)).contains("{\"attempt\":1}");
        assertThat(records.open()).containsExactly(FIRST);
    }

    @Test
    void creatingAFinishedRecordAgainDoesNotReopenIt() {
        records.create(FIRST, "{\"step\":\"accepted\"}");
        records.update(FIRST, "{\"step\":\"done\"}", DONE);

        assertThat(records.create(FIRST, "{\"step\":\"accepted\"}")).isFalse();

        assertThat(records.get(FIRST)).contains("{\"step\":\"done\"}");
        assertThat(records.open()).isEmpty();
    }

    @Test
    void listsOpenRecordsOldestFirstAndDropsThoseThatFinished() {
        records.create(FIRST, "{}");
        records.create(SECOND, "{}");
        records.create(THIRD, "{}");
        records.create(FOURTH, "{}");
        assertThat(records.open()).containsExactly(FIRST, SECOND, THIRD, FOURTH);

        records.update(SECOND, "{\"step\":\"done\"}", DONE);
        records.update(FIRST, "{\"step\":\"rendering\"}", OPEN);

        assertThat(records.open()).containsExactly(FIRST, THIRD, FOURTH);
        assertThat(records.get(SECOND)).contains("{\"step\":\"done\"}");
        assertThat(records.get(FIRST)).contains("{\"step\":\"rendering\"}");
    }

    @Test
    void updatingARecordThatDoesNotExistStoresIt() {
        records.create(FIRST, "{}");

        records.update(SECOND, "{\"step\":\"watching\"}", OPEN);
        records.update(THIRD, "{\"step\":\"done\"}", DONE);

        assertThat(records.get(SECOND)).contains("{\"step\":\"watching\"}");
        assertThat(records.get(THIRD)).contains("{\"step\":\"done\"}");
        assertThat(records.open()).containsExactly(FIRST, SECOND);
    }

    @Test
    void reopeningAFinishedRecordPutsItLast() {
        records.create(FIRST, "{}");
        records.create(SECOND, "{}");
        records.update(FIRST, "{}", DONE);

        records.update(FIRST, "{\"step\":\"retrying\"}", OPEN);

        assertThat(records.open()).containsExactly(SECOND, FIRST);
    }

    @Test
    void aRecordMovesFromOpenToFollowedToDoneAndIsInOneSetAtATime() {
        records.create(FIRST, "{\"step\":\"accepted\"}");
        records.create(SECOND, "{}");

        records.update(FIRST, "{\"step\":\"committed\"}", FOLLOWED);

        assertThat(records.open()).containsExactly(SECOND);
        assertThat(records.followed()).containsExactly(FIRST);
        assertThat(records.get(FIRST)).contains("{\"step\":\"committed\"}");

        records.update(FIRST, "{\"step\":\"healthy\"}", DONE);

        assertThat(records.open()).containsExactly(SECOND);
        assertThat(records.followed()).isEmpty();
        assertThat(records.get(FIRST)).contains("{\"step\":\"healthy\"}");
    }

    @Test
    void listsFollowedRecordsInTheOrderTheyWereFollowedNotCreated() {
        records.create(FIRST, "{}");
        records.create(SECOND, "{}");
        records.create(THIRD, "{}");
        records.create(FOURTH, "{}");

        records.update(THIRD, "{}", FOLLOWED);
        records.update(FIRST, "{}", FOLLOWED);
        records.update(FOURTH, "{}", FOLLOWED);

        assertThat(records.followed()).containsExactly(THIRD, FIRST, FOURTH);
        assertThat(records.open()).containsExactly(SECOND);
    }

    @Test
    void followingARecordAlreadyFollowedKeepsItsPlaceAndReplacesItsDocument() {
        records.create(FIRST, "{}");
        records.create(SECOND, "{}");
        records.update(FIRST, "{\"sync\":\"OutOfSync\"}", FOLLOWED);
        records.update(SECOND, "{}", FOLLOWED);

        records.update(FIRST, "{\"sync\":\"Synced\"}", FOLLOWED);
        records.update(FIRST, "{\"sync\":\"Synced\"}", FOLLOWED);

        assertThat(records.followed()).containsExactly(FIRST, SECOND);
        assertThat(records.get(FIRST)).contains("{\"sync\":\"Synced\"}");
        assertThat(records.open()).isEmpty();
    }

    @Test
    void aRecordFollowedAgainAfterLeavingTheFollowedSetGoesLast() {
        records.create(FIRST, "{}");
        records.create(SECOND, "{}");
        records.update(FIRST, "{}", FOLLOWED);
        records.update(SECOND, "{}", FOLLOWED);

        records.update(FIRST, "{}", OPEN);
        assertThat(records.followed()).containsExactly(SECOND);
        assertThat(records.open()).containsExactly(FIRST);

        records.update(FIRST, "{}", FOLLOWED);
        assertThat(records.followed()).containsExactly(SECOND, FIRST);
        assertThat(records.open()).isEmpty();
    }

    @Test
    void aFollowedRecordOpenedAgainGoesLastInTheOpenSet() {
        records.create(FIRST, "{}");
        records.create(SECOND, "{}");
        records.update(FIRST, "{}", FOLLOWED);

        records.update(FIRST, "{\"step\":\"retrying\"}", OPEN);

        assertThat(records.open()).containsExactly(SECOND, FIRST);
        assertThat(records.followed()).isEmpty();
    }

    @Test
    void finishingARecordTwiceOrARecordNeverFollowedChangesNoSet() {
        records.create(FIRST, "{}");
        records.create(SECOND, "{}");
        records.update(SECOND, "{}", FOLLOWED);

        records.update(FIRST, "{\"step\":\"done\"}", DONE);
        records.update(FIRST, "{\"step\":\"done\"}", DONE);

        assertThat(records.open()).isEmpty();
        assertThat(records.followed()).containsExactly(SECOND);
        assertThat(records.get(FIRST)).contains("{\"step\":\"done\"}");
    }

    @Test
    void updatingARecordThatDoesNotExistAsFollowedStoresItFollowed() {
        records.update(FIRST, "{\"step\":\"committed\"}", FOLLOWED);

        assertThat(records.get(FIRST)).contains("{\"step\":\"committed\"}");
        assertThat(records.followed()).containsExactly(FIRST);
        assertThat(records.open()).isEmpty();
    }

    @Test
    void creatingAFollowedRecordAgainNeitherReopensItNorUnfollowsIt() {
        records.create(FIRST, "{\"step\":\"accepted\"}");
        records.update(FIRST, "{\"step\":\"committed\"}", FOLLOWED);

        assertThat(records.create(FIRST, "{\"step\":\"accepted\"}")).isFalse();

        assertThat(records.get(FIRST)).contains("{\"step\":\"committed\"}");
        assertThat(records.open()).isEmpty();
        assertThat(records.followed()).containsExactly(FIRST);
    }

    @Test
    void anotherReplicaSeesWhatIsFollowedAndWhatIsNoLonger() {
        DeployRecords other = anotherReplicaOf(records);
        records.create(FIRST, "{}");
        records.create(SECOND, "{}");
        records.create(THIRD, "{}");

        other.update(SECOND, "{}", FOLLOWED);
        records.update(FIRST, "{}", FOLLOWED);

        assertThat(records.followed()).containsExactly(SECOND, FIRST);
        assertThat(other.followed()).containsExactly(SECOND, FIRST);
        assertThat(other.open()).containsExactly(THIRD);

        other.update(SECOND, "{}", DONE);

        assertThat(records.followed()).containsExactly(FIRST);
        assertThat(records.open()).containsExactly(THIRD);
    }

    @Test
    void appendingKeepsEachIdOnceAndOnlyTheNewestEntries() {
        records.append("hello/pr-7/staging", FIRST, 3);
        records.append("hello/pr-7/staging", SECOND, 3);
        records.append("hello/pr-7/staging", FIRST, 3);
        records.append("hello/pr-7/staging", THIRD, 3);
        assertThat(records.thread("hello/pr-7/staging")).containsExactly(FIRST, SECOND, THIRD);

        records.append("hello/pr-7/staging", FOURTH, 3);
        assertThat(records.thread("hello/pr-7/staging")).containsExactly(SECOND, THIRD, FOURTH);

        records.append("hello/pr-7/staging", SECOND, 3);
        assertThat(records.thread("hello/pr-7/staging")).containsExactly(SECOND, THIRD, FOURTH);

        records.append("hello/pr-7/staging", FIRST, 2);
        assertThat(records.thread("hello/pr-7/staging")).containsExactly(FOURTH, FIRST);
    }

    @Test
    void threadsAreSeparateFromEachOtherAndFromRecords() {
        records.append("hello/pr-7/staging", FIRST, 10);
        records.append("hello/production", SECOND, 10);
        records.append(THIRD, FOURTH, 10); // a thread named like a record
        records.create(THIRD, "{\"step\":\"accepted\"}");

        assertThat(records.thread("hello/pr-7/staging")).containsExactly(FIRST);
        assertThat(records.thread("hello/production")).containsExactly(SECOND);
        assertThat(records.thread(THIRD)).containsExactly(FOURTH);
        assertThat(records.thread("hello/pr-8/staging")).isEmpty();
        assertThat(records.get(THIRD)).contains("{\"step\":\"accepted\"}");
        assertThat(records.get(FIRST)).isEmpty();
        assertThat(records.open()).containsExactly(THIRD);
    }

    @Test
    void acceptsThreadNamesOfAnyPrintableAsciiUpTo200CharactersAndNoLonger() {
        String longest = "x".repeat(199) + "~";
        String punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

        records.append(longest, FIRST, 1);
        records.append(punctuation, SECOND, 1);

        assertThat(records.thread(longest)).containsExactly(FIRST);
        assertThat(records.thread(punctuation)).containsExactly(SECOND);
        assertThatThrownBy(() -> records.append(longest + "x", THIRD, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> records.thread(longest + "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "d-",
                "d-0123456789a",
                "d-0123456789abc",
                "d-0123456789AB",
                "D-0123456789ab",
                "e-0123456789ab",
                "0123456789abcdef",
                "d-0123456789ag",
                " d-0123456789ab",
                "d-0123456789ab\n",
                "d-0123456789a\uFF11",
                "d-0123456789ab:open",
                "d-*"
            })
    void refusesIdsThatAreNotDeploymentIdsWithoutQuotingThem(String id) {
        List<Consumer<String>> calls = List.of(
                i -> records.create(i, "{}"),
                i -> records.update(i, "{}", OPEN),
                i -> records.update(i, "{}", FOLLOWED),
                i -> records.get(i),
                i -> records.append("hello/production", i, 5));

        for (Consumer<String> call : calls) {
            assertThatThrownBy(() -> call.accept(id))
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> {
                        if (id != null && id.length() > 3) {
                            assertThat(e.getMessage()).doesNotContain(id.strip());
                        }
                    });
        }
        assertThat(records.open()).isEmpty();
        assertThat(records.followed()).isEmpty();
        assertThat(records.thread("hello/production")).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                " ",
                "hello production",
                "hello/production ",
                "tab\there",
                "line\nbreak",
                "nul\u0000",
                "del\u007F",
                "caf\u00E9",
                "rocket\uD83D\uDE80"
            })
    void refusesThreadNamesWithSpacesOrCharactersOutsidePrintableAsciiWithoutQuotingThem(String thread) {
        assertThatThrownBy(() -> records.append(thread, FIRST, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    if (thread != null && thread.length() > 3) {
                        assertThat(e.getMessage()).doesNotContain(thread.strip());
                    }
                });
        assertThatThrownBy(() -> records.thread(thread)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void refusesToKeepFewerThanOneEntry(int keep) {
        assertThatThrownBy(() -> records.append("hello/production", FIRST, keep))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(records.thread("hello/production")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Standing.class)
    void refusesARecordWithoutADocument(Standing standing) {
        assertThatThrownBy(() -> records.create(FIRST, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> records.update(FIRST, null, standing)).isInstanceOf(IllegalArgumentException.class);

        assertThat(records.get(FIRST)).isEmpty();
        assertThat(records.open()).isEmpty();
        assertThat(records.followed()).isEmpty();
    }

    @Test
    void refusesAnUpdateWithoutAStanding() {
        records.create(FIRST, "{}");

        assertThatThrownBy(() -> records.update(FIRST, "{\"step\":\"lost\"}", null))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(records.get(FIRST)).contains("{}");
        assertThat(records.open()).containsExactly(FIRST);
        assertThat(records.followed()).isEmpty();
    }

    @Test
    void exactlyOneOfEightConcurrentCreatesOfOneIdOnTwoReplicasMakesTheRecord() throws Exception {
        DeployRecords replicaA = records;
        DeployRecords replicaB = anotherReplicaOf(records);
        int creators = 8;
        ExecutorService pool = Executors.newFixedThreadPool(creators);
        try {
            for (int round = 0; round < 25; round++) { // a race lost once in a while still shows
                String id = String.format("d-%012x", 0xace000 + round);
                CyclicBarrier start = new CyclicBarrier(creators);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < creators; i++) {
                    DeployRecords replica = i % 2 == 0 ? replicaA : replicaB;
                    String json = "{\"creator\":" + i + "}";
                    results.add(pool.submit(() -> {
                        start.await();
                        return replica.create(id, json);
                    }));
                }
                List<Integer> created = new ArrayList<>();
                for (int i = 0; i < creators; i++) {
                    if (results.get(i).get()) {
                        created.add(i);
                    }
                }

                assertThat(created).as("creators of %s", id).hasSize(1);
                assertThat(replicaB.get(id)).contains("{\"creator\":" + created.getFirst() + "}");
            }
            assertThat(replicaA.open()).hasSize(25).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentMovesOfOneRecordOnTwoReplicasLeaveItWhereItsDocumentSaysInOneSetAtMost() throws Exception {
        DeployRecords replicaA = records;
        DeployRecords replicaB = anotherReplicaOf(records);
        int movers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(movers);
        try {
            for (int round = 0; round < 25; round++) { // a race lost once in a while still shows
                String id = String.format("d-%012x", 0xf011000 + round);
                replicaA.create(id, "{}");
                CyclicBarrier start = new CyclicBarrier(movers);
                List<Future<?>> moves = new ArrayList<>();
                for (int i = 0; i < movers; i++) {
                    DeployRecords replica = i % 2 == 0 ? replicaA : replicaB;
                    Standing standing = Standing.values()[i % Standing.values().length];
                    moves.add(pool.submit(() -> {
                        start.await();
                        replica.update(id, standing.name(), standing);
                        return null;
                    }));
                }
                for (Future<?> move : moves) {
                    move.get();
                }

                Standing last = Standing.valueOf(replicaB.get(id).orElseThrow());
                assertThat(replicaB.open().contains(id)).as("%s open", id).isEqualTo(last == OPEN);
                assertThat(replicaB.followed().contains(id))
                        .as("%s followed", id)
                        .isEqualTo(last == FOLLOWED);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keepsDocumentsUpTo256KibByteForByte() {
        String created = document(256 * 1024, "caf\u00E9 \u65E5\u672C \uD83D\uDE80 \u0000\\\"\r\n\t");
        String updated = document(256 * 1024, "\u00FC\u00F1\u00EE\u00E7\u00F8d\u00E9 \uD83E\uDDEA ");
        assertThat(created.getBytes(UTF_8)).hasSize(256 * 1024);

        records.create(FIRST, created);
        assertThat(records.get(FIRST).orElseThrow().getBytes(UTF_8)).isEqualTo(created.getBytes(UTF_8));

        records.update(FIRST, updated, OPEN);
        assertThat(records.get(FIRST).orElseThrow().getBytes(UTF_8)).isEqualTo(updated.getBytes(UTF_8));

        records.update(SECOND, "", DONE);
        assertThat(records.get(SECOND)).contains("");
    }

    @Test
    void anotherReplicaSeesTheSameRecordsOpenSetAndThreads() {
        DeployRecords other = anotherReplicaOf(records);
        records.create(FIRST, "{\"by\":\"a\"}");
        records.create(SECOND, "{\"by\":\"a\"}");
        records.append("hello/production", FIRST, 5);

        assertThat(other.create(FIRST, "{\"by\":\"b\"}")).isFalse();
        other.update(SECOND, "{\"done\":true}", DONE);
        other.append("hello/production", SECOND, 5);

        assertThat(records.get(FIRST)).contains("{\"by\":\"a\"}");
        assertThat(records.get(SECOND)).contains("{\"done\":true}");
        assertThat(records.open()).containsExactly(FIRST);
        assertThat(records.thread("hello/production")).containsExactly(FIRST, SECOND);
    }

    /** JSON text of exactly {@code size} UTF-8 bytes, {@code unit} repeated, padded with ASCII. */
    static String document(int size, String unit) {
        StringBuilder json = new StringBuilder("{\"log\":\"");
        int bytes = json.length() + 2;
        int unitBytes = unit.getBytes(UTF_8).length;
        while (bytes + unitBytes <= size) {
            json.append(unit);
            bytes += unitBytes;
        }
        json.append("x".repeat(size - bytes)).append("\"}");
        return json.toString();
    }
}
