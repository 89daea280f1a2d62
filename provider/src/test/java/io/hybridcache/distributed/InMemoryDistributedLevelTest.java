package io.hybridcache.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.hybridcache.engine.FakeTimeSource;
import io.hybridcache.spi.BackplaneMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryDistributedLevelTest {
  private static final String CHANNEL = "hc:backplane:v1";
  private static final Duration TTL = Duration.ofMinutes(1);

  private final FakeTimeSource time = new FakeTimeSource();
  private final SharedStore store = new SharedStore(time::wallMillis);
  private final SharedBus bus = new SharedBus();
  private final InMemoryBackplane backplaneA = new InMemoryBackplane(bus, "a");
  private final InMemoryDistributedLevel nodeA = new InMemoryDistributedLevel(store, backplaneA, CHANNEL);
  private final InMemoryDistributedLevel nodeB = new InMemoryDistributedLevel(store);
  private final CountDownLatch gate = new CountDownLatch(1);

  @AfterEach
  void closeAll() {
    gate.countDown();
    nodeA.close();
    nodeB.close();
    backplaneA.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static BackplaneMessage message(BackplaneMessage.Type type, String key) {
    return new BackplaneMessage(1, "a", 42L, 0L, type, "users", key);
  }

  @Test
  void twoNodesShareEntries() {
    nodeA.set("hc:users:1", bytes("v1"), TTL, null).join();

    assertThat(nodeB.get("hc:users:1").join()).isEqualTo(bytes("v1"));

    nodeB.remove("hc:users:1", null).join();
    assertThat(nodeA.get("hc:users:1").join()).isNull();
  }

  private static byte[] envelope(long writtenAt, String rest) {
    byte[] tail = bytes(rest);
    return java.nio.ByteBuffer.allocate(12 + tail.length).put((byte) 'H').put((byte) 'C').put((byte) 1)
        .put((byte) 0).putLong(writtenAt).put(tail).array();
  }

  @Test
  void aSetNeverReplacesAnEntryWrittenLaterAsTheContractSays() {
    nodeA.set("hc:users:1", envelope(2_000, "newer"), TTL, null).join();

    nodeB.set("hc:users:1", envelope(1_999, "late"), TTL, null).join();
    assertThat(nodeA.get("hc:users:1").join()).isEqualTo(envelope(2_000, "newer"));
    nodeB.set("hc:users:1", envelope(2_000, "same time"), TTL, null).join();
    assertThat(nodeA.get("hc:users:1").join()).isEqualTo(envelope(2_000, "same time"));
  }

  @Test
  void entryExpiresWhenItsTimeToLiveElapsesOnTheClock() {
    nodeA.set("hc:users:1", bytes("v1"), Duration.ofSeconds(10), null).join();

    time.advance(Duration.ofMillis(9_999));
    assertThat(nodeB.get("hc:users:1").join()).isEqualTo(bytes("v1"));

    time.advance(Duration.ofMillis(1));
    assertThat(nodeB.get("hc:users:1").join()).isNull();
  }

  @Test
  void subMillisecondTimeToLiveIsRoundedUpAndNonPositiveIsRefused() {
    nodeA.set("hc:users:1", bytes("v1"), Duration.ofNanos(1), null).join();
    assertThat(nodeA.get("hc:users:1").join()).isNotNull();
    time.advance(Duration.ofMillis(1));
    assertThat(nodeA.get("hc:users:1").join()).isNull();

    assertThatThrownBy(() -> nodeA.set("hc:users:2", bytes("v"), Duration.ZERO, null).join())
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(nodeA.get("hc:users:2").join()).isNull();
  }

  @Test
  void getReturnsACopyAndSetStoresACopy() {
    byte[] written = bytes("v1");
    nodeA.set("hc:users:1", written, TTL, null).join();
    written[0] = 'X';

    byte[] read = nodeB.get("hc:users:1").join();
    read[1] = 'Y';

    assertThat(nodeB.get("hc:users:1").join()).isEqualTo(bytes("v1"));
  }

  @Test
  void removingAnAbsentKeySucceeds() {
    assertThat(nodeB.remove("hc:users:missing", null)).succeedsWithin(Duration.ZERO);
  }

  @Test
  void publishingLevelPublishesAfterTheWriteWithIncreasingSequencesPerPrefix() {
    RecordingListener listener = new RecordingListener();
    InMemoryBackplane backplaneB = new InMemoryBackplane(bus, "b");
    backplaneB.subscribe(CHANNEL, listener);
    try {
      nodeA.set("hc:users:1", bytes("v1"), TTL, message(BackplaneMessage.Type.ENTRY_SET, "1")).join();
      nodeA.remove("hc:users:1", message(BackplaneMessage.Type.ENTRY_REMOVE, "1")).join();
      nodeA.set("other:users:1", bytes("v1"), TTL, message(BackplaneMessage.Type.ENTRY_SET, "o1")).join();
      nodeA.set("hc:orders:7", bytes("v7"), TTL, message(BackplaneMessage.Type.ENTRY_SET, "7")).join();

      await().atMost(Duration.ofSeconds(5)).until(() -> listener.messages.size() == 4);
      assertThat(listener.messages).extracting(BackplaneMessage::key, BackplaneMessage::sequence)
          .containsExactly(
              tuple("1", 1L),
              tuple("1", 2L),
              tuple("o1", 1L),
              tuple("7", 3L));
      assertThat(listener.messages.get(0)).usingRecursiveComparison().ignoringFields("sequence")
          .isEqualTo(message(BackplaneMessage.Type.ENTRY_SET, "1"));
      assertThat(store.sequence("hc")).isEqualTo(3);
      assertThat(nodeA.publishes()).isEqualTo(4);
    } finally {
      backplaneB.close();
    }
  }

  @Test
  void compareAndSetSwapsOnlyWhenTheStoredBytesAreTheExpectedOnes() {
    assertThat(nodeB.compareAndSet("hc:users:1", null, bytes("v1"), TTL, null).join()).isTrue();
    assertThat(nodeB.compareAndSet("hc:users:1", null, bytes("v2"), TTL, null).join()).isFalse();
    assertThat(nodeB.compareAndSet("hc:users:1", bytes("v0"), bytes("v2"), TTL, null).join()).isFalse();
    assertThat(nodeA.get("hc:users:1").join()).isEqualTo(bytes("v1"));

    assertThat(nodeB.compareAndSet("hc:users:1", bytes("v1"), bytes("v2"), TTL, null).join()).isTrue();
    assertThat(nodeA.get("hc:users:1").join()).isEqualTo(bytes("v2"));

    assertThat(nodeB.compareAndSet("hc:users:1", bytes("v2"), null, null, null).join()).isTrue();
    assertThat(nodeA.get("hc:users:1").join()).isNull();
    assertThat(nodeB.compareAndSets()).isEqualTo(5);
  }

  @Test
  void keysListsTheLiveKeysUnderAPrefix() {
    nodeA.set("hc:users:1", bytes("v1"), TTL, null).join();
    nodeA.set("hc:users:2", bytes("v2"), Duration.ofSeconds(1), null).join();
    nodeA.set("hc:orders:1", bytes("o1"), TTL, null).join();
    time.advance(Duration.ofSeconds(1));

    assertThat(nodeB.keys("hc:users:").join()).containsExactly("hc:users:1");
    assertThat(nodeB.keys("hc:").join()).containsExactly("hc:orders:1", "hc:users:1");
  }

  @Test
  void compareAndSetTreatsAnExpiredEntryAsAbsent() {
    nodeA.set("hc:users:1", bytes("v1"), Duration.ofSeconds(1), null).join();
    time.advance(Duration.ofSeconds(1));

    assertThat(nodeB.compareAndSet("hc:users:1", bytes("v1"), bytes("v2"), TTL, null).join()).isFalse();
    assertThat(nodeB.compareAndSet("hc:users:1", null, bytes("v2"), TTL, null).join()).isTrue();
  }

  @Test
  void compareAndSetPublishesOnlyWhenItSwaps() {
    RecordingListener listener = new RecordingListener();
    backplaneA.subscribe(CHANNEL, listener);

    assertThat(nodeA.compareAndSet("hc:users:1", bytes("nope"), bytes("v1"), TTL,
        message(BackplaneMessage.Type.ENTRY_SET, "refused")).join()).isFalse();
    assertThat(nodeA.compareAndSet("hc:users:1", null, bytes("v1"), TTL,
        message(BackplaneMessage.Type.ENTRY_SET, "swapped")).join()).isTrue();

    await().atMost(Duration.ofSeconds(5)).until(() -> listener.messages.size() == 1);
    assertThat(listener.messages).extracting(BackplaneMessage::key, BackplaneMessage::sequence)
        .containsExactly(tuple("swapped", 1L));
    assertThat(nodeA.publishes()).isEqualTo(1);
  }

  @Test
  void failedWritePublishesNothingAndChangesNothing() {
    RecordingListener listener = new RecordingListener();
    backplaneA.subscribe(CHANNEL, listener);
    nodeA.failNext(1, new IllegalStateException("boom"));

    CompletableFuture<Void> failed = nodeA.set("hc:users:1", bytes("v1"), TTL,
        message(BackplaneMessage.Type.ENTRY_SET, "1"));
    nodeA.set("hc:users:2", bytes("v2"), TTL, message(BackplaneMessage.Type.ENTRY_SET, "2")).join();

    assertThat(failed).isCompletedExceptionally();
    assertThat(nodeA.get("hc:users:1").join()).isNull();
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.messages.size() == 1);
    assertThat(listener.messages).extracting(BackplaneMessage::key, BackplaneMessage::sequence)
        .containsExactly(tuple("2", 1L));
  }

  @Test
  void nonPublishingLevelIgnoresTheNotification() {
    RecordingListener listener = new RecordingListener();
    backplaneA.subscribe(CHANNEL, listener);

    nodeB.set("hc:users:1", bytes("v1"), TTL, message(BackplaneMessage.Type.ENTRY_SET, "1")).join();
    nodeA.set("hc:users:2", bytes("v2"), TTL, message(BackplaneMessage.Type.ENTRY_SET, "2")).join();

    assertThat(nodeB.publishesNotifications()).isFalse();
    assertThat(nodeA.publishesNotifications()).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.messages.size() == 1);
    assertThat(listener.keys()).containsExactly("2");
    assertThat(store.sequence("hc")).isEqualTo(1);
  }

  @Test
  void injectedFailuresCompleteFuturesExceptionallyAtOnce() {
    IllegalStateException boom = new IllegalStateException("boom");
    nodeB.failNext(2, boom);

    assertThat(nodeB.get("hc:users:1")).failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class).withCause(boom);
    assertThat(nodeB.remove("hc:users:1", null)).isCompletedExceptionally();
    assertThat(nodeB.get("hc:users:1")).succeedsWithin(Duration.ZERO);

    nodeB.failAll(true);
    assertThat(nodeB.set("hc:users:1", bytes("v"), TTL, null)).isCompletedExceptionally();
    assertThat(nodeB.get("hc:users:1")).isCompletedExceptionally();
    nodeB.failAll(false);
    assertThat(nodeB.get("hc:users:1").join()).isNull();
  }

  @Test
  void gatedOperationsCompleteAfterReleaseWhileTheCallerReturnedAtOnce() {
    nodeB.blockUntil(gate);

    CompletableFuture<Void> set = nodeB.set("hc:users:1", bytes("v1"), TTL, null);
    CompletableFuture<byte[]> get = nodeB.get("hc:users:1");

    assertThat(set).isNotDone();
    assertThat(get).isNotDone();
    assertThat(nodeA.get("hc:users:1").join()).isNull();

    gate.countDown();
    assertThat(set).succeedsWithin(Duration.ofSeconds(5));
    assertThat(get).succeedsWithin(Duration.ofSeconds(5));
    assertThat(nodeA.get("hc:users:1").join()).isEqualTo(bytes("v1"));
  }

  @Test
  void gatedOperationsRunInCallOrder() {
    nodeB.blockUntil(gate);
    nodeB.delay(Duration.ofMillis(1));
    List<CompletableFuture<Void>> writes = IntStream.range(0, 50)
        .mapToObj(i -> nodeB.set("hc:users:1", bytes("v" + i), TTL, null)).toList();
    CompletableFuture<byte[]> read = nodeB.get("hc:users:1");

    gate.countDown();

    assertThat(read).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(bytes("v49"));
    assertThat(writes).allMatch(CompletableFuture::isDone);
  }

  @Test
  void gatedFailureIsDeliveredAfterRelease() {
    nodeB.blockUntil(gate);
    nodeB.failNext(1, new IllegalStateException("boom"));

    CompletableFuture<byte[]> get = nodeB.get("hc:users:1");
    assertThat(get).isNotDone();

    gate.countDown();
    assertThat(get).failsWithin(Duration.ofSeconds(5));
  }

  @Test
  void aDeferredOperationCompletesOnAnotherThread() {
    nodeB.blockUntil(gate); // deferred like a delay, but released only once the continuation is attached
    Thread caller = Thread.currentThread();

    CompletableFuture<Thread> completedOn = nodeB.get("hc:users:1").thenApply(v -> Thread.currentThread());
    gate.countDown();

    assertThat(completedOn.join()).isNotSameAs(caller);
  }

  @Test
  void closedLevelFailsItsOperations() {
    nodeB.blockUntil(gate);
    CompletableFuture<byte[]> waiting = nodeB.get("hc:users:1");
    nodeB.close();
    nodeB.blockUntil(null);

    assertThat(nodeB.get("hc:users:1")).failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IllegalStateException.class);
    assertThat(nodeB.set("hc:users:1", bytes("v"), TTL, null)).isCompletedExceptionally();
    assertThat(nodeB.remove("hc:users:1", null)).isCompletedExceptionally();
    gate.countDown();
    assertThat(waiting).failsWithin(Duration.ofSeconds(5));
    assertThat(nodeA.get("hc:users:1")).succeedsWithin(Duration.ZERO);
  }

  @Test
  void countsEveryRoundTrip() {
    nodeB.failNext(1, new IllegalStateException("boom"));
    nodeB.get("k");
    nodeB.get("k");
    nodeB.set("k", bytes("v"), TTL, null);
    nodeB.remove("k", null);
    nodeB.remove("k", null);

    assertThat(List.of(nodeB.gets(), nodeB.sets(), nodeB.removes(), nodeB.publishes()))
        .containsExactly(2L, 1L, 2L, 0L);
  }

  @Test
  void failingBackplaneFailsTheWriteButTheWriteStays() {
    backplaneA.failNext(1, new IllegalStateException("bus down"));

    CompletableFuture<Void> set = nodeA.set("hc:users:1", bytes("v1"), TTL,
        message(BackplaneMessage.Type.ENTRY_SET, "1"));

    assertThat(set).isCompletedExceptionally();
    assertThatThrownBy(set::join).isInstanceOf(CompletionException.class);
    assertThat(nodeB.get("hc:users:1").join()).isEqualTo(bytes("v1"));
  }
}
