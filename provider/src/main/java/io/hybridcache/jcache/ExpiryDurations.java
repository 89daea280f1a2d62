package io.hybridcache.jcache;

import io.hybridcache.engine.TimeMath;
import java.time.Duration;
import java.util.function.Supplier;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a JSR {@link ExpiryPolicy} into absolute logical expirations (epoch millis). {@link Long#MAX_VALUE} is
 * "never", a value at or before {@code now} is "expired at once" ({@link javax.cache.expiry.Duration#ZERO}).
 *
 * <p>The JSR default, {@link EternalExpiryPolicy}, stands for "not configured": such entries live for the cache's
 * configured duration instead, counted from each write (as {@code HybridCache.set} does), so that caches created on
 * the fly (as Hibernate and Spring create them) stay bounded.
 * A policy that throws is logged and treated as returning null: the entry keeps its expiration (on creation: the
 * cache's configured duration).
 */
final class ExpiryDurations {
  /** Returned by {@link #onUpdate} and {@link #onAccess} when the expiration does not change. */
  static final long UNCHANGED = Long.MIN_VALUE;

  private static final Logger log = LoggerFactory.getLogger(ExpiryDurations.class);

  private final ExpiryPolicy policy;
  private final long configuredMillis;
  private final boolean eternalDefault;

  /**
   * @param policy the cache's policy
   * @param configured the cache's configured entry duration, used in place of {@link EternalExpiryPolicy}
   */
  ExpiryDurations(ExpiryPolicy policy, Duration configured) {
    this.policy = policy;
    this.configuredMillis = TimeMath.millis(configured);
    this.eternalDefault = policy instanceof EternalExpiryPolicy;
  }

  ExpiryPolicy policy() {
    return policy;
  }

  /** The logical expiration of an entry created at {@code now}. */
  long onCreation(long now) {
    if (eternalDefault) {
      return TimeMath.plus(now, configuredMillis);
    }
    long expiration = expiration(now, policy::getExpiryForCreation, "getExpiryForCreation");
    return expiration == UNCHANGED ? TimeMath.plus(now, configuredMillis) : expiration;
  }

  /** The logical expiration of an entry updated at {@code now}, or {@link #UNCHANGED}. */
  long onUpdate(long now) {
    return eternalDefault ? TimeMath.plus(now, configuredMillis)
        : expiration(now, policy::getExpiryForUpdate, "getExpiryForUpdate");
  }

  /** The logical expiration of an entry read at {@code now}, or {@link #UNCHANGED}. */
  long onAccess(long now) {
    return eternalDefault ? UNCHANGED : expiration(now, policy::getExpiryForAccess, "getExpiryForAccess");
  }

  private long expiration(long now, Supplier<javax.cache.expiry.Duration> call, String method) {
    javax.cache.expiry.Duration d;
    try {
      d = call.get();
    } catch (RuntimeException e) {
      log.warn("ExpiryPolicy {}.{} threw; the entry keeps its expiration", policy.getClass().getName(), method, e);
      return UNCHANGED;
    }
    if (d == null) {
      return UNCHANGED;
    }
    if (d.isEternal()) {
      return Long.MAX_VALUE;
    }
    if (d.isZero()) {
      return now;
    }
    return d.getAdjustedTime(now);
  }
}
