package io.hybridcache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.HybridCache;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two HybridCache nodes (two cache managers, each from its own file with the same {@code redis} section) through each
 * Redis topology the file accepts: a single server, a master behind a sentinel, a three-master cluster. In each, a put
 * on one node is read by the other from L2, a second put reaches the other's L1 through the backplane, and a remove
 * too. In cluster mode the keys spread over the hash slots and the notifications carry no sequence.
 */
class TopologiesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PROVIDER = "io.hybridcache.jcache.HybridCachingProvider";

  @TempDir
  Path dir;

  @BeforeAll
  static void requireRedisServer() {
    RedisProcesses.requireBinary();
  }

  @Test
  void twoNodesShareASingleServer() throws Exception {
    try (RedisProcesses redis = new RedisProcesses()) {
      int port = redis.startServer();
      assertTwoNodesAgree(RedisProcesses.singleServerSection(port));
    }
  }

  @Test
  void twoNodesShareAMasterFoundThroughASentinel() throws Exception {
    try (RedisProcesses redis = new RedisProcesses()) {
      int sentinel = redis.startSentinel("hybridcache", redis.startServer());
      assertTwoNodesAgree(RedisProcesses.sentinelSection("hybridcache", sentinel));
    }
  }

  @Test
  void twoNodesShareAThreeMasterCluster() throws Exception {
    try (RedisProcesses redis = new RedisProcesses()) {
      List<Integer> nodes = redis.startCluster(3);
      assertTwoNodesAgree(RedisProcesses.clusterSection(nodes));
    }
  }

  private void assertTwoNodesAgree(String redisSection) throws IOException {
    String yaml = "keyPrefix: topo" + UUID.randomUUID().toString().substring(0, 8) + "\nredis:\n"
        + redisSection.indent(2);
    ClassLoader loader = getClass().getClassLoader();
    try (CacheManager one = manager(Files.writeString(dir.resolve("one.yaml"), yaml).toUri(), loader);
        CacheManager two = manager(Files.writeString(dir.resolve("two.yaml"), yaml).toUri(), loader)) {
      Cache<String, String> n1 = one.createCache("orders", types());
      Cache<String, String> n2 = two.createCache("orders", types());
      for (int i = 0; i < 20; i++) {
        n1.put("order:" + i, "v" + i); // keys over many hash slots in cluster mode
      }
      for (int i = 0; i < 20; i++) {
        assertThat(n2.get("order:" + i)).as("read from L2").isEqualTo("v" + i);
      }

      n1.put("order:0", "changed");
      await().atMost(WAIT).until(() -> "changed".equals(n2.get("order:0")));
      n1.remove("order:1");
      await().atMost(WAIT).until(() -> !n2.containsKey("order:1"));
      assertThat(n2.unwrap(HybridCache.class).stats().backplaneMessages()).isGreaterThanOrEqualTo(2);
    }
  }

  private static CacheManager manager(URI file, ClassLoader loader) {
    return Caching.getCachingProvider(PROVIDER, loader).getCacheManager(file, loader);
  }

  private static MutableConfiguration<String, String> types() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }
}
