package io.hybridcache.benchmarks;

import io.hybridcache.EntryOptions;
import io.hybridcache.engine.HybridCacheEngine;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.RBucket;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Not a JMH benchmark: what one write costs Redis itself when writes come one at a time, each waiting for its reply, as
 * {@code RedisRoundTripBenchmark} makes them. Five writes are compared: a raw {@code RBucket.set} (a {@code PSETEX}),
 * a trivial Lua script that reads 20 bytes and writes ({@code GETRANGE} + {@code SET}), HybridCache's {@code set}
 * without and with its notification (its set script), and {@code RLocalCachedMap.fastPut} (Redisson's script: the
 * write and its invalidation). For each, the probe prints the Redis time per call ({@code usec} of the commands in
 * {@code INFO commandstats}, before and after) and the caller's median latency. The write kinds run one after
 * another, three rounds in all.
 *
 * <p>Pipelined calls keep the server's caches warm, and a script then costs little more than a plain command. Calls
 * that come one by one find those caches cold: the Lua interpreter's fixed cost per call shows there.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.hybridcache.benchmarks.ScriptServerTimeProbe
 * redis://127.0.0.1:6391} (a Redis of its own: the probe reads the server's command statistics).
 */
public final class ScriptServerTimeProbe {
  private static final int CALLS = 20_000;
  private static final String VALUE = "x".repeat(100);
  private static final String READ_AND_WRITE = "local held = redis.call('GETRANGE', KEYS[1], 0, 19); "
      + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]); return 1";

  private ScriptServerTimeProbe() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: ScriptServerTimeProbe redis://HOST:PORT (a Redis of its own, never a shared one)");
      System.exit(2);
    }
    String redis = args[0];
    RedissonClient raw = Peers.redisson(redis, 1);
    try (HybridNodes hybrid = new HybridNodes(redis, "bench-script-time-" + System.nanoTime(), 1)) {
      RBucket<String> bucket = raw.getBucket("bench-script-time:raw", StringCodec.INSTANCE);
      RScript script = raw.getScript(StringCodec.INSTANCE);
      String sha = script.scriptLoad(READ_AND_WRITE);
      List<Object> scriptKeys = List.of("bench-script-time:script");
      HybridCacheEngine<String, String> engine = hybrid.engine("probe", hybrid.node("node-0"), 1_000,
          EntryOptions.builder().duration(Duration.ofSeconds(30)).build());
      EntryOptions silent = engine.defaultEntryOptions().toBuilder().skipBackplaneNotifications(true).build();
      Map<String, Write> writes = new LinkedHashMap<>();
      writes.put("RBucket.set (PSETEX)",
          new Write(List.of("psetex"), () -> bucket.set(VALUE, Duration.ofSeconds(30))));
      writes.put("GETRANGE + SET script", new Write(List.of("evalsha"),
          () -> script.evalSha(RScript.Mode.READ_WRITE, sha, RScript.ReturnType.LONG, scriptKeys, VALUE, "30000")));
      writes.put("HybridCache set, no notice", new Write(List.of("evalsha"), () -> engine.set("k", VALUE, silent)));
      writes.put("HybridCache set", new Write(List.of("evalsha"), () -> engine.set("k", VALUE)));
      RLocalCachedMap<String, String> nearCache = Peers.localCachedMap(raw, "bench-script-time:near", 1_000);
      writes.put("RLocalCachedMap.fastPut",
          new Write(List.of("evalsha", "eval"), () -> nearCache.fastPut("k", VALUE)));
      for (int round = 1; round <= 3; round++) {
        for (Map.Entry<String, Write> write : writes.entrySet()) {
          System.out.printf("round %d  %-28s %s%n", round, write.getKey(), write.getValue().measure(script));
        }
      }
    } finally {
      raw.shutdown();
    }
  }

  /**
   * One kind of write, and the commands whose statistics hold its server time (Redisson sends a script as
   * {@code EVALSHA}, or as {@code EVAL} when its script cache is off; the probe's own {@code INFO} calls add two
   * {@code EVAL}s a measurement, nothing next to 20,000 writes).
   */
  private record Write(List<String> commands, Runnable call) {
    String measure(RScript stats) {
      for (int i = 0; i < CALLS; i++) { // warm-up, as many calls as measured
        call.run();
      }
      long[] before = commandStats(stats, commands);
      long[] latency = new long[CALLS];
      for (int i = 0; i < CALLS; i++) {
        long start = System.nanoTime();
        call.run();
        latency[i] = System.nanoTime() - start;
      }
      long[] after = commandStats(stats, commands);
      Arrays.sort(latency);
      return String.format("server %5.2f µs a call, caller median %5.1f µs",
          (double) (after[1] - before[1]) / (after[0] - before[0]), latency[CALLS / 2] / 1e3);
    }
  }

  /** The calls and microseconds {@code INFO commandstats} has for {@code commands}, summed. */
  private static long[] commandStats(RScript script, List<String> commands) {
    String info = script.eval(RScript.Mode.READ_ONLY, "return redis.call('INFO', 'commandstats')",
        RScript.ReturnType.VALUE);
    long calls = 0;
    long usec = 0;
    for (String line : info.split("\r\n")) {
      int colon = line.indexOf(':');
      if (!line.startsWith("cmdstat_") || colon < 0 || !commands.contains(line.substring(8, colon))) {
        continue;
      }
      for (String field : line.substring(colon + 1).split(",")) {
        String[] pair = field.split("=");
        if (pair[0].equals("calls")) {
          calls += Long.parseLong(pair[1]);
        } else if (pair[0].equals("usec")) {
          usec += Long.parseLong(pair[1]);
        }
      }
    }
    return new long[] {calls, usec};
  }
}
