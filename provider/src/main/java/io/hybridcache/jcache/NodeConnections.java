package io.hybridcache.jcache;

import io.hybridcache.engine.ClusterNode;
import io.hybridcache.engine.ClusterNodeBuilder;
import io.hybridcache.engine.TimeSource;
import io.hybridcache.kryo.KryoValueSerializer;
import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.DistributedLocker;
import io.hybridcache.spi.OperationObserver;
import java.net.URI;
import java.util.Properties;
import javax.cache.CacheException;

/**
 * The distributed level and backplane of one cache manager (one node), and the {@link ClusterNode} its caches share:
 * given through the manager's properties ({@link HybridCacheManager#DISTRIBUTED_LEVEL_PROPERTY},
 * {@link HybridCacheManager#BACKPLANE_PROPERTY}: owned by whoever made them), or opened from the configuration file's
 * {@code redis} section (owned here, closed with the manager). With neither, the manager runs L1 only.
 */
final class NodeConnections implements AutoCloseable {
  private final ClusterNode node;
  private final AutoCloseable owned;
  private final OperationObserver observer;

  private NodeConnections(ClusterNode node, AutoCloseable owned, OperationObserver observer) {
    this.observer = observer;
    this.node = node;
    this.owned = owned;
  }

  static NodeConnections open(URI uri, ManagerSettings settings, Properties properties, ClassLoader loader) {
    DistributedLevel level = property(properties, HybridCacheManager.DISTRIBUTED_LEVEL_PROPERTY,
        DistributedLevel.class);
    Backplane backplane = property(properties, HybridCacheManager.BACKPLANE_PROPERTY, Backplane.class);
    DistributedLocker locker = property(properties, HybridCacheManager.DISTRIBUTED_LOCKER_PROPERTY,
        DistributedLocker.class);
    OperationObserver given = property(properties, HybridCacheManager.OBSERVER_PROPERTY, OperationObserver.class);
    OperationObserver observer = given == null ? OperationObserver.NONE : given;
    AutoCloseable owned = null;
    if (level == null && backplane == null && settings.redis() != null) {
      RedisSection redis = RedisSection.connect(uri, settings);
      level = redis.level();
      backplane = redis.backplane();
      locker = settings.distributedLocking() ? redis.locker() : null;
      owned = redis;
    }
    if (!settings.backplane().enabled()) {
      backplane = null;
    }
    if (level == null && backplane == null) {
      return new NodeConnections(null, owned, observer);
    }
    ClusterNodeBuilder node = ClusterNode.builder(settings.keyPrefix())
        .valueSerializer(new KryoValueSerializer(loader, settings.serialization().classFilter(),
            settings.serialization().maxDepth()))
        .internalKeys(settings.internalKeys());
    node.autoRecovery(settings.autoRecovery())
        .maxEntrySize(settings.serialization().maxEntrySize())
        .distributedLevelCircuitBreaker(settings.circuitBreakers().distributedLevel())
        .backplaneCircuitBreaker(settings.circuitBreakers().backplane());
    if (settings.security().signsEnvelopes()) {
      node.envelopeKeys(settings.security().envelopeKeys());
    }
    node.maximumClockSkew(settings.security().maximumClockSkew())
        .removalCheckInterval(settings.security().removalCheckInterval());
    if (properties.get(HybridCacheManager.TIME_SOURCE_PROPERTY) instanceof TimeSource time) {
      node.timeSource(time);
    }
    node.sweepInterval(settings.backplane().sweepInterval());
    if (settings.backplane().memoryDurationCeiling() != null) {
      node.memoryDurationCeiling(settings.backplane().memoryDurationCeiling());
    }
    Object nodeId = properties.get(HybridCacheManager.NODE_ID_PROPERTY);
    if (nodeId != null) {
      node.nodeId(nodeId.toString());
    }
    if (level != null) {
      node.distributedLevel(level);
      if (locker != null) {
        node.distributedLocker(locker);
      }
    }
    if (backplane != null) {
      node.backplane(backplane);
    }
    node.observer(observer);
    return new NodeConnections(node.build(), owned, observer);
  }

  private static <T> T property(Properties properties, String name, Class<T> type) {
    Object value = properties.get(name);
    if (value == null) {
      return null;
    }
    if (!type.isInstance(value)) {
      throw new CacheException("the cache manager property " + name + " must be a " + type.getName()
          + " instance, was " + value.getClass().getName());
    }
    return type.cast(value);
  }

  /** Who sees the factory runs and distributed-level calls ({@link OperationObserver#NONE} unless given). */
  OperationObserver observer() {
    return observer;
  }

  /** The node the caches share, or null for L1 only. */
  ClusterNode node() {
    return node;
  }

  @Override
  public void close() {
    if (node != null) {
      node.close();
    }
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new CacheException("could not close the connections of the cache manager: " + e, e);
      }
    }
  }
}
