package dev.pitapat.deploy;

import dev.pitapat.model.InvalidSettingException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How deploys to a busy environment wait ({@code pitapat.deploy.*}).
 *
 * @param maxWait how long a deploy waits in an environment's line before it gives up and says so
 * @param linePoll how often the line of each environment is looked at: whether a waiting deploy's turn has come
 * @param lease how long an environment's deploy hold lasts without renewal; a running deploy renews it, a
 *     dead one lets it lapse and the deploy is resumed (by any replica)
 */
@ConfigurationProperties("pitapat.deploy")
record DeployProperties(
        @DefaultValue("15m") Duration maxWait,
        @DefaultValue("500ms") Duration linePoll,
        @DefaultValue("2m") Duration lease) {

    DeployProperties {
        if (maxWait.isNegative() || maxWait.compareTo(Duration.ofHours(6)) > 0) {
            throw new InvalidSettingException("pitapat.deploy.max-wait", "must be between 0s and 6h");
        }
        if (linePoll.toMillis() < 10 || linePoll.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new InvalidSettingException("pitapat.deploy.line-poll", "must be between 10ms and 10s");
        }
        if (lease.compareTo(Duration.ofSeconds(5)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidSettingException("pitapat.deploy.lease", "must be between 5s and 1h");
        }
    }
}
