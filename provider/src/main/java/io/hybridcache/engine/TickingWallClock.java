package io.hybridcache.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A wall clock cheap enough for the hit path: {@link #recent()} is a field read, which a daemon ticker thread sets to
 * {@link System#currentTimeMillis()} about once a millisecond. On the machines we measured a real clock read costs two
 * to three times a Caffeine hit; this one costs a load.
 *
 * <p>What a {@link #recent()} reading promises:
 * <ul>
 *   <li>it is never behind a reading {@link #exact()} returned before it (on any thread that saw a value published
 *       after that reading), so an expiration computed as "now" from an exact reading is already past: a zero duration
 *       expires at once, exactly;</li>
 *   <li>it lags the system clock by at most the tick (a millisecond) plus the ticker's scheduling delay: normally
 *       under two milliseconds, more on a machine starved of CPU;</li>
 *   <li>it follows the system clock when that is set back by more than {@value #STEP_BACK_MILLIS} ms; smaller steps
 *       back (noise of clock adjustment) are absorbed, so readings never go back by less.</li>
 * </ul>
 *
 * <p>The ticker runs while the clock has users: {@link #retain()} (an engine opening) starts it, the last
 * {@link #release()} (the last engine closing) stops it, so nothing outlives the caches. Without users, or if the
 * ticker thread cannot be started (a warning says so), every reading is exact. The reader has no branch that changes
 * while the clock is in use: a branch taken once a second would make the JIT recompile the hit path, and the
 * recompiled path no longer inlines Caffeine's lookup.
 */
final class TickingWallClock {
  private static final Logger LOG = LoggerFactory.getLogger(TickingWallClock.class);
  private static final VarHandle LATEST;

  static {
    try {
      LATEST = MethodHandles.lookup().findVarHandle(TickingWallClock.class, "latest", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** How far the system clock must go back before the readings follow it. */
  static final long STEP_BACK_MILLIS = 1_000;
  private static final long TICK_NANOS = 1_000_000;

  private volatile long latest;
  /** Whether {@link #latest} is kept current: read on every {@link #recent()}, changed when users come and go. */
  private volatile boolean ticking;
  private int users; // guarded by this
  private Thread ticker; // guarded by this; set while a ticker thread runs (it may be about to stop)
  private boolean warned; // guarded by this

  /** The system clock, read now; later {@link #recent()} readings are not behind it. */
  long exact() {
    long now = System.currentTimeMillis();
    if (now > latest) {
      advance(now);
    }
    return now;
  }

  /** While the clock has users, a reading at most about a millisecond old; else {@link #exact()}. */
  long recent() {
    return ticking ? latest : exact();
  }

  /** One more user: starts the ticker if it does not run. */
  synchronized void retain() {
    users++;
    if (ticker == null) {
      follow(System.currentTimeMillis()); // current before the first recent reading
      try {
        Thread thread = new Thread(this::tick, "hybridcache-clock");
        thread.setDaemon(true);
        thread.setContextClassLoader(null); // holds no application class loader
        thread.start();
        ticker = thread;
      } catch (RuntimeException | OutOfMemoryError e) {
        if (!warned) {
          warned = true;
          LOG.warn("The clock thread could not be started; cache hits read the system clock instead (slower)", e);
        }
        return;
      }
    }
    ticking = true;
  }

  /** One user fewer: the last one stops the ticker (within a tick). */
  synchronized void release() {
    if (users == 0) {
      throw new IllegalStateException("released more often than retained");
    }
    if (--users == 0) {
      ticking = false;
    }
  }

  /** Whether a ticker thread runs (for tests). */
  synchronized boolean hasTicker() {
    return ticker != null;
  }

  private void tick() {
    while (true) {
      LockSupport.parkNanos(TICK_NANOS);
      Thread.interrupted(); // an interrupt must not turn the park into a busy loop
      follow(System.currentTimeMillis());
      synchronized (this) {
        if (users == 0) {
          ticker = null;
          return;
        }
      }
    }
  }
  /** Moves the reading forward to {@code now}. */
  private void advance(long now) {
    long current;
    do {
      current = latest;
    } while (now > current && !LATEST.compareAndSet(this, current, now));
  }

  /** The reading as it stands, ticker or not (for tests). */
  long latest() {
    return latest;
  }

  /** Moves the reading to the system clock's {@code now}: forward, or back when the clock was set back. */
  void follow(long now) {
    long current;
    long next;
    do {
      current = latest;
      next = now >= current || current - now > STEP_BACK_MILLIS ? now : current;
    } while (next != current && !LATEST.compareAndSet(this, current, next));
  }
}
