package dev.pitapat.command;

import java.util.Optional;

/**
 * A Promote, Rollback or Abort button pressed on a {@code deploy/<env>} check run ({@code check_run}
 * {@code requested_action}). It runs as the same command typed in the pull request would, with the same
 * authorization.
 *
 * @param checkRunName the check run's name, {@code deploy/<env>}
 * @param identifier the button's identifier: {@code promote}, {@code rollback} or {@code abort}
 * @param pullRequest the pull request the check run belongs to, where the answer goes
 */
public record ButtonPress(
        String deliveryId,
        long installationId,
        String repo,
        String defaultBranch,
        String checkRunName,
        String identifier,
        Optional<Integer> pullRequest,
        String presser,
        boolean presserIsBot) {}
