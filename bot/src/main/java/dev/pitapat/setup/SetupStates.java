package dev.pitapat.setup;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code state} values the setup page hands out: 256 random bits each, kept in this process's memory only (a
 * restart forgets them, and another replica never knew them), each good for {@link #LIFETIME}, GitHub's limit for the
 * whole manifest flow, and taken once: the callback that presents one uses it up, whatever happens next. At most
 * {@link #MAX_OUTSTANDING} are kept; the oldest goes first. A state handed out with the form is prepared when the
 * operator sends the form to GitHub, with what the callback needs to know of it ({@link Choice}); only a prepared
 * state is taken.
 */
final class SetupStates {

    static final Duration LIFETIME = Duration.ofHours(1);
    static final int MAX_OUTSTANDING = 32;

    /** What the operator chose: the public URL the App is registered with, and whether its settings go to the file. */
    record Choice(URI publicUrl, boolean writeToFile) {}

    private record Issued(Instant expiresAt, Optional<Choice> choice) {}

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> issued = new LinkedHashMap<>();

    SetupStates(Clock clock) {
        this.clock = clock;
    }

    /** A new state, good for {@link #LIFETIME}. */
    synchronized String issue() {
        forgetExpired();
        while (issued.size() >= MAX_OUTSTANDING) {
            Iterator<String> oldest = issued.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        issued.put(state, new Issued(clock.instant().plus(LIFETIME), Optional.empty()));
        return state;
    }

    /** Whether {@code state} was handed out here, is not used and has not expired. */
    synchronized boolean live(String state) {
        forgetExpired();
        return issued.containsKey(state);
    }

    /** Records the operator's choice for a live state; whether it was live. */
    synchronized boolean prepare(String state, Choice choice) {
        forgetExpired();
        Issued known = issued.get(state);
        if (known == null) {
            return false;
        }
        issued.put(state, new Issued(known.expiresAt(), Optional.of(choice)));
        return true;
    }

    /** Uses {@code state} up: the choice it carried when it was live and prepared; empty otherwise. */
    synchronized Optional<Choice> take(String state) {
        forgetExpired();
        Issued known = issued.remove(state);
        return known == null ? Optional.empty() : known.choice();
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        issued.values().removeIf(state -> !now.isBefore(state.expiresAt()));
    }
}
