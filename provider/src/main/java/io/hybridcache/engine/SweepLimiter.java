package io.hybridcache.engine;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limits the sweeps of one cache's memory level that messages cause (a gap in the sequence, a message that cannot
 * be decoded or is refused, a re-subscription): at most one sweep per {@code interval}. A sweep asked for while the
 * window of the last one is open is not dropped: every such request is folded into one sweep made when the window
 * ends, so a lost message still marks every local entry stale, at most {@code interval} later. Without this, someone
 * able to publish on the channel could make every node sweep its whole memory level once per message (replayed signed
 * frames with alternating sequences: 2,000 sweeps of 200,000 entries from 4,000 frames).
 *
 * <p>Counted on the node: sweeps made ({@code sweeps}) and requests folded into a later sweep ({@code coalesced}).
 * Logged at warn at most once per window: when a sweep is made. An interval of zero sweeps on every request.
 */
final class SweepLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(SweepLimiter.class);

  private final String cacheName;
  private final TimeSource time;
  private final long intervalNanos;
  private final Runnable sweep;
  /** Where the sweep made at the end of a window runs (the node's message lane, as the other sweeps). */
  private final Executor handOff;
  private final LongAdder sweeps;
  private final LongAdder coalesced;
  /** When the last sweep was made (monotonic nanos); meaningful only once {@link #swept} is set. */
  private long lastSweep;
  private boolean swept;
  /** Whether a sweep is scheduled for the end of the current window. */
  private boolean pending;
  /** How many requests the pending sweep stands for. */
  private long folded;
  private TimeSource.Cancellable scheduled;
  private boolean closed;

  SweepLimiter(String cacheName, TimeSource time, Duration interval, Runnable sweep, Executor handOff,
      LongAdder sweeps, LongAdder coalesced) {
    this.cacheName = cacheName;
    this.time = time;
    this.intervalNanos = interval.toNanos();
    this.sweep = sweep;
    this.handOff = handOff;
    this.sweeps = sweeps;
    this.coalesced = coalesced;
  }

  /** Sweeps now if the window of the last sweep has ended, else makes sure one sweep is made when it ends. */
  void request(String reason) {
    synchronized (this) {
      if (closed) {
        return;
      }
      long now = time.nanoTime();
      if (pending) {
        folded++;
        coalesced.increment();
        return;
      }
      if (swept && now - lastSweep < intervalNanos) {
        pending = true;
        folded = 1;
        coalesced.increment();
        scheduled = time.schedule(() -> handOff.execute(this::sweepPending), lastSweep + intervalNanos - now);
        return;
      }
      lastSweep = now;
      swept = true;
    }
    LOG.warn("cache '{}': {}; marking every local entry stale (at most one such sweep per {} ms, later requests are "
        + "made together at the end of that window)", cacheName, reason, intervalNanos / 1_000_000);
    sweeps.increment();
    sweep.run();
  }

  private void sweepPending() {
    long requests;
    synchronized (this) {
      if (closed || !pending) {
        return;
      }
      requests = folded;
      pending = false;
      folded = 0;
      scheduled = null;
      lastSweep = time.nanoTime();
      swept = true;
    }
    LOG.warn("cache '{}': {} more request(s) to mark every local entry stale came within {} ms of the last sweep; "
        + "made them as one sweep now", cacheName, requests, intervalNanos / 1_000_000);
    sweeps.increment();
    sweep.run();
  }

  /** Calls off a pending sweep: the cache is closed. */
  synchronized void close() {
    closed = true;
    if (scheduled != null) {
      scheduled.cancel();
      scheduled = null;
    }
  }
}
