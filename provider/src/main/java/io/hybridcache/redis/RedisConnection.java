package io.hybridcache.redis;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.DistributedLocker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's connection to Redis: a {@link RedissonClient} it creates and owns, and the {@link DistributedLevel} and
 * {@link Backplane} of one key prefix on it. Two connections of one JVM behave as two nodes, as two processes would.
 *
 * <p>Single server, sentinel and cluster configurations are accepted. In cluster mode the level's scripts cannot
 * touch the sequence key beside the data key (another hash slot), so its notifications carry sequence {@code 0}
 * ("none") and a receiver cannot detect silent message loss by gaps; lost connections are still detected.
 *
 * <p>{@link #close()} detaches the level and the backplane, then shuts the client and its callback threads down.
 */
public final class RedisConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
  private static final AtomicInteger CONNECTIONS = new AtomicInteger();
  private static final Duration SUBSCRIBE_TIMEOUT_FLOOR = Duration.ofSeconds(5);
  private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;
  /** How long a removal's tombstone lives unless the caller says otherwise. */
  public static final Duration DEFAULT_TOMBSTONE_DURATION = Duration.ofMinutes(1);

  private final RedissonClient client;
  private final ExecutorService callbackThreads;
  /** Where Redisson delivers pub/sub messages: on the thread that read them; null when the configuration has one. */
  private final InlineExecutor delivery;
  private final String keyPrefix;
  private final boolean cluster;
  private final RedisDistributedLevel publishingLevel;
  private final RedisDistributedLevel silentLevel;
  private final RedisBackplane backplane;
  private final RedisDistributedLocker locker;
  /** Signs and checks the backplane messages; null when they are unsigned. */
  private final MessageSigner signer;

  private RedisConnection(RedissonClient client, ExecutorService callbackThreads, InlineExecutor delivery,
      String keyPrefix, boolean cluster, Duration subscribeTimeout, MessageSigner signer, Duration tombstones) {
    this.client = client;
    this.callbackThreads = callbackThreads;
    this.delivery = delivery;
    this.keyPrefix = keyPrefix;
    this.cluster = cluster;
    Callbacks callbacks = new Callbacks(callbackThreads);
    this.signer = signer;
    this.publishingLevel = new RedisDistributedLevel(client, keyPrefix, !cluster, true, callbacks, signer,
        tombstones);
    this.silentLevel = new RedisDistributedLevel(client, keyPrefix, !cluster, false, callbacks, signer, tombstones);
    this.backplane = new RedisBackplane(client, callbacks, subscribeTimeout, signer);
    this.locker = new RedisDistributedLocker(client, callbacks);
  }

  /**
   * Creates a Redisson client from {@code config} and connects it (Redisson connects at creation).
   *
   * @param config a Redisson configuration, copied (its codec does not matter: the level stores bytes); unless it
   *     names an executor, Redisson delivers pub/sub messages on the thread that read them ({@link InlineExecutor});
   *     Redisson references are off (the level stores bytes, never Redisson objects); subscription connections are
   *     watched with TCP keep-alive instead of Redisson's {@code PING}, which loses messages there
   *     ({@link SubscriptionKeepAlive})
   * @param keyPrefix the first part of every key the engine writes, and of the backplane channel
   * @return the connection; close it when done
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code keyPrefix} is empty
   * @throws RuntimeException whatever Redisson throws when it cannot connect (e.g. its
   *     {@code RedisConnectionException} naming the address)
   */
  public static RedisConnection open(Config config, String keyPrefix) {
    return open(config, keyPrefix, List.of());
  }

  /**
   * As {@link #open(Config, String)}, with backplane messages signed with HMAC-SHA256 under the first of
   * {@code messageKeys} and checked against all of them: a message received unsigned, or whose MAC no key matches, is
   * ignored (counted in {@link #rejectedMessages()}, logged at warn once per cause). Empty: unsigned messages, none
   * checked. Every node of the key prefix should have the same keys (the envelope keys, in the configuration file).
   *
   * @param config the Redisson configuration
   * @param keyPrefix the key prefix the nodes share
   * @param messageKeys the keys that sign and verify backplane messages; the first signs
   * @return the connection; close it when done
   * @throws IllegalArgumentException also if a key is shorter than 32 bytes or given twice
   */
  public static RedisConnection open(Config config, String keyPrefix, List<byte[]> messageKeys) {
    return open(config, keyPrefix, messageKeys, DEFAULT_TOMBSTONE_DURATION);
  }

  /**
   * As {@link #open(Config, String, List)}, with the lifetime of the tombstone a timed removal leaves: a write older
   * than the removal that reaches Redis within it is refused; {@link Duration#ZERO} deletes the key instead,
   * remembering nothing.
   *
   * @param config the Redisson configuration
   * @param keyPrefix the key prefix the nodes share
   * @param messageKeys the keys that sign and verify backplane messages; the first signs
   * @param tombstoneDuration how long Redis remembers a removal; zero to a day
   * @return the connection; close it when done
   * @throws IllegalArgumentException also if {@code tombstoneDuration} is negative or longer than a day
   */
  public static RedisConnection open(Config config, String keyPrefix, List<byte[]> messageKeys,
      Duration tombstoneDuration) {
    checkTombstoneDuration(tombstoneDuration);
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (keyPrefix.isEmpty()) {
      throw new IllegalArgumentException("keyPrefix must not be empty");
    }
    MessageSigner signer = MessageSigner.of(messageKeys);
    boolean cluster = config.isClusterConfig();
    OwnConfig own = new OwnConfig(config);
    own.setReferenceEnabled(false); // the level sends bytes, never Redisson objects: no per-argument reference lookup
    BaseConfig<?> server = own.server();
    if (server != null) {
      own.setNettyHook(new SubscriptionKeepAlive(own.getNettyHook(), server.getPingConnectionInterval(),
          server.getTcpKeepAliveIdle(), server.getTcpKeepAliveInterval(), server.getTcpKeepAliveCount()));
    }
    InlineExecutor delivery = null;
    if (own.getExecutor() == null) {
      delivery = new InlineExecutor();
      own.setExecutor(delivery);
    }
    RedissonClient client = Redisson.create(own);
    ExecutorService callbacks = Executors.newCachedThreadPool(daemonThreads(CONNECTIONS.incrementAndGet()));
    return new RedisConnection(client, callbacks, delivery, keyPrefix, cluster, SUBSCRIBE_TIMEOUT_FLOOR, signer,
        tombstoneDuration);
  }

  /**
   * Checks a tombstone duration: zero (no tombstones) or positive, at most a day (each removal keeps a key in Redis
   * that long).
   *
   * @param duration the duration to check
   * @return {@code duration}
   * @throws NullPointerException if it is null
   * @throws IllegalArgumentException if it is negative or longer than a day, with a message saying so
   */
  public static Duration checkTombstoneDuration(Duration duration) {
    Objects.requireNonNull(duration, "tombstoneDuration must not be null");
    if (duration.isNegative() || duration.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("the tombstone duration must be between 0 (no tombstones) and 1d (each "
          + "removal keeps a key in Redis that long), was " + duration);
    }
    return duration;
  }

  /** {@return how many backplane messages received were ignored for a missing or wrong MAC (0 without message keys)} */
  public long rejectedMessages() {
    return signer == null ? 0 : signer.rejected();
  }

  /**
   * {@return the level of this connection's key prefix} It publishes the notifications it is given in the script that
   * writes, so {@link DistributedLevel#publishesNotifications()} is true.
   */
  public DistributedLevel level() {
    return publishingLevel;
  }

  /**
   * The level of this connection's key prefix that never publishes (its {@code publishesNotifications()} is false):
   * for a node whose writes the engine announces itself, or that has no backplane.
   *
   * @return the level of this connection's key prefix that never publishes
   */
  public DistributedLevel silentLevel() {
    return silentLevel;
  }

  /** {@return the backplane on this connection} Its channels are {@code {keyPrefix}:backplane:v{N}}. */
  public Backplane backplane() {
    return backplane;
  }

  /**
   * Redisson's lock on this connection, for distributed locking: a lease renewed by Redisson's watchdog while this
   * connection is open ({@code lockWatchdogTimeout} in the Redisson configuration, 30 s by default).
   *
   * @return Redisson's lock on this connection, for distributed locking
   */
  public DistributedLocker locker() {
    return locker;
  }

  /** {@return the key prefix this connection's level counts notifications under} */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** {@return whether the configuration is a Redis cluster (then notifications carry no sequence)} */
  public boolean isCluster() {
    return cluster;
  }

  /** Detaches the level and the backplane, then shuts the client down; idempotent, never throws. */
  @Override
  public void close() {
    publishingLevel.close();
    silentLevel.close();
    backplane.close();
    if (!client.isShutdown() && !client.isShuttingDown()) {
      try {
        client.shutdown(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (RuntimeException e) {
        LOG.warn("the Redis client of key prefix {} did not shut down cleanly", keyPrefix, e);
      }
    }
    callbackThreads.shutdown();
    if (delivery != null) {
      delivery.shutdown();
    }
  }

  private static ThreadFactory daemonThreads(int connection) {
    AtomicInteger threads = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "hybridcache-redis-" + connection + "-callback-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The connection's copy of a configuration, which can read the settings of its server mode (protected there). */
  private static final class OwnConfig extends Config {
    OwnConfig(Config config) {
      super(config);
    }

    /** The settings of the configured mode (single server, cluster, sentinel...), or null when none is. */
    BaseConfig<?> server() {
      if (getSingleServerConfig() != null) {
        return getSingleServerConfig();
      }
      if (getClusterServersConfig() != null) {
        return getClusterServersConfig();
      }
      if (getSentinelServersConfig() != null) {
        return getSentinelServersConfig();
      }
      if (getReplicatedServersConfig() != null) {
        return getReplicatedServersConfig();
      }
      return getMasterSlaveServersConfig();
    }
  }
}
