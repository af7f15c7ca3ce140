package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link CapacityLog} does; each implementation runs these same tests. */
abstract class CapacityLogContract {

    /** A fresh, empty store. */
    abstract CapacityLog newLog();

    /** The same store as {@code log}, as another replica of the bot reaches it. */
    abstract CapacityLog anotherReplicaOf(CapacityLog log);

    CapacityLog log;

    @BeforeEach
    void freshStore() {
        log = newLog();
    }

    @Test
    void anEmptyStoreHasNoMemoryAndNoReports() {
        assertThat(log.memory()).isEmpty();
        assertThat(log.recent(10)).isEmpty();
    }

    @Test
    void theMemoryIsReplacedAndSeenByAnotherReplica() {
        log.remember("{\"streak\":1}");
        log.remember("{\"streak\":2}");

        assertThat(anotherReplicaOf(log).memory()).contains("{\"streak\":2}");
    }

    @Test
    void reportsComeNewestFirstUpToTheLimit() {
        for (int i = 1; i <= 5; i++) {
            log.append("{\"n\":" + i + "}", 100);
        }

        assertThat(log.recent(3)).containsExactly("{\"n\":5}", "{\"n\":4}", "{\"n\":3}");
        assertThat(anotherReplicaOf(log).recent(100)).hasSize(5);
        assertThat(log.recent(0)).isEmpty();
    }

    @Test
    void onlyTheNewestReportsAreKept() {
        for (int i = 1; i <= 5; i++) {
            log.append("{\"n\":" + i + "}", 2);
        }

        assertThat(log.recent(10)).containsExactly("{\"n\":5}", "{\"n\":4}");
    }

    @Test
    void keepingNoReportIsRefused() {
        assertThatThrownBy(() -> log.append("{}", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.recent(10)).isEmpty();
    }
}
