package dev.pitapat.github;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * The validators ({@code ETag}, else {@code Last-Modified}) and body of each successful GET, so that the next
 * GET of the same resource can be conditional: GitHub does not count a {@code 304 Not Modified} against the
 * primary rate limit. Bounded by the characters it holds and by its number of entries; an entry weighs at
 * least {@code maxChars / maxEntries}, so both bounds hold through one Caffeine weight.
 *
 * <p>Keys hold no secret: the scope is {@code app} or the installation id, never a token. GitHub's ETags
 * depend on the token, so an installation token's renewal costs one full answer per resource.
 */
final class ConditionalCache {

    static final long MAX_CHARS = 8L * 1024 * 1024;
    static final int MAX_ENTRIES = 4096;

    /** What a GET answer depends on besides the resource: who asks (not with what token) and what it accepts. */
    record Key(String scope, String method, String path, String accept) {}

    /** What GitHub said about a resource, and how to ask whether it still says so. */
    record Remembered(Optional<String> etag, Optional<String> lastModified, String body) {

        void askIfChanged(HttpRequest.Builder request) {
            etag.ifPresentOrElse(
                    value -> request.header("If-None-Match", value),
                    () -> lastModified.ifPresent(value -> request.header("If-Modified-Since", value)));
        }

        /** The same body, with the validators of a {@code 304} where it names new ones. */
        Remembered confirmedBy(HttpHeaders headers) {
            Optional<String> newEtag = header(headers, "etag");
            Optional<String> newLastModified = header(headers, "last-modified");
            return new Remembered(newEtag.or(() -> etag), newLastModified.or(() -> lastModified), body);
        }
    }

    private final Cache<Key, Remembered> entries;

    ConditionalCache() {
        this(MAX_CHARS, MAX_ENTRIES);
    }

    ConditionalCache(long maxChars, int maxEntries) {
        long least = Math.max(1, maxChars / maxEntries);
        this.entries = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumWeight(maxChars)
                .weigher((Key key, Remembered remembered) ->
                        (int) Math.min(Integer.MAX_VALUE, Math.max(least, weight(key, remembered))))
                .build();
    }

    Optional<Remembered> lookup(Key key) {
        return Optional.ofNullable(entries.getIfPresent(key));
    }

    /** Remembers a {@code 200} answer if it carries a validator; forgets the resource otherwise. */
    void remember(Key key, HttpHeaders headers, String body) {
        Optional<String> etag = header(headers, "etag");
        Optional<String> lastModified = header(headers, "last-modified");
        if (etag.isEmpty() && lastModified.isEmpty()) {
            entries.invalidate(key);
            return;
        }
        entries.put(key, new Remembered(etag, lastModified, body));
    }

    void remember(Key key, Remembered remembered) {
        entries.put(key, remembered);
    }

    private static long weight(Key key, Remembered remembered) {
        return (long) remembered.body().length()
                + key.path().length()
                + remembered.etag().map(String::length).orElse(0)
                + remembered.lastModified().map(String::length).orElse(0);
    }

    private static Optional<String> header(HttpHeaders headers, String name) {
        return headers.firstValue(name).map(String::strip).filter(value -> !value.isEmpty());
    }
}
