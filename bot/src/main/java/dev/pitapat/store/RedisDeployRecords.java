package dev.pitapat.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Deploy records in Redis, shared by every replica. Keys, after the configured prefix:
 *
 * <ul>
 *   <li>{@code deploy:<id>}: the record's document, as given (UTF-8), expiring {@link #RETENTION} after its
 *       last write.
 *   <li>{@code deploys:open}: sorted set of the open ids, scored by creation order; an id whose record expired
 *       leaves it the next time it is listed.
 *   <li>{@code deploys:followed}: sorted set of the followed ids, scored by the order they entered it; an id
 *       whose record expired leaves it the next time it is listed. No id is in both sets.
 *   <li>{@code deploys:thread:<name>}: list of ids, newest last, cut to the newest {@code keep} and expiring
 *       {@link #RETENTION} after its last append.
 * </ul>
 *
 * Whatever reads and then writes, or writes two keys, is one Lua script ({@link DeployScripts}). The key
 * names assume one Redis node (no cluster hash tags).
 */
final class RedisDeployRecords implements DeployRecords {

    private static final byte[] RETENTION_MS = bytes(Long.toString(RETENTION.toMillis()));

    private final RedisConnectionFactory factory;
    private final String recordPrefix;
    private final String threadPrefix;
    private final byte[] openKey;
    private final byte[] followedKey;

    RedisDeployRecords(RedisConnectionFactory factory, QueueProperties properties) {
        this.factory = factory;
        this.recordPrefix = properties.keyPrefix() + "deploy:";
        this.threadPrefix = properties.keyPrefix() + "deploys:thread:";
        this.openKey = bytes(properties.keyPrefix() + "deploys:open");
        this.followedKey = bytes(properties.keyPrefix() + "deploys:followed");
    }

    @Override
    public boolean create(String id, String json) {
        Text.deployId(id);
        Text.document(json);
        return 1
                == run(
                        "creating deploy record " + id,
                        c -> DeployScripts.CREATE.run(
                                c,
                                List.of(recordKey(id), openKey, followedKey),
                                List.of(bytes(id), bytes(json), RETENTION_MS)));
    }

    @Override
    public void update(String id, String json, Standing standing) {
        Text.deployId(id);
        Text.document(json);
        Text.standing(standing);
        run(
                "updating deploy record " + id,
                c -> DeployScripts.UPDATE.run(
                        c,
                        List.of(recordKey(id), openKey, followedKey),
                        List.of(bytes(id), bytes(json), RETENTION_MS, bytes(standing.name()))));
    }

    @Override
    public Optional<String> get(String id) {
        Text.deployId(id);
        byte[] json = run("reading deploy record " + id, c -> c.stringCommands().get(recordKey(id)));
        return Optional.ofNullable(json).map(b -> new String(b, UTF_8));
    }

    @Override
    public List<String> open() {
        return live("listing open deploy records", openKey);
    }

    @Override
    public List<String> followed() {
        return live("listing followed deploy records", followedKey);
    }

    /** The set's ids whose record still exists, oldest first; the others leave the set. */
    private List<String> live(String what, byte[] setKey) {
        List<Object> ids = run(what, c -> DeployScripts.LIVE.runList(c, List.of(setKey), List.of(bytes(recordPrefix))));
        return ids.stream().map(RedisDeployRecords::string).toList();
    }

    @Override
    public void append(String thread, String id, int keep) {
        Text.threadName(thread);
        Text.deployId(id);
        Text.keep(keep);
        run(
                "appending " + id + " to deploy thread " + thread,
                c -> DeployScripts.APPEND.run(
                        c,
                        List.of(threadKey(thread)),
                        List.of(bytes(id), bytes(Integer.toString(keep)), RETENTION_MS)));
    }

    @Override
    public List<String> thread(String thread) {
        Text.threadName(thread);
        List<byte[]> ids =
                run("reading deploy thread " + thread, c -> c.listCommands().lRange(threadKey(thread), 0, -1));
        return ids == null
                ? List.of()
                : ids.stream().map(RedisDeployRecords::string).toList();
    }

    private <T> T run(String what, Function<RedisConnection, T> action) {
        try (RedisConnection connection = factory.getConnection()) {
            return action.apply(connection);
        } catch (DataAccessException e) {
            throw new StoreUnavailableException(what + " in Redis", e);
        }
    }

    private byte[] recordKey(String id) {
        return bytes(recordPrefix + id);
    }

    private byte[] threadKey(String thread) {
        return bytes(threadPrefix + thread);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static String string(Object cell) {
        return cell instanceof byte[] b ? new String(b, UTF_8) : String.valueOf(cell);
    }
}
