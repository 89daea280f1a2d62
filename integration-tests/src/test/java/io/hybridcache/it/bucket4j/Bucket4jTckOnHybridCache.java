package io.hybridcache.it.bucket4j;

import io.github.bucket4j.grid.jcache.Bucket4jJCache;
import io.github.bucket4j.tck.AbstractDistributedBucketTest;
import io.github.bucket4j.tck.ProxyManagerSpec;
import io.hybridcache.it.bucket4j.Bucket4jNodes.Layout;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;

/**
 * Bucket4j's published suite for distributed buckets ({@link AbstractDistributedBucketTest}, from
 * {@code bucket4j_jdk17-core}'s test jar) on a HybridCache JCache cache, wired as Bucket4j's documentation wires any
 * JCache provider: {@link Bucket4jJCache#entryProcessorBasedBuilder}. A subclass per {@link Layout} starts the nodes in
 * its {@code @BeforeAll} through {@link #start}; the suite's tests are inherited, none is written here.
 */
abstract class Bucket4jTckOnHybridCache extends AbstractDistributedBucketTest {
  private static Bucket4jNodes nodes;

  /** Starts the nodes of {@code layout} and gives the suite its one specification. */
  static void start(Layout layout, Path dir, String redisUri) {
    nodes = new Bucket4jNodes(layout, dir, redisUri);
    Cache<String, byte[]> buckets = nodes.cache("buckets",
        new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    specs = List.of(new ProxyManagerSpec<>("HybridCache " + layout, () -> UUID.randomUUID().toString(),
        () -> Bucket4jJCache.entryProcessorBasedBuilder(buckets)));
  }

  static void stop() {
    if (nodes != null) {
      nodes.close();
      nodes = null;
    }
  }
}
