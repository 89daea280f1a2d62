package io.hybridcache.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryBackplaneTest {
  private static final String CHANNEL = "hc:backplane:v1";
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final SharedBus bus = new SharedBus();
  private final InMemoryBackplane nodeA = new InMemoryBackplane(bus, "a");
  private final InMemoryBackplane nodeB = new InMemoryBackplane(bus, "b");
  private final RecordingListener onA = new RecordingListener();
  private final RecordingListener onB = new RecordingListener();
  private final CountDownLatch gate = new CountDownLatch(1);

  @AfterEach
  void closeAll() {
    gate.countDown();
    nodeA.close();
    nodeB.close();
  }

  private static BackplaneMessage message(String key) {
    return new BackplaneMessage(1, "a", 42L, 0L, BackplaneMessage.Type.ENTRY_SET, "users", key);
  }

  private void subscribeBoth() {
    nodeA.subscribe(CHANNEL, onA);
    nodeB.subscribe(CHANNEL, onB);
  }

  @Test
  void deliversToEverySubscriberInOrderIncludingTheSenderOnANonPublisherThread() {
    subscribeBoth();
    List<String> keys = IntStream.range(0, 200).mapToObj(Integer::toString).toList();

    keys.forEach(k -> nodeA.publish(CHANNEL, message(k)).join());

    await().atMost(WAIT).until(() -> onA.messages.size() == 200 && onB.messages.size() == 200);
    assertThat(onA.keys()).isEqualTo(keys);
    assertThat(onB.keys()).isEqualTo(keys);
    assertThat(onA.threads).doesNotContain(Thread.currentThread()).allMatch(t -> t == onA.threads.get(0));
    assertThat(onB.threads).doesNotContain(Thread.currentThread()).allMatch(t -> t == onB.threads.get(0));
    assertThat(onA.threads.get(0)).isNotSameAs(onB.threads.get(0));
    assertThat(onA.messages.get(0)).isEqualTo(message("0"));
  }

  @Test
  void deliversOnlyToSubscribersOfTheChannel() {
    RecordingListener other = new RecordingListener();
    nodeB.subscribe("other:backplane:v1", other);
    nodeB.subscribe(CHANNEL, onB);

    nodeA.publish(CHANNEL, message("1")).join();
    nodeA.publish("other:backplane:v1", message("2")).join();

    await().atMost(WAIT).until(() -> other.messages.size() == 1 && onB.messages.size() == 1);
    assertThat(onB.keys()).containsExactly("1");
    assertThat(other.keys()).containsExactly("2");
  }

  @Test
  void droppedMessagesAreLostSilently() {
    subscribeBoth();
    nodeA.dropNext(2);

    CompletableFuture<Void> dropped = nodeA.publish(CHANNEL, message("lost-1"));
    nodeA.publish(CHANNEL, message("lost-2")).join();
    nodeA.publish(CHANNEL, message("kept")).join();

    assertThat(dropped).isCompletedWithValue(null);
    await().atMost(WAIT).until(() -> onA.messages.size() == 1 && onB.messages.size() == 1);
    assertThat(onA.keys()).containsExactly("kept");
    assertThat(onB.keys()).containsExactly("kept");
    assertThat(nodeA.publishes()).isEqualTo(3);
  }

  @Test
  void messagesPublishedWhileDisconnectedAreLostAndReconnectCallsOnResubscribed() {
    subscribeBoth();
    nodeA.publish(CHANNEL, message("before")).join();
    await().atMost(WAIT).until(() -> onB.messages.size() == 1);

    nodeB.disconnect();
    nodeA.publish(CHANNEL, message("missed")).join();
    nodeB.reconnect();
    nodeA.publish(CHANNEL, message("after")).join();

    await().atMost(WAIT).until(() -> onB.messages.size() == 2 && onA.messages.size() == 3);
    assertThat(onB.events).containsExactly("before", "<resubscribed>", "after");
    assertThat(onA.keys()).containsExactly("before", "missed", "after");
    assertThat(onA.resubscribed).hasValue(0);
  }

  @Test
  void injectedFailuresCompletePublishesExceptionallyAndDeliverNothing() {
    subscribeBoth();
    IllegalStateException boom = new IllegalStateException("boom");
    nodeA.failNext(1, boom);

    assertThat(nodeA.publish(CHANNEL, message("failed"))).failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class).withCause(boom);
    nodeA.failAll(true);
    assertThat(nodeA.publish(CHANNEL, message("failed-too"))).isCompletedExceptionally();
    nodeA.failAll(false);
    nodeA.publish(CHANNEL, message("kept")).join();

    await().atMost(WAIT).until(() -> onB.messages.size() == 1);
    assertThat(onB.keys()).containsExactly("kept");
  }

  @Test
  void gatedPublishIsDeliveredAfterReleaseWhileTheCallerReturnedAtOnce() {
    subscribeBoth();
    nodeA.blockUntil(gate);

    CompletableFuture<Void> publish = nodeA.publish(CHANNEL, message("gated"));
    assertThat(publish).isNotDone();
    nodeB.publish(CHANNEL, message("ungated")).join();
    await().atMost(WAIT).until(() -> onB.messages.size() == 1);

    gate.countDown();
    assertThat(publish).succeedsWithin(WAIT);
    await().atMost(WAIT).until(() -> onB.messages.size() == 2);
    assertThat(onB.keys()).containsExactly("ungated", "gated");
  }

  @Test
  void closedBackplaneFailsAndStopsReceiving() {
    subscribeBoth();
    nodeB.close();

    assertThat(nodeB.publish(CHANNEL, message("x"))).failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> nodeB.subscribe(CHANNEL, onB)).isInstanceOf(IllegalStateException.class);
    assertThat(bus.subscribers(CHANNEL)).isEqualTo(1);

    nodeA.publish(CHANNEL, message("after-close")).join();
    await().atMost(WAIT).until(() -> onA.messages.size() == 1);
    assertThat(onB.messages).isEmpty();
  }

  @Test
  void aThrowingListenerKeepsReceiving() {
    RecordingListener recorder = new RecordingListener();
    nodeB.subscribe(CHANNEL, new Backplane.Listener() {
      @Override
      public void onMessage(BackplaneMessage message) {
        recorder.onMessage(message);
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void onResubscribed() {}
    });

    nodeA.publish(CHANNEL, message("1")).join();
    nodeA.publish(CHANNEL, message("2")).join();

    await().atMost(WAIT).until(() -> recorder.messages.size() == 2);
  }
}
