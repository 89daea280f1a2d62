package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.spi.KeyCodec;
import io.hybridcache.spi.OperationObserver;
import java.util.Objects;

/**
 * Builds a {@link HybridCacheEngine}: a fluent, fail-fast builder whose every method checks its argument at once.
 * Unless told otherwise the memory level holds at most 10,000 entries, and the engine owns a bounded background
 * executor of its own.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class HybridCacheEngineBuilder<K, V> {
  /** The maximum number of entries when neither a size nor a weight bound is given. */
  public static final long DEFAULT_MAXIMUM_SIZE = 10_000;
  /** The most tags one entry may carry unless {@link #maxTagsPerEntry} says otherwise. */
  public static final int DEFAULT_MAX_TAGS_PER_ENTRY = Tags.DEFAULT_MAX_PER_ENTRY;

  final String name;
  EntryOptions defaultEntryOptions = EntryOptions.defaults();
  long maximumSize = DEFAULT_MAXIMUM_SIZE;
  long maximumWeight = -1;
  TimeSource timeSource = TimeSource.system();
  BackgroundTasks backgroundTasks;
  MemoryEvictionListener<K, V> evictionListener;
  ClusterNode cluster;
  boolean distributedLevelEnabled = true;
  boolean backplaneEnabled = true;
  KeyCodec<K> keyCodec;
  TagRemoval tagRemoval = TagRemoval.EXPIRE;
  int maxTagsPerEntry = Tags.DEFAULT_MAX_PER_ENTRY;
  OperationObserver observer = OperationObserver.NONE;
  /** Set by {@link TagStore} for its internal engine: tag-time keys, no receiver, no tag store of its own. */
  boolean tagStore;
  /**
   * Set by {@link TagStore} for its internal engine: where its notifications sent are counted (the cache the tag
   * removals and clears belong to); null: in the engine's own stats.
   */
  Runnable messagesSentTo;
  private boolean sizeSet;

  HybridCacheEngineBuilder(String name) {
    Objects.requireNonNull(name, "cache name must not be null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("cache name must not be blank");
    }
    this.name = name;
  }

  /**
   * The options of every operation called without options.
   *
   * @param options the options of every operation called without options
   * @return this builder
   */
  public HybridCacheEngineBuilder<K, V> defaultEntryOptions(EntryOptions options) {
    this.defaultEntryOptions = Objects.requireNonNull(options, "defaultEntryOptions must not be null");
    return this;
  }

  /**
   * Bounds the memory level by entry count (positive); exclusive with {@link #maximumWeight}.
   *
   * @param maximumSize the most entries; positive
   * @return this builder
   */
  public HybridCacheEngineBuilder<K, V> maximumSize(long maximumSize) {
    if (maximumSize <= 0) {
      throw new IllegalArgumentException("maximumSize must be positive, was " + maximumSize);
    }
    if (maximumWeight >= 0) {
      throw new IllegalStateException("maximumWeight was already set to " + maximumWeight
          + "; a memory level is bounded by size or by weight, not both");
    }
    this.maximumSize = maximumSize;
    this.sizeSet = true;
    return this;
  }

  /**
   * Bounds the memory level by total weight (positive); each entry weighs its {@link EntryOptions#size()}, or 1.
   * Exclusive with {@link #maximumSize}.
   *
   * @param maximumWeight the most total weight; positive
   * @return this builder
   */
  public HybridCacheEngineBuilder<K, V> maximumWeight(long maximumWeight) {
    if (maximumWeight <= 0) {
      throw new IllegalArgumentException("maximumWeight must be positive, was " + maximumWeight);
    }
    if (sizeSet) {
      throw new IllegalStateException("maximumSize was already set to " + maximumSize
          + "; a memory level is bounded by size or by weight, not both");
    }
    this.maximumWeight = maximumWeight;
    return this;
  }

  /**
   * The clock and timer (tests inject a fake they advance by hand).
   *
   * @param timeSource the clock and timer
   * @return this builder
   */
  public HybridCacheEngineBuilder<K, V> timeSource(TimeSource timeSource) {
    this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
    return this;
  }

  /**
   * The executor for background work; the engine does not shut down one it is given.
   *
   * @param backgroundTasks the executor for background work
   * @return this builder
   */
  public HybridCacheEngineBuilder<K, V> backgroundTasks(BackgroundTasks backgroundTasks) {
    this.backgroundTasks = Objects.requireNonNull(backgroundTasks, "backgroundTasks must not be null");
    return this;
  }

  /**
   * Told of every entry the memory level evicts on its own (bound reached, physical expiry).
   *
   * @param listener the listener
   * @return this builder
   */
  public HybridCacheEngineBuilder<K, V> evictionListener(MemoryEvictionListener<K, V> listener) {
    this.evictionListener = Objects.requireNonNull(listener, "evictionListener must not be null");
    return this;
  }

  /**
   * Makes this cache one of many sharing {@code node}'s distributed level and backplane (each used when the node has
   * it and the switches below leave it on). The cache's name must be unique on the node.
   *
   * @param node the node whose level and backplane this cache shares
   * @return this builder
   */
  public HybridCacheEngineBuilder<K, V> cluster(ClusterNode node) {
    this.cluster = Objects.requireNonNull(node, "cluster node must not be null");
    return this;
  }

  /**
   * Whether this cache uses the node's distributed level (default true; no effect without one).
   *
   * @param enabled whether it is on
   * @return this builder
   */
  public HybridCacheEngineBuilder<K, V> distributedLevelEnabled(boolean enabled) {
    this.distributedLevelEnabled = enabled;
    return this;
  }

  /**
   * Whether this cache uses the node's backplane (default true; no effect without one).
   *
   * @param enabled whether it is on
   * @return this builder
   */
  public HybridCacheEngineBuilder<K, V> backplaneEnabled(boolean enabled) {
    this.backplaneEnabled = enabled;
    return this;
  }

  /**
   * Names keys in the distributed level and on the backplane. By default strings stay as they are, integers, longs
   * and UUIDs get a short typed form, and other keys are serialized with the node's value serializer.
   *
   * @param keyCodec the codec of the keys
   * @return this builder
   */
  public HybridCacheEngineBuilder<K, V> keyCodec(KeyCodec<K> keyCodec) {
    this.keyCodec = Objects.requireNonNull(keyCodec, "keyCodec must not be null");
    return this;
  }

  /**
   * What a read does to an entry it finds hidden by the removal of one of its tags (default
   * {@link TagRemoval#EXPIRE}: kept as a fail-safe fallback).
   *
   * @param tagRemoval what a read does to an entry a tag removal hides
   * @return this builder
   */
  public HybridCacheEngineBuilder<K, V> tagRemoval(TagRemoval tagRemoval) {
    this.tagRemoval = Objects.requireNonNull(tagRemoval, "tagRemoval must not be null");
    return this;
  }

  /**
   * The most tags one entry may carry (default 100). A write with more ({@code set}, {@code getOrSet}, or a factory's
   * {@code ctx.tags(...)}) throws an {@link IllegalArgumentException} before any level changes; an entry read from the
   * distributed level with more is bad data: a miss, logged and counted. Every node sharing the distributed level
   * should use the same bound: a node with a smaller one misses the entries of a node with a larger one.
   *
   * @param maxTagsPerEntry the bound, at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code maxTagsPerEntry} is below 1
   */
  public HybridCacheEngineBuilder<K, V> maxTagsPerEntry(int maxTagsPerEntry) {
    this.maxTagsPerEntry = Tags.checkMaxPerEntry(maxTagsPerEntry);
    return this;
  }

  /**
   * Who sees this cache's factory runs start and end, for tracing (default {@link OperationObserver#NONE}).
   *
   * @param observer the observer; {@link OperationObserver#NONE} observes nothing at no cost
   * @return this builder
   */
  public HybridCacheEngineBuilder<K, V> observer(OperationObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer must not be null");
    return this;
  }

  /**
   * Builds the engine.
   *
   * @return the engine; close it when done
   */
  public HybridCacheEngine<K, V> build() {
    return new HybridCacheEngine<>(this);
  }
}
