package dev.pitapat.kube;

import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What a build needs: the repository and the full sha to fetch, where to fetch it from, the image to push
 * ({@code <image>:<sha>}), the clone token (a short-lived, read-only installation token for that one repository,
 * never in {@link #toString()}), the registry credential's Secret, and the {@code build} check run that reports it
 * (its id is kept on the Workflow, so whichever replica sees the build move on can update it).
 */
public record BuildOrder(
        RepoRef repo,
        Sha sha,
        URI cloneUrl,
        String image,
        String cloneToken,
        String registrySecret,
        java.util.Optional<Long> checkRun) {

    /**
     * The longest Workflow name: Argo puts it in its pods' labels, which hold 63 characters (a build's name is at
     * most 52, leaving room for the attempt).
     */
    static final int MAX_NAME = 63;

    public BuildOrder {
        if (!sha.isFull()) {
            throw new IllegalArgumentException("a build fetches a full sha, not " + sha);
        }
    }

    /** {@code <image>:<sha>}. */
    public static String tagged(String image, Sha sha) {
        return image + ":" + sha.value();
    }

    /** The build's name: the same for the same repository and sha, so the same sha is built once. */
    public String name() {
        return nameOf(repo, sha);
    }

    /** The Workflow of attempt {@code n} (from 1) at the build {@code build}: {@code build}, then {@code build-2}... */
    public static String attempt(String build, int n) {
        return n == 1 ? build : build + "-" + n;
    }

    /**
     * {@code <repo>-<8 hex of the owner/repo>-<12 of the sha>}: readable, a DNS-1123 label, and different for two
     * repositories whose names read alike.
     */
    public static String nameOf(RepoRef repo, Sha sha) {
        String slug = repo.name()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (slug.isEmpty() || !Character.isLetter(slug.charAt(0))) {
            slug = "build-" + slug;
        }
        slug = slug.substring(0, Math.min(slug.length(), 30)).replaceAll("-+$", "");
        String owner = digest(repo.fullName().toLowerCase(Locale.ROOT)).substring(0, 8);
        return slug + "-" + owner + "-" + sha.value().substring(0, 12);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "BuildOrder[" + repo + "@" + sha.abbreviated() + " -> " + image + "]";
    }
}
