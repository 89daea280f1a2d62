package io.hybridcache.benchmarks;

import io.hybridcache.EntryOptions;
import io.hybridcache.engine.ClusterNode;
import io.hybridcache.engine.HybridCacheEngine;
import io.hybridcache.kryo.KryoValueSerializer;
import io.hybridcache.redis.RedisConnection;
import io.hybridcache.shaded.redisson.config.Config;
import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.DistributedLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Builds HybridCache nodes on one Redis for the multi-node benchmarks: each node is its own {@link RedisConnection}
 * (its own Redisson client, as two processes would have), a {@link ClusterNode} and engines on it. The provider jar
 * relocates Redisson, so its configuration class is {@code io.hybridcache.shaded.redisson.config.Config}; plain
 * Redisson on the same class path (the peers' baseline) is {@code org.redisson}.
 *
 * <p>{@link #close()} closes everything it built, newest first.
 */
final class HybridNodes implements AutoCloseable {
  private final String redis;
  private final String keyPrefix;
  private final int nettyThreads;
  private final List<AutoCloseable> opened = new ArrayList<>();

  HybridNodes(String redis, String keyPrefix) {
    this(redis, keyPrefix, Peers.REDISSON_NETTY_THREADS);
  }

  /** Nodes whose Redisson clients have {@code nettyThreads} I/O threads each. */
  HybridNodes(String redis, String keyPrefix, int nettyThreads) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.nettyThreads = nettyThreads;
  }

  /** A connection of its own to Redis, for one node. */
  RedisConnection connect() {
    Config config = new Config();
    config.setNettyThreads(nettyThreads);
    config.useSingleServer().setAddress(redis);
    RedisConnection connection = RedisConnection.open(config, keyPrefix);
    opened.add(connection);
    return connection;
  }

  /** A node with the publishing level (write and notification in one script) and the backplane of its connection. */
  ClusterNode node(String nodeId) {
    RedisConnection c = connect();
    return node(nodeId, c.level(), c.backplane());
  }

  /** A node on the given level and backplane (either may wrap a connection's own). */
  ClusterNode node(String nodeId, DistributedLevel level, Backplane backplane) {
    ClusterNode node = ClusterNode.builder(keyPrefix).nodeId(nodeId).distributedLevel(level).backplane(backplane)
        .valueSerializer(new KryoValueSerializer(HybridNodes.class.getClassLoader())).build();
    opened.add(node);
    return node;
  }

  /** The cache {@code name} on {@code node}, bounded to {@code maximumSize} entries in L1. */
  <K, V> HybridCacheEngine<K, V> engine(String name, ClusterNode node, long maximumSize, EntryOptions defaults) {
    return engine(name, node, maximumSize, defaults, b -> b);
  }

  <K, V> HybridCacheEngine<K, V> engine(String name, ClusterNode node, long maximumSize, EntryOptions defaults,
      UnaryOperator<io.hybridcache.engine.HybridCacheEngineBuilder<K, V>> tuning) {
    HybridCacheEngine<K, V> engine = tuning.apply(HybridCacheEngine.<K, V>builder(name).cluster(node)
        .maximumSize(maximumSize).defaultEntryOptions(defaults)).build();
    opened.add(engine);
    return engine;
  }

  @Override
  public void close() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        System.err.println("could not close " + opened.get(i) + ": " + e);
      }
    }
    opened.clear();
  }
}
