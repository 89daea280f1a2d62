package io.hybridcache.engine;

import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyRead;
import io.hybridcache.spi.KeyRemoval;
import io.hybridcache.spi.KeyWrite;
import io.hybridcache.spi.OversizedEntryException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * One cache's view of a distributed level that publishes its notifications itself
 * ({@link DistributedLevel#publishesNotifications()}): each call that carried a notification and wrote counts one
 * message sent. A refused write ({@code false} from a {@code try} or compare call, or from one key of a bulk call)
 * published nothing and counts nothing; a failed call counts nothing either. Every call is passed on as it is.
 */
final class NoticeCountingLevel implements DistributedLevel {
  private final DistributedLevel level;
  private final Runnable sent;

  private NoticeCountingLevel(DistributedLevel level, Runnable sent) {
    this.level = level;
    this.sent = sent;
  }

  /** {@code level} counted through {@code sent}; {@code level} itself (or null) when it does not publish. */
  static DistributedLevel of(DistributedLevel level, Runnable sent) {
    return level == null || !level.publishesNotifications() ? level : new NoticeCountingLevel(level, sent);
  }

  private CompletableFuture<Boolean> counted(BackplaneMessage notice, CompletableFuture<Boolean> wrote) {
    if (notice == null) {
      return wrote;
    }
    return wrote.whenComplete((done, error) -> {
      if (error == null && Boolean.TRUE.equals(done)) {
        sent.run();
      }
    });
  }

  private CompletableFuture<Void> countedDone(BackplaneMessage notice, CompletableFuture<Void> done) {
    if (notice == null) {
      return done;
    }
    return done.whenComplete((v, error) -> {
      if (error == null) {
        sent.run();
      }
    });
  }

  @Override
  public CompletableFuture<byte[]> get(String key) {
    return level.get(key);
  }

  @Override
  public CompletableFuture<byte[]> get(String key, int maxBytes) {
    return level.get(key, maxBytes);
  }

  @Override
  public CompletableFuture<List<KeyRead>> getAll(List<String> keys, int maxBytes) {
    return level.getAll(keys, maxBytes);
  }

  /** Counted once it succeeded: this call does not say whether a later write made it a refusal. */
  @Override
  public CompletableFuture<Void> set(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notice) {
    return countedDone(notice, level.set(key, envelope, timeToLive, notice));
  }

  @Override
  public CompletableFuture<Boolean> trySet(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notice) {
    return counted(notice, level.trySet(key, envelope, timeToLive, notice));
  }

  @Override
  public CompletableFuture<Boolean> tryRemove(String key, long removedAt, BackplaneMessage notice) {
    return counted(notice, level.tryRemove(key, removedAt, notice));
  }

  /** One message per key that carried a notification and was written. */
  @Override
  public CompletableFuture<List<Boolean>> trySetAll(List<KeyWrite> writes) {
    return level.trySetAll(writes).whenComplete((wrote, error) -> {
      if (error == null) {
        countEach(wrote, i -> writes.get(i).notification());
      }
    });
  }

  /** One message per key that carried a notification and was removed. */
  @Override
  public CompletableFuture<List<Boolean>> tryRemoveAll(List<KeyRemoval> removals) {
    return level.tryRemoveAll(removals).whenComplete((removed, error) -> {
      if (error == null) {
        countEach(removed, i -> removals.get(i).notification());
      }
    });
  }

  private void countEach(List<Boolean> done, IntFunction<BackplaneMessage> noticeAt) {
    for (int i = 0; i < done.size(); i++) {
      if (Boolean.TRUE.equals(done.get(i)) && noticeAt.apply(i) != null) {
        sent.run();
      }
    }
  }

  @Override
  public CompletableFuture<byte[]> getHeld(String key, int maxBytes) {
    return level.getHeld(key, maxBytes);
  }

  @Override
  public CompletableFuture<Boolean> replaceOversized(String key, OversizedEntryException seen, byte[] replacement,
      Duration timeToLive, long removedAt, BackplaneMessage notice) {
    return counted(notice, level.replaceOversized(key, seen, replacement, timeToLive, removedAt, notice));
  }

  /** Counted once it succeeded, as {@link #set}. */
  @Override
  public CompletableFuture<Void> remove(String key, BackplaneMessage notice) {
    return countedDone(notice, level.remove(key, notice));
  }

  /** Counted once it succeeded, as {@link #set}. */
  @Override
  public CompletableFuture<Void> remove(String key, long removedAt, BackplaneMessage notice) {
    return countedDone(notice, level.remove(key, removedAt, notice));
  }

  @Override
  public CompletableFuture<Boolean> compareAndSet(String key, byte[] expected, byte[] replacement, Duration timeToLive,
      BackplaneMessage notice) {
    return counted(notice, level.compareAndSet(key, expected, replacement, timeToLive, notice));
  }

  @Override
  public CompletableFuture<Boolean> compareAndRemove(String key, byte[] expected, long removedAt,
      BackplaneMessage notice) {
    return counted(notice, level.compareAndRemove(key, expected, removedAt, notice));
  }

  @Override
  public CompletableFuture<List<String>> keys(String prefix) {
    return level.keys(prefix);
  }

  @Override
  public boolean publishesNotifications() {
    return true;
  }

  @Override
  public void close() {
    level.close();
  }
}
