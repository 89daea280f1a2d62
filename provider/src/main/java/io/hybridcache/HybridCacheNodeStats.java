package io.hybridcache;

/**
 * A snapshot of one node's distributed parts: a JCache manager with a distributed level (see
 * {@code HybridCacheManager.nodeStats()}). Counts only grow; the two {@code ...Skipped} flags tell the state now.
 *
 * @param nodeId the node's id on the backplane
 * @param distributedLevel whether the node has a distributed level
 * @param backplane whether the node has a backplane
 * @param distributedLevelSkipped whether the distributed level's circuit breaker is open now (calls to it are skipped
 *     after a failure, for the configured duration); always false without a breaker
 * @param backplaneSkipped whether the backplane's circuit breaker is open now; always false without a breaker
 * @param distributedLevelFailing whether the node's last call to the distributed level failed (true from a failure
 *     until a call succeeds; with or without a circuit breaker)
 * @param backplaneFailing whether the node's last publish failed (true from a failure until a publish succeeds or a
 *     message arrives)
 * @param sequenceGaps gaps in the backplane's message sequence: messages lost silently, each answered by marking the
 *     caches' memory levels stale
 * @param undecodableMessages backplane messages whose key this node could not decode (each taken as lost)
 * @param messageSweeps times a cache's whole memory level was marked stale because of lost or refused messages
 * @param refusedFutureTimes messages, entries and barrier times refused for lying too far ahead of this node's clock
 * @param rejectedEnvelopes distributed-level envelopes refused for a missing or wrong signature
 * @param pendingRecoveries failed distributed operations of the node's caches waiting now for auto-recovery to make
 *     them again (not a count: it falls as they are made)
 */
public record HybridCacheNodeStats(
    String nodeId,
    boolean distributedLevel,
    boolean backplane,
    boolean distributedLevelSkipped,
    boolean backplaneSkipped,
    boolean distributedLevelFailing,
    boolean backplaneFailing,
    long sequenceGaps,
    long undecodableMessages,
    long messageSweeps,
    long refusedFutureTimes,
    long rejectedEnvelopes,
    long pendingRecoveries) {}
