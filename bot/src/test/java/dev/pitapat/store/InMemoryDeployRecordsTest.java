package dev.pitapat.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.testing.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryDeployRecordsTest extends DeployRecordsContract {

    static final Instant MONDAY = Instant.parse("2026-03-02T09:15:30.123Z");

    @Override
    DeployRecords newRecords() {
        return new InMemoryDeployRecords(Clock.systemUTC());
    }

    @Override
    DeployRecords anotherReplicaOf(DeployRecords records) {
        return records; // one replica: every caller shares the instance
    }

    @Test
    void aRecordLivesForTheRetentionAfterItsLastWriteOnTheInjectedClock() {
        MovableClock clock = new MovableClock(MONDAY);
        DeployRecords records = new InMemoryDeployRecords(clock);
        records.create(FIRST, "{\"step\":\"accepted\"}");
        records.create(SECOND, "{\"step\":\"accepted\"}");
        clock.set(MONDAY.plus(Duration.ofDays(20)));
        records.update(FIRST, "{\"step\":\"watching\"}", DeployRecords.Standing.OPEN);

        clock.set(MONDAY.plus(DeployRecords.RETENTION).minusMillis(1));
        assertThat(records.get(SECOND)).isPresent();
        assertThat(records.open()).containsExactly(FIRST, SECOND);

        clock.set(MONDAY.plus(DeployRecords.RETENTION));
        assertThat(records.get(SECOND)).isEmpty();
        assertThat(records.open()).containsExactly(FIRST);

        Instant firstExpires = MONDAY.plus(Duration.ofDays(20)).plus(DeployRecords.RETENTION);
        clock.set(firstExpires.minusMillis(1));
        assertThat(records.get(FIRST)).contains("{\"step\":\"watching\"}");

        clock.set(firstExpires);
        assertThat(records.get(FIRST)).isEmpty();
        assertThat(records.open()).isEmpty();
    }

    @Test
    void anExpiredRecordCanBeCreatedAgainAndIsThenTheNewestOpen() {
        MovableClock clock = new MovableClock(MONDAY);
        DeployRecords records = new InMemoryDeployRecords(clock);
        records.create(FIRST, "{\"attempt\":1}");
        clock.set(MONDAY.plus(Duration.ofDays(10)));
        records.create(SECOND, "{}");

        clock.set(MONDAY.plus(DeployRecords.RETENTION));
        assertThat(records.create(FIRST, "{\"attempt\":2}")).isTrue();

        assertThat(records.get(FIRST)).contains("{\"attempt\":2}");
        assertThat(records.open()).containsExactly(SECOND, FIRST);
    }

    @Test
    void aFollowedRecordLeavesTheFollowedSetWhenItsRetentionIsUpAndComesBackOpenNotFollowed() {
        MovableClock clock = new MovableClock(MONDAY);
        DeployRecords records = new InMemoryDeployRecords(clock);
        records.update(FIRST, "{\"step\":\"committed\"}", DeployRecords.Standing.FOLLOWED);
        clock.set(MONDAY.plus(Duration.ofDays(10)));
        records.update(SECOND, "{}", DeployRecords.Standing.FOLLOWED);

        clock.set(MONDAY.plus(DeployRecords.RETENTION).minusMillis(1));
        assertThat(records.followed()).containsExactly(FIRST, SECOND);

        clock.set(MONDAY.plus(DeployRecords.RETENTION));
        assertThat(records.followed()).containsExactly(SECOND);
        assertThat(records.create(FIRST, "{\"attempt\":2}")).isTrue();
        assertThat(records.followed()).containsExactly(SECOND);
        assertThat(records.open()).containsExactly(FIRST);
    }

    @Test
    void aRecordFollowedAgainAfterItExpiredGoesLastEvenWhenTheClockWentBack() {
        MovableClock clock = new MovableClock(MONDAY);
        DeployRecords records = new InMemoryDeployRecords(clock);
        records.create(FOURTH, "{}");
        Instant back = MONDAY.minus(Duration.ofHours(1)); // the host's clock was stepped back
        clock.set(back);
        records.update(FIRST, "{}", DeployRecords.Standing.FOLLOWED);
        clock.set(back.plusSeconds(1));
        records.update(SECOND, "{}", DeployRecords.Standing.FOLLOWED);

        clock.set(back.plus(DeployRecords.RETENTION)); // FIRST is gone, though written after FOURTH
        records.update(FIRST, "{}", DeployRecords.Standing.FOLLOWED);

        assertThat(records.followed()).containsExactly(SECOND, FIRST);
        assertThat(records.open()).containsExactly(FOURTH);
    }

    @Test
    void aRecordCreatedAgainAfterItExpiredWhileFollowedIsNoLongerFollowedEvenWhenTheClockWentBack() {
        MovableClock clock = new MovableClock(MONDAY);
        DeployRecords records = new InMemoryDeployRecords(clock);
        records.create(FOURTH, "{}");
        Instant back = MONDAY.minus(Duration.ofHours(1)); // the host's clock was stepped back
        clock.set(back);
        records.update(FIRST, "{}", DeployRecords.Standing.FOLLOWED);

        clock.set(back.plus(DeployRecords.RETENTION)); // FIRST is gone, though written after FOURTH
        assertThat(records.create(FIRST, "{\"attempt\":2}")).isTrue();

        assertThat(records.followed()).isEmpty();
        assertThat(records.open()).containsExactly(FOURTH, FIRST);
    }

    @Test
    void aThreadLivesAsLongAsItsNewestEntryOnTheInjectedClock() {
        MovableClock clock = new MovableClock(MONDAY);
        DeployRecords records = new InMemoryDeployRecords(clock);
        records.append("hello/production", FIRST, 5);
        clock.set(MONDAY.plus(Duration.ofDays(10)));
        records.append("hello/production", SECOND, 5);
        records.append("hello/staging", THIRD, 5);
        Instant newestExpires = MONDAY.plus(Duration.ofDays(10)).plus(DeployRecords.RETENTION);

        clock.set(newestExpires.minusMillis(1));
        assertThat(records.thread("hello/production")).containsExactly(FIRST, SECOND);

        clock.set(newestExpires);
        assertThat(records.thread("hello/production")).isEmpty();
        assertThat(records.thread("hello/staging")).isEmpty();
        records.append("hello/production", FOURTH, 5);
        assertThat(records.thread("hello/production")).containsExactly(FOURTH);
    }

    @Test
    void whatWasWrittenAfterTheClockWentBackStillExpiresOnTime() {
        MovableClock clock = new MovableClock(MONDAY);
        DeployRecords records = new InMemoryDeployRecords(clock);
        records.create(FIRST, "{}");
        records.append("hello/production", FIRST, 5);
        clock.set(MONDAY.minus(Duration.ofHours(1))); // the host's clock was stepped back
        records.create(SECOND, "{}");
        records.append("hello/staging", SECOND, 5);

        clock.set(MONDAY.minus(Duration.ofHours(1)).plus(DeployRecords.RETENTION));

        assertThat(records.get(SECOND)).isEmpty();
        assertThat(records.thread("hello/staging")).isEmpty();
        assertThat(records.open()).containsExactly(FIRST);
        assertThat(records.thread("hello/production")).containsExactly(FIRST);
    }
}
