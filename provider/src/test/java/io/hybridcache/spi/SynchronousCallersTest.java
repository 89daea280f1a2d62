package io.hybridcache.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which thread completes an operation: the thread that waits for it when the operation was started for that wait, the
 * given executor in every other case (no wait, user code, a completion late for its wait).
 */
class SynchronousCallersTest {
  private final ExecutorService ioThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "io"));
  private final ExecutorService callbackPool = Executors.newSingleThreadExecutor(r -> new Thread(r, "callback"));

  @AfterEach
  void stop() {
    ioThread.shutdownNow();
    callbackPool.shutdownNow();
  }

  /** An operation "sent" now: its reply arrives on the I/O thread and is completed through {@code executorFor}. */
  private CompletableFuture<String> started() {
    var completion = SynchronousCallers.executorFor(callbackPool);
    CompletableFuture<String> result = new CompletableFuture<>();
    ioThread.execute(() -> completion.execute(() -> result.complete(Thread.currentThread().getName())));
    return result;
  }

  @Test
  void anOperationStartedForAWaitIsCompletedOnTheWaitingThread() throws Exception {
    String caller = Thread.currentThread().getName();
    assertThat(SynchronousCallers.await(this::started)).isEqualTo(caller);
  }

  @Test
  void anOperationStartedWithoutAWaitIsCompletedOnTheGivenExecutor() throws Exception {
    assertThat(SynchronousCallers.executorFor(callbackPool)).isSameAs(callbackPool);
    assertThat(started().get(5, TimeUnit.SECONDS)).isEqualTo("callback");
  }

  @Test
  void anOperationStartedByUserCodeInsideTheStartIsCompletedOnTheGivenExecutor() throws Exception {
    AtomicReference<CompletableFuture<String>> byUserCode = new AtomicReference<>();
    SynchronousCallers.await(() -> {
      SynchronousCallers.withoutWaiting(() -> byUserCode.set(started()));
      return CompletableFuture.completedFuture("done");
    });
    assertThat(byUserCode.get().get(5, TimeUnit.SECONDS)).isEqualTo("callback");
  }

  @Test
  void userCodeRunByACompletionOnTheWaitingThreadMayBlockOnItsOwnOperationWithoutDeadlock() throws Exception {
    String result = SynchronousCallers.await(() -> started().thenApply(first -> {
      try {
        return first + "+" + started().get(5, TimeUnit.SECONDS); // a factory blocking on an async call of its own
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }));
    assertThat(result).isEqualTo(Thread.currentThread().getName() + "+callback");
  }

  @Test
  void aCompletionArrivingAfterItsWaitEndedGoesToTheGivenExecutor() throws Exception {
    AtomicReference<Executor> late = new AtomicReference<>();
    SynchronousCallers.await(() -> {
      late.set(SynchronousCallers.executorFor(callbackPool));
      return CompletableFuture.completedFuture("answered by a timeout");
    });
    CompletableFuture<String> ran = new CompletableFuture<>();
    ioThread.execute(() -> late.get().execute(() -> ran.complete(Thread.currentThread().getName())));
    assertThat(ran.get(5, TimeUnit.SECONDS)).isEqualTo("callback");
  }

  @Test
  void aCompletionMeantForAnEndedWaitIsNotRunByALaterWaitOfTheSameThread() throws Exception {
    AtomicReference<Executor> earlier = new AtomicReference<>();
    SynchronousCallers.await(() -> {
      earlier.set(SynchronousCallers.executorFor(callbackPool));
      return CompletableFuture.completedFuture("first call");
    });
    CompletableFuture<String> ran = new CompletableFuture<>();
    CountDownLatch handedOver = new CountDownLatch(1);
    String second = SynchronousCallers.await(() -> {
      ioThread.execute(() -> {
        earlier.get().execute(() -> ran.complete(Thread.currentThread().getName()));
        handedOver.countDown();
      });
      return CompletableFuture.supplyAsync(() -> {
        try {
          handedOver.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return "second call";
      });
    });
    assertThat(second).isEqualTo("second call");
    assertThat(ran.get(5, TimeUnit.SECONDS)).isEqualTo("callback");
  }

  @Test
  void nestedWaitsEachCompleteTheirOperationsOnTheWaitingThread() throws Exception {
    String caller = Thread.currentThread().getName();
    String result = SynchronousCallers.await(() -> {
      try {
        String inner = SynchronousCallers.await(this::started);
        return started().thenApply(outer -> inner + "/" + outer);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(result).isEqualTo(caller + "/" + caller);
  }

  @Test
  void anInterruptedWaitThrowsInterruptedException() {
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> SynchronousCallers.await(CompletableFuture::new))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).as("the flag is consumed, as by Future.get").isFalse();
  }

  @Test
  void aFailedOperationFailsTheWaitWithItsCause() {
    assertThatThrownBy(() -> SynchronousCallers.await(
        () -> CompletableFuture.failedFuture(new IllegalStateException("refused"))))
        .isInstanceOf(ExecutionException.class).hasRootCauseMessage("refused");
  }
}
