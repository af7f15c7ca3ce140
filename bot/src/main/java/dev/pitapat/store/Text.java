package dev.pitapat.store;

import dev.pitapat.model.DeploymentId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/** How the store checks and tidies the words and times it is given; what it keeps is exactly what it shows. */
final class Text {

    /** Longest lock reason kept, in characters (code points); the rest is cut. */
    static final int MAX_REASON = 200;

    /** Longest login, holder, revision, thread name accepted. */
    static final int MAX_NAME = 200;

    /**
     * Control characters, line and paragraph separators and bidirectional overrides: a reason is one line
     * and reads the way it was typed.
     */
    private static final Pattern UNPRINTABLE =
            Pattern.compile("(?:\\s*[\\p{Cc}\\p{Zl}\\p{Zp}\\u202A-\\u202E\\u2066-\\u2069])+\\s*");

    private Text() {}

    /** The reason as kept: unprintable characters and the spaces around them become one space, trimmed, cut to {@link #MAX_REASON}. */
    static Optional<String> reason(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        String clean = UNPRINTABLE.matcher(reason).replaceAll(" ").strip();
        if (clean.codePointCount(0, clean.length()) > MAX_REASON) {
            clean = clean.substring(0, clean.offsetByCodePoints(0, MAX_REASON)).strip();
        }
        return clean.isEmpty() ? Optional.empty() : Optional.of(clean);
    }

    /** A login or revision: one word, no control characters, at most {@link #MAX_NAME} characters. */
    static String word(String what, String value) {
        if (value == null
                || value.isEmpty()
                || value.length() > MAX_NAME
                || !value.strip().equals(value)
                || value.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException(
                    what + " must be one word of at most " + MAX_NAME + " characters without spaces");
        }
        return value;
    }

    /** A lease holder or waiter: shown to people, so spaces are fine; control characters are not. */
    static String label(String what, String value) {
        if (value == null
                || value.isBlank()
                || value.length() > MAX_NAME
                || value.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    what + " must be non-blank text of at most " + MAX_NAME + " characters without control characters");
        }
        return value;
    }

    /** A deploy record's id: a deployment id ({@code d-} and 12 lowercase hexadecimal digits). */
    static String deployId(String id) {
        if (id == null) {
            throw new IllegalArgumentException("a deploy record needs an id; " + DeploymentId.RULE);
        }
        return new DeploymentId(id).value(); // InvalidValueException names the problem, never the text
    }

    /** A thread name: 1 to {@link #MAX_NAME} printable ASCII characters, no spaces. */
    static String threadName(String name) {
        return asciiWord("a thread name", name);
    }

    /** A lease's name or holder, a thread name: 1 to {@link #MAX_NAME} printable ASCII characters, no spaces. */
    static String asciiWord(String what, String value) {
        if (value == null
                || value.isEmpty()
                || value.length() > MAX_NAME
                || value.chars().anyMatch(c -> c < '!' || c > '~')) {
            throw new IllegalArgumentException(
                    what + " must be 1 to " + MAX_NAME + " printable ASCII characters without spaces");
        }
        return value;
    }

    /** How many entries a thread or log keeps: at least one. */
    static int keep(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("a thread or log must keep at least 1 entry");
        }
        return keep;
    }

    /** A deploy record's document: any text, never null. */
    static String document(String json) {
        if (json == null) {
            throw new IllegalArgumentException("a deploy record needs a document");
        }
        return json;
    }

    /** Where a deploy record stands: never null. */
    static DeployRecords.Standing standing(DeployRecords.Standing standing) {
        if (standing == null) {
            throw new IllegalArgumentException("a deploy record needs a standing");
        }
        return standing;
    }

    /** Instants are kept to the millisecond, as Redis keeps them. */
    static Instant millis(Instant at) {
        if (at == null) {
            throw new IllegalArgumentException("a time is required");
        }
        return at.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A repository's id on GitHub: positive. */
    static long repositoryId(long id) {
        if (id < 1) {
            throw new IllegalArgumentException("a repository id is a positive number");
        }
        return id;
    }

    /** An onboarding offer as kept: an owner/name word, a pull request number from 1, the time to the millisecond. */
    static OnboardingOffer offer(OnboardingOffer offer) {
        if (offer == null) {
            throw new IllegalArgumentException("an onboarding offer is required");
        }
        word("a repository name", offer.repo());
        if (offer.pullRequest() < 1) {
            throw new IllegalArgumentException("a pull request number is a positive number");
        }
        return new OnboardingOffer(offer.repo(), offer.pullRequest(), millis(offer.offeredAt()));
    }

    /** A lease or line ttl: at least one millisecond (Redis's {@code PX} unit). */
    static long ttlMillis(Duration ttl) {
        if (ttl == null || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl must be at least 1 ms");
        }
        return ttl.toMillis();
    }
}
