package io.hybridcache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.KeyRemoval;
import io.hybridcache.spi.KeyWrite;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

/**
 * The bulk writes of the Redis level ({@link LevelScripts#SET_ALL}, {@link LevelScripts#REMOVE_ALL}): one script call
 * per batch on one master, per-key refusals inside it, a notice for each written key and none for a refused one,
 * consecutive sequences, batches longer than a call, a server that forgot its scripts, and the grouping by hash slot
 * that cluster mode uses.
 */
class RedisBulkScriptTest extends RedisLevelFixture {
  private Recorder subscribedReader() {
    Recorder recorder = new Recorder();
    reader.backplane().subscribe(BackplaneMessage.channel(prefix), recorder);
    return recorder;
  }

  private static BackplaneMessage notice(String key) {
    return new BackplaneMessage(BackplaneMessage.FORMAT_VERSION, "writer", 1_000L, 0L,
        BackplaneMessage.Type.ENTRY_SET, "products", key);
  }

  /** A format-1 entry header written at {@code writtenAt} with the order {@code order} (flag 32), then {@code rest}. */
  private static byte[] envelope(long writtenAt, long order, String rest) {
    byte[] tail = rest.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(20 + tail.length).put((byte) 'H').put((byte) 'C').put((byte) 1).put((byte) 32)
        .putLong(writtenAt).putLong(order).put(tail).array();
  }

  private KeyWrite write(String key, long writtenAt, String value) {
    return new KeyWrite(prefix + ":" + key, envelope(writtenAt, 0, value), HOUR, notice(key));
  }

  /** Twenty writes of keys k0..k19 at {@code writtenAt}, each with its notice. */
  private List<KeyWrite> twenty(long writtenAt) {
    return IntStream.range(0, 20).mapToObj(i -> write("k" + i, writtenAt, "v" + i)).toList();
  }

  @Test
  void twentyWritesAreOneScriptCallThatRefusesOlderOnesAndPublishesOnlyTheWrittenKeysNotices() {
    long now = System.currentTimeMillis();
    level.trySetAll(List.of(write("warm", now, "w"))).join(); // the server learns the script
    level.set(prefix + ":k3", envelope(now + 5, 0, "newer"), HOUR, null).join();
    level.set(prefix + ":k7", envelope(now, 9, "same time, higher order"), HOUR, null).join();
    Recorder recorder = subscribedReader();
    CommandStats before = CommandStats.of(redis.server());

    List<Boolean> written = level.trySetAll(twenty(now)).join();

    assertThat(written).containsExactlyElementsOf(
        IntStream.range(0, 20).mapToObj(i -> i != 3 && i != 7).toList());
    assertThat(CommandStats.of(redis.server()).since(before)).isEqualTo(Map.of("evalsha", 1L, "getrange", 20L,
        "set", 18L, "incrby", 1L, "publish", 18L));
    assertThat(level.get(prefix + ":k3").join()).isEqualTo(envelope(now + 5, 0, "newer"));
    assertThat(level.get(prefix + ":k7").join()).isEqualTo(envelope(now, 9, "same time, higher order"));
    assertThat(level.get(prefix + ":k19").join()).isEqualTo(envelope(now, 0, "v19"));
    assertThat(redis.server().command("PTTL", prefix + ":k0")).satisfies(
        ttl -> assertThat(Long.parseLong(ttl.substring(1))).isBetween(HOUR.toMillis() - 60_000, HOUR.toMillis()));
    await().atMost(WAIT).until(() -> recorder.messages.size() >= 18);
    assertThat(recorder.keys()).containsExactlyElementsOf(IntStream.range(0, 20).filter(i -> i != 3 && i != 7)
        .mapToObj(i -> "k" + i).toList());
  }

  @Test
  void aBatchsNoticesCarryConsecutiveSequencesBetweenThoseOfSingleWrites() {
    Recorder recorder = subscribedReader();
    long now = System.currentTimeMillis();

    level.set(prefix + ":before", envelope(now, 0, "b"), HOUR, notice("before")).join();
    level.trySetAll(List.of(write("a", now, "a"), write("b", now, "b"),
        new KeyWrite(prefix + ":silent", envelope(now, 0, "s"), HOUR, null), write("c", now, "c"))).join();
    level.tryRemoveAll(List.of(new KeyRemoval(prefix + ":a", now + 1, notice("a removed")))).join();
    level.set(prefix + ":after", envelope(now, 0, "a"), HOUR, notice("after")).join();

    await().atMost(WAIT).until(() -> recorder.messages.size() >= 6);
    assertThat(recorder.keys()).containsExactly("before", "a", "b", "c", "a removed", "after");
    long first = recorder.messages.get(0).sequence();
    assertThat(first).isPositive();
    assertThat(recorder.messages).extracting(BackplaneMessage::sequence)
        .containsExactlyElementsOf(LongStream.range(first, first + 6).boxed().toList());
  }

  @Test
  void bulkRemovalsLeaveTombstonesThatRefuseOlderWritesSingleOrBulk() {
    long now = System.currentTimeMillis();
    level.trySetAll(List.of(write("a", now - 10, "old"), write("b", now + 10, "newer"))).join();
    Recorder recorder = subscribedReader();

    List<Boolean> removed = level.tryRemoveAll(List.of(new KeyRemoval(prefix + ":a", now, notice("a")),
        new KeyRemoval(prefix + ":b", now, notice("b")), new KeyRemoval(prefix + ":absent", now, notice("absent"))))
        .join();

    assertThat(removed).containsExactly(true, false, true);
    assertThat(level.get(prefix + ":a").join()).isNull();
    assertThat(redis.server().command("EXISTS", prefix + ":a")).as("a tombstone is held").isEqualTo(":1");
    assertThat(redis.server().command("PTTL", prefix + ":a")).satisfies(ttl -> assertThat(Long.parseLong(
        ttl.substring(1))).isBetween(1L, RedisConnection.DEFAULT_TOMBSTONE_DURATION.toMillis()));
    assertThat(level.get(prefix + ":b").join()).isEqualTo(envelope(now + 10, 0, "newer"));
    assertThat(level.trySetAll(List.of(write("a", now - 1, "late"), write("absent", now - 1, "late"),
        write("b", now + 11, "newest"))).join()).containsExactly(false, false, true);
    assertThat(level.trySet(prefix + ":a", envelope(now - 1, 0, "late"), HOUR, null).join()).isFalse();
    assertThat(level.get(prefix + ":a").join()).isNull();
    assertThat(level.trySetAll(List.of(write("a", now + 1, "after the removal"))).join()).containsExactly(true);
    await().atMost(WAIT).until(() -> recorder.messages.size() >= 4);
    assertThat(recorder.keys()).containsExactly("a", "absent", "b", "a");
  }

  @Test
  void aBatchLongerThanOneCallIsWrittenWholeInOrderAsSeveralCallsOfOneBatch() {
    Recorder recorder = subscribedReader();
    long now = System.currentTimeMillis();
    int count = 2 * BulkWriter.MAX_KEYS + 500;
    List<KeyWrite> writes = IntStream.range(0, count).mapToObj(i -> write("n" + i, now, "v" + i)).toList();
    level.trySetAll(List.of(write("n7", now + 1, "newer"))).join();
    CommandStats before = CommandStats.of(redis.server());

    List<Boolean> written = level.trySetAll(writes).join();

    assertThat(written).containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> i != 7).toList());
    assertThat(CommandStats.of(redis.server()).since(before)).containsEntry("evalsha", 3L)
        .containsEntry("set", (long) count - 1).containsEntry("incrby", 3L);
    assertThat(level.get(prefix + ":n" + (count - 1)).join()).isEqualTo(envelope(now, 0, "v" + (count - 1)));
    await().atMost(WAIT).until(() -> recorder.messages.size() >= count);
    List<Long> sequences = recorder.messages.stream().skip(1).map(BackplaneMessage::sequence).toList();
    long first = sequences.get(0);
    assertThat(sequences).containsExactlyElementsOf(LongStream.range(first, first + count - 1).boxed().toList());
  }

  @Test
  void afterTheServerForgetsItsScriptsABulkWriteLoadsThemAndWritesEachKeyOnce() {
    long now = System.currentTimeMillis();
    assertThat(level.trySetAll(twenty(now)).join()).containsOnly(true);
    assertThat(level.tryRemoveAll(List.of(new KeyRemoval(prefix + ":k0", now + 1, null))).join())
        .containsExactly(true);

    redis.server().command("SCRIPT", "FLUSH"); // as a restart or a failover to a server without them does
    CommandStats before = CommandStats.of(redis.server());

    assertThat(level.trySetAll(twenty(now + 2)).join()).containsOnly(true);
    assertThat(level.tryRemoveAll(List.of(new KeyRemoval(prefix + ":k1", now + 3, null))).join())
        .containsExactly(true);

    Map<String, Long> calls = CommandStats.of(redis.server()).since(before);
    assertThat(calls).containsEntry("set", 20L + 1L).containsEntry("script|load", 2L).containsEntry("incrby", 1L);
    assertThat(level.get(prefix + ":k19").join()).isEqualTo(envelope(now + 2, 0, "v19"));
    assertThat(level.get(prefix + ":k1").join()).isNull();
  }

  @Test
  void groupedByHashSlotAsInClusterModeEachSlotIsOneCallAndNothingIsCounted() {
    RedissonClient client = Redisson.create(TestRedisConfig.singleServer(redis.server()));
    try {
      RedisDistributedLevel unsequenced = new RedisDistributedLevel(client, prefix, false, true,
          new Callbacks(ForkJoinPool.commonPool()), null, Duration.ofMinutes(1));
      Recorder recorder = subscribedReader();
      long now = System.currentTimeMillis();
      List<KeyWrite> writes = IntStream.range(0, 30)
          .mapToObj(i -> new KeyWrite(prefix + ":{t" + (i % 3) + "}:" + i, envelope(now, 0, "v" + i), HOUR,
              notice("k" + i)))
          .toList();
      Set<Integer> slots = writes.stream().map(w -> HashSlot.of(w.key())).collect(Collectors.toSet());
      assertThat(slots).hasSize(3); // one per hash tag
      unsequenced.trySetAll(List.of(writes.get(0))).join(); // the server learns the script
      CommandStats before = CommandStats.of(redis.server());

      assertThat(unsequenced.trySetAll(writes).join()).hasSize(30).containsOnly(true);

      Map<String, Long> calls = CommandStats.of(redis.server()).since(before);
      assertThat(calls).containsEntry("evalsha", (long) slots.size()).containsEntry("set", 30L)
          .doesNotContainKey("incrby");
      assertThat(unsequenced.tryRemoveAll(writes.stream().map(w -> new KeyRemoval(w.key(), now + 1, null)).toList())
          .join()).hasSize(30).containsOnly(true);
      assertThat(level.get(writes.get(29).key()).join()).isNull();
      await().atMost(WAIT).until(() -> recorder.messages.size() >= 31);
      assertThat(recorder.messages).extracting(BackplaneMessage::sequence).containsOnly(0L);
    } finally {
      client.shutdown();
    }
  }
}
