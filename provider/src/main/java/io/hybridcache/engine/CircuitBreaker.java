package io.hybridcache.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips a failing component for a while: after a failure it is open for its duration, and calls are refused at once
 * instead of waiting on a component that just failed; once the duration has passed the next call goes through again,
 * and its success closes the breaker (its failure opens it for another round). A zero duration never opens, but
 * the breaker still records whether the last call failed ({@link #lastCallFailed()}), which the node's health reads.
 */
final class CircuitBreaker {
  private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

  private final String component;
  private final long durationMillis;
  private final TimeSource time;
  /** Until when calls are refused (epoch millis); 0 while closed. */
  private volatile long openUntil;
  /** When the last call failed (epoch millis, at least 1); 0 when none has failed since one succeeded. */
  private volatile long lastFailedAt;

  CircuitBreaker(String component, Duration duration, TimeSource time) {
    this.component = component;
    this.durationMillis = TimeMath.millis(duration);
    this.time = time;
  }

  /** Whether a call may go through now. */
  boolean allows() {
    long until = openUntil;
    return until == 0 || time.wallMillis() >= until;
  }

  /** Whether calls are refused now (the breaker is open). */
  boolean isOpen() {
    return !allows();
  }

  /**
   * Whether the last call failed: true from a failure until a call succeeds (or the component shows it is back),
   * whether or not the breaker opens (a zero duration records outcomes too).
   */
  boolean lastCallFailed() {
    return lastFailedAt != 0;
  }

  /** How long the breaker stays open from now, in millis (0 when closed). */
  long remainingMillis() {
    long until = openUntil;
    return until == 0 ? 0 : Math.max(0, until - time.wallMillis());
  }

  /**
   * Runs {@code call} if the breaker allows it, recording its outcome; while open, fails at once with a
   * {@link CircuitOpenException} and does not call.
   */
  <T> CompletableFuture<T> guard(Supplier<CompletableFuture<T>> call) {
    if (!allows()) {
      return CompletableFuture.failedFuture(new CircuitOpenException(component, remainingMillis()));
    }
    CompletableFuture<T> result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      failed(e);
      throw e;
    }
    return result.whenComplete((value, error) -> {
      if (error == null) {
        succeeded();
      } else {
        failed(error);
      }
    });
  }

  /** A call failed: the breaker opens for its duration (logged at warn when it was closed). */
  void failed(Throwable cause) {
    lastFailedAt = Math.max(1, time.wallMillis());
    if (durationMillis <= 0) {
      return;
    }
    boolean wasClosed = openUntil == 0;
    openUntil = TimeMath.plus(time.wallMillis(), durationMillis);
    if (wasClosed) {
      LOG.warn("{} failed ({}); skipping it for {} ms", component, Failures.unwrap(cause).toString(), durationMillis);
    }
  }

  /** A call succeeded, or the component showed it is back: the breaker closes. */
  void succeeded() {
    if (lastFailedAt != 0) {
      lastFailedAt = 0;
    }
    if (openUntil != 0) {
      openUntil = 0;
      LOG.info("{} answers again; no longer skipped", component);
    }
  }
}
