package dev.pitapat.gitops;

import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.InvalidValueException;
import dev.pitapat.model.Target;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One environment folder as it should be after a commit, and who asked for it.
 *
 * @param target the folder {@code apps/<app>/<env>/}
 * @param files the folder's whole content, file name to bytes; files not named here are removed. Ignored
 *     for {@link Action#UNDEPLOY}, which removes the folder
 * @param action the {@code Pitapat-Action} trailer
 * @param source the {@code Pitapat-Source} trailer
 * @param deployment the {@code Pitapat-Deployment} trailer; a second commit with the same id is never made
 * @param requestedBy the GitHub login for {@code Pitapat-Requested-By}
 */
public record Change(
        Target target,
        Map<String, byte[]> files,
        Action action,
        SourceRef source,
        DeploymentId deployment,
        String requestedBy) {

    /** The rule for file names, as refusals quote it. */
    public static final String FILE_RULE = "file names match [a-z0-9][a-z0-9.-]*\\.yaml (flat, no folders)";

    static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*\\.yaml");
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\\[bot])?");

    /** Copies the files (sorted by name) and refuses a login that is not a GitHub login. */
    public Change {
        if (!LOGIN.matcher(requestedBy).matches()) {
            throw new InvalidValueException(
                    "'" + requestedBy + "' is not a GitHub login", "a login is letters, digits and '-'");
        }
        TreeMap<String, byte[]> copy = new TreeMap<>();
        files.forEach((name, bytes) -> copy.put(name, bytes.clone()));
        files = java.util.Collections.unmodifiableSortedMap(copy);
    }

    /** The folder path inside the GitOps repository, without a trailing slash. */
    public String folder() {
        return folderOf(target);
    }

    static String folderOf(Target target) {
        return "apps/" + target.app().value() + "/" + target.env().value();
    }

    /** The commit message: subject, blank line, trailers (DESIGN.md section 5). */
    String message() {
        return action.word() + " " + target + ": " + source.shortText() + " by @" + requestedBy + "\n\n"
                + CommitTrailers.ACTION + ": " + action.word() + "\n"
                + CommitTrailers.APP + ": " + target.app() + "\n"
                + CommitTrailers.ENVIRONMENT + ": " + target.env() + "\n"
                + CommitTrailers.SOURCE + ": " + source + "\n"
                + CommitTrailers.DEPLOYMENT + ": " + deployment + "\n"
                + CommitTrailers.REQUESTED_BY + ": " + requestedBy + "\n";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Change c
                && target.equals(c.target)
                && action == c.action
                && source.equals(c.source)
                && deployment.equals(c.deployment)
                && requestedBy.equals(c.requestedBy)
                && files.keySet().equals(c.files.keySet())
                && files.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), c.files.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(target, action, source, deployment, requestedBy, files.keySet());
    }
}
