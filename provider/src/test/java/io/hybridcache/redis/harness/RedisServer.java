package io.hybridcache.redis.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A throw-away Redis on a free port of 127.0.0.1, for one test (or one test class), with the faults a test injects:
 * {@link #kill()}, {@link #pause()}, {@link #resume()}, {@link #restart()}.
 *
 * <p>Redis runs as a {@code redis-server} child process when the binary is found ({@link ProcessBackend}); where it is
 * not but a Docker engine runs, in a {@code redis:7.0.15} container started through Testcontainers
 * ({@link ContainerBackend}), with the same behaviour seen from a client; otherwise {@link #start} fails saying how to
 * install Redis (see {@link BackendSelection}). Docker is only looked for when the binary is missing.
 *
 * <p>The server keeps nothing on disk ({@code --save ""}, {@code --appendonly no}) and its output goes to a fresh log
 * file under {@code target/redis-logs/} at each (re)start. {@link #start()} returns only once the server answers PING
 * (after AUTH when it has a password); if it does not within the start timeout, it fails with the tail of that log.
 *
 * <p>{@link #close()} stops the server; servers never closed are closed when the JVM shuts down (see
 * {@link LiveServers}). Methods changing the server are synchronized; {@link #command} is not, so a test may talk to
 * the server while another thread pauses or kills it.
 */
public final class RedisServer implements AutoCloseable {
  private static final int FREE_PORT_ATTEMPTS = 10;
  private static final Duration RESTART_BIND_RETRY = Duration.ofSeconds(5);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

  private final Options options;
  private final RedisBackend backend;
  private final boolean inContainer;
  private int port;
  private boolean closed;

  private RedisServer(Options options, BackendSelection.Choice choice) {
    this.options = options;
    this.backend = choice.newBackend(options.launchSettings());
    this.inContainer = choice.inContainer();
  }

  /** Starts a server with the default {@link Options}: no password, no extra configuration. */
  public static RedisServer start() {
    return start(Options.defaults());
  }

  /**
   * Starts a server on a free port and waits until it answers PING.
   *
   * <p>The port is found by binding a socket on port 0 and closing it; if another process takes it before Redis binds
   * it, another port is tried (up to 10 times).
   *
   * @throws IllegalStateException when there is neither a {@code redis-server} binary nor a Docker engine (the message
   *     says how to install Redis), when a named binary is not executable, when no free port could be bound, or when
   *     the server exits or stays silent (the message holds the log tail)
   * @throws org.opentest4j.TestAbortedException when there is neither a binary nor Docker and the system property
   *     {@code hybridcache.redis.optional} is {@code true}
   */
  public static RedisServer start(Options options) {
    Objects.requireNonNull(options, "options");
    RedisBinary.Lookup lookup = options.executable == null
        ? RedisBinary.locate()
        : RedisBinary.locate(options.executable, null);
    return start(options, BackendSelection.select(
        lookup, DockerEngine::isAvailable, Boolean.getBoolean(RedisBinary.OPTIONAL_PROPERTY)));
  }

  /** Starts a server on the backend {@code choice} names, whatever is installed (for the container backend's test). */
  static RedisServer start(Options options, BackendSelection.Choice choice) {
    RedisServer server = new RedisServer(options, choice);
    LiveServers.add(server);
    try {
      server.launchOnFreePort();
      return server;
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  /** The TCP port the server listens on (the same across {@link #restart()}). */
  public int port() {
    return port;
  }

  /** {@code "redis://127.0.0.1:<port>"} ({@code rediss://} with {@link Options#tls}), without the password. */
  public String uri() {
    return (options.tls == null ? "redis" : "rediss") + "://127.0.0.1:" + port;
  }

  /** The TLS identity the server serves with ({@link Options#tls}), or null for plain TCP. */
  public RedisTls tls() {
    return options.tls;
  }

  /** The password the server requires, or null when it requires none. */
  public String password() {
    return options.password;
  }

  /**
   * Whether Redis runs in a Docker container (no {@code redis-server} binary here) rather than as a child process.
   * What differs then: {@link #pid()} is the container's main process as the engine sees it, and Redis's INFO reports
   * its PID inside the container instead.
   */
  public boolean inContainer() {
    return inContainer;
  }

  /**
   * The operating-system id of the current Redis process; it changes at each {@link #restart()}. For a container, the
   * host PID of its main process that {@code docker inspect} reports (inside the engine's VM with Docker Desktop).
   */
  public synchronized long pid() {
    return backend.pid();
  }

  /** The log file of the current Redis: its output, or the container's. */
  public synchronized Path logFile() {
    return backend.logFile();
  }

  /** Whether Redis is alive (true also while it is paused). */
  public synchronized boolean isRunning() {
    return backend.isRunning();
  }

  /** Whether Redis was paused by {@link #pause()} and not resumed since. */
  public synchronized boolean isPaused() {
    return backend.isPaused();
  }

  /**
   * Kills Redis (SIGKILL, or {@code docker kill}) and waits for it to be gone: clients then get "connection refused".
   * Does nothing when it is already dead. Data is lost; {@link #restart()} brings an empty server back.
   */
  public synchronized void kill() {
    backend.kill();
  }

  /**
   * Freezes Redis (SIGSTOP, or {@code docker pause}) and returns once it is frozen: the port still accepts TCP
   * connections but no command is answered until {@link #resume()}.
   *
   * @throws IllegalStateException when Redis is not running
   */
  public synchronized void pause() {
    backend.pause();
  }

  /** Wakes a paused Redis (SIGCONT, or {@code docker unpause}); commands queued meanwhile are answered. */
  public synchronized void resume() {
    backend.resume();
  }

  /**
   * Kills Redis and starts a new, empty one on the same port, returning once it answers PING. If the port cannot be
   * bound right away (still held by the dying process or in TIME_WAIT), binding is retried for 5 s.
   *
   * @throws IllegalStateException when the server was closed, or the new Redis does not come up
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("cannot restart a closed server (port " + port + ")");
    }
    backend.kill();
    launch(port, System.nanoTime() + RESTART_BIND_RETRY.toNanos());
  }

  /**
   * Sends one command on a fresh connection (authenticated when the server has a password) and returns the reply as
   * {@link RespClient#send} describes it, e.g. {@code command("DBSIZE")} returns {@code ":0"}, {@code command("GET",
   * "k")} the value or null. Waits at most 5 s for the connection and for the reply.
   *
   * @throws UncheckedIOException when the server cannot be reached or does not answer in time
   */
  public String command(String... args) {
    try (RespClient client = connect(COMMAND_TIMEOUT)) {
      return client.send(args);
    } catch (IOException e) {
      throw new UncheckedIOException("command " + String.join(" ", args) + " on port " + port + " failed", e);
    }
  }

  /**
   * Opens a connection, authenticated when the server has a password, whose connect and reads time out after
   * {@code timeout}. The caller closes it.
   *
   * @throws IOException when the server refuses the connection, or AUTH fails or times out
   */
  public RespClient connect(Duration timeout) throws IOException {
    RespClient client = options.tls == null ? RespClient.connect(port, timeout)
        : RespClient.connect(port, timeout, options.tls.socketFactory());
    try {
      if (options.password != null) {
        String reply = client.send("AUTH", options.password);
        if (!"+OK".equals(reply)) {
          throw new IOException("AUTH on port " + port + " answered " + reply);
        }
      }
      return client;
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * Stops Redis and waits for it to be gone. A process gets SIGCONT first when paused, then SIGTERM, then SIGKILL if it
   * is still alive after 5 s; a container is unpaused and removed. Idempotent; never throws for a Redis that is
   * already dead.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      backend.stop();
    } finally {
      LiveServers.remove(this);
    }
  }

  @Override
  public String toString() {
    return "RedisServer[" + uri() + ", " + backend.describe() + "]";
  }

  private void launchOnFreePort() {
    PortTaken last = null;
    for (int attempt = 0; attempt < FREE_PORT_ATTEMPTS; attempt++) {
      try {
        launch(freePort(), System.nanoTime());
        return;
      } catch (PortTaken e) {
        last = e;
      }
    }
    throw new IllegalStateException("no free port could be bound in " + FREE_PORT_ATTEMPTS + " attempts", last);
  }

  /** Launches Redis on {@code port}, retrying while the port is taken until {@code bindRetryDeadline}. */
  private synchronized void launch(int port, long bindRetryDeadline) {
    this.port = port;
    while (true) {
      try {
        backend.launch(port, this::connect);
        return;
      } catch (PortTaken e) {
        if (System.nanoTime() - bindRetryDeadline >= 0) {
          throw e;
        }
        Pause.of(Duration.ofMillis(50));
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free port", e);
    }
  }

  /**
   * How to start a server: immutable, each setter returns a copy. Defaults: no password, no extra configuration, the
   * {@code redis-server} found by {@link RedisBinary}, 10 s to answer PING.
   */
  public static final class Options {
    private final String password;
    private final List<String> configLines;
    private final String executable;
    private final Duration startTimeout;
    private final RedisTls tls;

    private Options(String password, List<String> configLines, String executable, Duration startTimeout,
        RedisTls tls) {
      this.password = password;
      this.configLines = List.copyOf(configLines);
      this.executable = executable;
      this.startTimeout = startTimeout;
      this.tls = tls;
    }

    /** No password, no extra configuration, 10 s start timeout. */
    public static Options defaults() {
      return new Options(null, List.of(), null, Duration.ofSeconds(10), null);
    }

    /** Starts the server with {@code requirepass password}; the harness's own connections AUTH with it. */
    public Options password(String password) {
      return new Options(Objects.requireNonNull(password, "password"), configLines, executable, startTimeout, tls);
    }

    /**
     * Adds a line to the configuration file the server starts with, e.g. {@code "maxmemory 10mb"}. The harness's own
     * settings (port, bind, persistence, password) are passed on the command line and win over the file.
     */
    public Options configLine(String line) {
      List<String> lines = new ArrayList<>(configLines);
      lines.add(Objects.requireNonNull(line, "line"));
      return new Options(password, lines, executable, startTimeout, tls);
    }

    /**
     * Uses this executable instead of looking for {@code redis-server}. When it is not an executable file, starting
     * fails (or skips, when Redis is optional): a named binary is never replaced by a container.
     */
    public Options executable(String path) {
      return new Options(password, configLines, Objects.requireNonNull(path, "path"), startTimeout, tls);
    }

    /**
     * How long {@link RedisServer#start} and {@link RedisServer#restart} wait for the server to answer PING (for a
     * container, once its image is there: pulling it the first time is not counted).
     */
    public Options startTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("start timeout must be positive: " + timeout);
      }
      return new Options(password, configLines, executable, timeout, tls);
    }

    /**
     * Serves TLS only, with {@code tls}'s certificate and key, on the server's port ({@code --tls-port}; plain TCP is
     * off, {@code --port 0}, so a client that does not speak TLS gets nowhere); clients need not present a
     * certificate. {@link RedisServer#uri()} is then {@code rediss://...} and the harness's own connections use TLS.
     * Needs the {@code redis-server} binary (built with TLS, as Debian's is): containers are not given the files.
     */
    public Options tls(RedisTls tls) {
      return new Options(password, configLines, executable, startTimeout, Objects.requireNonNull(tls, "tls"));
    }

    LaunchSettings launchSettings() {
      return new LaunchSettings(password, configLines, startTimeout, tls);
    }
  }
}
