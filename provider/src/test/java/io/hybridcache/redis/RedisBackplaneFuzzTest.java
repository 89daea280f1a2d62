package io.hybridcache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.StandardErrorCapture;
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
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Fuzzes what arrives on the backplane channel of a real Redis: random frames, every truncation and every single-bit
 * change of valid frames about another key of the cache, PUBLISHed by a plain Redisson client between two nodes. No
 * exception escapes anywhere (nothing is logged with a stack trace), and the receiving node keeps working: a change
 * the other node makes afterwards still reaches it, and it does not serve its older copy. Seeded; about 2,000 frames.
 */
class RedisBackplaneFuzzTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final List<byte[]> KEYS =
      List.of("backplane-fuzzing-key-of-32-byte".getBytes(StandardCharsets.US_ASCII));

  private final String prefix = "bpfz" + PREFIXES.incrementAndGet() + "x" + System.nanoTime() % 100_000;
  private final String channel = BackplaneMessage.channel(prefix);
  private final List<AutoCloseable> opened = new ArrayList<>();
  private RedissonClient publisher;

  @AfterEach
  void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    if (publisher != null) {
      publisher.shutdown();
    }
  }

  private HybridCacheEngine<String, String> node(String name, List<byte[]> messageKeys) {
    RedisConnection connection = RedisConnection.open(TestRedisConfig.singleServer(redis.server()), prefix,
        messageKeys);
    opened.add(connection);
    ClusterNode node = ClusterNode.builder(prefix).nodeId(name)
        .valueSerializer(new KryoValueSerializer(getClass().getClassLoader()))
        .distributedLevel(connection.level()).backplane(connection.backplane()).build();
    opened.add(node);
    HybridCacheEngine<String, String> engine = HybridCacheEngine.<String, String>builder("products").cluster(node)
        .build();
    opened.add(engine);
    return engine;
  }

  @Test
  @Timeout(120)
  void unsignedFramesInEveryShapeBreakNothingAndALaterChangeStillReachesTheNode() {
    fuzz(List.of(), null);
  }

  @Test
  @Timeout(120)
  void signedFramesInEveryShapeBreakNothingAndALaterChangeStillReachesTheNode() {
    fuzz(KEYS, MessageSigner.of(KEYS));
  }

  private void fuzz(List<byte[]> messageKeys, MessageSigner signer) {
    HybridCacheEngine<String, String> a = node("a", messageKeys);
    HybridCacheEngine<String, String> b = node("b", messageKeys);
    publisher = Redisson.create(TestRedisConfig.singleServer(redis.server()));
    RTopic topic = publisher.getTopic(channel, ByteArrayCodec.INSTANCE);
    a.set("k", "v1");
    await().atMost(WAIT).until(() -> b.stats().backplaneMessages() == 1); // applied first: it would expire b's copy
    assertThat(b.tryGet("k")).contains("v1"); // b holds v1 in L1, fresh: only a message makes it read again

    List<byte[]> frames = frames(signer, new Random(0xfa11L + messageKeys.size()));
    String log = stderrOf(() -> {
      for (byte[] frame : frames) {
        topic.publish(frame);
      }
      a.set("k", "v2"); // published after every fuzzed frame: b has them all once it has this one

      await().atMost(WAIT).until(() -> b.tryGet("k").equals(Optional.of("v2")));
      assertThat(a.tryGet("k")).contains("v2");
      b.set("k2", "from b");
      assertThat(a.tryGet("k2")).contains("from b");
    });

    assertThat(frames).hasSizeGreaterThan(1_500);
    assertThat(log).as("nothing is logged with a stack trace").doesNotContain("\tat ");
  }

  /** Random frames, and every truncation and single-bit change of four valid frames about the key "other". */
  private List<byte[]> frames(MessageSigner signer, Random random) {
    long now = System.currentTimeMillis();
    List<byte[]> valid = List.of(
        frame(new BackplaneMessage(1, "attacker", now, 0, BackplaneMessage.Type.ENTRY_SET, "products", "other"),
            signer),
        frame(new BackplaneMessage(1, "attacker", now, 0, BackplaneMessage.Type.ENTRY_REMOVE, "products", "other"),
            signer),
        frame(new BackplaneMessage(1, "attacker", now, 7, BackplaneMessage.Type.ENTRY_EXPIRE, "products", "other"),
            signer),
        frame(new BackplaneMessage(1, "attacker", now, 0, BackplaneMessage.Type.TAG_REMOVED, "products", "a-tag"),
            signer));
    List<byte[]> frames = new ArrayList<>();
    for (byte[] frame : valid) {
      for (int length = 0; length < frame.length; length++) {
        frames.add(Arrays.copyOf(frame, length));
      }
      for (int bit = 0; bit < frame.length * 8; bit++) {
        byte[] flipped = frame.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        frames.add(flipped);
      }
    }
    byte[] head = "0|HC\u0001".getBytes(StandardCharsets.ISO_8859_1); // a sequence, the body's magic and version
    for (int i = 0; i < 300; i++) {
      byte[] bytes = new byte[random.nextInt(120)];
      random.nextBytes(bytes);
      if (i % 2 == 0) { // past the checks of the frame's start, into the type, time and texts
        byte[] headed = Arrays.copyOf(head, head.length + bytes.length);
        System.arraycopy(bytes, 0, headed, head.length, bytes.length);
        bytes = headed;
      }
      frames.add(bytes);
    }
    return frames;
  }

  private byte[] frame(BackplaneMessage message, MessageSigner signer) {
    return BackplaneWire.frame(message, signer, channel);
  }

  /** What every thread writes to {@code System.err} while {@code run} runs, echoed there afterwards. */
  private static String stderrOf(Runnable run) {
    String log = StandardErrorCapture.of(run);
    System.err.print(log);
    return log;
  }
}
