package io.hybridcache.benchmarks;

import io.hybridcache.EntryOptions;
import io.hybridcache.engine.HybridCacheEngine;
import io.hybridcache.spi.BackplaneMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.RBuckets;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

/**
 * Not a JMH benchmark: what a bulk write of {@code keys} keys costs Redis itself, read from {@code INFO commandstats}
 * ({@code usec} before and after), next to an {@code MSET} of as many keys ({@code RBuckets.set}). Three writes:
 * {@code MSET}, HybridCache's {@code setAll} without notices and with them. For the last, the commands its scripts
 * run are broken down ({@code GETRANGE}, {@code SET}, {@code INCR}/{@code INCRBY}, {@code PUBLISH}: Redis times each
 * nested command too), so the share of the notices ({@code PUBLISH} to every subscriber of the channel) shows. Each
 * write is timed per batch (all the script calls of one {@code setAll}: one call per batch since the bulk script,
 * one per key before), and the caller's median latency per batch is printed beside it. Three rounds.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.hybridcache.benchmarks.BulkScriptServerTimeProbe
 * redis://127.0.0.1:6391 [keys, default 100] [extra subscribers, default 0]} (a Redis of its own: the probe reads
 * the server's command statistics). The writing node subscribes to its channel itself, so there is always one
 * subscriber; extra ones are plain Redisson topic listeners on their own clients.
 */
public final class BulkScriptServerTimeProbe {
  private static final int BATCHES = 2_000;
  private static final String VALUE = "x".repeat(100);
  private static final List<String> NESTED = List.of("getrange", "set", "incr", "incrby", "publish");

  private BulkScriptServerTimeProbe() {}

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: BulkScriptServerTimeProbe redis://HOST:PORT [keys] [extra subscribers]"
          + " (a Redis of its own, never a shared one)");
      System.exit(2);
    }
    String redis = args[0];
    int keys = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int extraSubscribers = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    String prefix = "bench-bulk-time-" + System.nanoTime();
    RedissonClient raw = Peers.redisson(redis, 1);
    List<RedissonClient> subscribers = new ArrayList<>();
    try (HybridNodes hybrid = new HybridNodes(redis, prefix, 1)) {
      for (int i = 0; i < extraSubscribers; i++) {
        RedissonClient subscriber = Peers.redisson(redis, 1);
        subscribers.add(subscriber);
        subscriber.getTopic(BackplaneMessage.channel(prefix), ByteArrayCodec.INSTANCE)
            .addListener(byte[].class, (channel, message) -> { });
      }
      RScript stats = raw.getScript(StringCodec.INSTANCE);
      RBuckets buckets = raw.getBuckets(StringCodec.INSTANCE);
      Map<String, String> rawEntries = new LinkedHashMap<>();
      Map<String, String> entries = new LinkedHashMap<>();
      for (int i = 0; i < keys; i++) {
        rawEntries.put("bench-bulk-time:raw:" + i, VALUE);
        entries.put("k" + i, VALUE);
      }
      HybridCacheEngine<String, String> engine = hybrid.engine("probe", hybrid.node("node-0"), 10L * keys,
          EntryOptions.builder().duration(Duration.ofSeconds(30)).build());
      EntryOptions silent = engine.defaultEntryOptions().toBuilder().skipBackplaneNotifications(true).build();
      Map<String, Write> writes = new LinkedHashMap<>();
      writes.put("RBuckets.set (MSET)", new Write(List.of("mset"), () -> buckets.set(rawEntries)));
      writes.put("setAll, no notices", new Write(List.of("evalsha"), () -> engine.setAll(entries, silent)));
      writes.put("setAll", new Write(List.of("evalsha"), () -> engine.setAll(entries)));
      System.out.printf("%d keys a batch, %d subscriber(s) to the channel%n", keys, 1 + extraSubscribers);
      for (int round = 1; round <= 3; round++) {
        for (Map.Entry<String, Write> write : writes.entrySet()) {
          System.out.printf("round %d  %-20s %s%n", round, write.getKey(), write.getValue().measure(stats, keys));
        }
      }
    } finally {
      subscribers.forEach(RedissonClient::shutdown);
      raw.shutdown();
    }
  }

  /** One kind of bulk write, and the commands whose statistics hold its server time. */
  private record Write(List<String> commands, Runnable call) {
    String measure(RScript stats, int keys) {
      for (int i = 0; i < BATCHES; i++) { // warm-up, as many batches as measured
        call.run();
      }
      Map<String, long[]> before = commandStats(stats);
      long[] latency = new long[BATCHES];
      for (int i = 0; i < BATCHES; i++) {
        long start = System.nanoTime();
        call.run();
        latency[i] = System.nanoTime() - start;
      }
      Map<String, long[]> after = commandStats(stats);
      Arrays.sort(latency);
      long[] own = delta(before, after, commands);
      double perBatch = (double) own[1] / BATCHES;
      StringBuilder line = new StringBuilder(String.format(
          "server %7.1f µs a batch (%5.2f a key, %d calls), caller median %7.1f µs", perBatch, perBatch / keys,
          own[0] / BATCHES, latency[BATCHES / 2] / 1e3));
      if (commands.contains("evalsha")) {
        for (String nested : NESTED) {
          long[] d = delta(before, after, List.of(nested));
          if (d[0] > 0) {
            line.append(String.format("; %s %.2f µs a key (%.0f%%)", nested, (double) d[1] / BATCHES / keys,
                100.0 * d[1] / own[1]));
          }
        }
      }
      return line.toString();
    }
  }

  /** The calls and microseconds summed over {@code commands} between two readings. */
  private static long[] delta(Map<String, long[]> before, Map<String, long[]> after, List<String> commands) {
    long calls = 0;
    long usec = 0;
    for (String command : commands) {
      long[] b = before.getOrDefault(command, new long[2]);
      long[] a = after.getOrDefault(command, new long[2]);
      calls += a[0] - b[0];
      usec += a[1] - b[1];
    }
    return new long[] {calls, usec};
  }

  /** {@code INFO commandstats}: calls and microseconds by command name. */
  private static Map<String, long[]> commandStats(RScript script) {
    String info = script.eval(RScript.Mode.READ_ONLY, "return redis.call('INFO', 'commandstats')",
        RScript.ReturnType.VALUE);
    Map<String, long[]> stats = new LinkedHashMap<>();
    for (String line : info.split("\r\n")) {
      int colon = line.indexOf(':');
      if (!line.startsWith("cmdstat_") || colon < 0) {
        continue;
      }
      long[] figures = new long[2];
      for (String field : line.substring(colon + 1).split(",")) {
        String[] pair = field.split("=");
        if (pair[0].equals("calls")) {
          figures[0] = Long.parseLong(pair[1]);
        } else if (pair[0].equals("usec")) {
          figures[1] = Long.parseLong(pair[1]);
        }
      }
      stats.put(line.substring(8, colon), figures);
    }
    return stats;
  }
}
