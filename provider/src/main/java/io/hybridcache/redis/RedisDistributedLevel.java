package io.hybridcache.redis;

import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyRead;
import io.hybridcache.spi.KeyRemoval;
import io.hybridcache.spi.KeyWrite;
import io.hybridcache.spi.OversizedEntryException;
import io.hybridcache.spi.SigningKeys;
import io.hybridcache.spi.Tombstone;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributed level on Redis, through one node's {@link RedissonClient}: the engine's envelopes are stored as they
 * are (a byte codec, no Redisson object codec) under exactly the keys the engine builds, so {@code redis-cli GET
 * shop:products:p1} shows them.
 *
 * <p>{@link #set}, {@link #remove} and {@link #compareAndSet} each run one Lua script ({@link LevelScripts}) that
 * writes and, given a notification, increments the key prefix's sequence ({@code {keyPrefix}:~seq}) and
 * publishes the notification with it on {@link BackplaneMessage#channel(String)}: one round trip per write. In cluster
 * mode the sequence key would be in another hash slot than the data key, so the scripts there publish with sequence
 * {@code 0} ("none"). Built not publishing, the level never publishes and the engine announces writes itself.
 *
 * <p>Every future completes off Redisson's I/O threads ({@link Callbacks}); a Redis failure (refused connection,
 * timeout, script error) completes it exceptionally. Null arguments throw {@link NullPointerException} at once. After
 * {@link #close()}, every call fails with {@link IllegalStateException}; closing does not close the client, which
 * {@link RedisConnection} owns.
 *
 * <p>With keys (the signer's, the envelope keys), the tombstones a removal leaves are signed ({@link Tombstone}) and
 * only a tombstone whose MAC verifies reads as absent: any other bytes with a tombstone's header are returned as they
 * are, which the engine reads as bad data (a miss that a write replaces). Without keys every tombstone reads as absent.
 */
final class RedisDistributedLevel implements DistributedLevel {
  private static final Logger LOG = LoggerFactory.getLogger(RedisDistributedLevel.class);
  private static final byte[] NONE = new byte[0];
  private static final byte[] ZERO = {'0'};
  private static final byte[] ONE = {'1'};

  private final RedissonClient client;
  private final RScript script;
  private final Callbacks callbacks;
  private final byte[] channel;
  private final String channelName;
  /** Signs the notifications the scripts publish; null for unsigned ones. */
  private final MessageSigner signer;
  private final String sequenceKey;
  private final boolean publishing;
  /** The tombstone's time to live, as the remove script takes it ({@code 0}: no tombstone, the key is deleted). */
  private final byte[] tombstoneTtl;
  /** Sign the tombstones and check them; null without keys (tombstones unsigned, all read as removals). */
  private final SigningKeys tombstoneKeys;
  /** The size of this level's tombstones, and the least bound of a bounded read (so a tombstone is never oversized). */
  private final int tombstoneBytes;
  private final KeyListing listing;
  private final BulkWriter bulk;
  private volatile boolean closed;

  /**
   * @param sequenced whether scripts may touch the sequence key beside the data key (false in cluster mode)
   * @param publishing whether the scripts publish the notifications they are given
   * @param signer signs the notifications published; null for unsigned ones
   * @param tombstones how long a timed removal leaves a tombstone: the longest a write older than the removal may
   *     reach Redis after it and still be refused (a write retried by the client, or queued behind a frozen server);
   *     past it, such a write brings the key back until its entry expires. Each tombstone is a key with a 12-byte
   *     value (44 bytes, signed, with keys). Zero: no tombstones, the key is deleted.
   */
  RedisDistributedLevel(RedissonClient client, String keyPrefix, boolean sequenced, boolean publishing,
      Callbacks callbacks, MessageSigner signer, Duration tombstones) {
    this.client = client;
    this.script = client.getScript(ByteArrayCodec.INSTANCE);
    this.callbacks = callbacks;
    this.channelName = BackplaneMessage.channel(keyPrefix);
    this.channel = channelName.getBytes(StandardCharsets.UTF_8);
    this.signer = signer;
    this.sequenceKey = sequenced ? sequenceKey(keyPrefix) : null;
    this.publishing = publishing;
    this.tombstoneTtl = tombstones.isZero() ? ZERO : TimeToLive.argument(tombstones);
    this.tombstoneKeys = signer == null ? null : signer.keys();
    this.tombstoneBytes = signer == null ? Tombstone.BYTES : Tombstone.SIGNED_BYTES;
    this.listing = new KeyListing(client, tombstoneKeys, tombstoneBytes);
    this.bulk = new BulkWriter(client, sequenceKey);
  }

  /**
   * The key counting the notifications published under {@code keyPrefix}: {@code {keyPrefix}:~seq}. It has one part
   * after the prefix where every key the engine builds has at least two ({@code {keyPrefix}:{cacheName}:{key}}, tag
   * times and locks one more), and a key prefix holds no separator character: no cache name or key can produce it, so
   * no entry ever lands on the counter (which made every later script fail at its {@code INCR}).
   */
  static String sequenceKey(String keyPrefix) {
    return keyPrefix + ":~seq";
  }

  @Override
  public CompletableFuture<byte[]> get(String key) {
    Objects.requireNonNull(key, "key");
    if (closed) {
      return closedFailure();
    }
    return run("get", key, client.<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).getAsync()
        .thenApply(held -> isRemoval(key, held) ? null : held));
  }

  /**
   * The bounded read: {@link LevelScripts#BOUNDED_GET}, which compares {@code STRLEN} with the bound in Redis and
   * transfers the value only within it. The bound given to the script is at least the size of a tombstone, so a
   * tombstone still reads as absent under a smaller bound.
   */
  @Override
  public CompletableFuture<byte[]> get(String key, int maxBytes) {
    return bounded("bounded get", key, maxBytes).thenApply(held -> isRemoval(key, held) ? null : held);
  }

  /** {@link LevelScripts#BOUNDED_GET}, a tombstone returned as its bytes; an oversized value described. */
  @Override
  public CompletableFuture<byte[]> getHeld(String key, int maxBytes) {
    return bounded("read of what is held", key, maxBytes);
  }

  private CompletableFuture<byte[]> bounded(String what, String key, int maxBytes) {
    Objects.requireNonNull(key, "key");
    if (closed) {
      return closedFailure();
    }
    byte[] bound = Integer.toString(Math.max(maxBytes, tombstoneBytes)).getBytes(StandardCharsets.US_ASCII);
    return run(what, key, LevelScripts.BOUNDED_GET.read(script, List.of(key), bound)
        .thenApply(reply -> heldIn(key, reply, maxBytes)));
  }

  /**
   * The bytes one reply of {@link LevelScripts#BOUNDED_GET} holds for {@code key} (a tombstone as its bytes), null
   * when absent.
   *
   * @throws OversizedEntryException when the value is longer than {@code maxBytes}, described by its length, head and
   *     tail
   */
  private static byte[] heldIn(String key, List<Object> reply, int maxBytes) {
    if (reply == null || reply.isEmpty()) {
      return null;
    }
    if (reply.size() > 1) {
      long length = Long.parseLong(new String((byte[]) reply.get(1), StandardCharsets.US_ASCII));
      throw new OversizedEntryException(key, length, maxBytes, (byte[]) reply.get(2), (byte[]) reply.get(3));
    }
    byte[] held = (byte[]) reply.get(0);
    if (held.length > maxBytes && !Tombstone.is(held)) {
      throw OversizedEntryException.of(key, held, maxBytes);
    }
    return held;
  }

  /**
   * Whether {@code held}, read under {@code key}, is a removal: a tombstone, which with keys must be signed for this
   * key ({@link Tombstone#trusted}); an untrusted one is bad data, returned as read.
   */
  private boolean isRemoval(String key, byte[] held) {
    return Tombstone.trusted(key, held, tombstoneKeys);
  }

  /**
   * The bulk read: one Redisson batch, which pipelines its commands on each server holding some of the keys (in
   * cluster mode one round trip per master involved, whatever the keys' hash slots). Without a bound each key is a
   * plain {@code GET}; with one, each is the {@link LevelScripts#BOUNDED_GET} script by its SHA-1 ({@link ScriptBatch}: a
   * server that does not know it is given it, and those reads sent once more). Removals read as
   * absent (with keys, an unsigned or forged tombstone is returned as read: bad data).
   */
  @Override
  public CompletableFuture<List<KeyRead>> getAll(List<String> keys, int maxBytes) {
    Objects.requireNonNull(keys, "keys");
    keys.forEach(key -> Objects.requireNonNull(key, "a key of keys"));
    if (closed) {
      return closedFailure();
    }
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    String first = first(keys.get(0), keys.size());
    if (maxBytes == Integer.MAX_VALUE) {
      return run("bulk get", first, plainBatch(keys));
    }
    byte[] bound = Integer.toString(Math.max(maxBytes, tombstoneBytes)).getBytes(StandardCharsets.US_ASCII);
    return run("bounded bulk get", first, boundedBatch(keys, maxBytes, bound));
  }

  /** One batch of {@code GET}s. */
  private CompletableFuture<List<KeyRead>> plainBatch(List<String> keys) {
    RBatch batch = client.createBatch();
    List<RFuture<byte[]>> reads = new ArrayList<>(keys.size());
    for (String key : keys) {
      reads.add(batch.<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).getAsync());
    }
    return batch.executeAsync().toCompletableFuture().thenApply(done -> {
      List<KeyRead> found = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        byte[] held = reads.get(i).toCompletableFuture().join();
        found.add(KeyRead.of(isRemoval(keys.get(i), held) ? null : held));
      }
      return found;
    });
  }

  /** One batch of bounded reads ({@link ScriptBatch}). */
  private CompletableFuture<List<KeyRead>> boundedBatch(List<String> keys, int maxBytes, byte[] bound) {
    List<ScriptBatch.Call> calls = new ArrayList<>(keys.size());
    for (String key : keys) {
      calls.add(new ScriptBatch.Call(List.of(key), new byte[][] {bound}));
    }
    return ScriptBatch.<List<Object>>run(client, LevelScripts.BOUNDED_GET, RScript.Mode.READ_ONLY,
        RScript.ReturnType.LIST, calls).thenApply(replies -> {
          List<KeyRead> found = new ArrayList<>(keys.size());
          for (int i = 0; i < keys.size(); i++) {
            found.add(readOf(keys.get(i), replies.get(i), maxBytes));
          }
          return found;
        });
  }

  /** What one reply of {@link LevelScripts#BOUNDED_GET} says of {@code key}: a removal reads as absent. */
  private KeyRead readOf(String key, List<Object> reply, int maxBytes) {
    try {
      byte[] held = heldIn(key, reply, maxBytes);
      return KeyRead.of(isRemoval(key, held) ? null : held);
    } catch (OversizedEntryException e) {
      return KeyRead.refused(e);
    }
  }

  /**
   * Whether {@code held} is the tombstone a timed removal leaves ({@link LevelScripts#REMOVE}): a format-1 header
   * whose flags byte has bit 64, which no entry envelope sets, then the removal's time. It reads as an absent key.
   */
  static boolean isTombstone(byte[] held) {
    return Tombstone.is(held);
  }

  @Override
  public CompletableFuture<Void> set(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notification) {
    return trySet(key, envelope, timeToLive, notification).thenApply(written -> null);
  }

  /** {@link LevelScripts#SET}: {@code false} when it returned 0 (the key held an entry written later). */
  @Override
  public CompletableFuture<Boolean> trySet(String key, byte[] envelope, Duration timeToLive,
      BackplaneMessage notification) {
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
        .thenApply(reply -> reply == 1L);
  }

  /**
   * {@link LevelScripts#SET_ALL}: the writes in as few script calls as {@link BulkWriter} allows (one per 1,000 keys
   * on one master; per hash slot in cluster mode), all in one pipelined batch. Each key is compared and written as
   * {@link #trySet} would, and each written key's notice counted and published by the script: the notices of a
   * batch cost no round trip of their own.
   */
  @Override
  public CompletableFuture<List<Boolean>> trySetAll(List<KeyWrite> writes) {
    Objects.requireNonNull(writes, "writes");
    if (closed) {
      return closedFailure();
    }
    if (writes.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    List<BulkWriter.Part> parts = new ArrayList<>(writes.size());
    try {
      for (KeyWrite w : writes) {
        parts.add(new BulkWriter.Part(w.key(), new byte[][] {body(w.notification()), w.envelope(),
            TimeToLive.argument(w.timeToLive())}));
      }
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return run("bulk set", first(writes.get(0).key(), writes.size()),
        bulk.write(LevelScripts.SET_ALL, channel, parts));
  }

  /** {@link LevelScripts#REMOVE_ALL}, in script calls and one batch as {@link #trySetAll} writes. */
  @Override
  public CompletableFuture<List<Boolean>> tryRemoveAll(List<KeyRemoval> removals) {
    Objects.requireNonNull(removals, "removals");
    if (closed) {
      return closedFailure();
    }
    if (removals.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    List<BulkWriter.Part> parts = new ArrayList<>(removals.size());
    for (KeyRemoval r : removals) {
      byte[] at = Long.toString(r.removedAt()).getBytes(StandardCharsets.US_ASCII);
      byte[] ttl = r.removedAt() == Long.MAX_VALUE ? ZERO : tombstoneTtl;
      parts.add(new BulkWriter.Part(r.key(), new byte[][] {body(r.notification()), at, ttl,
          tombstone(r.key(), r.removedAt())}));
    }
    return run("bulk remove", first(removals.get(0).key(), removals.size()),
        bulk.write(LevelScripts.REMOVE_ALL, channel, parts));
  }

  /** How a bulk call names its keys in a log line: the first and how many more. */
  private static String first(String key, int count) {
    return key + (count > 1 ? " and " + (count - 1) + " more" : "");
  }

  @Override
  public CompletableFuture<Void> remove(String key, BackplaneMessage notification) {
    return remove(key, Long.MAX_VALUE, notification);
  }

  @Override
  public CompletableFuture<Void> remove(String key, long removedAt, BackplaneMessage notification) {
    return tryRemove(key, removedAt, notification).thenApply(removed -> null);
  }

  /** {@link LevelScripts#REMOVE}: {@code false} when it returned 0 (the key held an entry written later). */
  @Override
  public CompletableFuture<Boolean> tryRemove(String key, long removedAt, BackplaneMessage notification) {
    Objects.requireNonNull(key, "key");
    if (closed) {
      return closedFailure();
    }
    byte[] at = Long.toString(removedAt).getBytes(StandardCharsets.US_ASCII);
    byte[] ttl = removedAt == Long.MAX_VALUE ? ZERO : tombstoneTtl; // no time: nothing to compare with
    return run("remove", key, LevelScripts.REMOVE.run(script, scriptKeys(key), channel, body(notification), at,
        ttl, tombstone(key, removedAt)))
        .thenApply(reply -> reply == 1L);
  }

  @Override
  public CompletableFuture<Boolean> compareAndSet(String key, byte[] expected, byte[] replacement,
      Duration timeToLive, BackplaneMessage notification) {
    return swap("compare-and-set", key, expected, replacement, timeToLive, ZERO, NONE, notification);
  }

  /** As {@link #compareAndSet} removing, leaving a tombstone of {@code removedAt} unless tombstones are off. */
  @Override
  public CompletableFuture<Boolean> compareAndRemove(String key, byte[] expected, long removedAt,
      BackplaneMessage notification) {
    return swap("compare-and-remove", key, expected, null, null, tombstoneTtl, tombstone(key, removedAt),
        notification);
  }

  /**
   * {@link LevelScripts#REPLACE_OVERSIZED}, comparing the size, head and tail {@code seen} describes; {@code false}
   * at once when it describes none.
   */
  @Override
  public CompletableFuture<Boolean> replaceOversized(String key, OversizedEntryException seen, byte[] replacement,
      Duration timeToLive, long removedAt, BackplaneMessage notification) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(seen, "seen");
    if (closed) {
      return closedFailure();
    }
    if (!seen.describesValue()) {
      return CompletableFuture.completedFuture(false);
    }
    byte[] ttl;
    try {
      ttl = replacement == null ? tombstoneTtl : TimeToLive.argument(timeToLive);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletionStage<Long> reply = LevelScripts.REPLACE_OVERSIZED.run(script, scriptKeys(key), channel,
        body(notification), Long.toString(seen.size()).getBytes(StandardCharsets.US_ASCII), seen.head(), seen.tail(),
        replacement == null ? ZERO : ONE, replacement == null ? NONE : replacement, ttl,
        replacement == null ? tombstone(key, removedAt) : NONE);
    return run("replace an oversized value of", key, reply).thenApply(swapped -> swapped == 1L);
  }

  /** The tombstone of a removal of {@code key} at {@code removedAt}: signed with the keys, if any. */
  private byte[] tombstone(String key, long removedAt) {
    return Tombstone.of(key, removedAt, tombstoneKeys);
  }

  /**
   * The compare-and-set script; without a replacement it removes the key, leaving {@code tombstone} for
   * {@code tombstoneTtl} ({@code 0}: deleted).
   */
  private CompletableFuture<Boolean> swap(String what, String key, byte[] expected, byte[] replacement,
      Duration timeToLive, byte[] tombstoneTtl, byte[] tombstone, BackplaneMessage notification) {
    Objects.requireNonNull(key, "key");
    if (closed) {
      return closedFailure();
    }
    byte[] ttl;
    try {
      ttl = replacement == null ? tombstoneTtl : TimeToLive.argument(timeToLive);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletionStage<Long> reply = LevelScripts.COMPARE_AND_SET.run(script, scriptKeys(key), channel, body(notification),
        expected == null ? ZERO : ONE, expected == null ? NONE : expected,
        replacement == null ? ZERO : ONE, replacement == null ? NONE : replacement, ttl, tombstone);
    return run(what, key, reply).thenApply(swapped -> swapped == 1L);
  }

  /**
   * Lists the keys with {@code SCAN} ({@link KeyListing}, on a callback thread: the scan blocks), matching
   * {@code prefix} literally; keys holding a removal are left out.
   */
  @Override
  public CompletableFuture<List<String>> keys(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (closed) {
      return closedFailure();
    }
    return run("list keys", prefix + "*", callbacks.supply(() -> listing.list(prefix)));
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

  private List<Object> scriptKeys(String key) {
    return sequenceKey == null ? List.of(key) : List.of(key, sequenceKey);
  }

  private byte[] body(BackplaneMessage notification) {
    if (notification == null || !publishing) {
      return NONE;
    }
    byte[] body = BackplaneWire.body(notification);
    return signer == null ? body : signer.sign(channelName, body);
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
