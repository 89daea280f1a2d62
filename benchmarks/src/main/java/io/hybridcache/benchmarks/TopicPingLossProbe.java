package io.hybridcache.benchmarks;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RFuture;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Not a JMH benchmark, and no HybridCache code: a reproduction of Redisson losing pub/sub messages on a subscription
 * whose connection it pings, made to be attached to a report to Redisson. One client publishes the numbers 1 to
 * 40,000 (each followed by some padding) on a topic; another, subscribed, counts the numbers it never received (its
 * listener may be called out of order, so it keeps a set). It runs twice in one go: with the subscriber's
 * connections pinged every few milliseconds, then with Redisson's ping turned off; the second run is the baseline,
 * and should lose nothing.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.hybridcache.benchmarks.TopicPingLossProbe
 * redis://127.0.0.1:6391 10} (the Redis, then the subscriber's ping interval in milliseconds; Redisson's default is
 * 30000, which loses as often per ping, so far less often per message).
 */
public final class TopicPingLossProbe {
  private static final int MESSAGES = 40_000;
  private static final int BURST = 1_000;
  /** After each number, so that a socket read often ends inside a message (as real payloads make it). */
  private static final String PADDING = ":" + "x".repeat(60);

  private TopicPingLossProbe() {}

  public static void main(String[] args) throws Exception {
    String redis = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
    int ping = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    System.out.println(run(redis, ping));
    System.out.println(run(redis, 0));
  }

  /** One run: what the subscriber missed with its connections pinged every {@code ping} ms (0: not pinged). */
  private static String run(String redis, int ping) throws InterruptedException {
    RedissonClient publisherClient = Peers.pingedRedisson(redis, 0);
    RedissonClient subscriberClient = Peers.pingedRedisson(redis, ping);
    try {
      String channel = "ping-loss-probe-" + System.nanoTime();
      Received received = new Received();
      RTopic subscription = subscriberClient.getTopic(channel, StringCodec.INSTANCE);
      subscription.addListener(String.class,
          (ch, message) -> received.accept(Long.parseLong(message.substring(0, message.indexOf(':')))));
      RTopic topic = publisherClient.getTopic(channel, StringCodec.INSTANCE);
      for (long first = 1; first <= MESSAGES; first += BURST) {
        List<RFuture<Long>> burst = new ArrayList<>(BURST);
        for (long n = first; n < first + BURST && n <= MESSAGES; n++) {
          burst.add(topic.publishAsync(n + PADDING));
        }
        for (RFuture<Long> publish : burst) {
          publish.toCompletableFuture().join();
        }
      }
      received.awaitQuiet();
      return String.format("ping %d ms: %d messages published, %d never received, %d received twice", ping,
          MESSAGES, MESSAGES - received.distinct(), received.duplicates());
    } finally {
      subscriberClient.shutdown();
      publisherClient.shutdown();
    }
  }

  /** The numbers the subscriber received: a set, since Redisson may call a topic's listeners out of order. */
  private static final class Received {
    private final BitSet numbers = new BitSet(MESSAGES + 1);
    private int distinct;
    private int duplicates;

    synchronized void accept(long number) {
      if (numbers.get((int) number)) {
        duplicates++;
      } else {
        numbers.set((int) number);
        distinct++;
      }
    }

    synchronized int distinct() {
      return distinct;
    }

    synchronized int duplicates() {
      return duplicates;
    }

    /** Waits until every number came, or none came for two seconds (the rest are lost); at most 30 s. */
    void awaitQuiet() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int seen = -1;
      long quietSince = System.nanoTime();
      while (distinct() < MESSAGES && System.nanoTime() < deadline
          && System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(2)) {
        int now = distinct();
        if (now != seen) {
          seen = now;
          quietSince = System.nanoTime();
        }
        Thread.sleep(50);
      }
    }
  }
}
