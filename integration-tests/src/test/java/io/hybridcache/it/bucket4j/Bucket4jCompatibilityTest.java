package io.hybridcache.it.bucket4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.bucket4j.grid.jcache.CompatibilityTest;
import io.hybridcache.it.bucket4j.Bucket4jNodes.Layout;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.nio.file.Path;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bucket4j's own check of a JCache provider ({@link CompatibilityTest}, shipped in {@code bucket4j_jdk17-jcache}):
 * 4 threads each invoke an entry processor 1,000 times on one key, and it throws unless the count is exactly 4,000
 * (no invoke failed, no update was lost). On every layout; with two nodes the calls alternate between them.
 */
class Bucket4jCompatibilityTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Layout.class)
  void bucket4jsCompatibilityCheckPassesWithNoFailedInvokeAndNoLostUpdate(Layout layout) {
    try (Bucket4jNodes nodes = new Bucket4jNodes(layout, dir, redis.server().uri())) {
      Cache<String, Integer> cache = nodes.cache("compat",
          new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));

      assertThatCode(() -> new CompatibilityTest(cache).test()).doesNotThrowAnyException();
      assertThat(cache.get("42")).isEqualTo(4_000);
    }
  }
}
