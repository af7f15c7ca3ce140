package dev.pitapat.deploy;

/**
 * A {@code push} delivery as push-to-deploy needs it.
 *
 * @param ref the pushed ref, e.g. {@code refs/heads/main}
 * @param after the sha the ref points to after the push (all zeros when the branch was deleted)
 * @param senderIsBot whether a bot pushed (pushes by bots, pitapat's own included, deploy nothing)
 */
public record PushEvent(
        String deliveryId,
        long installationId,
        String repo,
        String defaultBranch,
        String ref,
        String after,
        boolean deleted,
        String sender,
        boolean senderIsBot) {}
