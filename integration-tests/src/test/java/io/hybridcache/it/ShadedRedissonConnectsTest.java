package io.hybridcache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relocated Redisson and Netty of the shaded jar, with nothing but the provider's runtime class path (no Reactor,
 * RxJava, Byte Buddy, Jodd or Netty codecs beyond those shaded), connect to real redis-server processes in each
 * topology the configuration file allows (single, sentinel, cluster), and then write, read with Redisson's default
 * Kryo codec, run a script and round-trip a pub/sub message. On CI a missing redis-server fails; elsewhere these
 * tests are skipped without it.
 */
class ShadedRedissonConnectsTest {
  private static List<Path> classpath;

  @BeforeAll
  static void requireRedisServer() {
    RedisProcesses.requireBinary();
    classpath = ProviderRuntimeClasspath.entries();
  }

  @Test
  void connectsToASingleServerAndWritesScriptsAndPublishes() throws Exception {
    try (RedisProcesses redis = new RedisProcesses()) {
      int port = redis.startServer();

      assertWorks(ShadedProviderJarTest.callProbe(classpath, "exercise", RedisProcesses.singleServerSection(port)));
    }
  }

  @Test
  void connectsThroughASentinelAndWritesScriptsAndPublishes() throws Exception {
    try (RedisProcesses redis = new RedisProcesses()) {
      int master = redis.startServer();
      int sentinel = redis.startSentinel("hybridcache", master);

      assertWorks(ShadedProviderJarTest.callProbe(classpath, "exercise",
          RedisProcesses.sentinelSection("hybridcache", sentinel)));
    }
  }

  @Test
  void connectsToAClusterAndWritesScriptsAndPublishes() throws Exception {
    try (RedisProcesses redis = new RedisProcesses()) {
      List<Integer> nodes = redis.startCluster(3);

      assertWorks(ShadedProviderJarTest.callProbe(classpath, "exercise", RedisProcesses.clusterSection(nodes)));
    }
  }

  private static void assertWorks(Map<String, Object> seen) {
    assertThat(seen)
        .containsEntry("bucket", "stored")
        .containsEntry("defaultCodec", List.of("a", 1L))
        .containsEntry("script", "scripted")
        .containsEntry("subscribed", true)
        .containsEntry("message", "published")
        .containsEntry("clientClass", "io.hybridcache.shaded.redisson.Redisson");
  }
}
