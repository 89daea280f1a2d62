package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node's side of the backplane contract: its listener returns at once on the thread that received the message
 * (for Redis, a Netty I/O thread) and applies other nodes' messages on a thread of its own, in the order received.
 */
class ClusterNodeDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final CapturingBackplane backplane = new CapturingBackplane();
  private final ClusterNode node = ClusterNode.builder("delivery").nodeId("self").backplane(backplane).build();
  private final RecordingReceiver receiver = new RecordingReceiver();

  @AfterEach
  void close() {
    receiver.gate.countDown();
    node.close();
  }

  private static BackplaneMessage from(String nodeId, long sequence, String key) {
    return new BackplaneMessage(BackplaneMessage.FORMAT_VERSION, nodeId, 1_000L, sequence,
        BackplaneMessage.Type.ENTRY_SET, "orders", key);
  }

  @Test
  void theListenerReturnsWhileAMessageOfAnotherNodeIsStillBeingApplied() throws InterruptedException {
    receiver.blockOn("held");
    node.register("orders", receiver);

    assertTimeoutPreemptively(WAIT, () -> {
      backplane.listener.onMessage(from("other", 1, "held"));
      backplane.listener.onMessage(from("other", 2, "next"));
    });

    assertThat(receiver.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(receiver.threads).first().asString().startsWith("hybridcache-backplane-")
        .isNotEqualTo(Thread.currentThread().getName());
    assertThat(receiver.keys).containsExactly("held");
    receiver.gate.countDown();
    await().atMost(WAIT).until(() -> receiver.keys.size() == 2);
    assertThat(receiver.keys).containsExactly("held", "next");
  }

  @Test
  void messagesOfOtherNodesAreAppliedInTheOrderReceivedAndOwnOnesNotAtAll() {
    node.register("orders", receiver);
    for (int i = 1; i <= 200; i++) {
      backplane.listener.onMessage(from(i % 3 == 0 ? "self" : "other", i, "k" + i));
    }

    await().atMost(WAIT).until(() -> receiver.keys.size() == 134);
    assertThat(receiver.keys).first().isEqualTo("k1");
    assertThat(receiver.keys).last().isEqualTo("k200");
    assertThat(receiver.keys).noneMatch(k -> Integer.parseInt(k.substring(1)) % 3 == 0);
    assertThat(receiver.keys).isSortedAccordingTo((a, b) -> Integer.compare(Integer.parseInt(a.substring(1)),
        Integer.parseInt(b.substring(1))));
    assertThat(node.sequenceGaps()).as("own messages count in the sequence").isZero();
  }

  @Test
  void aGapIsCountedOnlyOnceTheEntriesWereMarkedStaleAfterTheMessagesBeforeIt() {
    node.register("orders", receiver);
    backplane.listener.onMessage(from("other", 1, "before"));
    backplane.listener.onMessage(from("other", 3, "after the gap"));

    await().atMost(WAIT).until(() -> node.sequenceGaps() == 1);
    assertThat(receiver.events).startsWith("before", "missed");
    await().atMost(WAIT).until(() -> receiver.events.size() == 3);
    assertThat(receiver.events).containsExactly("before", "missed", "after the gap");
  }

  @Test
  void aResubscriptionIsAppliedInOrderWithTheMessages() {
    node.register("orders", receiver);
    backplane.listener.onMessage(from("other", 1, "before"));
    backplane.listener.onResubscribed();
    backplane.listener.onMessage(from("other", 1, "numbering restarts"));

    await().atMost(WAIT).until(() -> receiver.events.size() == 3);
    assertThat(receiver.events).containsExactly("before", "resubscribed", "numbering restarts");
    assertThat(node.sequenceGaps()).isZero();
  }

  /** Keeps the listener the node subscribes, to call it from the test thread as a backplane's I/O thread would. */
  private static final class CapturingBackplane implements Backplane {
    volatile Listener listener;

    @Override
    public void subscribe(String channel, Listener listener) {
      this.listener = listener;
    }

    @Override
    public CompletableFuture<Void> publish(String channel, BackplaneMessage message) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {}
  }

  private static final class RecordingReceiver implements ClusterNode.Receiver {
    final List<String> keys = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);
    private volatile String blocked;

    void blockOn(String key) {
      blocked = key;
    }

    @Override
    public void onMessage(BackplaneMessage message) {
      threads.add(Thread.currentThread().getName());
      keys.add(message.key());
      events.add(message.key());
      if (message.key().equals(blocked)) {
        entered.countDown();
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void onMessagesMissed() {
      events.add("missed");
    }

    @Override
    public void onResubscribed() {
      events.add("resubscribed");
    }
  }
}
