package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyRead;
import io.hybridcache.spi.OversizedEntryException;
import io.hybridcache.spi.SerializationException;
import io.hybridcache.spi.Tombstone;
import io.hybridcache.spi.ValueSerializer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The bytes one cache keeps in the distributed level (L2) for an entry: the entry's envelope with its serialized value,
 * signed under the level key when the node has envelope keys, and no larger than the node's maximum entry size; and
 * the entry as L2 keeps it ({@code distributedCacheDuration}) and for how long.
 *
 * <p>Decoding never lets bad bytes break a caller unless the options ask: whatever reading an envelope throws is a
 * {@link SerializationException}, logged and counted, and the entry is then none. Encoding throws a
 * {@link SerializationException} for a value the serializer refuses or an envelope above the maximum size; the callers
 * that write decide what that means.
 */
final class EntryCodec<V> {
  private static final Duration NO_EXPIRY = ChronoUnit.FOREVER.getDuration();
  /** Options under which an unreadable entry is a miss, never an exception. */
  static final EntryOptions QUIET = EntryOptions.builder().reThrowSerializationExceptions(false).build();

  private final ValueSerializer serializer;
  /** Signs and checks envelopes; null when the node has no envelope keys. */
  private final EnvelopeSigner signer;
  /** The largest envelope this cache writes to or reads from L2, in bytes. */
  private final int maxEntryBytes;
  /** The most tags an entry read from L2 may carry; one with more is unreadable. */
  private final int maxTags;
  private final TimeSource time;
  private final CacheEvents<?> events;
  /** Refuses an entry whose times lie further ahead than the node's maximum clock skew. */
  private final FutureTimes.Check futureTimes;

  /**
   * @param serializer the node's value serializer; null without a node (nothing is then encoded or decoded)
   * @param signer null when the node has no envelope keys
   * @param maxTags the most tags an entry read may carry ({@code maxTagsPerEntry}): more are refused as unreadable
   *     before any tag is read
   */
  EntryCodec(ValueSerializer serializer, EnvelopeSigner signer, int maxEntryBytes, int maxTags, TimeSource time,
      CacheEvents<?> events, FutureTimes.Check futureTimes) {
    this.serializer = serializer;
    this.signer = signer;
    this.maxEntryBytes = maxEntryBytes;
    this.maxTags = maxTags;
    this.time = time;
    this.events = events;
    this.futureTimes = futureTimes;
  }

  /**
   * The entry in {@code bytes}, read under {@code levelKey}, or null for none or for bytes this node cannot read
   * (logged, counted): with envelope keys, an envelope whose MAC does not verify is refused before anything in it is
   * read. Whatever the bytes make fail (the envelope, the signature, the serializer, even one that breaks its contract
   * and throws something else or returns null) is a {@link SerializationException}, thrown only when the options
   * re-throw.
   */
  CacheEntry<V> decode(String levelKey, byte[] bytes, EntryOptions options) {
    if (bytes == null) {
      return null;
    }
    try {
      requireSize(bytes.length, "read");
      byte[] envelope = signer == null ? EnvelopeSigner.unsigned(bytes) : signer.verify(levelKey, bytes);
      EntryEnvelope.Contents contents = EntryEnvelope.decode(envelope, maxTags);
      @SuppressWarnings("unchecked")
      V value = (V) serializer.deserialize(contents.valueBytes());
      return futureTimes.admit(levelKey, contents.toEntry(value)); // a time too far ahead: refused, a miss
    } catch (RuntimeException | LinkageError e) {
      SerializationException failure = e instanceof SerializationException s ? s
          : new SerializationException("the value serializer failed on the entry under '" + levelKey + "': " + e, e);
      events.serializationError(SerializationCause.Site.READ_ENTRY, "read the entry under '" + levelKey + "'",
          failure);
      if (options.reThrowSerializationExceptions()) {
        throw failure;
      }
      return null;
    }
  }

  /**
   * Reads {@code levelKey} from {@code level}: with a maximum entry size, bounded by it
   * ({@link DistributedLevel#get(String, int)}), so a larger value is refused before it is transferred (the future
   * fails with an {@link OversizedEntryException}); without one (the default), a plain {@link DistributedLevel#get}.
   */
  CompletableFuture<byte[]> fetch(DistributedLevel level, String levelKey) {
    return maxEntryBytes == Integer.MAX_VALUE ? level.get(levelKey) : level.get(levelKey, maxEntryBytes);
  }

  /**
   * Reads {@code levelKeys} from {@code level} in one bulk read ({@link DistributedLevel#getAll}), bounded by the
   * maximum entry size when one is configured: a larger value is refused in its place, before it is transferred.
   */
  CompletableFuture<List<KeyRead>> fetchAll(DistributedLevel level, List<String> levelKeys) {
    return level.getAll(levelKeys, maxEntryBytes);
  }

  /**
   * {@link #fetch}, for a read that goes on to change the key (an atomic operation's compare-and-set, an auto-recovery
   * replay), which must name the bytes it replaces and cannot name bytes it was not given: a value above the maximum
   * entry size is counted and logged as bad data, as {@link #refuse} does, then removed as a removal made at
   * {@code removedAt} would remove it (unless its header claims a later write), without a notification, and the key
   * read again. An unreadable entry is replaced by such a change anyway; this costs two more round trips, for bad
   * data only.
   */
  CompletableFuture<byte[]> fetchClearing(DistributedLevel level, String levelKey, long removedAt) {
    return fetch(level, levelKey).handle((held, error) -> {
      OversizedEntryException oversized = oversized(error);
      if (oversized == null) {
        return error == null ? CompletableFuture.completedFuture(held) : CompletableFuture.<byte[]>failedFuture(error);
      }
      countOversized(levelKey, oversized);
      CompletableFuture<?> removed = oversized.describesValue()
          ? level.replaceOversized(levelKey, oversized, null, null, removedAt, null) // whatever its header claims
          : level.remove(levelKey, removedAt, null);
      return removed.thenCompose(done -> fetch(level, levelKey));
    }).thenCompose(next -> next);
  }

  /**
   * What {@code levelKey} holds, for a write the level refused ({@link RefusalCheck}): as {@link #fetch}, but a
   * tombstone is returned as its bytes ({@link DistributedLevel#getHeld}).
   */
  CompletableFuture<byte[]> fetchHeld(DistributedLevel level, String levelKey) {
    return level.getHeld(levelKey, maxEntryBytes);
  }

  /** A value above the maximum entry size the level did not transfer: bad data, counted and logged once per cause. */
  void countOversized(String levelKey, OversizedEntryException oversized) {
    events.serializationError(SerializationCause.Site.READ_ENTRY, "read the entry under '" + levelKey + "'",
        oversized);
  }

  /**
   * Why {@code held}, read under {@code levelKey}, cannot be trusted to order a write after it, or null when it can: a
   * tombstone must verify with envelope keys ({@link Tombstone#trusted}) and lie within the maximum clock skew; an
   * entry must decode ({@link #decode}: its MAC, size, format and times checked; a failure is counted as bad data).
   */
  UntrustedEntries.Cause distrust(String levelKey, byte[] held) {
    if (Tombstone.is(held)) {
      if (signer != null && !signer.trustsTombstone(levelKey, held)) {
        return UntrustedEntries.Cause.FORGED_TOMBSTONE;
      }
      return futureTimes.refuses(levelKey, DistributedLevel.writtenAt(held))
          ? UntrustedEntries.Cause.FUTURE_TOMBSTONE : null;
    }
    return decodeQuietly(levelKey, held) == null ? UntrustedEntries.Cause.UNREADABLE_ENTRY : null;
  }

  /** The {@link OversizedEntryException} that failed a {@link #fetch}, or null when {@code error} is another. */
  static OversizedEntryException oversized(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof OversizedEntryException o) {
        return o;
      }
      if (!(t instanceof CompletionException || t instanceof ExecutionException)) {
        return null;
      }
    }
    return null;
  }

  /**
   * An entry the level refused to transfer, above the maximum entry size: bad data, logged and counted as
   * {@link #decode} does an unreadable entry, thrown only when the options re-throw.
   */
  void refuse(String levelKey, OversizedEntryException oversized, EntryOptions options) {
    events.serializationError(SerializationCause.Site.READ_ENTRY, "read the entry under '" + levelKey + "'",
        oversized);
    if (options.reThrowSerializationExceptions()) {
      throw oversized;
    }
  }

  /** {@link #decode} that never throws: an unreadable entry is null (logged, counted). */
  CacheEntry<V> decodeQuietly(String levelKey, byte[] bytes) {
    return decode(levelKey, bytes, QUIET);
  }

  /**
   * The envelope of {@code entry} as L2 keeps it under {@code levelKey} (its own duration when
   * {@code distributedCacheDuration} is set), signed when the node has envelope keys.
   */
  byte[] encode(String levelKey, CacheEntry<V> entry) {
    byte[] envelope = EntryEnvelope.encode(entry, serializer.serialize(entry.value()));
    if (signer != null) {
      envelope = signer.sign(levelKey, envelope);
    }
    requireSize(envelope.length, "written");
    return envelope;
  }

  /** Refuses an entry of {@code size} bytes above the node's maximum entry size. */
  private void requireSize(int size, String done) {
    if (size > maxEntryBytes) {
      throw new SerializationException("an entry of " + size + " bytes cannot be " + done + ": the maximum entry size "
          + "is " + maxEntryBytes + " bytes (maxEntrySize); a larger one stays in the memory level only", null);
    }
  }

  /**
   * The envelope of {@code stored}, the result of a conditional change of {@code key}, or null when its value cannot
   * be encoded (counted, logged; thrown with {@code reThrowSerializationExceptions}): the change then removes what L2
   * holds instead, as a write that cannot be encoded does, and the value stays in L1 only.
   */
  byte[] encodeChange(Object key, String levelKey, CacheEntry<V> stored, EntryOptions options) {
    try {
      return encode(levelKey, stored);
    } catch (SerializationException e) {
      events.serializationError(SerializationCause.Site.WRITE_ENTRY,
          "write key '" + key + "' to the distributed level", e);
      if (options.reThrowSerializationExceptions()) {
        throw e;
      }
      return null;
    }
  }

  /**
   * Whether {@code raw}, bytes read from L2 under {@code levelKey}, is exactly what writing {@code entry} there would
   * store; false when the entry cannot be encoded.
   */
  boolean holds(String levelKey, byte[] raw, CacheEntry<V> entry, EntryOptions options) {
    try {
      return Arrays.equals(raw, encode(levelKey, forLevel(entry, options)));
    } catch (SerializationException e) {
      return false;
    }
  }

  /** {@code entry} as L2 keeps it: with {@code distributedCacheDuration}, fresh for that long after its write. */
  static <V> CacheEntry<V> forLevel(CacheEntry<V> entry, EntryOptions options) {
    if (options.distributedCacheDuration().isEmpty() || entry.isStale()) {
      return entry;
    }
    long logical = TimeMath.plus(entry.timestamp, TimeMath.millis(options.distributedCacheDuration().get()));
    long physical = options.failSafe()
        ? Math.max(logical, TimeMath.plus(entry.timestamp, TimeMath.millis(options.failSafeMaxDuration())))
        : logical;
    return entry.withLogicalExpiration(logical, physical);
  }

  /** How long L2 keeps {@code entry}: until its physical expiration; null when that has passed. */
  Duration timeToLive(CacheEntry<V> entry) {
    if (entry.physicalExpiration() == Long.MAX_VALUE) {
      return NO_EXPIRY;
    }
    long left = entry.physicalExpiration() - time.wallMillis();
    return left <= 0 ? null : Duration.ofMillis(left);
  }
}
