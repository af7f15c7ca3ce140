package dev.pitapat.deploy;

import dev.pitapat.model.InvalidSettingException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How deploys to a busy environment wait ({@code pitapat.deploy.*}).
 *
 * @param maxWait how long a deploy waits in an environment's line before it gives up and says so
 * @param linePoll how often a waiting deploy looks whether its turn has come (and renews its place)
 */
@ConfigurationProperties("pitapat.deploy")
record DeployProperties(
        @DefaultValue("15m") Duration maxWait,
        @DefaultValue("500ms") Duration linePoll) {

    DeployProperties {
        if (maxWait.isNegative() || maxWait.compareTo(Duration.ofHours(6)) > 0) {
            throw new InvalidSettingException("pitapat.deploy.max-wait", "must be between 0s and 6h");
        }
        if (linePoll.toMillis() < 10 || linePoll.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new InvalidSettingException("pitapat.deploy.line-poll", "must be between 10ms and 10s");
        }
    }
}
