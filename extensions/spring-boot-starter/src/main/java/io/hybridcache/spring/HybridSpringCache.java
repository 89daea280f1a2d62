package io.hybridcache.spring;

import io.hybridcache.HybridCache;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * A Spring {@link org.springframework.cache.Cache} over a {@link HybridCache}: reads are {@code tryGet},
 * {@link #get(Object, Callable)} ({@code @Cacheable(sync = true)}) is {@code getOrSet} (one call per key however many
 * threads miss at once, with fail-safe and the timeouts of the cache's entry options), the {@code retrieve} methods are
 * the asynchronous API, {@link #clear()} ({@code @CacheEvict(allEntries = true)}) is {@code clear()} (values kept as
 * fail-safe fallbacks) and {@link #invalidate()} is {@code clear(false)}. {@link #getNativeCache()} is the
 * {@link HybridCache}.
 *
 * <p>With fail-safe on in the cache's entry options, a {@code @Cacheable} method without {@code sync} that throws
 * answers with the key's fallback too, when there is one (see {@link FailSafeAdvice}).
 *
 * <p>A null value is stored as Spring's {@code NullValue} when null values are allowed (the default), else a
 * {@code put} of null fails with an {@link IllegalArgumentException}; a null key is a {@link NullPointerException}.
 */
public final class HybridSpringCache extends AbstractValueAdaptingCache {
  /** What {@link #fallback} returns when there is none. */
  static final Object NO_FALLBACK = new Object();

  private final HybridCache<Object, Object> cache;
  private final javax.cache.Cache<Object, Object> jcache;

  /**
   * A Spring cache over {@code jcache}'s {@link HybridCache}.
   *
   * @throws NullPointerException if {@code jcache} is null
   * @throws IllegalArgumentException if {@code jcache} is not a HybridCache JCache cache
   */
  @SuppressWarnings("unchecked")
  public HybridSpringCache(javax.cache.Cache<Object, Object> jcache, boolean allowNullValues) {
    super(allowNullValues);
    this.jcache = Objects.requireNonNull(jcache, "jcache must not be null");
    this.cache = jcache.unwrap(HybridCache.class);
  }

  @Override
  public String getName() {
    return cache.name();
  }

  /** The {@link HybridCache}. */
  @Override
  public HybridCache<Object, Object> getNativeCache() {
    return cache;
  }

  @Override
  protected Object lookup(Object key) {
    Object found = cache.tryGet(requireKey(key)).orElse(null);
    if (found == null && cache.defaultEntryOptions().failSafe()) {
      FailSafeFrames.missed(this, key);
    }
    return found;
  }

  /**
   * The fallback of {@code key} after its method failed with {@code failure}: a {@code getOrSet} whose factory fails
   * so, which serves and throttles the fallback (and counts the activation), or {@link #NO_FALLBACK} when there is
   * none. A fresh value another caller cached meanwhile is returned as well.
   */
  Object fallback(Object key, Throwable failure) {
    try {
      return fromStoreValue(cache.getOrSet(key, ctx -> {
        throw new MethodFailed(failure);
      }));
    } catch (MethodFailed noFallback) {
      return NO_FALLBACK;
    }
  }

  /** The method's failure, carried through {@code getOrSet} when there is no fallback. */
  private static final class MethodFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MethodFailed(Throwable cause) {
      super(cause.toString(), null, false, false);
    }
  }

  /**
   * The cached value of {@code key}, else the one {@code valueLoader} returns, cached: a {@code getOrSet}, so one
   * loader runs per key however many threads miss at once, and when the loader fails and the entry has a fail-safe
   * fallback, that is returned instead.
   *
   * @throws org.springframework.cache.Cache.ValueRetrievalException when the loader fails and there is no fallback
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(Object key, Callable<T> valueLoader) {
    Objects.requireNonNull(valueLoader, "valueLoader must not be null");
    Object stored = cache.getOrSet(requireKey(key), ctx -> {
      try {
        return toStoreValue(valueLoader.call());
      } catch (Exception e) {
        throw new ValueRetrievalException(key, valueLoader, e);
      }
    });
    return (T) fromStoreValue(stored);
  }

  /**
   * The cached value of {@code key} as a future: completed with a {@link ValueWrapper} when there is one, with null
   * on a miss; a {@code tryGetAsync}, so no thread waits for the distributed level.
   */
  @Override
  public CompletableFuture<?> retrieve(Object key) {
    return cache.tryGetAsync(requireKey(key)).thenApply(found -> found.map(this::toValueWrapper).orElse(null));
  }

  /**
   * The cached value of {@code key}, else the value of the future {@code valueLoader} starts, cached: a
   * {@code getOrSetAsync}, one load per key at a time and no thread blocked while it runs. A failed load completes
   * the future exceptionally unless a fail-safe fallback stands in.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    Objects.requireNonNull(valueLoader, "valueLoader must not be null");
    return cache.getOrSetAsync(requireKey(key), ctx -> valueLoader.get().thenApply(this::toStoreValue))
        .thenApply(stored -> (T) fromStoreValue(stored));
  }

  @Override
  public void put(Object key, Object value) {
    cache.set(requireKey(key), toStoreValue(value));
  }

  /** Atomic per key, across nodes with a distributed level (the JCache {@code putIfAbsent}). */
  @Override
  public ValueWrapper putIfAbsent(Object key, Object value) {
    Object stored = toStoreValue(value);
    if (jcache.putIfAbsent(requireKey(key), stored)) {
      return null;
    }
    return toValueWrapper(jcache.get(key));
  }

  @Override
  public void evict(Object key) {
    cache.remove(requireKey(key));
  }

  @Override
  public boolean evictIfPresent(Object key) {
    return jcache.remove(requireKey(key));
  }

  /** Expires every entry, on every node, keeping the values as fail-safe fallbacks: {@code HybridCache.clear()}. */
  @Override
  public void clear() {
    cache.clear();
  }

  /**
   * Removes every entry, fallbacks included, on every node: {@code HybridCache.clear(false)}.
   *
   * @return false: whether there were entries is not known
   */
  @Override
  public boolean invalidate() {
    cache.clear(false);
    return false;
  }

  private static Object requireKey(Object key) {
    return Objects.requireNonNull(key, "key must not be null");
  }

  @Override
  public String toString() {
    return "HybridSpringCache{" + cache.name() + '}';
  }
}
