package io.hybridcache.distributed;

import io.hybridcache.redis.RedisConnection;
import io.hybridcache.redis.TestRedisConfig;
import io.hybridcache.redis.harness.RedisServer;
import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.DistributedLocker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Nodes sharing one real Redis server: each node gets its own {@link RedisConnection} (its own Redisson client), as
 * separate processes would; a node's level and backplane share its connection. The server belongs to the test class;
 * {@link #close()} closes the connections only.
 */
public final class RedisTopology implements Topology {
  private final RedisServer server;
  private final Map<String, RedisConnection> connections = new LinkedHashMap<>();
  /** The keys signing the connections' messages and tombstones; empty: unsigned. */
  private final List<byte[]> keys;

  /** Nodes connecting to {@code server}. */
  public RedisTopology(RedisServer server) {
    this(server, List.of());
  }

  /**
   * Nodes connecting to {@code server} whose connections sign their messages and tombstones with {@code keys}, as
   * the configuration file's envelope keys make them (give the nodes the same keys as envelope keys).
   */
  public RedisTopology(RedisServer server, List<byte[]> keys) {
    this.server = Objects.requireNonNull(server, "server");
    this.keys = List.copyOf(keys);
  }

  @Override
  public synchronized DistributedLevel level(String nodeName, String keyPrefix, boolean publishing) {
    RedisConnection connection = connection(nodeName, keyPrefix);
    return publishing ? connection.level() : connection.silentLevel();
  }

  @Override
  public synchronized Backplane backplane(String nodeName, String keyPrefix) {
    return connection(nodeName, keyPrefix).backplane();
  }

  @Override
  public synchronized DistributedLocker locker(String nodeName, String keyPrefix) {
    return connection(nodeName, keyPrefix).locker();
  }

  /** The connection of {@code nodeName} for {@code keyPrefix}, opened on first use. */
  public synchronized RedisConnection connection(String nodeName, String keyPrefix) {
    return connections.computeIfAbsent(nodeName + "/" + keyPrefix,
        n -> RedisConnection.open(TestRedisConfig.singleServer(server), keyPrefix, keys));
  }

  @Override
  public synchronized void close() {
    connections.values().forEach(RedisConnection::close);
    connections.clear();
  }
}
