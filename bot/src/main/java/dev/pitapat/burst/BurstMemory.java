package dev.pitapat.burst;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the deciding replica keeps in the store between looks, so that any replica carries on: the policy's memory
 * (the run of agreeing samples, the quiet time) and the {@code capacity} check runs made so far, by
 * {@code owner/repo@sha}.
 */
record BurstMemory(Policy.Memory policy, Map<String, Run> runs) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final BurstMemory START = new BurstMemory(Policy.Memory.START, Map.of());

    BurstMemory {
        runs = Map.copyOf(runs);
    }

    /** A check run made on a sha, and the headline it shows. */
    record Run(long id, String headline) {}

    String json() {
        return JSON.writeValueAsString(this);
    }

    /** The stored document; one that cannot be read (written by another version) starts afresh. */
    static BurstMemory of(String json) {
        try {
            BurstMemory memory = JSON.readValue(json, BurstMemory.class);
            return memory.policy() == null ? START : memory;
        } catch (JacksonException e) {
            return START;
        }
    }
}
