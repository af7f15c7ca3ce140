package dev.pitapat.config;

import java.util.ArrayList;
import java.util.List;

/** The problems found so far while reading the config files; every check adds to it rather than stopping. */
final class Problems {

    private final List<ConfigProblem> found = new ArrayList<>();

    void add(String path, String problem, String rule) {
        found.add(new ConfigProblem(path, problem, rule));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    int count() {
        return found.size();
    }

    /** Every problem once, in the order found. */
    List<ConfigProblem> all() {
        return found.stream().distinct().toList();
    }
}
