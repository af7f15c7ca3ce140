package dev.pitapat.config;

import dev.pitapat.model.EnvName;
import dev.pitapat.model.Permission;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of {@code environments}, read from the default branch only.
 *
 * @param deployOn {@code deploy-on}: what deploys it without a command, if anything
 * @param promotion how a rollout switches traffic; {@link Promotion#AUTO} by default
 * @param requiredPermission the role a commenter needs to deploy here; {@link Permission#WRITE} by default
 * @param host the public host name, if any: lower-case DNS name
 * @param after the environment a revision must have reached first, if any
 * @param requires what the pull request must have before deploying here
 * @param production {@code production}: whether its GitHub Deployments are production ones, when the file says
 * @param promotionTimeout {@code promotion-timeout} (manual promotion only): a blue-green preview nobody promotes
 *     within it is aborted
 */
public record Environment(
        Optional<DeployOn> deployOn,
        Promotion promotion,
        Permission requiredPermission,
        Optional<String> host,
        Optional<EnvName> after,
        Set<Requirement> requires,
        Optional<Boolean> production,
        Optional<Duration> promotionTimeout) {

    /** {@code {}}: no automatic deploy, automatic promotion, {@code write}, no host, no order, no requirement. */
    public static final Environment DEFAULT = new Environment(
            Optional.empty(),
            Promotion.AUTO,
            Permission.WRITE,
            Optional.empty(),
            Optional.empty(),
            Set.of(),
            Optional.empty(),
            Optional.empty());

    public Environment {
        requires = Set.copyOf(requires);
    }

    /** Whether {@code name}'s GitHub Deployments are production ones: as the file says, else only for production. */
    public boolean isProduction(EnvName name) {
        return production.orElse(name.value().equals("production"));
    }
}
