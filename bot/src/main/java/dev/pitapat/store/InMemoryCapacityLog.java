package dev.pitapat.store;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** The embedded default: bursting's state in this process only, lost with it. */
public final class InMemoryCapacityLog implements CapacityLog {

    private String memory;
    private final Deque<String> reports = new ArrayDeque<>();

    @Override
    public synchronized Optional<String> memory() {
        return Optional.ofNullable(memory);
    }

    @Override
    public synchronized void remember(String json) {
        memory = json;
    }

    @Override
    public synchronized void append(String json, int keep) {
        Text.keep(keep);
        reports.addFirst(json);
        while (reports.size() > keep) {
            reports.removeLast();
        }
    }

    @Override
    public synchronized List<String> recent(int limit) {
        return reports.stream().limit(Math.max(0, limit)).toList();
    }
}
