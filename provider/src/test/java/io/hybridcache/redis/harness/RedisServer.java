package io.hybridcache.redis.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throw-away {@code redis-server} child process on a free port of 127.0.0.1, for one test (or one test class), with
 * the faults a test injects: {@link #kill()}, {@link #pause()}, {@link #resume()}, {@link #restart()}.
 *
 * <p>The server keeps nothing on disk ({@code --save ""}, {@code --appendonly no}) and writes its output to a fresh log
 * file under {@code target/redis-logs/} at each (re)start. {@link #start()} returns only once the server answers PING
 * (after AUTH when it has a password); if it does not within the start timeout, it fails with the tail of that log.
 *
 * <p>{@link #close()} stops the process; servers never closed are closed when the JVM shuts down (see
 * {@link LiveServers}). Methods changing the process are synchronized; {@link #command} is not, so a test may talk to
 * the server while another thread pauses or kills it.
 */
public final class RedisServer implements AutoCloseable {
  private static final Path LOG_DIR = Path.of("target", "redis-logs").toAbsolutePath();
  private static final AtomicLong LAUNCHES = new AtomicLong();
  private static final int FREE_PORT_ATTEMPTS = 10;
  private static final Duration RESTART_BIND_RETRY = Duration.ofSeconds(5);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  private static final int LOG_TAIL_LINES = 30;

  private final Path executable;
  private final Options options;
  private int port;
  private Process process;
  private Path logFile;
  private boolean paused;
  private boolean closed;

  private RedisServer(Path executable, Options options) {
    this.executable = executable;
    this.options = options;
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
   * @throws IllegalStateException when {@code redis-server} is not installed (the message says how to install it),
   *     when no free port could be bound, or when the server exits or stays silent (the message holds the log tail)
   * @throws org.opentest4j.TestAbortedException when {@code redis-server} is not installed and the system property
   *     {@code hybridcache.redis.optional} is {@code true}
   */
  public static RedisServer start(Options options) {
    Objects.requireNonNull(options, "options");
    Path executable = options.executable == null
        ? RedisBinary.find()
        : RedisBinary.find(options.executable, null, Boolean.getBoolean(RedisBinary.OPTIONAL_PROPERTY));
    RedisServer server = new RedisServer(executable, options);
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

  /** {@code "redis://127.0.0.1:<port>"}, without the password. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** The password the server requires, or null when it requires none. */
  public String password() {
    return options.password;
  }

  /** The operating-system id of the current process; it changes at each {@link #restart()}. */
  public synchronized long pid() {
    return process.pid();
  }

  /** The log file of the current process. */
  public synchronized Path logFile() {
    return logFile;
  }

  /** Whether the process is alive (true also while it is paused). */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Whether the process was paused by {@link #pause()} and not resumed since. */
  public synchronized boolean isPaused() {
    return paused && isRunning();
  }

  /**
   * Kills the process with SIGKILL and waits for it to be gone: clients then get "connection refused". Does nothing
   * when the process is already dead. Data is lost; {@link #restart()} brings an empty server back.
   */
  public synchronized void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      awaitExit(process, STOP_TIMEOUT);
    }
    paused = false;
  }

  /**
   * Freezes the process with SIGSTOP and returns once it is stopped (as reported by {@code /proc} on Linux): the port
   * still accepts TCP connections (the kernel does) but no command is answered until {@link #resume()}.
   *
   * @throws IllegalStateException when the process is not running
   */
  public synchronized void pause() {
    requireRunning("pause");
    signal("STOP");
    paused = true;
    awaitProcessState('T', true);
  }

  /** Wakes a paused process with SIGCONT; commands queued meanwhile are answered. Does nothing when not paused. */
  public synchronized void resume() {
    if (!paused || !isRunning()) {
      paused = false;
      return;
    }
    signal("CONT");
    paused = false;
    awaitProcessState('T', false);
  }

  /**
   * Kills the process (SIGKILL) and starts a new, empty one on the same port, returning once it answers PING. If the
   * port cannot be bound right away (still held by the dying process or in TIME_WAIT), binding is retried for 5 s.
   *
   * @throws IllegalStateException when the server was closed, or the new process does not come up
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("cannot restart a closed server (port " + port + ")");
    }
    kill();
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
    RespClient client = RespClient.connect(port, timeout);
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
   * Stops the process and waits for it to be gone: SIGCONT first when paused, then SIGTERM, then SIGKILL if it is still
   * alive after 5 s. Idempotent; never throws for a process that is already dead.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (process != null && process.isAlive()) {
        if (paused) {
          signal("CONT");
        }
        process.destroy();
        if (!awaitExit(process, STOP_TIMEOUT)) {
          process.destroyForcibly();
          awaitExit(process, STOP_TIMEOUT);
        }
      }
    } finally {
      paused = false;
      LiveServers.remove(this);
    }
  }

  @Override
  public String toString() {
    return "RedisServer[" + uri() + (isRunning() ? ", pid " + pid() : ", not running") + "]";
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

  /** Starts the process on {@code port}, retrying while the port is taken until {@code bindRetryDeadline}. */
  private synchronized void launch(int port, long bindRetryDeadline) {
    this.port = port;
    while (true) {
      try {
        startProcess();
        awaitReady(System.nanoTime() + options.startTimeout.toNanos());
        return;
      } catch (PortTaken e) {
        if (System.nanoTime() - bindRetryDeadline >= 0) {
          throw e;
        }
        sleep(Duration.ofMillis(50));
      }
    }
  }

  private void startProcess() {
    try {
      Files.createDirectories(LOG_DIR);
      String name = "redis-" + port + "-" + LAUNCHES.incrementAndGet();
      logFile = LOG_DIR.resolve(name + ".log");
      List<String> command = new ArrayList<>();
      command.add(executable.toString());
      if (!options.configLines.isEmpty()) {
        Path config = LOG_DIR.resolve(name + ".conf");
        Files.write(config, options.configLines, StandardCharsets.UTF_8);
        command.add(config.toString());
      }
      command.addAll(List.of(
          "--port", Integer.toString(port),
          "--bind", "127.0.0.1",
          "--save", "",
          "--appendonly", "no",
          "--daemonize", "no",
          "--protected-mode", "no",
          "--dir", LOG_DIR.toString()));
      if (options.password != null) {
        command.addAll(List.of("--requirepass", options.password));
      }
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(logFile.toFile())
          .start();
      paused = false;
    } catch (IOException e) {
      throw new UncheckedIOException("could not launch " + executable, e);
    }
  }

  /**
   * Polls until our process answers PING, making sure through INFO that the answer comes from our process and not
   * from another server that took the port first.
   */
  private void awaitReady(long deadline) {
    while (true) {
      if (!process.isAlive()) {
        awaitExit(process, STOP_TIMEOUT);
        String tail = logTail();
        if (tail.contains("Address already in use")) {
          throw new PortTaken(port, tail);
        }
        throw new IllegalStateException("redis-server on port " + port + " exited with code " + process.exitValue()
            + " before answering PING. Log " + logFile + ":\n" + tail);
      }
      if (answersAsOurProcess()) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        long pid = process.pid();
        process.destroyForcibly();
        awaitExit(process, STOP_TIMEOUT);
        throw new IllegalStateException("redis-server (pid " + pid + ") did not answer PING on port " + port
            + " within " + options.startTimeout + ". Log " + logFile + ":\n" + logTail());
      }
      sleep(Duration.ofMillis(20));
    }
  }

  private boolean answersAsOurProcess() {
    try (RespClient client = connect(Duration.ofMillis(500))) {
      return "+PONG".equals(client.send("PING"))
          && String.valueOf(client.send("INFO", "server")).contains("process_id:" + process.pid() + "\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  private void requireRunning(String action) {
    if (!isRunning()) {
      throw new IllegalStateException("cannot " + action + " a server that is not running (port " + port + ")");
    }
  }

  /** Sends a signal with the {@code kill} command: Java itself can send neither SIGSTOP nor SIGCONT. */
  private void signal(String name) {
    long pid = process.pid();
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!kill.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + pid + " failed: " + output.strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run kill -" + name + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending SIG" + name + " to " + pid, e);
    }
  }

  /**
   * Waits until {@code /proc/<pid>/stat} shows the process in (or out of) {@code state}, for at most 2 s. Does nothing
   * where {@code /proc} is not available: the signal is then assumed to take effect at once.
   */
  private void awaitProcessState(char state, boolean expected) {
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() - deadline < 0) {
      String text;
      try {
        text = Files.readString(stat, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        return;
      }
      // the state follows the command name, which is in parentheses and may itself hold spaces or parentheses
      int afterName = text.lastIndexOf(')');
      if (afterName < 0 || afterName + 2 >= text.length()) {
        return;
      }
      if ((text.charAt(afterName + 2) == state) == expected) {
        return;
      }
      sleep(Duration.ofMillis(5));
    }
    throw new IllegalStateException("process " + process.pid() + " did not " + (expected ? "enter" : "leave")
        + " state " + state + " within 2 s");
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free port", e);
    }
  }

  private static boolean awaitExit(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }

  /** Redis could not bind the port: another process holds it. */
  private static final class PortTaken extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTaken(int port, String logTail) {
      super("port " + port + " is taken:\n" + logTail);
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

    private Options(String password, List<String> configLines, String executable, Duration startTimeout) {
      this.password = password;
      this.configLines = List.copyOf(configLines);
      this.executable = executable;
      this.startTimeout = startTimeout;
    }

    /** No password, no extra configuration, 10 s start timeout. */
    public static Options defaults() {
      return new Options(null, List.of(), null, Duration.ofSeconds(10));
    }

    /** Starts the server with {@code requirepass password}; the harness's own connections AUTH with it. */
    public Options password(String password) {
      return new Options(Objects.requireNonNull(password, "password"), configLines, executable, startTimeout);
    }

    /**
     * Adds a line to the configuration file the server starts with, e.g. {@code "maxmemory 10mb"}. The harness's own
     * settings (port, bind, persistence, password) are passed on the command line and win over the file.
     */
    public Options configLine(String line) {
      List<String> lines = new ArrayList<>(configLines);
      lines.add(Objects.requireNonNull(line, "line"));
      return new Options(password, lines, executable, startTimeout);
    }

    /** Uses this executable instead of looking for {@code redis-server}. */
    public Options executable(String path) {
      return new Options(password, configLines, Objects.requireNonNull(path, "path"), startTimeout);
    }

    /** How long {@link RedisServer#start} and {@link RedisServer#restart} wait for the server to answer PING. */
    public Options startTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("start timeout must be positive: " + timeout);
      }
      return new Options(password, configLines, executable, timeout);
    }
  }
}
