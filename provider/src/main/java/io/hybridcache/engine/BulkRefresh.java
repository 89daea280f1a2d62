package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background eager refresh of the keys a bulk load served past their eager-refresh point: one call of the bulk
 * factory for all of them, on the background executor, its values saved as a {@code getOrSet}'s eager refresh saves
 * one (L1 unless a write came meanwhile, then L2 in one batch, and the backplane). A key whose refresh, or load, is
 * already under way on this node is left out, so no key is refreshed twice at once. A failure is logged and counted
 * per key and changes nothing: the entries stay as they are until they expire. When the executor refuses the work,
 * it is dropped, logged and counted, as a single eager refresh is.
 */
final class BulkRefresh<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(BulkRefresh.class);

  private final BulkParts<K, V> parts;

  BulkRefresh(BulkParts<K, V> parts) {
    this.parts = parts;
  }

  /** Starts the refresh of {@code keys} (those not already loading or refreshing); never blocks the caller. */
  void start(List<K> keys, BulkCall<K, V> factory, EntryOptions options, Set<String> tags) {
    List<K> led = new ArrayList<>(keys.size());
    List<StampedeGuard.Flight<V>> flights = new ArrayList<>(keys.size());
    for (K key : keys) {
      StampedeGuard.Flight<V> flight = parts.guard.tryLead(key, false);
      if (flight != null) {
        led.add(key);
        flights.add(flight);
      }
    }
    if (led.isEmpty()) {
      return;
    }
    List<RunRegistry<K>.Run> started = new ArrayList<>(led.size());
    led.forEach(key -> started.add(parts.runs.start(key)));
    boolean accepted = parts.background.tryExecute(() -> {
      led.forEach(key -> parts.events.factoryRun());
      factory.start(Collections.unmodifiableSet(new LinkedHashSet<>(led)), parts.background, false)
          .whenComplete((made, error) -> {
            try {
              settle(led, flights, started, made, error, options, tags);
            } catch (Throwable t) {
              LOG.warn("cache '{}': could not save the eager refresh of {} keys", parts.name, led.size(), t);
              for (int i = 0; i < led.size(); i++) {
                started.get(i).close();
                parts.guard.land(led.get(i), flights.get(i), null, t);
              }
            }
          });
    });
    if (accepted) {
      led.forEach(parts.events::eagerRefresh);
      return;
    }
    parts.events.droppedBackgroundTask("eager refresh of " + led.size() + " keys of cache '" + parts.name + "'");
    for (int i = 0; i < led.size(); i++) {
      started.get(i).close();
      parts.guard.land(led.get(i), flights.get(i), null,
          new RejectedExecutionException("background executor saturated"));
    }
  }

  private void settle(List<K> led, List<StampedeGuard.Flight<V>> flights, List<RunRegistry<K>.Run> started,
      Map<K, V> made, Throwable error, EntryOptions options, Set<String> tags) {
    Throwable failure = error != null ? Failures.unwrap(error) : parts.nullIn(led, made);
    if (failure != null) {
      LOG.debug("cache '{}': eager refresh of {} keys failed", parts.name, led.size(), failure);
      for (int i = 0; i < led.size(); i++) {
        parts.events.backgroundFactoryError(led.get(i), failure);
        started.get(i).close();
        parts.guard.land(led.get(i), flights.get(i), null, failure);
      }
      return;
    }
    LevelBatch batch = parts.distributed.batch();
    try {
      for (int i = 0; i < led.size(); i++) {
        K key = led.get(i);
        CacheEntry<V> entry = null;
        Throwable outcome = null;
        try {
          V value = made.get(key);
          if (value == null) {
            outcome = BulkParts.LEFT_OUT;
          } else {
            entry = CacheEntry.create(value, parts.clock.stamp(), options, tags, null, null);
            parts.distributed.refuseUnwritable(key, entry, options); // re-throwing: nothing is cached
            if (parts.pipeline.save(key, entry, options, started.get(i))) {
              parts.distributed.loadedIn(batch, key, entry, options);
            }
            parts.events.backgroundFactorySuccess(key);
          }
        } catch (Throwable t) {
          parts.events.backgroundFactoryError(key, t);
          entry = null;
          outcome = t;
        } finally {
          started.get(i).close();
          parts.guard.land(key, flights.get(i), entry, outcome);
        }
      }
    } finally {
      if (batch != null) {
        batch.send();
      }
    }
  }
}
