package io.hybridcache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InlineExecutorTest {
  private final InlineExecutor executor = new InlineExecutor();

  @Test
  void aTaskRunsOnTheCallersThreadBeforeExecuteReturns() {
    List<Thread> ran = new ArrayList<>();

    executor.execute(() -> ran.add(Thread.currentThread()));

    assertThat(ran).containsExactly(Thread.currentThread());
  }

  @Test
  void aTaskThatThrowsDoesNotReachTheCallerAndTheNextOneRuns() {
    List<String> ran = new ArrayList<>();

    executor.execute(() -> {
      throw new IllegalStateException("a failing listener");
    });
    executor.execute(() -> ran.add("next"));

    assertThat(ran).containsExactly("next");
  }

  @Test
  void afterShutdownTasksAreRefusedAndNoneRuns() throws InterruptedException {
    List<String> ran = new ArrayList<>();
    assertThat(executor.isShutdown()).isFalse();

    executor.shutdown();

    assertThat(executor.isShutdown()).isTrue();
    assertThat(executor.isTerminated()).isTrue();
    assertThat(executor.awaitTermination(0, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> executor.execute(() -> ran.add("late")))
        .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("closed");
    assertThat(ran).isEmpty();
  }
}
