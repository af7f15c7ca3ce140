package dev.pitapat.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded default: deploy records of this process only, lost with it. Time comes from the injected
 * {@link Clock}; a record or thread whose retention is up counts as gone from that instant on.
 */
public final class InMemoryDeployRecords implements DeployRecords {

    private final Clock clock;

    /** Records by id, least recently written first: the order they expire in. */
    private final LinkedHashMap<String, Stored> records = new LinkedHashMap<>();

    /** Ids of the open records, first created first; some may have expired since. */
    private final LinkedHashSet<String> open = new LinkedHashSet<>();

    /** Ids of the followed records, first followed first; some may have expired since. Never also open. */
    private final LinkedHashSet<String> followed = new LinkedHashSet<>();

    /** Threads by name, least recently appended to first: the order they expire in. */
    private final LinkedHashMap<String, Entries> threads = new LinkedHashMap<>();

    public InMemoryDeployRecords(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized boolean create(String id, String json) {
        Text.deployId(id);
        Text.document(json);
        Instant now = forgetExpired();
        if (live(id, now).isPresent()) {
            return false;
        }
        write(id, json, now);
        open.remove(id); // an expired record's place is not this one's
        followed.remove(id);
        open.add(id);
        return true;
    }

    @Override
    public synchronized void update(String id, String json, Standing standing) {
        Text.deployId(id);
        Text.document(json);
        Text.standing(standing);
        Instant now = forgetExpired();
        boolean existed = live(id, now).isPresent();
        write(id, json, now);
        if (!existed) { // an expired record's place is not this one's
            open.remove(id);
            followed.remove(id);
        }
        switch (standing) {
            case OPEN -> {
                followed.remove(id);
                open.add(id); // one already open keeps its place
            }
            case FOLLOWED -> {
                open.remove(id);
                followed.add(id); // one already followed keeps its place
            }
            case DONE -> {
                open.remove(id);
                followed.remove(id);
            }
        }
    }

    @Override
    public synchronized Optional<String> get(String id) {
        Text.deployId(id);
        return live(id, forgetExpired()).map(Stored::json);
    }

    @Override
    public synchronized List<String> open() {
        Instant now = forgetExpired();
        open.removeIf(id -> live(id, now).isEmpty());
        return List.copyOf(open);
    }

    @Override
    public synchronized List<String> followed() {
        Instant now = forgetExpired();
        followed.removeIf(id -> live(id, now).isEmpty());
        return List.copyOf(followed);
    }

    @Override
    public synchronized void append(String thread, String id, int keep) {
        Text.threadName(thread);
        Text.deployId(id);
        Text.keep(keep);
        Instant now = forgetExpired();
        ArrayDeque<String> ids = liveThread(thread, now).map(Entries::ids).orElseGet(ArrayDeque::new);
        if (ids.contains(id)) {
            return;
        }
        ids.addLast(id);
        while (ids.size() > keep) {
            ids.removeFirst();
        }
        threads.remove(thread); // put again, last: it now expires last
        threads.put(thread, new Entries(ids, now.plus(RETENTION)));
    }

    @Override
    public synchronized List<String> thread(String thread) {
        Text.threadName(thread);
        return liveThread(thread, forgetExpired())
                .map(e -> List.copyOf(e.ids()))
                .orElse(List.of());
    }

    private void write(String id, String json, Instant now) {
        records.remove(id); // put again, last: it now expires last
        records.put(id, new Stored(json, now.plus(RETENTION)));
    }

    private Optional<Stored> live(String id, Instant now) {
        return Optional.ofNullable(records.get(id)).filter(r -> now.isBefore(r.expiresAt()));
    }

    private Optional<Entries> liveThread(String thread, Instant now) {
        return Optional.ofNullable(threads.get(thread)).filter(t -> now.isBefore(t.expiresAt()));
    }

    /**
     * Drops the records (and their open or followed entries) and threads whose retention is up, least recently written
     * first, so memory holds at most one retention's worth; returns now. Reads still check expiry, in case the
     * clock went back.
     */
    private Instant forgetExpired() {
        Instant now = clock.instant();
        for (Iterator<Map.Entry<String, Stored>> it = records.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Stored> record = it.next();
            if (now.isBefore(record.getValue().expiresAt())) {
                break;
            }
            it.remove();
            open.remove(record.getKey());
            followed.remove(record.getKey());
        }
        for (Iterator<Entries> it = threads.values().iterator(); it.hasNext(); ) {
            if (now.isBefore(it.next().expiresAt())) {
                break;
            }
            it.remove();
        }
        return now;
    }

    private record Stored(String json, Instant expiresAt) {}

    private record Entries(ArrayDeque<String> ids, Instant expiresAt) {}
}
