package io.hybridcache.redis.harness;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis in a Docker container started through Testcontainers, for machines with a Docker engine but no
 * {@code redis-server} binary.
 *
 * <p>The image is {@code redis:7.0.15}, the version Debian's {@code redis-server} package installs on CI's machines,
 * so both backends run the same Redis. The container's port 6379 is published on 127.0.0.1 at the port
 * {@link RedisServer} chose, not at a random one, so that a new container after {@link #kill()} comes back on the same
 * port and clients reconnect to it. Faults go through the engine: kill is {@code docker kill} (SIGKILL), pause and
 * resume are {@code docker pause} and {@code unpause} (the cgroup freezer: the published port still accepts TCP
 * connections, no command is answered), and each launch is a new container, so it starts empty. The options'
 * password and configuration lines reach Redis as in a process: {@code --requirepass}, and a configuration file
 * (copied into the container) named first on the command line. The container's output is copied to a log file under
 * {@code target/redis-logs/}.
 *
 * <p>{@link #pid()} is the host PID of the container's main process (redis-server) as {@code docker inspect} reports
 * it: a process of this machine on Linux, but one inside the engine's virtual machine with Docker Desktop. Redis's own
 * INFO says {@code process_id:1}, its PID in the container. {@link #stop()} removes the container; Testcontainers'
 * reaper removes it too if the JVM dies first.
 *
 * <p>Redis is reached on 127.0.0.1, so the engine must publish ports on this machine: a remote {@code DOCKER_HOST} is
 * refused with a message.
 */
final class ContainerBackend implements RedisBackend {
  static final DockerImageName IMAGE = DockerImageName.parse("redis:7.0.15");
  private static final int REDIS_PORT = 6379;
  private static final String CONFIG_PATH = "/usr/local/etc/redis/hybridcache.conf";
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "::1");
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);
  private static final AtomicLong LAUNCHES = new AtomicLong();

  private final LaunchSettings settings;
  private GenericContainer<?> container;
  private int port;
  private long pid;
  private Path logFile;
  private boolean paused;

  ContainerBackend(LaunchSettings settings) {
    this.settings = settings;
  }

  @Override
  public void launch(int port, Connector connector) {
    if (settings.tls() != null) {
      throw new IllegalStateException("a TLS Redis needs the redis-server binary (apt-get install redis-server): "
          + "the container backend does not carry the certificate files into the container");
    }
    requireLocalEngine();
    removeContainer();
    this.port = port;
    logFile = newLogFile();
    GenericContainer<?> created = newContainer();
    try {
      created.start();
    } catch (RuntimeException e) {
      created.stop();
      if (saysPortTaken(e)) {
        throw new PortTaken(port, String.valueOf(e.getCause()));
      }
      throw new IllegalStateException("the Redis container (" + IMAGE + ") did not start on port " + port + ". Log "
          + logFile + ":\n" + LogTail.of(logFile), e);
    }
    container = created;
    paused = false;
    pid = inspect().getState().getPidLong();
    awaitPing(connector, System.nanoTime() + settings.startTimeout().toNanos());
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public Path logFile() {
    return logFile;
  }

  @Override
  public boolean isRunning() {
    if (container == null) {
      return false;
    }
    try {
      return Boolean.TRUE.equals(inspect().getState().getRunning());
    } catch (NotFoundException e) {
      return false;
    }
  }

  @Override
  public boolean isPaused() {
    return paused && isRunning();
  }

  /** {@code docker kill}; then waits until the container is down and the port refuses connections. */
  @Override
  public void kill() {
    if (isRunning()) {
      try {
        docker().killContainerCmd(container.getContainerId()).exec();
      } catch (DockerException e) {
        // an engine that will not kill a paused container: thaw it, then kill
        docker().unpauseContainerCmd(container.getContainerId()).exec();
        docker().killContainerCmd(container.getContainerId()).exec();
      }
      awaitDown();
    }
    paused = false;
  }

  @Override
  public void pause() {
    if (!isRunning()) {
      throw new IllegalStateException("cannot pause a server that is not running (port " + port + ")");
    }
    docker().pauseContainerCmd(container.getContainerId()).exec();
    paused = true;
    if (!Boolean.TRUE.equals(inspect().getState().getPaused())) {
      throw new IllegalStateException("container " + shortId() + " is not paused after docker pause");
    }
  }

  @Override
  public void resume() {
    if (!paused || !isRunning()) {
      paused = false;
      return;
    }
    docker().unpauseContainerCmd(container.getContainerId()).exec();
    paused = false;
  }

  @Override
  public void stop() {
    try {
      if (paused && isRunning()) {
        docker().unpauseContainerCmd(container.getContainerId()).exec();
      }
    } catch (RuntimeException e) {
      // removing the container below kills it anyway
    } finally {
      paused = false;
      removeContainer();
    }
  }

  @Override
  public String describe() {
    return isRunning() ? "container " + shortId() + ", pid " + pid : "not running";
  }

  private GenericContainer<?> newContainer() {
    List<String> command = new ArrayList<>(List.of("redis-server"));
    GenericContainer<?> created = new GenericContainer<>(IMAGE);
    if (!settings.configLines().isEmpty()) {
      command.add(CONFIG_PATH);
      created.withCopyToContainer(Transferable.of(String.join("\n", settings.configLines()) + "\n"), CONFIG_PATH);
    }
    command.addAll(settings.arguments(REDIS_PORT, "0.0.0.0", "/data"));
    created.withCommand(command.toArray(String[]::new))
        .withLogConsumer(new LogFileWriter(logFile))
        .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1)
            .withStartupTimeout(settings.startTimeout()));
    created.setPortBindings(List.of("127.0.0.1:" + port + ":" + REDIS_PORT));
    return created;
  }

  /** Polls until Redis answers PING through the published port (the engine's proxy accepts before Redis listens). */
  private void awaitPing(Connector connector, long deadline) {
    while (true) {
      try (RespClient client = connector.connect(Duration.ofMillis(500))) {
        if ("+PONG".equals(client.send("PING"))) {
          return;
        }
      } catch (IOException e) {
        // not yet
      }
      if (System.nanoTime() - deadline >= 0) {
        String id = shortId();
        removeContainer();
        throw new IllegalStateException("the Redis container " + id + " did not answer PING on port " + port
            + " within " + settings.startTimeout() + ". Log " + logFile + ":\n" + LogTail.of(logFile));
      }
      Pause.of(Duration.ofMillis(20));
    }
  }

  private void awaitDown() {
    long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
    while (isRunning() || acceptsConnections()) {
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException("container " + shortId() + " still serves port " + port + " "
            + KILL_TIMEOUT.toSeconds() + " s after docker kill");
      }
      Pause.of(Duration.ofMillis(20));
    }
  }

  private boolean acceptsConnections() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private void removeContainer() {
    if (container != null) {
      try {
        container.stop();
      } catch (RuntimeException e) {
        // already gone; the reaper removes whatever is left when the JVM exits
      }
      container = null;
    }
  }

  private static void requireLocalEngine() {
    String host = DockerClientFactory.instance().dockerHostIpAddress();
    if (!LOCAL_HOSTS.contains(host)) {
      throw new IllegalStateException("the Redis test harness reaches Redis on 127.0.0.1, but the Docker engine"
          + " publishes ports on " + host + ": run the tests where the engine runs, or install redis-server. "
          + RedisBinary.INSTALL_HINT);
    }
  }

  private static boolean saysPortTaken(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("port is already allocated") || message.contains("address already in use")) {
        return true;
      }
    }
    return false;
  }

  private Path newLogFile() {
    Path file = ProcessBackend.LOG_DIR.resolve("redis-container-" + port + "-" + LAUNCHES.incrementAndGet() + ".log");
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[0]);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not create " + file, e);
    }
  }

  private InspectContainerResponse inspect() {
    return docker().inspectContainerCmd(container.getContainerId()).exec();
  }

  private DockerClient docker() {
    return container.getDockerClient();
  }

  private String shortId() {
    String id = container == null ? null : container.getContainerId();
    return id == null ? "(removed)" : id.substring(0, Math.min(12, id.length()));
  }

  /** Appends the container's output to its log file, as a process's output goes to its own. */
  private static final class LogFileWriter implements Consumer<OutputFrame> {
    private final Path file;

    LogFileWriter(Path file) {
      this.file = file;
    }

    @Override
    public synchronized void accept(OutputFrame frame) {
      byte[] bytes = frame.getBytes();
      if (bytes == null) {
        return;
      }
      try {
        Files.write(file, bytes, StandardOpenOption.APPEND);
      } catch (IOException e) {
        // a lost log line must not fail the test; the log says so
        try {
          Files.writeString(file, "(log line lost: " + e + ")\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
          // nothing more to do
        }
      }
    }
  }
}
