/**
 * Real, disposable Redis servers for tests.
 *
 * <p>The contract every Redis test follows: it never talks to a shared Redis (not even 127.0.0.1:6379); it starts its
 * own {@code redis-server} child process on a free port with {@link io.hybridcache.redis.harness.RedisServer#start()}
 * (or one per test class with {@link io.hybridcache.redis.harness.RedisServerExtension}), so it may kill, pause,
 * resume or restart that process to inject faults without disturbing anything else.
 *
 * <p>The servers are throw-away: no RDB snapshot, no AOF, bound to 127.0.0.1 only, output logged to
 * {@code target/redis-logs/}. A restarted server comes back on the same port with no data.
 *
 * <p>When the {@code redis-server} binary cannot be found, starting a server fails with a message saying how to install
 * it ({@code apt-get install redis-server}); CI must run these tests, not skip them. A developer without Redis may set
 * the system property {@code hybridcache.redis.optional=true}: the tests are then skipped through a JUnit assumption.
 * The system property {@code hybridcache.redis.server} names the binary explicitly when it is not on the {@code PATH}.
 *
 * <p>Every started server is closed when the test JVM shuts down normally, even if a test forgot to close it. A JVM
 * killed with SIGKILL runs no shutdown hook: its servers survive it and must be killed by hand.
 */
package io.hybridcache.redis.harness;
