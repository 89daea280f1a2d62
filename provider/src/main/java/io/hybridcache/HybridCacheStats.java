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
 * @param distributedHits reads of the distributed level that found a usable entry
 * @param distributedMisses reads of the distributed level that found nothing (or only an entry past its life)
 * @param distributedErrors distributed-level operations that failed (each logged)
 * @param serializationErrors values or envelopes that could not be encoded or decoded (each logged)
 * @param backplaneMessages notifications from other nodes applied to this node's memory level
 * @param backplaneErrors notifications that could not be published (each logged)
 * @param autoRecoveryReplays failed distributed operations made again later (or found no longer wanted)
 * @param autoRecoveryDrops failed distributed operations given up: the queue was full or the retries ran out (each
 *     logged)
 * @param distributedLocksMissed operations that went on without the cluster-wide lock of their key, with distributed
 *     locking on: the wait passed or the locker failed (each logged)
 * @param distributedWrites changes this node made to the distributed level that succeeded (writes, removals and
 *     expirations of entries; replays by auto-recovery are counted in {@code autoRecoveryReplays})
 * @param evictions entries the memory level dropped to stay within its size or weight bound (not the ones that
 *     expired, were removed or replaced)
 * @param backplaneMessagesSent notifications of this cache's changes (tag removals and clears included) this node
 *     published: on their own, or with the distributed write they announce (a write the level refused, or that failed,
 *     publishes nothing and counts nothing; a bulk write counts one per key written; a replay by auto-recovery that
 *     publishes counts too)
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
    long listenerErrors,
    long distributedHits,
    long distributedMisses,
    long distributedErrors,
    long serializationErrors,
    long backplaneMessages,
    long backplaneErrors,
    long autoRecoveryReplays,
    long autoRecoveryDrops,
    long distributedLocksMissed,
    long distributedWrites,
    long evictions,
    long backplaneMessagesSent) {}
