package dev.pitapat.burst;

import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Reports to and from the store's JSON; one that cannot be read (written by another version) is skipped. */
final class CapacityReports {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CapacityReports() {}

    static String json(CapacityReport report) {
        return JSON.writeValueAsString(report);
    }

    static Optional<CapacityReport> of(String json) {
        try {
            return Optional.of(JSON.readValue(json, CapacityReport.class));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    static List<CapacityReport> all(List<String> documents) {
        return documents.stream().flatMap(d -> of(d).stream()).toList();
    }
}
