package io.hybridcache.micrometer;

import io.hybridcache.HybridCacheNodeStats;
import io.hybridcache.jcache.HybridCacheManager;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import javax.cache.CacheManager;

/**
 * The meters of one HybridCache node (a JCache manager with a distributed level), tagged {@code node} with its id plus
 * the tags given: the gauges {@code hybridcache.circuit.open{component=l2|backplane}} (1 while the component's circuit
 * breaker is open and calls to it are skipped, else 0; only for the components the node has),
 * {@code hybridcache.component.failing{component=l2|backplane}} (1 from a failed call to the component until one
 * succeeds, with or without a breaker) and {@code hybridcache.recovery.pending} (failed distributed operations waiting for auto-recovery), and the function
 * counters {@code hybridcache.backplane.gaps} (messages lost silently, seen as gaps in the sequence),
 * {@code hybridcache.backplane.undecodable}, {@code hybridcache.backplane.sweeps} (memory levels marked stale for
 * lost messages), {@code hybridcache.clock.refused} (times refused for lying ahead of this node's clock) and
 * {@code hybridcache.envelopes.rejected} (L2 entries refused for their signature); see {@link HybridCacheNodeStats}.
 *
 * <p>A manager without a distributed level binds nothing. The meters read the node when the registry is read (the
 * manager is held weakly): binding adds nothing to the cache operations.
 */
public final class HybridCacheNodeMetrics implements MeterBinder {
  private final HybridCacheManager manager;
  private final Tags tags;

  /**
   * Meters for the node of {@code manager}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code manager} is not a HybridCache manager
   */
  public HybridCacheNodeMetrics(CacheManager manager, Iterable<Tag> tags) {
    this.manager = Objects.requireNonNull(manager, "manager must not be null").unwrap(HybridCacheManager.class);
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags must not be null"));
  }

  /**
   * Binds the meters of {@code manager}'s node to {@code registry}.
   *
   * @param tags key-value pairs of further tags, an even number of strings
   * @throws NullPointerException if {@code registry} or {@code manager} is null
   * @throws IllegalArgumentException if {@code manager} is not a HybridCache manager, or {@code tags} is odd
   */
  public static void monitor(MeterRegistry registry, CacheManager manager, String... tags) {
    Objects.requireNonNull(registry, "registry must not be null");
    new HybridCacheNodeMetrics(manager, Tags.of(tags)).bindTo(registry);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    HybridCacheNodeStats now = manager.nodeStats().orElse(null);
    if (now == null) {
      return;
    }
    Tags nodeTags = tags.and("node", now.nodeId());
    if (now.distributedLevel()) {
      Gauge.builder("hybridcache.circuit.open", manager, m -> read(m, s -> s.distributedLevelSkipped() ? 1 : 0))
          .tags(nodeTags).tag("component", "l2")
          .description("1 while the circuit breaker of the component is open: calls to it are skipped")
          .register(registry);
    }
    if (now.distributedLevel()) {
      Gauge.builder("hybridcache.component.failing", manager, m -> read(m, s -> s.distributedLevelFailing() ? 1 : 0))
          .tags(nodeTags).tag("component", "l2")
          .description("1 while the last call to the component failed (until one succeeds)")
          .register(registry);
    }
    if (now.backplane()) {
      Gauge.builder("hybridcache.component.failing", manager, m -> read(m, s -> s.backplaneFailing() ? 1 : 0))
          .tags(nodeTags).tag("component", "backplane")
          .description("1 while the last call to the component failed (until one succeeds)")
          .register(registry);
      Gauge.builder("hybridcache.circuit.open", manager, m -> read(m, s -> s.backplaneSkipped() ? 1 : 0))
          .tags(nodeTags).tag("component", "backplane")
          .description("1 while the circuit breaker of the component is open: calls to it are skipped")
          .register(registry);
      counter(registry, nodeTags, "hybridcache.backplane.gaps", "messages lost silently (gaps in the sequence)",
          HybridCacheNodeStats::sequenceGaps);
      counter(registry, nodeTags, "hybridcache.backplane.undecodable", "messages whose key could not be decoded",
          HybridCacheNodeStats::undecodableMessages);
      counter(registry, nodeTags, "hybridcache.backplane.sweeps", "memory levels marked stale for lost messages",
          HybridCacheNodeStats::messageSweeps);
    }
    Gauge.builder("hybridcache.recovery.pending", manager, m -> read(m, HybridCacheNodeStats::pendingRecoveries))
        .tags(nodeTags).description("failed distributed operations waiting for auto-recovery").register(registry);
    counter(registry, nodeTags, "hybridcache.clock.refused", "times refused for lying ahead of this node's clock",
        HybridCacheNodeStats::refusedFutureTimes);
    counter(registry, nodeTags, "hybridcache.envelopes.rejected", "L2 entries refused for their signature",
        HybridCacheNodeStats::rejectedEnvelopes);
  }

  private void counter(MeterRegistry registry, Tags tags, String name, String description,
      ToLongFunction<HybridCacheNodeStats> count) {
    FunctionCounter.builder(name, manager, m -> read(m, s -> count.applyAsLong(s))).tags(tags)
        .description(description).register(registry);
  }

  private static double read(HybridCacheManager manager, ToDoubleFunction<HybridCacheNodeStats> value) {
    return manager.nodeStats().map(value::applyAsDouble).orElse(Double.NaN);
  }
}
