package dev.pitapat.gitops;

import dev.pitapat.model.InvalidSettingException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the GitOps repository is ({@code pitapat.gitops.*}). Checked when bound: a token that would go
 * nowhere (a local path, an ssh URL) or in clear text (http:// to another machine) stops start-up with one
 * line naming the property, never its value. A relative local path (the defaults are) is resolved against the
 * working directory when bound, so everything downstream, JGit included, sees an absolute, normalized path.
 * {@link #toString()} never shows a token or a URL's user-info.
 *
 * @param repo a URL ({@code https://…}, {@code ssh://…}, {@code file://…}) or a local path, made absolute; a
 *     missing local bare repository is created
 * @param branch the branch Argo CD watches
 * @param workdir the bot's persistent working clone, made absolute
 * @param token a token sent as the HTTPS password of {@code x-access-token}; blank counts as unset
 */
@ConfigurationProperties("pitapat.gitops")
public record GitOpsProperties(
        @DefaultValue("./data/gitops.git") String repo,
        @DefaultValue("main") String branch,
        @DefaultValue("./data/gitops-work") Path workdir,
        Optional<String> token) {

    public GitOpsProperties {
        token = orEmpty(token).filter(value -> !value.isBlank());
        if (repo.isBlank()) {
            throw new InvalidSettingException("pitapat.gitops.repo", "must be a repository URL or a local path");
        }
        if (!branch.matches("[A-Za-z0-9._/-]{1,200}") || branch.contains("..") || branch.startsWith("/")) {
            throw new InvalidSettingException("pitapat.gitops.branch", "must be a plain branch name such as main");
        }
        RemoteUrl url = remoteUrl(repo);
        checkCredentials(url, token.isPresent());
        Path workingDirectory = Path.of("").toAbsolutePath();
        if (url.local()) {
            repo = absoluteRepo(repo, workingDirectory);
        }
        workdir = absolute(workdir, workingDirectory);
    }

    /** A local repository path resolved against {@code base} when relative, then normalized. */
    static String absoluteRepo(String localPath, Path base) {
        Path path;
        try {
            path = Path.of(localPath);
        } catch (InvalidPathException e) {
            throw new InvalidSettingException("pitapat.gitops.repo", "is neither a URL nor a valid local path");
        }
        return absolute(path, base).toString();
    }

    /** {@code path} resolved against {@code base} when relative, then normalized. */
    static Path absolute(Path path, Path base) {
        return base.resolve(path).normalize();
    }

    // Spring Boot binds an unset Optional as null rather than empty.
    private static <T> Optional<T> orEmpty(@Nullable Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }

    private static RemoteUrl remoteUrl(String repo) {
        try {
            return RemoteUrl.parse(repo);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("pitapat.gitops.repo", "is " + e.getMessage());
        }
    }

    private static void checkCredentials(RemoteUrl url, boolean token) {
        if (token && url.local()) {
            throw new InvalidSettingException(
                    "pitapat.gitops.token",
                    "is sent only to an https:// repository, but pitapat.gitops.repo is a local path; unset the"
                            + " token or give the repository's https:// URL");
        }
        if (token && !url.http()) {
            throw new InvalidSettingException(
                    "pitapat.gitops.token",
                    "is sent only to an https:// repository, but pitapat.gitops.repo uses " + url.scheme()
                            + "; give the repository's https:// URL, or unset the token and authenticate "
                            + url.scheme() + " its own way");
        }
        if (token && url.userInfo().isPresent()) {
            throw new InvalidSettingException(
                    "pitapat.gitops.token",
                    "is set while the URL in pitapat.gitops.repo carries credentials too; keep only one of them");
        }
        boolean secret = token || url.userInfo().isPresent();
        if (secret && url.scheme().equals("http") && !url.loopback()) {
            throw new InvalidSettingException(
                    token ? "pitapat.gitops.token" : "pitapat.gitops.repo",
                    "would travel in clear text: pitapat.gitops.repo is an http:// URL to another machine;"
                            + " use https:// (plain http only to a loopback address such as 127.0.0.1)");
        }
    }

    /** Whether {@link #repo} is a path on this machine rather than a remote URL. */
    public boolean local() {
        return RemoteUrl.parse(repo).local();
    }

    /** {@link #repo} as it may be shown: the user-info of a URL is redacted. */
    public String shownRepo() {
        return RemoteUrl.parse(repo).shown();
    }

    /** The credentials set here (the token, or the user-info of an https:// URL), if any. */
    Optional<GitCredentials> configuredCredentials() {
        return token.map(GitCredentials::token)
                .or(() -> RemoteUrl.parse(repo).userInfo().map(GitCredentials::userInfo));
    }

    @Override
    public String toString() {
        return "GitOpsProperties[repo=" + shownRepo() + ", branch=" + branch + ", workdir=" + workdir + ", token="
                + (token.isPresent() ? "(set)" : "(unset)") + "]";
    }
}
