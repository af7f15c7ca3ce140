package dev.pitapat.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writes offers to Redis the way a database writes its log: one thread takes whatever offers are waiting and
 * sends them as one script call on a connection of its own (group commit). Under load a webhook then costs
 * the bot no connection of its own, no socket wait and no thread, and Redis runs one script per batch; alone,
 * an offer is written at once.
 *
 * <p>The script answers each offer for itself (queued or duplicate) and stores each in one step, with no other
 * command in between; a batch that fails fails each of its offers, which then answer {@code 503} (nothing stored,
 * or kept after all: a redelivery answers duplicate either way).
 */
final class RedisOfferWriter implements AutoCloseable {

    /** Offers sent in one script call at most. */
    static final int MAX_BATCH = 64;

    /**
     * Offers waiting for the writer at most: a Redis that stopped answering otherwise holds every webhook's
     * payload in the heap. Past it, an offer is refused at once.
     */
    static final int MAX_WAITING = 2_048;

    /** Bytes of offers waiting for the writer at most, for the same reason: past it, an offer is refused at once. */
    static final long MAX_WAITING_BYTES = 32L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(RedisOfferWriter.class);

    /** One offer: its key and arguments for the script, and the answer to complete. */
    record Pending(String deliveryId, byte[] key, List<byte[]> args, CompletableFuture<Offer> answer, long bytes) {}

    private final RedisConnectionFactory factory;
    private final LuaScript script;
    /** The script's keys and arguments before those of the batch's offers. */
    private final List<byte[]> sharedKeys;

    private final List<byte[]> sharedArgs;
    private final Function<Object, Offer> answer;
    private final BlockingQueue<Pending> waiting = new ArrayBlockingQueue<>(MAX_WAITING);
    private final Thread writer;
    private volatile boolean open = true;
    private final AtomicLong waitingBytes = new AtomicLong();
    /** Used by the writer thread only. */
    private RedisConnection connection;

    /**
     * @param script takes {@code sharedKeys} then each offer's key, {@code sharedArgs} then each offer's
     *     arguments, and answers a list with one reply per offer, which {@code answer} reads
     */
    RedisOfferWriter(
            RedisConnectionFactory factory,
            LuaScript script,
            List<byte[]> sharedKeys,
            List<byte[]> sharedArgs,
            Function<Object, Offer> answer) {
        this.factory = factory;
        this.script = script;
        this.sharedKeys = List.copyOf(sharedKeys);
        this.sharedArgs = List.copyOf(sharedArgs);
        this.answer = answer;
        this.writer = Thread.ofPlatform().name("pitapat-offer-writer").daemon().start(this::write);
    }

    /** Bytes of offers waiting for the writer to take them (not those it is sending). */
    long waitingBytes() {
        return waitingBytes.get();
    }

    CompletableFuture<Offer> offer(String deliveryId, byte[] key, List<byte[]> args) {
        CompletableFuture<Offer> result = new CompletableFuture<>();
        long bytes = args.stream().mapToLong(arg -> arg.length).sum();
        if (!open) {
            result.completeExceptionally(unavailable(deliveryId, new IllegalStateException("pitapat is stopping")));
        } else if (waitingBytes.addAndGet(bytes) > MAX_WAITING_BYTES && waitingBytes.get() != bytes) {
            waitingBytes.addAndGet(-bytes);
            result.completeExceptionally(unavailable(
                    deliveryId,
                    new IllegalStateException("deliveries waiting for Redis to answer already hold "
                            + MAX_WAITING_BYTES / (1024 * 1024) + " MiB")));
        } else if (!waiting.offer(new Pending(deliveryId, key, args, result, bytes))) {
            waitingBytes.addAndGet(-bytes);
            result.completeExceptionally(unavailable(
                    deliveryId,
                    new IllegalStateException(MAX_WAITING + " deliveries are already waiting for Redis to answer")));
        }
        return result;
    }

    private void write() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (open) {
            try {
                batch.add(waiting.take());
                waiting.drainTo(batch, MAX_BATCH - 1);
                batch.forEach(p -> waitingBytes.addAndGet(-p.bytes()));
                send(batch, true);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                // never leave a webhook waiting for an answer that will not come
                batch.forEach(p -> p.answer().completeExceptionally(unavailable(p.deliveryId(), e)));
                log.warn("Could not write {} deliveries to Redis: {}", batch.size(), e.getMessage());
                closeConnection();
            } finally {
                batch.clear();
            }
        }
        closeConnection();
        List<Pending> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(p -> waitingBytes.addAndGet(-p.bytes()));
        left.forEach(p -> p.answer()
                .completeExceptionally(unavailable(p.deliveryId(), new IllegalStateException("pitapat is stopping"))));
    }

    /** One script call for the batch; if Redis had forgotten the script, again once it is loaded. */
    private void send(List<Pending> batch, boolean mayLoad) {
        List<?> replies;
        try {
            replies = call(batch);
        } catch (JedisDataException e) {
            if (!mayLoad || !LuaScript.mentions(e, "NOSCRIPT")) {
                throw e;
            }
            script.load(connection());
            send(batch, false);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            if (i < replies.size()) {
                pending.answer().complete(answer.apply(replies.get(i)));
            } else {
                pending.answer()
                        .completeExceptionally(unavailable(
                                pending.deliveryId(),
                                new IllegalStateException(
                                        "Redis answered " + replies.size() + " of " + batch.size() + " offers")));
            }
        }
    }

    /**
     * The call on Jedis itself: Spring Data Redis's connection builds a proxy for each command it sends (about 3%
     * of the bot's CPU at 5,000 webhooks a second), and the writer needs nothing of it but the socket.
     */
    private List<?> call(List<Pending> batch) {
        List<byte[]> keys = new ArrayList<>(sharedKeys.size() + batch.size());
        List<byte[]> args = new ArrayList<>(
                sharedArgs.size() + batch.size() * batch.getFirst().args().size());
        keys.addAll(sharedKeys);
        args.addAll(sharedArgs);
        for (Pending pending : batch) {
            keys.add(pending.key());
            args.addAll(pending.args());
        }
        Object reply = script.call((UnifiedJedis) connection().getNativeConnection(), keys, args);
        return reply instanceof List<?> replies ? replies : List.of();
    }

    private RedisConnection connection() {
        if (connection == null || connection.isClosed()) {
            connection = factory.getConnection();
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (DataAccessException ignored) {
                // already broken: the next batch opens another
            }
            connection = null;
        }
    }

    private static StoreUnavailableException unavailable(String deliveryId, Throwable cause) {
        return new StoreUnavailableException("storing delivery " + deliveryId + " in Redis", cause);
    }

    /** Stops taking offers; those still waiting are answered as not stored. */
    @Override
    public void close() {
        open = false;
        writer.interrupt();
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
