package io.hybridcache;

/**
 * A snapshot of one cache's counters since it was created. Counts only grow; compare two snapshots for a rate.
 *
 * @param hits reads that found a fresh value
 * @param staleHits reads that returned a fallback value (fail-safe, or {@code allowStaleOnReadOnly})
 * @param misses reads that found no usable value
 * @param sets values written (by {@code set} or a factory)
 * @param removes keys removed
 * @param expires keys expired logically
 * @param factoryRuns factory runs started (foreground, background and eager refreshes)
 * @param factoryErrors factory runs that failed
 * @param factoryTimeouts factory runs abandoned by a timeout
 * @param failSafeActivations fallback values returned because a factory failed or timed out
 * @param eagerRefreshes background refreshes started by a hit past the threshold
 * @param backgroundFactorySuccesses background factory runs that completed and updated the cache
 * @param backgroundFactoryErrors background factory runs that failed
 * @param droppedBackgroundTasks background tasks refused because the background executor was saturated (each logged)
 * @param listenerErrors listener invocations that threw
 */
public record HybridCacheStats(
    long hits,
    long staleHits,
    long misses,
    long sets,
    long removes,
    long expires,
    long factoryRuns,
    long factoryErrors,
    long factoryTimeouts,
    long failSafeActivations,
    long eagerRefreshes,
    long backgroundFactorySuccesses,
    long backgroundFactoryErrors,
    long droppedBackgroundTasks,
    long listenerErrors) {}
