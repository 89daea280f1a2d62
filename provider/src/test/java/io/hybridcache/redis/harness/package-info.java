/**
 * Real, disposable Redis servers for tests.
 *
 * <p>The contract every Redis test follows: it never talks to a shared Redis (not even 127.0.0.1:6379); it starts its
 * own Redis on a free port with {@link io.hybridcache.redis.harness.RedisServer#start()} (or one per test class with
 * {@link io.hybridcache.redis.harness.RedisServerExtension}), so it may kill, pause, resume or restart it to inject
 * faults without disturbing anything else.
 *
 * <p>What runs Redis ({@link io.hybridcache.redis.harness.BackendSelection}):
 * <ul>
 *   <li>a {@code redis-server} binary is found (system property {@code hybridcache.redis.server}, else the
 *       {@code PATH}): a child process, as on CI's machines. Docker is then never looked for, so nothing
 *       Docker-related runs or logs;
 *   <li>no binary on the {@code PATH}, but a Docker engine runs (as Testcontainers finds it): a {@code redis:7.0.15}
 *       container, the version of CI's Debian package, whose port 6379 is published at the chosen port of 127.0.0.1.
 *       Faults go through the engine ({@code docker kill}, {@code pause}, {@code unpause}; a restart is a new
 *       container on the same port) and look the same to a client. What differs: the first start pulls the image;
 *       {@code pid()} is the container's main process as the engine reports it (in the engine's VM with Docker
 *       Desktop) while Redis's INFO says its PID inside the container; the engine must publish ports on this machine
 *       (a remote {@code DOCKER_HOST} is refused). Testcontainers must be on the test class path (it is in every
 *       module that uses the harness);
 *   <li>neither: starting a server fails with a message saying how to install Redis ({@code apt-get install
 *       redis-server}) or start Docker; CI must run these tests, not skip them. A developer without either may set the
 *       system property {@code hybridcache.redis.optional=true}: the tests are then skipped through a JUnit
 *       assumption.
 * </ul>
 * A binary named explicitly that is not executable is reported, never replaced by a container. The container backend
 * has a test of its own, run only with {@code -Dhybridcache.redis.containerTests=true} where Docker runs.
 *
 * <p>The servers are throw-away: no RDB snapshot, no AOF, reachable on 127.0.0.1 only, output logged to
 * {@code target/redis-logs/}. A restarted server comes back on the same port with no data.
 *
 * <p>Every started server is closed when the test JVM shuts down normally, even if a test forgot to close it. A JVM
 * killed with SIGKILL runs no shutdown hook: its {@code redis-server} processes survive it and must be killed by hand
 * (containers are removed by Testcontainers' reaper).
 */
package io.hybridcache.redis.harness;
