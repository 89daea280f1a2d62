package io.hybridcache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.engine.ClusterNode;
import io.hybridcache.engine.HybridCacheEngine;
import io.hybridcache.kryo.KryoValueSerializer;
import io.hybridcache.redis.harness.RedisServerExtension;
import io.hybridcache.spi.BackplaneMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;

/**
 * The gap flood on a real Redis: someone who can PUBLISH on the backplane channel, but holds no message key, captures
 * one signed frame and replays it a thousand times with its sequence number alternating between a high and a low
 * value, so that every other frame shows a gap, each of which would sweep the receiving node's memory level. The
 * sweeps are rate-limited: the first gap sweeps at once and the others within the sweep interval are counted and
 * folded into one sweep at the interval's end, and a change made afterwards still reaches the node and is applied.
 * The in-memory {@code SweepRateLimitTest} checks the interval's end on a fake clock.
 */
class RedisSweepFloodTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final List<byte[]> KEYS =
      List.of("sweep-flood-message-key-32-bytes".getBytes(StandardCharsets.US_ASCII));
  private static final int REPLAYS = 1_000;

  private final String prefix = "flood" + PREFIXES.incrementAndGet() + "x" + System.nanoTime() % 100_000;
  private final String channel = BackplaneMessage.channel(prefix);
  private final List<AutoCloseable> opened = new ArrayList<>();
  private RedissonClient attacker;

  @AfterEach
  void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    if (attacker != null) {
      attacker.shutdown();
    }
  }

  private ClusterNode cluster(String name) {
    RedisConnection connection = RedisConnection.open(TestRedisConfig.singleServer(redis.server()), prefix, KEYS);
    opened.add(connection);
    ClusterNode node = ClusterNode.builder(prefix).nodeId(name)
        .valueSerializer(new KryoValueSerializer(getClass().getClassLoader()))
        .distributedLevel(connection.level()).backplane(connection.backplane())
        .sweepInterval(Duration.ofMinutes(1)) // the whole flood falls in one window, however slow the machine
        .build();
    opened.add(node);
    return node;
  }

  private HybridCacheEngine<String, String> engine(ClusterNode node) {
    HybridCacheEngine<String, String> engine = HybridCacheEngine.<String, String>builder("products").cluster(node)
        .build();
    opened.add(engine);
    return engine;
  }

  /** {@code frame} with its sequence (the ASCII number before the first '|') replaced by {@code sequence}. */
  private static byte[] withSequence(byte[] frame, long sequence) {
    int separator = 0;
    while (frame[separator] != '|') {
      separator++;
    }
    byte[] number = Long.toString(sequence).getBytes(StandardCharsets.US_ASCII);
    byte[] replayed = Arrays.copyOf(number, number.length + frame.length - separator);
    System.arraycopy(frame, separator, replayed, number.length, frame.length - separator);
    return replayed;
  }

  @Test
  @Timeout(120)
  void aThousandReplayedSignedFramesWithAlternatingSequencesSweepOnceAndALaterChangeStillApplies() {
    HybridCacheEngine<String, String> writer = engine(cluster("writer"));
    ClusterNode target = cluster("target");
    HybridCacheEngine<String, String> reader = engine(target);
    attacker = Redisson.create(TestRedisConfig.singleServer(redis.server()));
    RTopic topic = attacker.getTopic(channel, org.redisson.client.codec.ByteArrayCodec.INSTANCE);
    List<byte[]> captured = new CopyOnWriteArrayList<>();
    topic.addListener(byte[].class, (name, frame) -> captured.add(frame));

    writer.set("p1", "v1");
    await().atMost(WAIT).until(() -> reader.stats().backplaneMessages() == 1 && !captured.isEmpty());
    assertThat(reader.tryGet("p1")).contains("v1");
    assertThat(target.sequenceGaps()).isZero();

    byte[] frame = captured.get(0); // signed by the writer: it verifies on every node, replayed as often as wanted
    for (int i = 0; i < REPLAYS; i++) {
      topic.publish(withSequence(frame, i % 2 == 0 ? 1_000_000_000L : 5)); // up to 1e9 is a gap, back to 5 is not
    }
    await().atMost(WAIT).until(() -> target.sequenceGaps() == REPLAYS / 2);

    assertThat(target.messageSweeps()).as("one sweep at once, the rest folded into the window's end").isEqualTo(1);
    assertThat(target.coalescedSweeps()).isEqualTo(REPLAYS / 2 - 1);
    assertThat(reader.tryGet("p1")).contains("v1"); // read again after the replayed notices dropped it: fresh in L1

    writer.set("p1", "v2"); // sequence 2 after 5: as if numbering started again, no gap

    await().atMost(WAIT).until(() -> reader.tryGet("p1").equals(Optional.of("v2")));
    assertThat(target.sequenceGaps()).isEqualTo(REPLAYS / 2);
    assertThat(target.messageSweeps()).as("no further sweep within the window").isEqualTo(1);
  }
}
