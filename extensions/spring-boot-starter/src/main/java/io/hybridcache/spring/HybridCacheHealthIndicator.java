package io.hybridcache.spring;

import io.hybridcache.HybridCacheNodeStats;
import io.hybridcache.jcache.HybridCacheManager;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code hybridcache} health component: UP while the node is open, with details an operator can alert on:
 * {@code node} (its id); {@code distributedLevel} and {@code backplane}, each {@code in use}, {@code failing} (the last
 * call to it failed: Redis unreachable or timing out; the caches serve from memory, and what failed waits for
 * auto-recovery), {@code skipped} (its circuit breaker is open) or {@code none}; {@code pendingRecoveries} (failed
 * distributed operations waiting to be made again) and {@code sequenceGaps}. A failing Redis does not make it DOWN:
 * the caches go on serving from memory, so restarting the application would not help. DOWN once the manager is
 * closed.
 */
public final class HybridCacheHealthIndicator implements HealthIndicator {
  static final String IN_USE = "in use";
  static final String FAILING = "failing (serving from memory)";
  static final String SKIPPED = "skipped (circuit breaker open)";
  static final String NONE = "none";

  private final HybridSpringCacheManager manager;

  /**
   * The health of {@code manager}'s node.
   *
   * @throws NullPointerException if {@code manager} is null
   */
  public HybridCacheHealthIndicator(HybridSpringCacheManager manager) {
    this.manager = Objects.requireNonNull(manager, "manager must not be null");
  }

  @Override
  public Health health() {
    javax.cache.CacheManager jcache = manager.getJCacheManager();
    if (jcache.isClosed()) {
      return Health.down().withDetail("reason", "the cache manager is closed").build();
    }
    Optional<HybridCacheNodeStats> node = jcache.unwrap(HybridCacheManager.class).nodeStats();
    if (node.isEmpty()) {
      return Health.up().withDetail("distributedLevel", NONE).withDetail("backplane", NONE).build();
    }
    HybridCacheNodeStats stats = node.get();
    return Health.up()
        .withDetail("node", stats.nodeId())
        .withDetail("distributedLevel",
            state(stats.distributedLevel(), stats.distributedLevelSkipped(), stats.distributedLevelFailing()))
        .withDetail("backplane", state(stats.backplane(), stats.backplaneSkipped(), stats.backplaneFailing()))
        .withDetail("pendingRecoveries", stats.pendingRecoveries())
        .withDetail("sequenceGaps", stats.sequenceGaps())
        .build();
  }

  private static String state(boolean present, boolean skipped, boolean failing) {
    return !present ? NONE : skipped ? SKIPPED : failing ? FAILING : IN_USE;
  }
}
