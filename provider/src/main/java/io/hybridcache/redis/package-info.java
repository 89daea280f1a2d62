/**
 * The Redis implementations of the distributed level and the backplane, on Redisson: {@link
 * io.hybridcache.redis.RedisConnection} opens one node's client and hands out both.
 *
 * <h2>Contracts</h2>
 * <ul>
 *   <li><b>Keys and values:</b> the level stores the engine's envelopes as raw bytes under exactly the keys the engine
 *       builds ({@code {keyPrefix}:{cacheName}:{encodedKey}}), so {@code redis-cli GET shop:products:p1} reads them.
 *       A write's time to live is the entry's physical lifetime, in whole milliseconds rounded up ({@code PX});
 *       {@code ChronoUnit.FOREVER} means no TTL; a zero or negative one fails the write.
 *   <li><b>One round trip per write:</b> set, remove and compare-and-set each run one Lua script by SHA-1
 *       ({@code EVALSHA}; {@code EVAL} once when the server does not know it yet) that writes, then, given a
 *       notification, {@code INCR}s {@code {keyPrefix}:~seq} and {@code PUBLISH}es the notification with that
 *       sequence. The counter has one part after the prefix, where every entry, tag time and lock key has at least
 *       two, and a key prefix holds no separator: no cache name or key can produce it. Nodes of versions that counted
 *       in {@code {keyPrefix}:backplane:seq} publish the same messages on the same channel with numbers of their own
 *       counter: beside them, receivers see false gaps (logged, counted, every memory-level entry marked stale: safe,
 *       but more reads of Redis) until every node is upgraded; the old key can then be deleted. A compare-and-set compares the current bytes with the expected ones (none = must be absent)
 *       inside the script; when they differ it writes, counts and publishes nothing. A bulk write is one script call
 *       for up to 1,000 keys (or about 1 MiB), per hash slot in cluster mode, all calls in one pipelined batch; it
 *       counts its notices with one {@code INCRBY} and publishes them with consecutive sequences.
 *   <li><b>Wire format</b> (channel {@code {keyPrefix}:backplane:v1}): {@code <sequence>|<body>}, the sequence in
 *       ASCII decimal so the script can put it in front of the body Java encoded; the body is binary, versioned and
 *       starts with a magic (see {@code BackplaneWire}). A message that does not decode is logged at debug and
 *       ignored. Messages published by the backplane itself (no level write carries them: backplane-only nodes,
 *       {@code CLEAR}) carry sequence {@code 0}, meaning "none"; sequences are counted only by level writes, so they
 *       have no gaps of their own making. With message keys ({@code RedisConnection.open(config, prefix, keys)}) the
 *       body is signed (a bit in its type byte, a 32-byte HMAC-SHA256 after it; see {@code MessageSigner}): a
 *       connection with keys ignores unsigned and unverified bodies (logged once per cause, counted); one without
 *       keys reads signed bodies unchecked.
 *   <li><b>Cluster mode:</b> a script may touch the keys of one hash slot only, and the sequence key is not in the
 *       data key's. In cluster mode the scripts therefore write and publish without counting: every message carries
 *       sequence {@code 0}, and silent message loss cannot be detected by gaps (lost connections still are).
 *       Single server and sentinel count as described.
 *   <li><b>Subscriptions:</b> messages reach the listener on Redisson's listener threads, in order; when Redisson
 *       re-subscribes after a lost connection, the listener's {@code onResubscribed()} is called.
 *   <li><b>Threads and failures:</b> no call blocks its caller except {@code subscribe} (until Redis confirms) and
 *       {@code close}; futures complete off Redisson's I/O threads; a failure (connection refused, timeout, script
 *       error) completes the future exceptionally, after the retries and timeout of the Redisson configuration.
 * </ul>
 */
package io.hybridcache.redis;
