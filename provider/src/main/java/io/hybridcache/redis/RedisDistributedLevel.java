package io.hybridcache.redis;

import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.AsyncIterator;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributed level on Redis, through one node's {@link RedissonClient}: the engine's envelopes are stored as they
 * are (a byte codec, no Redisson object codec) under exactly the keys the engine builds, so {@code redis-cli GET
 * shop:products:p1} shows them.
 *
 * <p>{@link #set}, {@link #remove} and {@link #compareAndSet} each run one Lua script ({@link LevelScripts}) that
 * writes and, given a notification, increments the key prefix's sequence ({@code {keyPrefix}:backplane:seq}) and
 * publishes the notification with it on {@link BackplaneMessage#channel(String)}: one round trip per write. In cluster
 * mode the sequence key would be in another hash slot than the data key, so the scripts there publish with sequence
 * {@code 0} ("none"). Built not publishing, the level never publishes and the engine announces writes itself.
 *
 * <p>Every future completes off Redisson's I/O threads ({@link Callbacks}); a Redis failure (refused connection,
 * timeout, script error) completes it exceptionally. Null arguments throw {@link NullPointerException} at once. After
 * {@link #close()}, every call fails with {@link IllegalStateException}; closing does not close the client, which
 * {@link RedisConnection} owns.
 */
final class RedisDistributedLevel implements DistributedLevel {
  private static final Logger LOG = LoggerFactory.getLogger(RedisDistributedLevel.class);
  private static final byte[] NONE = new byte[0];
  private static final byte[] ZERO = {'0'};
  private static final byte[] ONE = {'1'};
  private static final int SCAN_CHUNK = 500;

  private final RedissonClient client;
  private final RScript script;
  private final Callbacks callbacks;
  private final byte[] channel;
  private final String sequenceKey;
  private final boolean publishing;
  private volatile boolean closed;

  /**
   * @param sequenced whether scripts may touch the sequence key beside the data key (false in cluster mode)
   * @param publishing whether the scripts publish the notifications they are given
   */
  RedisDistributedLevel(RedissonClient client, String keyPrefix, boolean sequenced, boolean publishing,
      Callbacks callbacks) {
    this.client = client;
    this.script = client.getScript(ByteArrayCodec.INSTANCE);
    this.callbacks = callbacks;
    this.channel = BackplaneMessage.channel(keyPrefix).getBytes(StandardCharsets.UTF_8);
    this.sequenceKey = sequenced ? sequenceKey(keyPrefix) : null;
    this.publishing = publishing;
  }

  /** The key counting the notifications published under {@code keyPrefix}: {@code {keyPrefix}:backplane:seq}. */
  static String sequenceKey(String keyPrefix) {
    return keyPrefix + ":backplane:seq";
  }

  @Override
  public CompletableFuture<byte[]> get(String key) {
    Objects.requireNonNull(key, "key");
    if (closed) {
      return closedFailure();
    }
    return run("get", key, client.<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).getAsync());
  }

  @Override
  public CompletableFuture<Void> set(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notification) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(envelope, "envelope");
    if (closed) {
      return closedFailure();
    }
    byte[] ttl;
    try {
      ttl = TimeToLive.argument(timeToLive);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return run("set", key, LevelScripts.SET.run(script, scriptKeys(key), channel, body(notification), envelope, ttl))
        .thenApply(reply -> null);
  }

  @Override
  public CompletableFuture<Void> remove(String key, BackplaneMessage notification) {
    Objects.requireNonNull(key, "key");
    if (closed) {
      return closedFailure();
    }
    return run("remove", key, LevelScripts.REMOVE.run(script, scriptKeys(key), channel, body(notification)))
        .thenApply(reply -> null);
  }

  @Override
  public CompletableFuture<Boolean> compareAndSet(String key, byte[] expected, byte[] replacement,
      Duration timeToLive, BackplaneMessage notification) {
    Objects.requireNonNull(key, "key");
    if (closed) {
      return closedFailure();
    }
    byte[] ttl;
    try {
      ttl = replacement == null ? ZERO : TimeToLive.argument(timeToLive);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletionStage<Long> reply = LevelScripts.COMPARE_AND_SET.run(script, scriptKeys(key), channel, body(notification),
        expected == null ? ZERO : ONE, expected == null ? NONE : expected,
        replacement == null ? ZERO : ONE, replacement == null ? NONE : replacement, ttl);
    return run("compare-and-set", key, reply).thenApply(swapped -> swapped == 1L);
  }

  /**
   * Lists the keys with {@code SCAN} (never {@code KEYS}), matching {@code prefix} literally: glob characters in it
   * ({@code * ? [ ] \}) are escaped. In cluster mode every master is scanned.
   */
  @Override
  public CompletableFuture<List<String>> keys(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (closed) {
      return closedFailure();
    }
    KeysScanOptions options = KeysScanOptions.defaults().pattern(GlobPattern.escape(prefix) + "*")
        .chunkSize(SCAN_CHUNK);
    AsyncIterator<String> scan = client.getKeys().getKeysAsync(options);
    CompletableFuture<List<String>> all = new CompletableFuture<>();
    collect(scan, new ArrayList<>(), all);
    return run("list keys", prefix + "*", all);
  }

  @Override
  public boolean publishesNotifications() {
    return publishing;
  }

  /** Makes every later call fail; idempotent. The client stays open. */
  @Override
  public void close() {
    closed = true;
  }

  /**
   * Drains {@code scan} into {@code found}, then completes {@code all}. Loops while Redisson answers from the chunk it
   * already holds and continues asynchronously when it must fetch the next one, so the stack stays flat.
   */
  private static void collect(AsyncIterator<String> scan, List<String> found, CompletableFuture<List<String>> all) {
    try {
      while (true) {
        CompletableFuture<Boolean> more = scan.hasNext().toCompletableFuture();
        if (!more.isDone()) {
          more.whenComplete((m, error) -> {
            if (error != null) {
              all.completeExceptionally(error);
            } else if (!m) {
              all.complete(found);
            } else {
              takeNext(scan, found, all);
            }
          });
          return;
        }
        if (!more.join()) {
          all.complete(found);
          return;
        }
        CompletableFuture<String> next = scan.next().toCompletableFuture();
        if (!next.isDone()) {
          next.whenComplete((key, error) -> resume(scan, found, all, key, error));
          return;
        }
        found.add(next.join());
      }
    } catch (RuntimeException e) {
      all.completeExceptionally(e);
    }
  }

  private static void takeNext(AsyncIterator<String> scan, List<String> found, CompletableFuture<List<String>> all) {
    scan.next().whenComplete((key, error) -> resume(scan, found, all, key, error));
  }

  private static void resume(AsyncIterator<String> scan, List<String> found, CompletableFuture<List<String>> all,
      String key, Throwable error) {
    if (error != null) {
      all.completeExceptionally(error);
      return;
    }
    found.add(key);
    collect(scan, found, all);
  }

  private List<Object> scriptKeys(String key) {
    return sequenceKey == null ? List.of(key) : List.of(key, sequenceKey);
  }

  private byte[] body(BackplaneMessage notification) {
    return notification == null || !publishing ? NONE : BackplaneWire.body(notification);
  }

  private <T> CompletableFuture<T> run(String what, String key, CompletionStage<T> stage) {
    return callbacks.of(stage).whenComplete((value, error) -> {
      if (error != null) {
        LOG.debug("Redis {} of '{}' failed", what, key, error);
      }
    });
  }

  private static <T> CompletableFuture<T> closedFailure() {
    return CompletableFuture.failedFuture(new IllegalStateException("the Redis distributed level is closed"));
  }
}
