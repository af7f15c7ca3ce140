package dev.pitapat.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.model.DeploymentId;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeploymentIdsTest {

    @Test
    void holdsExactlyTheIdsAddedThroughGrowingAndClearing() {
        DeploymentIds ids = new DeploymentIds();
        Random random = new Random(7);
        Set<DeploymentId> added = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            DeploymentId id = DeploymentId.random(random);
            assertThat(ids.add(id)).isEqualTo(added.add(id));
        }
        DeploymentId lowest = new DeploymentId("d-000000000000");
        DeploymentId highest = new DeploymentId("d-ffffffffffff");
        ids.add(lowest);
        ids.add(highest);

        assertThat(added).allMatch(ids::contains);
        assertThat(ids.contains(lowest)).isTrue();
        assertThat(ids.contains(highest)).isTrue();
        assertThat(ids.add(lowest)).isFalse();
        assertThat(ids.size()).isEqualTo(added.size() + 2);
        for (int i = 0; i < 20_000; i++) {
            DeploymentId other = DeploymentId.random(random);
            assertThat(ids.contains(other)).isEqualTo(added.contains(other));
        }
        ids.clear();
        assertThat(ids.size()).isZero();
        assertThat(ids.contains(added.iterator().next())).isFalse();
    }
}
