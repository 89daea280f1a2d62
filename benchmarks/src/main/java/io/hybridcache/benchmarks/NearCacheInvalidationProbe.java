package io.hybridcache.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RFuture;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;

/**
 * Not a JMH benchmark: counts the entries that Redisson's {@code RLocalCachedMap} keeps serving from its local cache
 * after their invalidation was lost, on clients whose connections Redisson pings (as it does by default, every 30 s).
 * One client writes every key of a map once; another has read them all into its local cache first, so each
 * invalidation it loses leaves one stale copy behind. When
 * the writes are done and a last marker write has reached the reader, every local copy the reader still holds should
 * be the last value written: any other is stale, and is served until it is evicted or written again.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.hybridcache.benchmarks.NearCacheInvalidationProbe
 * redis://127.0.0.1:6391 10} (the Redis, then the ping interval in milliseconds; 10 makes the loss frequent, 30000 is
 * Redisson's default).
 */
public final class NearCacheInvalidationProbe {
  private static final int KEYS = 40_000;
  private static final int ROUNDS = 1;
  private static final int BURST = 1_000;

  private NearCacheInvalidationProbe() {}

  public static void main(String[] args) throws Exception {
    String redis = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
    int ping = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    RedissonClient writerClient = Peers.pingedRedisson(redis, ping);
    RedissonClient readerClient = Peers.pingedRedisson(redis, ping);
    try {
      String name = "probe-" + System.nanoTime();
      RLocalCachedMap<String, String> writer = Peers.localCachedMap(writerClient, name, KEYS * 2);
      RLocalCachedMap<String, String> reader = Peers.localCachedMap(readerClient, name, KEYS * 2);
      for (int i = 0; i < KEYS; i++) {
        writer.fastPut("k" + i, "v0");
      }
      for (int i = 0; i < KEYS; i++) {
        Objects.requireNonNull(reader.get("k" + i), "the prefill did not write k" + i);
      }
      for (int round = 1; round <= ROUNDS; round++) {
        for (int first = 0; first < KEYS; first += BURST) {
          List<RFuture<Boolean>> burst = new ArrayList<>(BURST);
          for (int i = first; i < first + BURST; i++) {
            burst.add(writer.fastPutAsync("k" + i, "v" + round));
          }
          for (RFuture<Boolean> write : burst) {
            write.toCompletableFuture().join();
          }
        }
      }
      reader.get("marker");
      writer.fastPut("marker", "done"); // its invalidation comes after every other one on the channel
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (reader.getCachedMap().containsKey("marker") && System.nanoTime() < deadline) {
        Thread.sleep(1); // not a spin: on two cores it would take the I/O thread's core
      }
      int stale = 0;
      String last = "v" + ROUNDS;
      for (int i = 0; i < KEYS; i++) {
        String local = reader.getCachedMap().get("k" + i);
        if (local != null && !local.equals(last)) {
          stale++;
        }
      }
      System.out.printf("ping %d ms: %d writes, %d of %d keys still served stale from the reader's local cache%n",
          ping, KEYS * ROUNDS, stale, KEYS);
      writer.delete(); // the map's 40,000 entries leave Redis with the probe
    } finally {
      writerClient.shutdown();
      readerClient.shutdown();
    }
  }
}
