package dev.pitapat.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.XClaimOptions;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;

/**
 * Deliveries in Redis: one stream read through a consumer group, so replicas share the work and a
 * delivery whose worker died is claimed again ({@code XAUTOCLAIM}) once it has been idle for the claim
 * timeout; one hash per delivery id (expiring after the retention) that answers duplicates and keeps
 * status, attempts and the last error; one capped list of recent ids. Every change that must happen together
 * is one Lua script, so a crash never leaves half of it.
 *
 * <p>The key names assume one Redis node (no cluster hash tags).
 */
final class RedisDeliveryQueue implements DeliveryQueue {

    private static final Logger log = LoggerFactory.getLogger(RedisDeliveryQueue.class);
    private static final String GROUP = "pitapat-workers";

    /**
     * Stores a batch of new deliveries (the offer writer's), each in one step: duplicate check, stream entry,
     * record, recent index; answers 1 (queued) or 0 (duplicate) for each, in order. KEYS: the stream, the recent
     * index, then each delivery's record; ARGV: the retention and the recent limit, then eight per delivery
     * (id, event, action, repository, received, payload, encoding, size). One call for the batch rather than one
     * per delivery: Redis then spends about an eighth less of its time per delivery (bench/README.md).
     *
     * <p>A new record holds what its stream entry cannot answer for (received, event, action, repository): its
     * status is {@code queued}, its attempts 0 and its last update its receipt until a worker writes them.
     * {@code HSETNX} on {@code received}, which every record has (those written before too), is the duplicate
     * check and the record's creation in one command; the recent index is a capped list. With both, Redis spends
     * about 25 µs per delivery where {@code EXISTS}, a full {@code HSET} and a sorted set took 27.4 (bench/README.md).
     */
    private static final LuaScript OFFER = new LuaScript("""
            local stored = {}
            for k = 3, #KEYS do
              local a = 2 + (k - 3) * 8
              if redis.call('HSETNX', KEYS[k], 'received', ARGV[a + 5]) == 0 then
                stored[#stored + 1] = 0
              else
                redis.call('XADD', KEYS[1], '*', 'id', ARGV[a + 1], 'event', ARGV[a + 2], 'action', ARGV[a + 3],
                    'repo', ARGV[a + 4], 'received', ARGV[a + 5], 'payload', ARGV[a + 6], 'encoding', ARGV[a + 7],
                    'size', ARGV[a + 8])
                redis.call('HSET', KEYS[k], 'event', ARGV[a + 2], 'action', ARGV[a + 3], 'repo', ARGV[a + 4])
                redis.call('PEXPIRE', KEYS[k], ARGV[1])
                redis.call('LPUSH', KEYS[2], ARGV[a + 1])
                stored[#stored + 1] = 1
              end
            end
            redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1)
            return stored
            """);

    /** Ends a delivery: record status (and error), acknowledge and delete the stream entry. */
    private static final LuaScript FINISH = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('HSET', KEYS[1], 'status', ARGV[2], 'updated', ARGV[3])
              if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'error', ARGV[4]) end
            end
            redis.call('XACK', KEYS[2], ARGV[5], ARGV[1])
            redis.call('XDEL', KEYS[2], ARGV[1])
            return 1
            """);

    private static final LuaScript FAILED_ATTEMPT = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
            redis.call('HSET', KEYS[1], 'status', 'retrying', 'error', ARGV[1], 'updated', ARGV[2])
            return redis.call('HINCRBY', KEYS[1], 'attempts', 1)
            """);

    /** Takes over entries idle past the claim timeout, returning each with its record's status and attempts. */
    private static final LuaScript RECLAIM = new LuaScript("""
            local res = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], '0-0', 'COUNT', ARGV[4])
            local out = {}
            for _, e in ipairs(res[2]) do
              if e and e[2] then
                local id = ''
                for i = 1, #e[2], 2 do if e[2][i] == 'id' then id = e[2][i + 1] end end
                local h = redis.call('HMGET', ARGV[5] .. id, 'status', 'attempts')
                table.insert(out, {e[1], e[2], h[1] or 'queued', h[2] or '0'})
              end
            end
            return out
            """);

    private final RedisConnectionFactory factory;
    private final QueueProperties properties;
    private final Clock clock;
    private final String consumer;
    private final byte[] streamKey;
    private final byte[] recentKey;
    /** The recent index as a sorted set, as versions before the capped list kept it: read until the list is full. */
    private final byte[] earlierRecentKey;

    private final AtomicBoolean persistenceWarned = new AtomicBoolean();
    private volatile RedisConnection reader;
    private final RedisOfferWriter offers;

    RedisDeliveryQueue(RedisConnectionFactory factory, QueueProperties properties, Clock clock) {
        this.factory = factory;
        this.properties = properties;
        this.clock = clock;
        this.consumer = ManagementFactory.getRuntimeMXBean().getName() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        this.streamKey = bytes(properties.keyPrefix() + "deliveries");
        this.recentKey = bytes(properties.keyPrefix() + "deliveries:latest");
        this.earlierRecentKey = bytes(properties.keyPrefix() + "deliveries:recent");
        this.offers = new RedisOfferWriter(
                factory,
                OFFER,
                List.of(streamKey, recentKey),
                List.of(
                        bytes(Long.toString(properties.retention().toMillis())),
                        bytes(Integer.toString(properties.recentLimit()))),
                stored -> Long.valueOf(1).equals(stored) ? Offer.QUEUED : Offer.DUPLICATE);
    }

    /** Bytes of offers waiting for the offer writer to take them. */
    long offersWaitingBytes() {
        return offers.waitingBytes();
    }

    /** This replica's consumer name in the group. */
    String consumer() {
        return consumer;
    }

    /**
     * Answered once the offer writer's batch has been through Redis (one round trip for many webhooks). The
     * payload is kept compressed ({@link PayloadCodec}).
     */
    @Override
    public CompletableFuture<Offer> offerAsync(Delivery delivery) {
        String received = Long.toString(delivery.receivedAt().toEpochMilli());
        PayloadCodec.Kept payload = PayloadCodec.keep(delivery.payload());
        return offers.offer(
                delivery.id(),
                recordKey(delivery.id()),
                List.of(
                        bytes(delivery.id()),
                        bytes(delivery.event()),
                        bytes(delivery.action()),
                        bytes(delivery.repo()),
                        bytes(received),
                        payload.bytes(),
                        bytes(payload.encoding()),
                        bytes(Integer.toString(delivery.payload().length))));
    }

    @Override
    public List<Claim> claim(int max, Duration wait) throws InterruptedException {
        try {
            List<Claim> claims = reclaimAbandoned(max);
            if (!claims.isEmpty()) {
                return claims;
            }
            return readNew(max, wait);
        } catch (DataAccessException e) {
            closeReader();
            if (LuaScript.mentions(e, "NOGROUP")) {
                // the stream or its group went missing (Redis lost its data): start again with a new one
                createGroup();
                return List.of();
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while reading deliveries");
            }
            throw new StoreUnavailableException("reading deliveries from Redis", e);
        }
    }

    private List<Claim> reclaimAbandoned(int max) {
        try (RedisConnection connection = factory.getConnection()) {
            List<Object> rows = RECLAIM.runList(
                    connection,
                    List.of(streamKey),
                    List.of(
                            bytes(GROUP),
                            bytes(consumer),
                            bytes(Long.toString(properties.claimTimeout().toMillis())),
                            bytes(Integer.toString(max)),
                            bytes(properties.keyPrefix() + "delivery:")));
            List<Claim> claims = new ArrayList<>(rows.size());
            for (Object row : rows) {
                List<?> cells = (List<?>) row;
                Map<String, byte[]> fields = fieldMap((List<?>) cells.get(1));
                claims.add(toClaim(
                        string((byte[]) cells.get(0)),
                        fields,
                        string((byte[]) cells.get(2)),
                        Integer.parseInt(string((byte[]) cells.get(3)))));
            }
            return claims;
        }
    }

    private List<Claim> readNew(int max, Duration wait) {
        RedisConnection connection = reader();
        List<ByteRecord> records = connection
                .streamCommands()
                .xReadGroup(
                        Consumer.from(GROUP, consumer),
                        StreamReadOptions.empty().count(max).block(wait),
                        StreamOffset.create(streamKey, ReadOffset.lastConsumed()));
        if (records == null || records.isEmpty()) {
            return List.of();
        }
        List<Map<String, byte[]>> entries = new ArrayList<>(records.size());
        List<Object> states;
        try (RedisConnection shared = factory.getConnection()) {
            shared.openPipeline(); // one round trip for every record's status and attempts
            for (ByteRecord record : records) {
                Map<String, byte[]> fields = new HashMap<>();
                record.getValue().forEach((k, v) -> fields.put(string(k), v));
                entries.add(fields);
                shared.hashCommands().hMGet(recordKey(string(fields.get("id"))), bytes("status"), bytes("attempts"));
            }
            states = shared.closePipeline();
        }
        List<Claim> claims = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            List<?> state = states.size() > i && states.get(i) instanceof List<?> list ? list : List.of();
            String status = state.isEmpty() || state.get(0) == null ? "queued" : string((byte[]) state.get(0));
            int attempts =
                    state.size() < 2 || state.get(1) == null ? 0 : Integer.parseInt(string((byte[]) state.get(1)));
            claims.add(toClaim(records.get(i).getId().getValue(), entries.get(i), status, attempts));
        }
        return claims;
    }

    private Claim toClaim(String entryId, Map<String, byte[]> fields, String status, int attempts) {
        Delivery delivery = new Delivery(
                string(fields.get("id")),
                string(fields.get("event")),
                string(fields.get("action")),
                string(fields.get("repo")),
                payload(fields),
                Instant.ofEpochMilli(Long.parseLong(string(fields.get("received")))));
        return new Claim(
                delivery, entryId, attempts, DeliveryStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT)));
    }

    /**
     * The payload as received. One that does not decode is handed on as kept: the worker finds it unusable
     * and sets the delivery aside saying so, rather than the queue failing on it at every claim.
     */
    private static byte[] payload(Map<String, byte[]> fields) {
        byte[] kept = fields.get("payload");
        String encoding = string(fields.get("encoding"));
        try {
            String size = string(fields.get("size"));
            return PayloadCodec.restore(encoding, kept, size.isEmpty() ? 0 : Integer.parseInt(size));
        } catch (IllegalStateException | NumberFormatException e) {
            log.error(
                    "Delivery {}: its stored payload ({}) does not decode: {}",
                    string(fields.get("id")),
                    encoding,
                    e.getMessage());
            return kept;
        }
    }

    @Override
    public void keepAlive(Collection<Claim> claims) {
        if (claims.isEmpty()) {
            return;
        }
        RecordId[] ids = claims.stream().map(c -> RecordId.of(c.handle())).toArray(RecordId[]::new);
        try (RedisConnection connection = factory.getConnection()) {
            connection
                    .streamCommands()
                    .xClaimJustId(
                            streamKey,
                            GROUP,
                            consumer,
                            XClaimOptions.minIdle(Duration.ZERO).ids(ids));
        } catch (DataAccessException e) {
            throw new StoreUnavailableException("keeping deliveries claimed in Redis", e);
        }
    }

    /** Claims them again for this consumer, but idle for the whole claim timeout: the next XAUTOCLAIM takes them. */
    @Override
    public void handBack(Collection<Claim> claims) {
        if (claims.isEmpty()) {
            return;
        }
        // XCLAIM <stream> <group> <consumer> 0 <id>... IDLE <ms> JUSTID (Spring's Jedis path drops IDLE)
        List<byte[]> args = new ArrayList<>(List.of(streamKey, bytes(GROUP), bytes(consumer), bytes("0")));
        claims.forEach(claim -> args.add(bytes(claim.handle())));
        args.addAll(List.of(
                bytes("IDLE"), bytes(Long.toString(properties.claimTimeout().toMillis())), bytes("JUSTID")));
        try (RedisConnection connection = factory.getConnection()) {
            connection.execute("XCLAIM", args.toArray(byte[][]::new));
        } catch (DataAccessException e) {
            throw new StoreUnavailableException("handing deliveries back in Redis", e);
        }
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public int recordFailure(Claim claim, String error) {
        try (RedisConnection connection = factory.getConnection()) {
            long attempts = FAILED_ATTEMPT.run(
                    connection, List.of(recordKey(claim.delivery().id())), List.of(bytes(error), bytes(now())));
            return attempts < 0 ? claim.attempts() + 1 : (int) attempts;
        } catch (DataAccessException e) {
            throw new StoreUnavailableException("recording a failed attempt in Redis", e);
        }
    }

    @Override
    public void complete(Claim claim) {
        finish(claim, DeliveryStatus.DONE, "");
    }

    @Override
    public void fail(Claim claim, String error) {
        finish(claim, DeliveryStatus.FAILED, error);
    }

    @Override
    public void setAside(Claim claim, String reason) {
        finish(claim, DeliveryStatus.UNACTIONABLE, reason);
    }

    private void finish(Claim claim, DeliveryStatus status, String error) {
        try (RedisConnection connection = factory.getConnection()) {
            FINISH.run(
                    connection,
                    List.of(recordKey(claim.delivery().id()), streamKey),
                    List.of(bytes(claim.handle()), bytes(status.label()), bytes(now()), bytes(error), bytes(GROUP)));
        } catch (DataAccessException e) {
            throw new StoreUnavailableException(
                    "recording delivery " + claim.delivery().id() + " as " + status.label(), e);
        }
    }

    @Override
    public Optional<DeliveryRecord> record(String deliveryId) {
        try (RedisConnection connection = factory.getConnection()) {
            return toRecord(deliveryId, connection.hashCommands().hGetAll(recordKey(deliveryId)));
        } catch (DataAccessException e) {
            throw new StoreUnavailableException("reading delivery " + deliveryId, e);
        }
    }

    @Override
    public List<DeliveryRecord> recent(int limit) {
        int count = Math.min(limit, properties.recentLimit());
        if (count <= 0) {
            return List.of();
        }
        try (RedisConnection connection = factory.getConnection()) {
            Set<String> ids = new LinkedHashSet<>();
            List<byte[]> latest = connection.listCommands().lRange(recentKey, 0, count - 1L);
            (latest == null ? List.<byte[]>of() : latest).forEach(id -> ids.add(string(id)));
            if (ids.size() < count) {
                // kept before the capped list: older than anything in it
                var earlier = connection.zSetCommands().zRevRange(earlierRecentKey, 0, count - 1L);
                if (earlier != null) {
                    earlier.stream().map(RedisDeliveryQueue::string).forEach(ids::add);
                }
            }
            List<DeliveryRecord> records = new ArrayList<>();
            for (String id : ids) {
                if (records.size() == count) {
                    break;
                }
                toRecord(id, connection.hashCommands().hGetAll(recordKey(id))).ifPresent(records::add);
            }
            return records;
        } catch (DataAccessException e) {
            throw new StoreUnavailableException("listing recent deliveries", e);
        }
    }

    @Override
    public long depth() {
        try (RedisConnection connection = factory.getConnection()) {
            Long length = connection.streamCommands().xLen(streamKey);
            return length == null ? 0 : length;
        } catch (DataAccessException e) {
            throw new StoreUnavailableException("reading the queue depth", e);
        }
    }

    @Override
    public StoreHealth health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("type", "redis");
        details.put("payloads", PayloadCodec.implementation());
        try (RedisConnection connection = factory.getConnection()) {
            connection.ping();
            String persistence = persistence(connection);
            details.put("persistence", persistence);
            details.put("durable", !persistence.equals("none"));
            if (persistence.equals("none")) {
                details.put(
                        "warning",
                        "Redis has neither AOF nor RDB persistence: queued deliveries are lost if Redis restarts");
                if (persistenceWarned.compareAndSet(false, true)) {
                    log.warn("Redis has neither AOF nor RDB persistence on: queued deliveries are lost if it"
                            + " restarts. Turn on 'appendonly yes' (recommended) or RDB snapshots.");
                }
            }
            return new StoreHealth(true, details);
        } catch (DataAccessException e) {
            details.put("error", "Redis did not answer: " + e.getClass().getSimpleName());
            return new StoreHealth(false, details);
        }
    }

    /**
     * Creates the stream and its consumer group unless they exist; entries already there are kept. Drops the
     * recent index of earlier versions once the capped list holds as many deliveries.
     */
    void createGroup() {
        try (RedisConnection connection = factory.getConnection()) {
            Long listed = connection.listCommands().lLen(recentKey);
            if (listed != null && listed >= properties.recentLimit()) {
                connection.keyCommands().del(earlierRecentKey);
            }
            connection.execute("XGROUP", bytes("CREATE"), streamKey, bytes(GROUP), bytes("0"), bytes("MKSTREAM"));
        } catch (DataAccessException e) {
            if (!LuaScript.mentions(e, "BUSYGROUP")) {
                log.warn(
                        "Could not create the Redis consumer group yet ({}); will retry on first read", e.getMessage());
            }
        }
    }

    private static String persistence(RedisConnection connection) {
        boolean aof;
        boolean rdb;
        try {
            Properties appendonly = connection.serverCommands().getConfig("appendonly");
            Properties save = connection.serverCommands().getConfig("save");
            aof = "yes".equalsIgnoreCase(appendonly.getProperty("appendonly", "no"));
            rdb = !save.getProperty("save", "").isBlank();
        } catch (DataAccessException configDisabled) {
            Properties info = connection.serverCommands().info("persistence");
            aof = "1".equals(info == null ? null : info.getProperty("aof_enabled"));
            rdb = false;
        }
        if (aof && rdb) {
            return "aof+rdb";
        }
        return aof ? "aof" : rdb ? "rdb" : "none";
    }

    void close() {
        offers.close();
        closeReader();
    }

    private RedisConnection reader() {
        RedisConnection connection = reader;
        if (connection == null || connection.isClosed()) {
            createGroup();
            connection = factory.getConnection();
            reader = connection;
        }
        return connection;
    }

    private void closeReader() {
        RedisConnection connection = reader;
        reader = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (DataAccessException ignored) {
                // the connection is already broken; a new one is opened on the next read
            }
        }
    }

    private Optional<DeliveryRecord> toRecord(String id, Map<byte[], byte[]> hash) {
        if (hash == null || hash.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> f = new HashMap<>();
        hash.forEach((k, v) -> f.put(string(k), string(v)));
        return Optional.of(new DeliveryRecord(
                id,
                f.getOrDefault("event", ""),
                f.getOrDefault("action", ""),
                f.getOrDefault("repo", ""),
                DeliveryStatus.valueOf(f.getOrDefault("status", "queued").toUpperCase(java.util.Locale.ROOT)),
                Integer.parseInt(f.getOrDefault("attempts", "0")),
                Optional.ofNullable(f.get("error")),
                Instant.ofEpochMilli(Long.parseLong(f.getOrDefault("received", "0"))),
                Instant.ofEpochMilli(Long.parseLong(f.getOrDefault("updated", f.getOrDefault("received", "0"))))));
    }

    private static Map<String, byte[]> fieldMap(List<?> flat) {
        Map<String, byte[]> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(string((byte[]) flat.get(i)), (byte[]) flat.get(i + 1));
        }
        return fields;
    }

    private byte[] recordKey(String deliveryId) {
        return bytes(properties.keyPrefix() + "delivery:" + deliveryId);
    }

    private String now() {
        return Long.toString(clock.millis());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static String string(byte[] b) {
        return b == null ? "" : new String(b, UTF_8);
    }
}
