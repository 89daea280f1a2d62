package io.hybridcache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.redis.harness.RedisServerExtension;
import io.hybridcache.spi.BackplaneMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Backplane messages signed with the message keys, on a real Redis: those published by the backplane and those the
 * level's script publishes reach a receiver with the same keys; unsigned, forged and foreign-key ones are ignored and
 * counted.
 */
class RedisSignedBackplaneTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final List<byte[]> KEYS = List.of(filled('k'));

  private final String prefix = "sbp" + PREFIXES.incrementAndGet();
  private final String channel = BackplaneMessage.channel(prefix);
  private final List<RedisConnection> connections = new ArrayList<>();

  private static byte[] filled(char c) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) c);
    return key;
  }

  @AfterEach
  void disconnect() {
    connections.forEach(RedisConnection::close);
  }

  private RedisConnection connection(List<byte[]> keys) {
    RedisConnection c = RedisConnection.open(TestRedisConfig.singleServer(redis.server()), prefix, keys);
    connections.add(c);
    return c;
  }

  private static BackplaneMessage message(String key) {
    return new BackplaneMessage(BackplaneMessage.FORMAT_VERSION, "sender", 1_723_456_789_012L, 0L,
        BackplaneMessage.Type.ENTRY_SET, "products", key);
  }

  @Test
  void publishedAndScriptPublishedSignedMessagesReachAReceiverWithTheSameKeys() {
    RedisConnection sender = connection(KEYS);
    RedisConnection receiver = connection(KEYS);
    Recorder received = new Recorder();
    receiver.backplane().subscribe(channel, received);

    sender.backplane().publish(channel, message("published")).join();
    sender.level().set(prefix + ":products:p1", new byte[] {1}, Duration.ofHours(1), message("scripted")).join();

    await().atMost(WAIT).until(() -> received.messages.size() == 2);
    assertThat(received.keys()).containsExactly("published", "scripted");
    assertThat(received.messages.get(1).sequence()).isEqualTo(1);
    assertThat(receiver.rejectedMessages()).isZero();
  }

  @Test
  void unsignedForeignKeyAndForgedMessagesAreIgnoredAndCountedWhileSignedOnesStillArrive() {
    RedisConnection receiver = connection(KEYS);
    Recorder received = new Recorder();
    receiver.backplane().subscribe(channel, received);
    RedisConnection keyless = connection(List.of());
    RedisConnection foreign = connection(List.of(filled('f')));
    RedisConnection signed = connection(KEYS);

    keyless.backplane().publish(channel, message("unsigned")).join();
    foreign.level().set(prefix + ":products:p1", new byte[] {1}, Duration.ofHours(1), message("foreign")).join();
    redis.server().command("PUBLISH", channel, "1|HC\u0001\u0084forged-with-no-key-at-all");
    signed.backplane().publish(channel, message("genuine")).join();

    await().atMost(WAIT).until(() -> received.messages.size() == 1 && receiver.rejectedMessages() == 3);
    assertThat(received.keys()).containsExactly("genuine");
  }

  @Test
  void aReceiverWithoutKeysReadsSignedMessages() {
    RedisConnection receiver = connection(List.of());
    Recorder received = new Recorder();
    receiver.backplane().subscribe(channel, received);

    connection(KEYS).backplane().publish(channel, message("signed")).join();

    await().atMost(WAIT).until(() -> received.messages.size() == 1);
    assertThat(received.keys()).containsExactly("signed");
  }
}
