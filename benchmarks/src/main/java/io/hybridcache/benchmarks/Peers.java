package io.hybridcache.benchmarks;

import com.alicp.jetcache.CacheBuilder;
import com.alicp.jetcache.SimpleCacheManager;
import com.alicp.jetcache.anno.CacheType;
import com.alicp.jetcache.embedded.CaffeineCacheBuilder;
import com.alicp.jetcache.redisson.RedissonCacheBuilder;
import com.alicp.jetcache.support.BroadcastManager;
import com.alicp.jetcache.support.JavaValueDecoder;
import com.alicp.jetcache.support.JavaValueEncoder;
import com.alicp.jetcache.template.CacheBuilderTemplate;
import com.alicp.jetcache.template.NotifyMonitorInstaller;
import com.alicp.jetcache.template.QuickConfig;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.redisson.Redisson;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.api.options.LocalCachedMapOptions.EvictionPolicy;
import org.redisson.api.options.LocalCachedMapOptions.SyncStrategy;
import org.redisson.config.Config;

/** How the benchmarks build the peers: plain Redisson clients, its near cache, and JetCache's two-level cache. */
final class Peers {
  /** Redisson's default number of Netty I/O threads per client. */
  static final int REDISSON_NETTY_THREADS = 32;

  private Peers() {}

  /** A plain (unrelocated) Redisson client of its own: one node's connection for the peers. */
  static RedissonClient redisson(String redis) {
    return redisson(redis, REDISSON_NETTY_THREADS);
  }

  /** A Redisson client of its own on {@code redis}, with {@code nettyThreads} I/O threads. */
  static RedissonClient redisson(String redis, int nettyThreads) {
    Config config = new Config();
    config.setNettyThreads(nettyThreads);
    config.useSingleServer().setAddress(redis);
    return Redisson.create(config);
  }

  /**
   * A Redisson client of its own on {@code redis}, with Redisson's defaults but for its keep-alive {@code PING}, sent
   * every {@code pingMillis} on every connection (0: none), for the probes of the message loss that PING causes.
   */
  static RedissonClient pingedRedisson(String redis, int pingMillis) {
    Config config = new Config();
    config.useSingleServer().setAddress(redis).setPingConnectionInterval(pingMillis);
    return Redisson.create(config);
  }

  /**
   * Redisson's near cache: a Redis hash with a local cache of {@code localSize} entries per client, kept coherent by
   * invalidation messages (Redisson's {@code SyncStrategy.INVALIDATE}, its default).
   */
  static <V> RLocalCachedMap<String, V> localCachedMap(RedissonClient client, String name, int localSize) {
    return client.getLocalCachedMap(LocalCachedMapOptions.<String, V>name(name).cacheSize(localSize)
        .evictionPolicy(EvictionPolicy.LRU).syncStrategy(SyncStrategy.INVALIDATE));
  }

  /** One JetCache node: a cache manager whose caches are local Caffeine + remote Redis (Redisson), synced locally. */
  static final class JetCacheNode implements AutoCloseable {
    private final SimpleCacheManager manager = new SimpleCacheManager();
    private final BroadcastManager broadcast;

    JetCacheNode(RedissonClient client, String keyPrefix) {
      CacheBuilder local = CaffeineCacheBuilder.createCaffeineCacheBuilder();
      RedissonCacheBuilder.RedissonDataCacheBuilderImpl remote = RedissonCacheBuilder.createBuilder()
          .redissonClient(client).keyPrefix(keyPrefix + ":").broadcastChannel(keyPrefix + ":broadcast")
          .valueEncoder(JavaValueEncoder.INSTANCE).valueDecoder(JavaValueDecoder.INSTANCE);
      CacheBuilderTemplate template = new CacheBuilderTemplate(false, Map.of("default", local),
          Map.of("default", remote));
      // syncLocal works through this monitor (JetCache's Spring configuration installs it): without it a put is never
      // broadcast, and the other node keeps serving its old local copy
      template.getCacheMonitorInstallers().add(new NotifyMonitorInstaller(area -> remote));
      manager.setCacheBuilderTemplate(template);
      broadcast = remote.createBroadcastManager(manager);
      manager.putBroadcastManager("default", broadcast);
      broadcast.startSubscribe();
    }

    /** The two-level cache {@code name} ({@code localLimit} entries in memory), local copies synced on change. */
    <V> com.alicp.jetcache.Cache<String, V> cache(String name, int localLimit, Duration expire) {
      return manager.getOrCreateCache(QuickConfig.newBuilder(name).cacheType(CacheType.BOTH).syncLocal(true)
          .localLimit(localLimit).expire(expire).localExpire(expire).keyConvertor(Function.identity())
          .valueEncoder(JavaValueEncoder.INSTANCE).valueDecoder(JavaValueDecoder.INSTANCE).build());
    }

    @Override
    public void close() {
      manager.close();
    }
  }
}
