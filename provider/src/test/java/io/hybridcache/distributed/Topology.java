package io.hybridcache.distributed;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.DistributedLocker;

/**
 * The shared infrastructure of a simulated cluster (an in-memory store and bus, or a real Redis server): each node
 * gets its own connections to it, as separate processes would.
 */
public interface Topology extends AutoCloseable {

  /** A new connection of one node to the distributed level; it publishes notifications when {@code publishing}. */
  DistributedLevel level(String nodeName, String keyPrefix, boolean publishing);

  /** A new connection of one node to the backplane. */
  Backplane backplane(String nodeName, String keyPrefix);

  /** The distributed locker of one node, sharing its locks with every other node's. */
  DistributedLocker locker(String nodeName, String keyPrefix);

  /** Closes every connection handed out. */
  @Override
  void close();
}
