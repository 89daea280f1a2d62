package io.hybridcache.it.shaded;

import io.hybridcache.shaded.redisson.Redisson;
import io.hybridcache.shaded.redisson.api.RBucket;
import io.hybridcache.shaded.redisson.api.RScript;
import io.hybridcache.shaded.redisson.api.RTopic;
import io.hybridcache.shaded.redisson.api.RedissonClient;
import io.hybridcache.shaded.redisson.api.listener.StatusListener;
import io.hybridcache.shaded.redisson.client.codec.ByteArrayCodec;
import io.hybridcache.shaded.redisson.client.codec.StringCodec;
import io.hybridcache.shaded.redisson.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Uses the relocated Redisson of the shaded provider jar the way the distributed level and the backplane do:
 * {@code Config.fromYAML}, the synchronous client, {@code StringCodec} / {@code ByteArrayCodec}, a script, a topic with
 * a {@link StatusListener}. It compiles against the shaded jar (the reactor hands this module the packaged provider)
 * and is meant to be loaded by a class loader over the provider's runtime class path only, so that everything it
 * reaches comes from what a user gets: it refers to nothing but the JDK and the relocated classes, and returns only
 * JDK types.
 */
public final class ShadedRedissonProbe {
  private ShadedRedissonProbe() {
  }

  /** Parses a Redisson YAML configuration with the relocated Redisson and dumps it again: no server needed. */
  public static Map<String, Object> parse(String yaml) throws IOException {
    Config config = Config.fromYAML(yaml);
    Map<String, Object> seen = new LinkedHashMap<>();
    seen.put("configClass", config.getClass().getName());
    seen.put("single", config.isSingleConfig());
    seen.put("sentinel", config.isSentinelConfig());
    seen.put("cluster", config.isClusterConfig());
    seen.put("yaml", config.toYAML());
    return seen;
  }

  /** Connects with the configuration, then writes, runs a script and round-trips a pub/sub message. */
  public static Map<String, Object> exercise(String yaml) throws Exception {
    RedissonClient client = Redisson.create(Config.fromYAML(yaml));
    try {
      Map<String, Object> seen = new LinkedHashMap<>();
      String id = UUID.randomUUID().toString();

      RBucket<String> bucket = client.getBucket("probe:string:" + id, StringCodec.INSTANCE);
      bucket.set("stored");
      seen.put("bucket", bucket.get());

      // Redisson's default codec (Kryo 5, the unrelocated Kryo our POM declares)
      RBucket<Object> defaultCodec = client.getBucket("probe:default:" + id);
      defaultCodec.set(new ArrayList<>(List.of("a", 1L)));
      seen.put("defaultCodec", defaultCodec.get());

      String scripted = client.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE,
          "redis.call('set', KEYS[1], ARGV[1]); return redis.call('get', KEYS[1])", RScript.ReturnType.VALUE,
          List.of("probe:script:" + id), "scripted");
      seen.put("script", scripted);

      RTopic topic = client.getTopic("probe:topic:" + id, ByteArrayCodec.INSTANCE);
      CountDownLatch subscribed = new CountDownLatch(1);
      topic.addListener(new StatusListener() {
        @Override
        public void onSubscribe(String channel) {
          subscribed.countDown();
        }

        @Override
        public void onUnsubscribe(String channel) {
        }
      });
      CompletableFuture<byte[]> received = new CompletableFuture<>();
      topic.addListener(byte[].class, (channel, message) -> received.complete(message));
      seen.put("subscribed", subscribed.await(10, TimeUnit.SECONDS));
      topic.publish("published".getBytes(StandardCharsets.UTF_8));
      seen.put("message", new String(received.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
      topic.removeAllListeners();

      seen.put("clientClass", client.getClass().getName());
      return seen;
    } finally {
      client.shutdown();
    }
  }
}
