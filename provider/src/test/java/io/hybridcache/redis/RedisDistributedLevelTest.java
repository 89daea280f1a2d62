package io.hybridcache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.KeyRead;
import io.hybridcache.spi.KeyRemoval;
import io.hybridcache.spi.KeyWrite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RedisDistributedLevelTest extends RedisLevelFixture {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private BackplaneMessage notice(String key) {
    return new BackplaneMessage(BackplaneMessage.FORMAT_VERSION, "writer", 1_000L, 0L,
        BackplaneMessage.Type.ENTRY_SET, "products", key);
  }

  private Recorder subscribedReader() {
    Recorder recorder = new Recorder();
    reader.backplane().subscribe(BackplaneMessage.channel(prefix), recorder);
    return recorder;
  }

  @Test
  void aValueIsStoredUnderTheEngineKeyAsItsRawBytes() {
    level.set(prefix + ":products:p1", bytes("envelope"), HOUR, null).join();

    assertThat(redis.server().command("GET", prefix + ":products:p1")).isEqualTo("envelope");
    assertThat(reader.level().get(prefix + ":products:p1").join()).isEqualTo(bytes("envelope"));
  }

  @Test
  void anAbsentKeyReadsAsNull() {
    assertThat(level.get(prefix + ":products:none").join()).isNull();
  }

  @Test
  void theTimeToLiveIsTheGivenDurationInMilliseconds() {
    level.set(prefix + ":k", bytes("v"), Duration.ofMinutes(10), null).join();

    long pttl = Long.parseLong(redis.server().command("PTTL", prefix + ":k").substring(1));
    assertThat(pttl).isBetween(Duration.ofMinutes(10).toMillis() - 5_000, Duration.ofMinutes(10).toMillis());
  }

  @Test
  void aFractionOfAMillisecondIsRoundedUpNotDropped() {
    level.set(prefix + ":k", bytes("v"), Duration.ofNanos(100_000_000_001L), null).join();

    long pttl = Long.parseLong(redis.server().command("PTTL", prefix + ":k").substring(1));
    assertThat(pttl).isBetween(95_000L, 100_001L);
  }

  @Test
  void foreverMeansNoTimeToLive() {
    level.set(prefix + ":k", bytes("v"), ChronoUnit.FOREVER.getDuration(), null).join();

    assertThat(redis.server().command("PTTL", prefix + ":k")).isEqualTo(":-1");
  }

  @Test
  void aZeroOrNegativeTimeToLiveFailsAndWritesNothing() {
    assertThat(level.set(prefix + ":k", bytes("v"), Duration.ZERO, null)).failsWithin(WAIT)
        .withThrowableThat().withCauseInstanceOf(IllegalArgumentException.class);
    assertThat(level.set(prefix + ":k", bytes("v"), Duration.ofMillis(-1), null)).failsWithin(WAIT);

    assertThat(redis.server().command("EXISTS", prefix + ":k")).isEqualTo(":0");
  }

  @Test
  void removingAnAbsentKeySucceeds() {
    assertThat(level.remove(prefix + ":none", null)).succeedsWithin(WAIT);
  }

  @Test
  void removeDeletesTheKey() {
    level.set(prefix + ":k", bytes("v"), HOUR, null).join();

    level.remove(prefix + ":k", null).join();

    assertThat(redis.server().command("EXISTS", prefix + ":k")).isEqualTo(":0");
  }

  @Test
  void compareAndSetSwapsOnlyWhenTheCurrentBytesAreTheExpectedOnes() {
    String key = prefix + ":k";
    assertThat(level.compareAndSet(key, null, bytes("v1"), HOUR, null).join()).isTrue();
    assertThat(level.compareAndSet(key, null, bytes("other"), HOUR, null).join()).isFalse();
    assertThat(level.compareAndSet(key, bytes("v0"), bytes("other"), HOUR, null).join()).isFalse();
    assertThat(redis.server().command("GET", key)).isEqualTo("v1");

    assertThat(level.compareAndSet(key, bytes("v1"), bytes("v2"), Duration.ofMinutes(5), null).join()).isTrue();
    assertThat(redis.server().command("GET", key)).isEqualTo("v2");
    assertThat(Long.parseLong(redis.server().command("PTTL", key).substring(1))).isBetween(1L, 300_000L);

    assertThat(level.compareAndSet(key, bytes("v2"), null, null, null).join()).isTrue();
    assertThat(redis.server().command("EXISTS", key)).isEqualTo(":0");
  }

  @Test
  void aCompareAndSetThatDoesNotSwapNeitherCountsNorPublishes() {
    Recorder recorder = subscribedReader();
    level.set(prefix + ":k", bytes("v1"), HOUR, notice("first")).join();

    assertThat(level.compareAndSet(prefix + ":k", bytes("stale"), bytes("v2"), HOUR, notice("refused")).join())
        .isFalse();
    assertThat(level.compareAndSet(prefix + ":k", null, bytes("v2"), HOUR, notice("refused too")).join()).isFalse();
    level.set(prefix + ":marker", bytes("m"), HOUR, notice("marker")).join();

    await().atMost(WAIT).until(() -> recorder.messages.size() >= 2);
    assertThat(recorder.keys()).containsExactly("first", "marker");
    assertThat(recorder.messages).extracting(BackplaneMessage::sequence).containsExactly(1L, 2L);
  }

  /** A format-1 entry envelope header written at {@code writtenAt}, followed by {@code rest}. */
  private static byte[] envelope(long writtenAt, String rest) {
    byte[] tail = bytes(rest);
    return java.nio.ByteBuffer.allocate(12 + tail.length).put((byte) 'H').put((byte) 'C').put((byte) 1)
        .put((byte) 0).putLong(writtenAt).put(tail).array();
  }

  /** A format-1 entry envelope header with an order (flag 32), followed by {@code rest}. */
  private static byte[] envelope(long writtenAt, long order, String rest) {
    byte[] tail = bytes(rest);
    return java.nio.ByteBuffer.allocate(20 + tail.length).put((byte) 'H').put((byte) 'C').put((byte) 1)
        .put((byte) 32).putLong(writtenAt).putLong(order).put(tail).array();
  }

  @Test
  void aRemovalMadeBeforeTheEntryWasWrittenNeitherDeletesItNorPublishes() {
    Recorder recorder = subscribedReader();
    long now = System.currentTimeMillis();
    level.set(prefix + ":k", envelope(now, "written"), HOUR, null).join();

    level.remove(prefix + ":k", now - 1, notice("late removal")).join();
    assertThat(level.get(prefix + ":k").join()).isEqualTo(envelope(now, "written"));
    level.remove(prefix + ":k", now, notice("removal")).join();
    assertThat(level.get(prefix + ":k").join()).as("one of the same millisecond removes").isNull();

    await().atMost(WAIT).until(() -> recorder.messages.size() >= 1);
    assertThat(recorder.keys()).containsExactly("removal");
  }

  @Test
  void aSetOfTheSameMillisecondWithALowerOrderNeitherOverwritesNorPublishes() {
    Recorder recorder = subscribedReader();
    long now = System.currentTimeMillis();
    level.set(prefix + ":k", envelope(now, 7, "made second"), HOUR, notice("made second")).join();

    level.set(prefix + ":k", envelope(now, 6, "made first"), HOUR, notice("made first")).join();
    assertThat(level.get(prefix + ":k").join()).isEqualTo(envelope(now, 7, "made second"));
    level.set(prefix + ":k", envelope(now, 8, "made third"), HOUR, notice("made third")).join();
    assertThat(level.get(prefix + ":k").join()).isEqualTo(envelope(now, 8, "made third"));
    level.set(prefix + ":k", envelope(now + 1, 1, "a millisecond later"), HOUR, notice("later")).join();
    assertThat(level.get(prefix + ":k").join()).as("the time comes first")
        .isEqualTo(envelope(now + 1, 1, "a millisecond later"));

    await().atMost(WAIT).until(() -> recorder.messages.size() >= 3);
    assertThat(recorder.keys()).containsExactly("made second", "made third", "later");
  }

  @Test
  void aWriteOlderThanARemovalThatReachesRedisAfterItDoesNotBringTheKeyBack() {
    Recorder recorder = subscribedReader();
    long now = System.currentTimeMillis();
    level.set(prefix + ":k", envelope(now, "written"), HOUR, notice("written")).join();
    level.remove(prefix + ":k", now + 5, notice("removed")).join();

    level.set(prefix + ":k", envelope(now + 3, "made before the removal, arriving after it"), HOUR, notice("late"))
        .join();
    assertThat(level.get(prefix + ":k").join()).isNull();
    level.set(prefix + ":k", envelope(now + 6, "made after the removal"), HOUR, notice("after")).join();
    assertThat(level.get(prefix + ":k").join()).isEqualTo(envelope(now + 6, "made after the removal"));

    await().atMost(WAIT).until(() -> recorder.messages.size() >= 3);
    assertThat(recorder.keys()).containsExactly("written", "removed", "after");
  }

  @Test
  void aTimedRemovalLeavesATombstoneThatReadsAsAbsentAndLivesOneMinute() {
    long now = System.currentTimeMillis();
    level.set(prefix + ":k", envelope(now, "written"), HOUR, null).join();

    level.remove(prefix + ":k", now, null).join();
    level.remove(prefix + ":never-written", now, null).join();

    assertThat(level.get(prefix + ":k").join()).isNull();
    assertThat(level.get(prefix + ":never-written").join()).isNull();
    assertThat(redis.server().command("STRLEN", prefix + ":k")).isEqualTo(":12");
    long ttl = Long.parseLong(redis.server().command("PTTL", prefix + ":k").substring(1));
    assertThat(ttl).isBetween(1L, RedisConnection.DEFAULT_TOMBSTONE_DURATION.toMillis());
    assertThat(level.set(prefix + ":k", envelope(now - 1, "older"), HOUR, null)).succeedsWithin(WAIT);
    assertThat(level.get(prefix + ":k").join()).as("refused by the tombstone").isNull();
  }

  @Test
  void getAllAnswersEachKeyInOrderWithTombstonesAbsentAndOversizedValuesRefusedWithoutTransfer() {
    long now = System.currentTimeMillis();
    level.set(prefix + ":a", bytes("first"), HOUR, null).join();
    level.set(prefix + ":big", bytes("x".repeat(100_000)), HOUR, null).join();
    level.set(prefix + ":gone", envelope(now, "removed"), HOUR, null).join();
    level.remove(prefix + ":gone", now, null).join(); // leaves a tombstone
    List<String> keys = List.of(prefix + ":a", prefix + ":none", prefix + ":big", prefix + ":gone", prefix + ":a");
    redis.server().command("SCRIPT", "FLUSH"); // the first bounded batch meets NOSCRIPT and is sent again with EVAL

    List<KeyRead> unbounded = level.getAll(keys, Integer.MAX_VALUE).join();
    long sentBefore = outputBytes();
    List<KeyRead> bounded = level.getAll(keys, 1_000).join();
    long sent = outputBytes() - sentBefore;

    assertThat(unbounded).extracting(r -> r.envelope() == null ? null : new String(r.envelope(),
        StandardCharsets.UTF_8).substring(0, Math.min(5, r.envelope().length)))
        .containsExactly("first", null, "xxxxx", null, "first");
    assertThat(bounded.get(0).envelope()).isEqualTo(bytes("first"));
    assertThat(bounded.get(1)).isEqualTo(KeyRead.of(null));
    assertThat(bounded.get(2).refused()).isNotNull().satisfies(r -> assertThat(r.size()).isEqualTo(100_000));
    assertThat(bounded.get(3)).isEqualTo(KeyRead.of(null));
    assertThat(bounded.get(4).envelope()).isEqualTo(bytes("first"));
    assertThat(sent).as("bytes Redis sent for the bounded batch").isLessThan(10_000);
    assertThat(level.getAll(List.of(), 1_000).join()).isEmpty();
  }

  @Test
  void getAllReadsEveryKeyOfALongListInOrderWithOnePlainGetEach() {
    List<String> keys = IntStream.range(0, 500).mapToObj(i -> prefix + ":k" + i).toList();
    keys.forEach(k -> level.set(k, bytes(k), HOUR, null).join());
    CommandStats before = CommandStats.of(redis.server());

    List<KeyRead> found = level.getAll(keys, Integer.MAX_VALUE).join();

    assertThat(found).extracting(r -> new String(r.envelope(), StandardCharsets.UTF_8)).isEqualTo(keys);
    assertThat(CommandStats.of(redis.server()).since(before)).isEqualTo(Map.of("get", 500L));
  }

  private long outputBytes() {
    String info = redis.server().command("INFO", "stats");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("total_net_output_bytes:(\\d+)").matcher(info);
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void aConnectionWithoutTombstonesDeletesOnEveryRemovalAndABadDurationIsRefused() {
    try (RedisConnection forgetting = RedisConnection.open(TestRedisConfig.singleServer(redis.server()), prefix,
        java.util.List.of(), Duration.ZERO)) {
      long now = System.currentTimeMillis();
      forgetting.level().set(prefix + ":k", envelope(now, "written"), HOUR, null).join();
      forgetting.level().remove(prefix + ":k", now, null).join();
      assertThat(redis.server().command("EXISTS", prefix + ":k")).isEqualTo(":0");
    }
    assertThatThrownBy(() -> RedisConnection.open(TestRedisConfig.singleServer(redis.server()), prefix,
        java.util.List.of(), Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0 (no tombstones) and 1d");
  }

  @Test
  void aConditionalRemovalLeavesATombstoneOnlyWhenItRemoves() {
    long now = System.currentTimeMillis();
    byte[] held = envelope(now, "written");
    level.set(prefix + ":k", held, HOUR, null).join();

    assertThat(level.compareAndRemove(prefix + ":k", envelope(now, "other"), now + 5, null).join()).isFalse();
    assertThat(level.get(prefix + ":k").join()).isEqualTo(held);
    assertThat(level.compareAndRemove(prefix + ":k", held, now + 5, null).join()).isTrue();

    assertThat(level.get(prefix + ":k").join()).isNull();
    assertThat(redis.server().command("STRLEN", prefix + ":k")).isEqualTo(":12");
    level.set(prefix + ":k", envelope(now + 4, "older than the removal, late"), HOUR, null).join();
    assertThat(level.get(prefix + ":k").join()).isNull();
  }

  @Test
  void keysLeavesOutTheKeysThatHoldATombstone() {
    long now = System.currentTimeMillis();
    for (int i = 0; i < 1_200; i++) { // more than one pipelined batch
      level.set(prefix + ":t:" + i, envelope(now, "v"), HOUR, null).join();
    }
    for (int i = 0; i < 1_200; i += 3) {
      level.remove(prefix + ":t:" + i, now, null).join();
    }

    List<String> keys = level.keys(prefix + ":t:").join();
    assertThat(keys).hasSize(800).noneMatch(k -> Integer.parseInt(k.substring(k.lastIndexOf(':') + 1)) % 3 == 0);
  }

  @Test
  void aKeyThatMustBeAbsentMayHoldATombstone() {
    long now = System.currentTimeMillis();
    level.set(prefix + ":k", envelope(now, "written"), HOUR, null).join();
    level.remove(prefix + ":k", now, null).join();

    assertThat(level.compareAndSet(prefix + ":k", null, envelope(now + 1, "new"), HOUR, null).join()).isTrue();
    assertThat(level.get(prefix + ":k").join()).isEqualTo(envelope(now + 1, "new"));
  }

  @Test
  void onlyAHeaderWithFlag64IsATombstone() {
    byte[] tombstone = java.nio.ByteBuffer.allocate(12).put((byte) 'H').put((byte) 'C').put((byte) 1)
        .put((byte) 64).putLong(1L).array();
    assertThat(RedisDistributedLevel.isTombstone(tombstone)).isTrue();
    assertThat(RedisDistributedLevel.isTombstone(envelope(1L, "an entry"))).isFalse();
    assertThat(RedisDistributedLevel.isTombstone(envelope(1L, 2L, "an entry with an order"))).isFalse();
    assertThat(RedisDistributedLevel.isTombstone(bytes("HC@ not an envelope"))).isFalse();
    assertThat(RedisDistributedLevel.isTombstone(null)).isFalse();
  }

  @Test
  void theComparisonUsesAllEightBytesOfTheTimeAndOfTheOrderWhateverTheSizeOfTheHeldValue() {
    // just past a multiple of 2^32: two milliseconds earlier has other high bytes and larger low bytes (times more
    // than a day apart are not ordered, see DistributedLevel.ORDERED_WITHIN_MILLIS)
    long now = ((System.currentTimeMillis() >> 32) << 32) + 1;
    long order = 1L << 40;
    String large = "v".repeat(256 * 1024);
    level.set(prefix + ":k", envelope(now, order, large), HOUR, null).join();

    level.set(prefix + ":k", envelope(now, order - 1, "lower in the low bytes"), HOUR, null).join();
    level.set(prefix + ":k", envelope(now - 2, order + 1, "older in the high bytes"), HOUR, null).join();
    assertThat(level.get(prefix + ":k").join()).isEqualTo(envelope(now, order, large));

    level.set(prefix + ":k", envelope(now, order + (1L << 33), "higher in the high bytes"), HOUR, null).join();
    assertThat(level.get(prefix + ":k").join()).isEqualTo(envelope(now, order + (1L << 33), "higher in the high bytes"));
    level.set(prefix + ":k", envelope(now + 1, 0, "a millisecond later"), HOUR, null).join();
    assertThat(level.get(prefix + ":k").join()).isEqualTo(envelope(now + 1, 0, "a millisecond later"));
  }

  @Test
  void aSetArrivingAfterAnEntryWrittenLaterNeitherOverwritesItNorPublishes() {
    Recorder recorder = subscribedReader();
    long now = System.currentTimeMillis();
    level.set(prefix + ":k", envelope(now, "newer"), HOUR, notice("newer")).join();

    level.set(prefix + ":k", envelope(now - 1, "late"), HOUR, notice("late")).join();
    assertThat(level.get(prefix + ":k").join()).isEqualTo(envelope(now, "newer"));
    level.set(prefix + ":k", envelope(now, "same time"), HOUR, notice("same time")).join();
    assertThat(level.get(prefix + ":k").join()).as("equal times: the last wins").isEqualTo(envelope(now, "same time"));
    level.set(prefix + ":k", bytes("not an envelope"), HOUR, null).join();
    assertThat(level.get(prefix + ":k").join()).as("only envelopes are compared").isEqualTo(bytes("not an envelope"));

    await().atMost(WAIT).until(() -> recorder.messages.size() >= 2);
    assertThat(recorder.keys()).containsExactly("newer", "same time");
  }

  @Test
  void aBulkWriteAnswersPerKeyWritesTheRestAndPublishesEachWrittenKeysNotice() {
    Recorder recorder = subscribedReader();
    long now = System.currentTimeMillis();
    level.set(prefix + ":b", envelope(now + 5, "newer"), HOUR, null).join();
    redis.server().command("SCRIPT", "FLUSH"); // the batch then meets NOSCRIPT first and goes again with the text

    List<Boolean> written = level.trySetAll(List.of(
        new KeyWrite(prefix + ":a", envelope(now, "a"), HOUR, notice("a")),
        new KeyWrite(prefix + ":b", envelope(now, "late"), HOUR, notice("b")),
        new KeyWrite(prefix + ":c", envelope(now, "c"), HOUR, notice("c")))).join();

    assertThat(written).containsExactly(true, false, true);
    assertThat(level.get(prefix + ":b").join()).isEqualTo(envelope(now + 5, "newer"));
    assertThat(level.getAll(List.of(prefix + ":a", prefix + ":c"), Integer.MAX_VALUE).join())
        .extracting(KeyRead::envelope).containsExactly(envelope(now, "a"), envelope(now, "c"));
    await().atMost(WAIT).until(() -> recorder.messages.size() >= 2);
    assertThat(recorder.keys()).containsExactlyInAnyOrder("a", "c");
    assertThat(recorder.messages).extracting(BackplaneMessage::sequence).doesNotHaveDuplicates();
  }

  @Test
  void listingKeysAndBoundedBulkReadsWorkAgainAfterTheServerForgotItsScripts() {
    level.set(prefix + ":f:a", bytes("v"), HOUR, null).join();
    assertThat(level.keys(prefix + ":f:").join()).containsExactly(prefix + ":f:a");
    assertThat(level.getAll(List.of(prefix + ":f:a"), 100).join()).extracting(KeyRead::envelope)
        .containsExactly(bytes("v"));

    redis.server().command("SCRIPT", "FLUSH"); // as a restart or a failover to a server without them does

    assertThat(level.keys(prefix + ":f:").join()).containsExactly(prefix + ":f:a");
    assertThat(level.getAll(List.of(prefix + ":f:a"), 100).join()).extracting(KeyRead::envelope)
        .containsExactly(bytes("v"));
  }

  @Test
  void aBulkRemovalRemovesEachKeyUnlessWrittenAfterIt() {
    long now = System.currentTimeMillis();
    level.set(prefix + ":a", envelope(now - 10, "old"), HOUR, null).join();
    level.set(prefix + ":b", envelope(now + 10, "newer"), HOUR, null).join();

    List<Boolean> removed = level.tryRemoveAll(List.of(new KeyRemoval(prefix + ":a", now, null),
        new KeyRemoval(prefix + ":b", now, null), new KeyRemoval(prefix + ":absent", now, null))).join();

    assertThat(removed).containsExactly(true, false, true);
    assertThat(level.get(prefix + ":a").join()).isNull();
    assertThat(level.get(prefix + ":b").join()).isEqualTo(envelope(now + 10, "newer"));
  }

  @Test
  void keysListsOnlyThePrefixTakenLiterallyEvenWithGlobCharacters() {
    String literal = prefix + ":c*?[x]\\:";
    for (String key : new String[] {literal + "a", literal + "b", prefix + ":cAB[x]\\:c", prefix + ":cZZx\\:d",
        prefix + ":c*?[x]\\", prefix + ":other"}) {
      level.set(key, bytes("v"), HOUR, null).join();
    }

    assertThat(level.keys(literal).join()).containsExactlyInAnyOrder(literal + "a", literal + "b");
    assertThat(level.keys(prefix + ":").join()).hasSize(6);
  }

  @Test
  void keysSeesEveryKeyAcrossManyScanChunks() {
    for (int i = 0; i < 1_200; i++) {
      level.set(prefix + ":many:" + i, bytes("v"), HOUR, null);
    }
    level.set(prefix + ":many:last", bytes("v"), HOUR, null).join();

    assertThat(level.keys(prefix + ":many:").join()).hasSize(1_201).doesNotHaveDuplicates();
  }

  @Test
  void keysFindsAFewMatchesAmongManyOtherKeys() {
    // SCAN MATCH then answers many chunks with no matching key, which must not end the listing
    CompletableFuture<?>[] others = IntStream.range(0, 3_000)
        .mapToObj(i -> level.set(prefix + ":other:" + i, bytes("v"), HOUR, null)).toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(others).join();
    for (String key : new String[] {"x", "y", "z"}) {
      level.set(prefix + ":sparse:" + key, bytes("v"), HOUR, null).join();
    }

    assertThat(level.keys(prefix + ":sparse:").join())
        .containsExactlyInAnyOrder(prefix + ":sparse:x", prefix + ":sparse:y", prefix + ":sparse:z");
  }

  @Test
  void withANotificationASetIsOneCommandOnTheServer() {
    level.set(prefix + ":warm", bytes("v"), HOUR, notice("warm")).join(); // the server learns the script
    CommandStats before = CommandStats.of(redis.server());

    level.set(prefix + ":k", bytes("v"), HOUR, notice("k")).join();

    // one EVALSHA from the client; the GETRANGE (is a newer entry there? only its header is read), SET, INCR and
    // PUBLISH are the script's (Redis counts those too)
    Map<String, Long> calls = CommandStats.of(redis.server()).since(before);
    assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of("evalsha", 1L, "getrange", 1L, "set", 1L, "incr", 1L,
        "publish", 1L));
  }

  @Test
  void theSilentLevelWritesWithoutCountingOrPublishing() {
    Recorder recorder = subscribedReader();
    assertThat(writer.silentLevel().publishesNotifications()).isFalse();
    assertThat(level.publishesNotifications()).isTrue();

    writer.silentLevel().set(prefix + ":k", bytes("v"), HOUR, notice("silent")).join();
    level.set(prefix + ":marker", bytes("m"), HOUR, notice("marker")).join();

    await().atMost(WAIT).until(() -> !recorder.messages.isEmpty());
    assertThat(recorder.keys()).containsExactly("marker");
    assertThat(redis.server().command("GET", prefix + ":k")).isEqualTo("v");
  }

  @Test
  void nullArgumentsAreRejectedNamingTheArgument() {
    assertThatThrownBy(() -> level.get(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> level.set(prefix + ":k", null, HOUR, null)).isInstanceOf(NullPointerException.class)
        .hasMessage("envelope");
    assertThatThrownBy(() -> level.keys(null)).isInstanceOf(NullPointerException.class).hasMessage("prefix");
  }

  @Test
  void aKilledServerFailsTheFuturesInsteadOfHangingThem() {
    level.set(prefix + ":k", bytes("v"), HOUR, null).join();
    redis.server().kill();

    assertThat(level.get(prefix + ":k")).failsWithin(WAIT);
    assertThat(level.set(prefix + ":k", bytes("v"), HOUR, notice("k"))).failsWithin(WAIT);
    assertThat(level.compareAndSet(prefix + ":k", null, bytes("v"), HOUR, null)).failsWithin(WAIT);
    assertThat(level.remove(prefix + ":k", null)).failsWithin(WAIT);
    assertThat(level.keys(prefix)).failsWithin(WAIT);
  }

  @Test
  void afterCloseEveryCallFails() {
    writer.close();

    assertThat(level.get(prefix + ":k")).failsWithin(WAIT).withThrowableThat()
        .withCauseInstanceOf(IllegalStateException.class);
    assertThat(level.set(prefix + ":k", bytes("v"), HOUR, null)).failsWithin(WAIT);
  }
}
