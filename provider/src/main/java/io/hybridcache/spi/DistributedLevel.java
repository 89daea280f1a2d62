package io.hybridcache.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The contract of a distributed cache level shared by every node (Redis in production, an in-memory map in tests).
 *
 * <p>A level stores opaque envelopes (bytes the engine encodes and decodes) under string keys the engine builds; it
 * never interprets them. Every operation is asynchronous and must not block the calling thread; a failure completes the
 * future exceptionally and the engine decides (circuit breaker, auto-recovery, re-throw). A write may carry the
 * backplane notification that must follow it, so an implementation that can do both in one round trip (a Redis script
 * that writes, bumps the sequence and publishes) does; otherwise the engine publishes it itself.
 */
public interface DistributedLevel extends AutoCloseable {

  /**
   * Reads the envelope under {@code key}; the future completes with {@code null} when there is none.
   *
   * @param key the key
   * @return a future of the envelope, or of {@code null} when the key is absent
   */
  CompletableFuture<byte[]> get(String key);

  /**
   * Reads the envelope under {@code key} as {@link #get(String)} does, unless it is larger than {@code maxBytes}: then
   * the future completes exceptionally with an {@link OversizedEntryException}, and a level that can tell the size
   * before transferring the bytes (the Redis level: a script comparing {@code STRLEN} with the bound, in the same
   * round trip) does not transfer them. The engine calls it only when a maximum entry size is configured.
   * The default reads the whole envelope with {@link #get(String)} and then checks its size.
   *
   * @param key the key
   * @param maxBytes the largest envelope to return, in bytes
   * @return a future of the envelope, or of {@code null} when absent
   */
  default CompletableFuture<byte[]> get(String key, int maxBytes) {
    return get(key).thenApply(held -> {
      if (held != null && held.length > maxBytes) {
        throw new OversizedEntryException(key, held.length, maxBytes);
      }
      return held;
    });
  }

  /**
   * Reads the envelopes under {@code keys} in one round trip where the level can (the Redis level: one pipelined batch
   * of reads, sent to each server holding some of the keys at once, so in cluster mode one round trip per master
   * involved): what the engine uses when it needs many keys at once (the removal times of an entry's tags).
   *
   * <p>The list has one {@link KeyRead} per key, in the order of {@code keys} (a key listed twice is read twice): the
   * envelope, nothing ({@link KeyRead#envelope()} null; a removal the level remembers reads as nothing too), or, when
   * {@code maxBytes} is below {@link Integer#MAX_VALUE} and the value is larger, a {@link KeyRead#refused refusal}
   * that a level able to tell the size first ({@link #get(String, int)}) makes without transferring the value.
   * One key's bad data is that key's answer, never the others': the bytes are returned as they are, the engine
   * decodes each on its own. The future fails only when the level does (connection, timeout, a server error): then
   * no key has an answer. It has no timeout of its own beyond the client's: the engine bounds the wait with the
   * options' distributed timeouts, and a circuit breaker guards it as it guards a single read.
   *
   * <p>The default starts one {@link #get(String, int)} per key (or {@link #get(String)} without a bound) and
   * collects them: correct for any level, one round trip per key unless the level pipelines them itself.
   *
   * @return a future completing with one read per key, in the order of {@code keys}
   * @param keys the keys to read; an empty list completes at once with an empty list
   * @param maxBytes the largest envelope to return, in bytes; {@link Integer#MAX_VALUE}: no bound
   */
  default CompletableFuture<List<KeyRead>> getAll(List<String> keys, int maxBytes) {
    List<CompletableFuture<KeyRead>> reads = new ArrayList<>(keys.size());
    for (String key : keys) {
      CompletableFuture<byte[]> read = maxBytes == Integer.MAX_VALUE ? get(key) : get(key, maxBytes);
      reads.add(read.handle((held, error) -> {
        if (error == null) {
          return KeyRead.of(held);
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
          if (t instanceof OversizedEntryException oversized) {
            return KeyRead.refused(oversized);
          }
        }
        throw error instanceof CompletionException c ? c : new CompletionException(error);
      }));
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture<?>[]::new))
        .thenApply(done -> reads.stream().map(CompletableFuture::join).toList());
  }

  /**
   * Writes {@code envelope} under {@code key}, to disappear after {@code timeToLive} (the entry's physical lifetime),
   * unless {@code key} holds an entry written later: when both are entry envelopes and the one held is
   * {@link #writtenAfter written after} it, nothing is written and nothing is published. The one thing a level reads
   * from the bytes: a write that reaches the level late (outlived its caller's timeout, retried by the client, queued
   * behind a frozen server) must not undo a newer one, whose node would keep the newer value while every other node
   * read the older.
   * Within one millisecond the envelopes' order decides (bytes 13 to 20 when flag 32 is set); equal both ways, the
   * last to arrive wins.
   *
   * @param key the key
   * @param envelope the bytes to store
   * @param timeToLive how long the key lives
   * @param notification the backplane message to publish once the write succeeded, or {@code null} for none
   * @return a future completing when the write is done
   */
  CompletableFuture<Void> set(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notification);

  /**
   * {@link #set}, telling whether it wrote: {@code false} when the key held an entry (or a removal the level
   * remembers) written later, so that nothing was written or published. A refusal rests on what the held bytes claim
   * (their header), which whoever can write to the level can forge: the engine does not take it on trust but reads the
   * held entry ({@link #getHeld}) and, when it cannot trust it, replaces it with a compare-and-set. The default calls
   * {@link #set} and completes with {@code true} (a level that cannot tell).
   *
   * @param key the level key
   * @param envelope the envelope to write
   * @param timeToLive how long the level keeps it
   * @param notification the message to publish with the write, or null for none
   * @return a future completing with {@code true} when written, {@code false} when refused
   */
  default CompletableFuture<Boolean> trySet(String key, byte[] envelope, Duration timeToLive,
      BackplaneMessage notification) {
    return set(key, envelope, timeToLive, notification).thenApply(written -> true);
  }

  /**
   * {@link #trySet} for each of {@code writes}, in one round trip where the level can (the Redis level: one script
   * call per batch of up to 1,000 keys, per hash slot in cluster mode, all in one pipelined batch: one round trip per
   * master involved; the script publishes each written key's notification). The list has one answer per write, in order, as {@link #trySet} would give it. The writes are not one
   * atomic step: each key is written on its own. The future fails only when the level does (connection, timeout, a
   * server error); then which writes happened is unknown (a write made again later is ordered as usual).
   *
   * <p>The default starts one {@link #trySet} per write and collects them: correct for any level, one round trip per
   * key unless the level pipelines them itself.
   *
   * @param writes the writes; an empty list completes at once with an empty list
   * @return a future of whether each write was made ({@code false}: the key held an entry written later)
   */
  default CompletableFuture<List<Boolean>> trySetAll(List<KeyWrite> writes) {
    List<CompletableFuture<Boolean>> each = new ArrayList<>(writes.size());
    for (KeyWrite w : writes) {
      each.add(trySet(w.key(), w.envelope(), w.timeToLive(), w.notification()));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture<?>[]::new))
        .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
  }

  /**
   * {@link #tryRemove} for each of {@code removals}, in one round trip where the level can, as {@link #trySetAll}
   * does for writes: one answer per removal, in order; the future fails only when the level does.
   *
   * @param removals the removals; an empty list completes at once with an empty list
   * @return a future of whether each removal was made ({@code false}: the key held an entry written later)
   */
  default CompletableFuture<List<Boolean>> tryRemoveAll(List<KeyRemoval> removals) {
    List<CompletableFuture<Boolean>> each = new ArrayList<>(removals.size());
    for (KeyRemoval r : removals) {
      each.add(tryRemove(r.key(), r.removedAt(), r.notification()));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture<?>[]::new))
        .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
  }

  /**
   * {@link #remove(String, long, BackplaneMessage)}, telling whether it removed: {@code false} when the key held an
   * entry written after {@code removedAt}, so that nothing was removed or published (see {@link #trySet} for what the
   * engine then does). The default calls that method and completes with {@code true}.
   *
   * @param key the level key
   * @param removedAt the removal's time, in epoch millis
   * @param notification the message to publish with the removal, or null for none
   * @return a future completing with {@code true} when removed (or absent), {@code false} when refused
   */
  default CompletableFuture<Boolean> tryRemove(String key, long removedAt, BackplaneMessage notification) {
    return remove(key, removedAt, notification).thenApply(removed -> true);
  }

  /**
   * What {@code key} holds, for a writer whose write was refused: as {@link #get(String, int)}, except that a
   * removal the level keeps as bytes ({@link Tombstone}) is returned as those bytes, not as {@code null}, and that a
   * value above {@code maxBytes} fails the future with an {@link OversizedEntryException} that
   * {@link OversizedEntryException#describesValue describes it} (size, head and tail) when the level can, so that
   * {@link #replaceOversized} can replace it. The default is {@link #get(String, int)} (a level without tombstones).
   *
   * @param key the level key
   * @return a future completing with the bytes held (a tombstone as its bytes), or null when absent
   * @param maxBytes the largest value to return, in bytes ({@link Integer#MAX_VALUE}: no bound)
   */
  default CompletableFuture<byte[]> getHeld(String key, int maxBytes) {
    return get(key, maxBytes);
  }

  /**
   * Replaces the value {@code seen} describes (one above a read's bound, by its size, head and tail) with
   * {@code replacement}, only if {@code key} still holds a value of that size, head and tail, in one atomic step and
   * without transferring it; {@code replacement} null removes the key as a removal made at {@code removedAt} would
   * (leaving a tombstone where the level does). The default reads the whole value and compares it: a level that can
   * compare where the value lies overrides it.
   *
   * @param key the level key
   * @param seen what the bounded read said of the value: its size, head and tail
   * @param replacement the envelope to write instead, or null to remove the value
   * @param timeToLive how long the level keeps the replacement (ignored for a removal)
   * @param removedAt the removal's time, in epoch millis, for a removal
   * @param notification the message to publish with the change, or null for none
   * @return a future completing with {@code true} when the value was replaced, {@code false} when the key held
   *     something else, or {@code seen} does not describe a value (then nothing was written or published)
   */
  default CompletableFuture<Boolean> replaceOversized(String key, OversizedEntryException seen, byte[] replacement,
      Duration timeToLive, long removedAt, BackplaneMessage notification) {
    return get(key).thenCompose(held -> {
      if (!seen.describes(held)) {
        return CompletableFuture.completedFuture(false);
      }
      return replacement == null ? compareAndRemove(key, held, removedAt, notification)
          : compareAndSet(key, held, replacement, timeToLive, notification);
    });
  }

  /**
   * When the entry in {@code envelope} was written (epoch millis), or {@link Long#MIN_VALUE} when the bytes are not an
   * entry envelope of format 1. An envelope starts with {@code 'H' 'C'}, the format version (one byte), a flags byte,
   * then that time as a big-endian {@code long}.
   *
   * @param envelope the bytes of an envelope, or null
   * @return the time, or {@link Long#MIN_VALUE}
   */
  static long writtenAt(byte[] envelope) {
    if (envelope == null || envelope.length < 12 || envelope[0] != 'H' || envelope[1] != 'C' || envelope[2] != 1) {
      return Long.MIN_VALUE;
    }
    return java.nio.ByteBuffer.wrap(envelope, 4, 8).getLong();
  }

  /**
   * The order of the entry in {@code envelope} among those written in its millisecond: the big-endian {@code long}
   * after the time when the flags byte has bit 32 set; 0 when it has not (or the bytes are not an entry envelope).
   *
   * @param envelope the bytes of an envelope, or null
   * @return the order, or 0
   */
  static long writtenOrder(byte[] envelope) {
    if (writtenAt(envelope) == Long.MIN_VALUE || envelope.length < 20 || (envelope[3] & 32) == 0) {
      return 0;
    }
    return java.nio.ByteBuffer.wrap(envelope, 12, 8).getLong();
  }

  /**
   * How far after a write's or a removal's own time the time of what the level holds may lie and still order after
   * it: one day, the largest maximum clock skew a node accepts. No node's clock runs that far ahead of another's, so a
   * later time was forged by someone who can write to the level, or came from a clock set wrong; ordered by it, the
   * held entry (or tombstone) would refuse every write and removal of its key until it expires. Beyond it, the write
   * or removal replaces what is held.
   */
  long ORDERED_WITHIN_MILLIS = 86_400_000L;

  /**
   * Whether the time {@code held} orders after {@code given}: later, by at most {@link #ORDERED_WITHIN_MILLIS}.
   *
   * @param held the time held, in epoch milliseconds
   * @param given the time given, in epoch milliseconds
   * @return whether {@code held} orders after {@code given}
   */
  static boolean later(long held, long given) {
    return held > given && held - ORDERED_WITHIN_MILLIS <= given;
  }

  /**
   * Whether {@code held} is an entry envelope written after the one in {@code given}: a later {@link #writtenAt}
   * time (by at most {@link #ORDERED_WITHIN_MILLIS}), or the same and a higher {@link #writtenOrder}. False when
   * either is not an entry envelope.
   *
   * @param held the envelope held, or null
   * @param given the envelope given, or null
   * @return whether {@code held} was written after {@code given}
   */
  static boolean writtenAfter(byte[] held, byte[] given) {
    long heldAt = writtenAt(held);
    long givenAt = writtenAt(given);
    if (heldAt == Long.MIN_VALUE || givenAt == Long.MIN_VALUE) {
      return false;
    }
    return later(heldAt, givenAt) || (heldAt == givenAt && writtenOrder(held) > writtenOrder(given));
  }

  /**
   * Removes {@code key}; removing an absent key succeeds.
   *
   * @param key the key
   * @param notification the backplane message to publish once the removal succeeded, or {@code null} for none
   * @return a future completing when the key is removed, exceptionally when the level failed
   */
  CompletableFuture<Void> remove(String key, BackplaneMessage notification);

  /**
   * Removes {@code key} unless it holds an entry envelope written after {@code removedAt} ({@link #writtenAt} later):
   * a removal that reaches the level late (outlived its caller's timeout, retried by the client, queued behind a frozen
   * server) must not delete a newer write; then nothing is removed and nothing is published. An entry written in the
   * removal's millisecond is removed. A level may also remember the removal for a while, so that a write older than
   * it that arrives later is refused as well (the Redis level leaves a tombstone, one minute by default, read as
   * absent).
   * The default ignores {@code removedAt} (it calls {@link #remove(String, BackplaneMessage)}): a level that can
   * compare in the same step as it removes overrides it.
   *
   * @param key the key
   * @param removedAt when the removal was made (epoch millis); {@link Long#MAX_VALUE} removes whatever is held
   * @param notification the backplane message to publish once the removal succeeded, or {@code null} for none
   * @return a future completing when the removal is done
   */
  default CompletableFuture<Void> remove(String key, long removedAt, BackplaneMessage notification) {
    return remove(key, notification);
  }

  /**
   * Replaces what {@code key} holds with {@code replacement} only if it still holds exactly {@code expected}, in one
   * atomic step: the conditional write behind the JCache atomic operations across nodes.
   *
   * @param key the key
   * @param expected the bytes {@code key} must hold, or {@code null} for "must be absent"
   * @param replacement the new envelope, or {@code null} to remove the key
   * @param timeToLive the new envelope's lifetime; ignored when removing
   * @param notification the backplane message to publish once the swap happened, or {@code null} for none
   * @return a future completing with {@code true} when the swap happened, {@code false} when {@code key} held something
   *     else (then nothing was written or published)
   */
  CompletableFuture<Boolean> compareAndSet(String key, byte[] expected, byte[] replacement, Duration timeToLive,
      BackplaneMessage notification);

  /**
   * Removes {@code key} only if it still holds exactly {@code expected} ({@code null}: must be absent), as
   * {@link #compareAndSet} with no replacement, for a removal made at {@code removedAt} (epoch millis): a level that
   * remembers removals ({@link #remove(String, long, BackplaneMessage)}) remembers this one under that time, so a
   * write older than it that arrives later is refused. The default ignores {@code removedAt}.
   *
   * @param key the key
   * @param expected the bytes {@code key} must hold, or {@code null} for absent
   * @param removedAt when the removal was made, in epoch milliseconds
   * @param notification the backplane message to publish once the key was removed, or {@code null} for none
   * @return a future completing with {@code true} when the key was removed, {@code false} when it held something
   *     else (then nothing was removed or published)
   */
  default CompletableFuture<Boolean> compareAndRemove(String key, byte[] expected, long removedAt,
      BackplaneMessage notification) {
    return compareAndSet(key, expected, null, null, notification);
  }

  /**
   * Every key that starts with {@code prefix}, as a snapshot taken while others may write (a key written or removed
   * meanwhile may or may not be listed; so may a key whose removal the level remembers, which {@link #get} reads as
   * absent). For the operations that must reach every entry of one cache (JCache {@code removeAll()}, {@code clear()});
   * never on a hot path.
   *
   * @param prefix the prefix
   * @return a future of the keys
   */
  CompletableFuture<List<String>> keys(String prefix);

  /**
   * {@return whether {@link #set}, {@link #remove} and {@link #compareAndSet} publish their notification themselves}
   */
  boolean publishesNotifications();

  /** Releases the connections; later calls fail. */
  @Override
  void close();
}
