package io.hybridcache.engine;

import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.OversizedEntryException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered writes and removals of one cache in the distributed level (L2), which do not take a refusal on trust.
 *
 * <p>The level refuses a write, or a removal, when the key holds an entry (or a tombstone) whose header claims a later
 * write: one round trip, the common case. But the level reads only the header, which whoever can write to Redis can
 * forge; so when it refuses, this reads the held bytes through the verifying path (the MAC with envelope keys, the
 * maximum clock skew, the maximum entry size, the decoding). Held bytes it can trust, and so genuinely later, keep
 * the refusal. Any other (an unsigned or forged entry or tombstone with keys, bytes it cannot read, a time further
 * ahead than the skew, a value above the maximum entry size) are replaced with a compare-and-set against exactly what
 * was read, an oversized value compared by its size, head and tail without transferring it: counted in
 * {@link ClusterNode#untrustedEntriesReplaced()}, logged at warn once per cause. Should the key change in between,
 * the write is made once more, ordered as usual, and that answer stands. Refusals are rare: the extra round trips are
 * paid under attack or in genuine races only.
 */
final class RefusalCheck<V> {
  private static final Logger LOG = LoggerFactory.getLogger(RefusalCheck.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final DistributedLevel level;
  private final EntryCodec<V> codec;
  private final UntrustedEntries untrusted;

  RefusalCheck(DistributedLevel level, EntryCodec<V> codec, UntrustedEntries untrusted) {
    this.level = level;
    this.codec = codec;
    this.untrusted = untrusted;
  }

  /** Writes {@code envelope} under {@code levelKey} unless it holds a trustworthy entry written later. */
  CompletableFuture<Void> set(String levelKey, byte[] envelope, Duration ttl, BackplaneMessage inline) {
    return set(levelKey, envelope, ttl, inline, null);
  }

  /** {@link #set(String, byte[], Duration, BackplaneMessage)}, its first attempt in {@code batch} (null: none). */
  CompletableFuture<Void> set(String levelKey, byte[] envelope, Duration ttl, BackplaneMessage inline,
      LevelBatch batch) {
    return (batch == null ? level.trySet(levelKey, envelope, ttl, inline)
        : batch.trySet(levelKey, envelope, ttl, inline))
        .thenCompose(written -> written ? DONE : settle(levelKey, envelope, ttl, 0, inline));
  }

  /** Removes {@code levelKey} as a removal made at {@code removedAt}, unless it holds a trustworthy later entry. */
  CompletableFuture<Void> remove(String levelKey, long removedAt, BackplaneMessage inline) {
    return remove(levelKey, removedAt, inline, null);
  }

  /** {@link #remove(String, long, BackplaneMessage)}, its first attempt in {@code batch} (null: none). */
  CompletableFuture<Void> remove(String levelKey, long removedAt, BackplaneMessage inline, LevelBatch batch) {
    return (batch == null ? level.tryRemove(levelKey, removedAt, inline)
        : batch.tryRemove(levelKey, removedAt, inline))
        .thenCompose(removed -> removed ? DONE : settle(levelKey, null, null, removedAt, inline));
  }

  /** After a refusal: reads what is held, replaces it unless it can be trusted ({@code replacement} null: remove). */
  private CompletableFuture<Void> settle(String levelKey, byte[] replacement, Duration ttl, long removedAt,
      BackplaneMessage inline) {
    return codec.fetchHeld(level, levelKey).handle((held, error) -> {
      OversizedEntryException oversized = EntryCodec.oversized(error);
      if (oversized != null) {
        codec.countOversized(levelKey, oversized);
        return replaced(UntrustedEntries.Cause.OVERSIZED_ENTRY, levelKey, replacement, ttl, removedAt, inline,
            level.replaceOversized(levelKey, oversized, replacement, ttl, removedAt, inline));
      }
      if (error != null) {
        return CompletableFuture.<Void>failedFuture(error);
      }
      UntrustedEntries.Cause cause = held == null ? null : codec.distrust(levelKey, held);
      if (cause == null) {
        LOG.debug("a write to '{}' was refused: it holds a later entry", levelKey);
        return DONE;
      }
      return replaced(cause, levelKey, replacement, ttl, removedAt, inline, replacement == null
          ? level.compareAndRemove(levelKey, held, removedAt, inline)
          : level.compareAndSet(levelKey, held, replacement, ttl, inline));
    }).thenCompose(next -> next);
  }

  /** Counts a swap that happened; when the key changed before it, makes the change once more, ordered. */
  private CompletableFuture<Void> replaced(UntrustedEntries.Cause cause, String levelKey, byte[] replacement,
      Duration ttl, long removedAt, BackplaneMessage inline, CompletableFuture<Boolean> swap) {
    return swap.thenCompose(swapped -> {
      if (swapped) {
        untrusted.replaced(cause, levelKey);
        return DONE;
      }
      CompletableFuture<Boolean> again = replacement == null ? level.tryRemove(levelKey, removedAt, inline)
          : level.trySet(levelKey, replacement, ttl, inline);
      return again.thenApply(done -> null);
    });
  }
}
