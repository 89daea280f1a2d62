package io.hybridcache.engine;

import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyRemoval;
import io.hybridcache.spi.KeyWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The first attempts of the writes and removals of one bulk call, gathered so that {@link #send} hands them to the
 * distributed level together: one {@link DistributedLevel#trySetAll} and one {@link DistributedLevel#tryRemoveAll},
 * each one round trip where the level pipelines. Each key's future completes with that key's answer; a failure of
 * the level fails every key's future with it. Filled by one thread, then sent once; what follows a refusal
 * ({@link RefusalCheck}) goes to the level key by key.
 */
final class LevelBatch {
  private final DistributedLevel level;
  private final List<KeyWrite> writes = new ArrayList<>();
  private final List<CompletableFuture<Boolean>> written = new ArrayList<>();
  private final List<KeyRemoval> removals = new ArrayList<>();
  private final List<CompletableFuture<Boolean>> removed = new ArrayList<>();
  private boolean sent;

  LevelBatch(DistributedLevel level) {
    this.level = level;
  }

  /** Adds a {@link DistributedLevel#trySet}; its future completes once the batch was sent and answered. */
  CompletableFuture<Boolean> trySet(String levelKey, byte[] envelope, Duration ttl, BackplaneMessage inline) {
    checkOpen();
    writes.add(new KeyWrite(levelKey, envelope, ttl, inline));
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    written.add(answer);
    return answer;
  }

  /** Adds a {@link DistributedLevel#tryRemove}; its future completes once the batch was sent and answered. */
  CompletableFuture<Boolean> tryRemove(String levelKey, long removedAt, BackplaneMessage inline) {
    checkOpen();
    removals.add(new KeyRemoval(levelKey, removedAt, inline));
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    removed.add(answer);
    return answer;
  }

  /** Sends what was gathered (nothing when empty), at most one bulk call of each kind; a second call does nothing. */
  void send() {
    if (sent) {
      return;
    }
    sent = true;
    if (!writes.isEmpty()) {
      answer(written, start(() -> level.trySetAll(List.copyOf(writes))));
    }
    if (!removals.isEmpty()) {
      answer(removed, start(() -> level.tryRemoveAll(List.copyOf(removals))));
    }
  }

  /** Whether anything was gathered. */
  boolean isEmpty() {
    return writes.isEmpty() && removals.isEmpty();
  }

  private static CompletableFuture<List<Boolean>> start(Supplier<CompletableFuture<List<Boolean>>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static void answer(List<CompletableFuture<Boolean>> answers, CompletableFuture<List<Boolean>> bulk) {
    bulk.whenComplete((each, error) -> {
      for (int i = 0; i < answers.size(); i++) {
        if (error != null) {
          answers.get(i).completeExceptionally(error);
        } else if (each == null || each.size() != answers.size()) {
          answers.get(i).completeExceptionally(new IllegalStateException("the level answered " + (each == null ? 0
              : each.size()) + " of " + answers.size() + " changes of a batch"));
        } else {
          answers.get(i).complete(each.get(i));
        }
      }
    });
  }

  private void checkOpen() {
    if (sent) {
      throw new IllegalStateException("the batch was sent");
    }
  }
}
