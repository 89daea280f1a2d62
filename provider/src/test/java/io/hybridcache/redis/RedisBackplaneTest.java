package io.hybridcache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.redis.harness.RedisServerExtension;
import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisBackplaneTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration HOUR = Duration.ofHours(1);

  private final String prefix = "bp" + PREFIXES.incrementAndGet();
  private final String channel = BackplaneMessage.channel(prefix);
  private final Recorder received = new Recorder();
  private RedisConnection sender;
  private RedisConnection receiver;

  @BeforeEach
  void connect() {
    sender = RedisConnection.open(TestRedisConfig.singleServer(redis.server()), prefix);
    receiver = RedisConnection.open(TestRedisConfig.singleServer(redis.server()), prefix);
    receiver.backplane().subscribe(channel, received);
  }

  @AfterEach
  void disconnect() {
    sender.close();
    receiver.close();
  }

  private static BackplaneMessage message(BackplaneMessage.Type type, String key) {
    return new BackplaneMessage(BackplaneMessage.FORMAT_VERSION, "sender", 1_723_456_789_012L, 0L, type,
        "products", key);
  }

  private void write(String key) {
    sender.level().set(prefix + ":products:" + key, new byte[] {1}, HOUR,
        message(BackplaneMessage.Type.ENTRY_SET, key)).join();
  }

  @Test
  void aFrameLongerThanTheBoundIsIgnoredBeforeDecodingCountedAndTheNextMessageStillArrives() {
    String huge = "0|" + "x".repeat(BackplaneWire.MAX_FRAME_BYTES);

    redis.server().command("PUBLISH", channel, huge);
    sender.backplane().publish(channel, message(BackplaneMessage.Type.ENTRY_REMOVE, "after")).join();

    await().atMost(WAIT).until(() -> received.messages.size() == 1);
    assertThat(received.keys()).containsExactly("after");
    assertThat(((RedisBackplane) receiver.backplane()).oversizedFramesReceived()).isEqualTo(1);
  }

  @Test
  void aMessageLongerThanTheBoundIsNotPublishedButRefusedWithAnExceptionAndCounted() {
    BackplaneMessage tooLong = message(BackplaneMessage.Type.ENTRY_SET, "k".repeat(BackplaneWire.MAX_FRAME_BYTES));

    assertThatThrownBy(() -> sender.backplane().publish(channel, tooLong).join())
        .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("not published");
    sender.backplane().publish(channel, message(BackplaneMessage.Type.ENTRY_REMOVE, "after")).join();

    await().atMost(WAIT).until(() -> received.messages.size() == 1);
    assertThat(received.keys()).containsExactly("after");
    assertThat(((RedisBackplane) sender.backplane()).oversizedMessagesRefused()).isEqualTo(1);
  }

  @Test
  void aMessageCarriedByAWriteArrivesWithItsFieldsAndTheSequenceTheWriteAssigned() {
    BackplaneMessage sent = message(BackplaneMessage.Type.ENTRY_EXPIRE, "p1");

    sender.level().set(prefix + ":products:p1", new byte[] {1}, HOUR, sent).join();

    await().atMost(WAIT).until(() -> received.messages.size() == 1);
    assertThat(received.messages.get(0)).isEqualTo(sent.withSequence(1));
    assertThat(redis.server().command("GET", prefix + ":~seq")).isEqualTo("1");
  }

  @Test
  void theSequenceGrowsByOnePerWriteWhateverTheKindOfWrite() {
    write("a");
    sender.level().remove(prefix + ":products:a", message(BackplaneMessage.Type.ENTRY_REMOVE, "b")).join();
    sender.level().compareAndSet(prefix + ":products:c", null, new byte[] {2}, HOUR,
        message(BackplaneMessage.Type.ENTRY_SET, "c")).join();
    write("d");

    await().atMost(WAIT).until(() -> received.messages.size() == 4);
    assertThat(received.keys()).containsExactly("a", "b", "c", "d");
    assertThat(received.messages).extracting(BackplaneMessage::sequence).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void manyMessagesArriveInTheOrderTheyWereWritten() {
    List<String> keys = IntStream.range(0, 300).mapToObj(i -> "k" + i).toList();

    keys.forEach(k -> sender.level().set(prefix + ":products:" + k, new byte[] {1}, HOUR,
        message(BackplaneMessage.Type.ENTRY_SET, k)));
    write("last");

    await().atMost(WAIT).until(() -> received.messages.size() == 301);
    assertThat(received.keys().subList(0, 300)).isEqualTo(keys);
    assertThat(received.messages).extracting(BackplaneMessage::sequence)
        .isEqualTo(IntStream.rangeClosed(1, 301).mapToObj(i -> (long) i).toList());
  }

  @Test
  void messagesReachTheListenerOnTheNettyThreadThatReadThemWithoutAPoolThreadBetween() {
    write("a");
    write("b");

    await().atMost(WAIT).until(() -> received.messages.size() == 2);
    assertThat(received.threads).allMatch(name -> name.startsWith("redisson-netty-"), "a Netty I/O thread");
  }

  @Test
  void openingAConnectionLeavesTheCallersConfigurationAsItWas() {
    org.redisson.config.Config config = TestRedisConfig.singleServer(redis.server());

    RedisConnection.open(config, prefix + "-copy").close();

    assertThat(config.getExecutor()).as("the inline executor went to a copy").isNull();
    assertThat(config.isReferenceEnabled()).isTrue();
  }

  @Test
  void aPublishWithoutAWriteArrivesWithSequenceZero() {
    BackplaneMessage sent = message(BackplaneMessage.Type.CLEAR, "");

    sender.backplane().publish(channel, sent).join();

    await().atMost(WAIT).until(() -> received.messages.size() == 1);
    assertThat(received.messages.get(0)).isEqualTo(sent);
  }

  @Test
  void malformedBytesOnTheChannelAreIgnoredAndLaterMessagesStillArrive() {
    redis.server().command("PUBLISH", channel, "hello from another program");
    redis.server().command("PUBLISH", channel, "7|HC\u0001garbage");
    redis.server().command("PUBLISH", channel, "");

    write("after");

    await().atMost(WAIT).until(() -> !received.messages.isEmpty());
    assertThat(received.keys()).containsExactly("after");
  }

  @Test
  void aListenerThatThrowsStillGetsTheNextMessagesAndSoDoesAnotherOnTheSameChannel() {
    AtomicInteger calls = new AtomicInteger();
    Recorder after = new Recorder();
    receiver.backplane().subscribe(channel, new Backplane.Listener() {
      @Override
      public void onMessage(BackplaneMessage message) {
        calls.incrementAndGet();
        after.onMessage(message);
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void onResubscribed() {}
    });

    write("one");
    write("two");

    await().atMost(WAIT).until(() -> calls.get() == 2 && received.messages.size() == 2);
    assertThat(after.keys()).containsExactly("one", "two");
    assertThat(received.keys()).containsExactly("one", "two");
  }

  @Test
  void afterTheServerRestartsTheListenerIsToldAndMessagesFlowAgain() {
    write("before");
    await().atMost(WAIT).until(() -> received.messages.size() == 1);
    assertThat(received.resubscribed).hasValue(0);

    redis.server().restart();

    await().atMost(WAIT).until(() -> received.resubscribed.get() == 1);
    // the new server knows neither the script nor the sequence: the level sends the script again, counting from 1
    await().atMost(WAIT).ignoreExceptions().until(() -> {
      write("after");
      return received.keys().contains("after");
    });
    assertThat(received.messages.get(received.messages.size() - 1).sequence()).isPositive();
    assertThat(received.resubscribed).hasValue(1);
  }

  @Test
  void aSubscriptionOnAClosedBackplaneIsRefused() {
    sender.backplane().close();

    assertThatThrownBy(() -> sender.backplane().subscribe(channel, new Recorder()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(sender.backplane().publish(channel, message(BackplaneMessage.Type.CLEAR, ""))).failsWithin(WAIT);
  }

  @Test
  void aClosedBackplaneNoLongerDeliversToItsListeners() {
    receiver.backplane().close();
    Recorder fresh = new Recorder();
    RedisConnection third = RedisConnection.open(TestRedisConfig.singleServer(redis.server()), prefix);
    try {
      third.backplane().subscribe(channel, fresh);

      write("after close");

      await().atMost(WAIT).until(() -> fresh.messages.size() == 1);
      assertThat(received.messages).isEmpty();
    } finally {
      third.close();
    }
  }

  @Test
  void theChannelIsTheKeyPrefixsVersionedChannel() {
    assertThat(redis.server().command("PUBSUB", "NUMSUB", channel)).isEqualTo("*2");
    String subscribers = redis.server().command("PUBSUB", "CHANNELS", prefix + ":backplane:v1");
    assertThat(subscribers).isEqualTo("*1");
    assertThat(new String(BackplaneWire.frame(message(BackplaneMessage.Type.CLEAR, "")), StandardCharsets.UTF_8))
        .startsWith("0|HC");
  }
}
