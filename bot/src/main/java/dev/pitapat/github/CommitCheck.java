package dev.pitapat.github;

import java.util.OptionalLong;

/**
 * One check of a commit: a check run (the latest of its name) or a commit status (the latest of its
 * context), reduced to whether it passed.
 *
 * @param name the check run's name or the status's context
 * @param result {@link Result#PENDING} until it has finished
 * @param detail GitHub's word for it: the check run's conclusion or status, or the commit status's state
 * @param appId the GitHub App that made a check run; empty for a commit status
 */
public record CommitCheck(String name, Result result, String detail, OptionalLong appId) {

    public enum Result {
        PASSED,
        FAILED,
        PENDING
    }

    /** A check run: {@code success}, {@code neutral} and {@code skipped} pass, other conclusions fail. */
    public static CommitCheck ofCheckRun(String name, String status, String conclusion, OptionalLong appId) {
        if (!status.equals("completed")) {
            return new CommitCheck(name, Result.PENDING, status, appId);
        }
        Result result = switch (conclusion) {
            case "success", "neutral", "skipped" -> Result.PASSED;
            default -> Result.FAILED;
        };
        return new CommitCheck(name, result, conclusion, appId);
    }

    /** A commit status: {@code success} passes, {@code pending} waits, {@code failure} and {@code error} fail. */
    static CommitCheck ofStatus(String context, String state) {
        Result result = switch (state) {
            case "success" -> Result.PASSED;
            case "pending" -> Result.PENDING;
            default -> Result.FAILED;
        };
        return new CommitCheck(context, result, state, OptionalLong.empty());
    }
}
