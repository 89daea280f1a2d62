package io.hybridcache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * Real {@code redis-server} processes on free loopback ports (never 6379), without persistence, each in its own
 * temporary directory. {@link #close()} stops every process this instance started, by its own handle (PID), and
 * deletes the directories. Readiness is polled with a bounded deadline; nothing sleeps in place of a check.
 */
final class RedisProcesses implements AutoCloseable {
  private static final String LOOPBACK = "127.0.0.1";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private final List<Process> processes = new ArrayList<>();
  private final List<Path> directories = new ArrayList<>();

  /** Whether {@code redis-server} is on the PATH. */
  static boolean available() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "redis-server"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Skips the calling test class when {@code redis-server} is not on the PATH, except on CI (the environment variable
   * {@code CI} set), where its absence fails: .ci/run installs it, and the Redis tests must run there.
   */
  static void requireBinary() {
    boolean available = available();
    if (System.getenv("CI") != null) {
      assertThat(available).as("redis-server on the PATH (.ci/run installs it)").isTrue();
    }
    Assumptions.assumeTrue(available, "redis-server is not on the PATH");
  }

  /** The {@code redis} section (a Redisson configuration) of a single server on {@code port}. */
  static String singleServerSection(int port) {
    return """
        singleServerConfig:
          address: "redis://127.0.0.1:%d"
        """.formatted(port);
  }

  /** The {@code redis} section of the master {@code masterName} found through the sentinel on {@code port}. */
  static String sentinelSection(String masterName, int port) {
    return """
        sentinelServersConfig:
          masterName: "%s"
          sentinelAddresses:
            - "redis://127.0.0.1:%d"
          checkSentinelsList: false
        """.formatted(masterName, port);
  }

  /** The {@code redis} section of the cluster whose masters listen on {@code ports}. */
  static String clusterSection(List<Integer> ports) {
    StringBuilder section = new StringBuilder("clusterServersConfig:\n  nodeAddresses:\n");
    for (int port : ports) {
      section.append("    - \"redis://127.0.0.1:").append(port).append("\"\n");
    }
    return section.toString();
  }

  /** A stand-alone server; returns its port. */
  int startServer(String... extraArgs) throws IOException {
    int port = freePort(false);
    List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port)));
    args.addAll(List.of(extraArgs));
    start(port, null, args);
    return port;
  }

  /** A sentinel watching the master at {@code masterPort} as {@code masterName}, quorum 1; returns its port. */
  int startSentinel(String masterName, int masterPort) throws IOException {
    int port = freePort(false);
    String conf = "port " + port + "\nbind " + LOOPBACK + "\nsentinel monitor " + masterName + " " + LOOPBACK + " "
        + masterPort + " 1\n";
    start(port, conf, List.of("--sentinel"));
    return port;
  }

  /** A cluster of {@code masters} masters (no replicas) sharing the 16384 slots; returns their ports. */
  List<Integer> startCluster(int masters) throws IOException {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < masters; i++) {
      int port = freePort(true);
      start(port, null, List.of("--port", Integer.toString(port), "--cluster-enabled", "yes",
          "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"));
      ports.add(port);
    }
    int slotsPerNode = 16384 / masters;
    for (int i = 0; i < masters; i++) {
      int first = i * slotsPerNode;
      int last = i == masters - 1 ? 16383 : first + slotsPerNode - 1;
      expectOk(command(ports.get(i), "CLUSTER", "ADDSLOTSRANGE", Integer.toString(first), Integer.toString(last)));
    }
    for (int i = 1; i < masters; i++) {
      expectOk(command(ports.get(0), "CLUSTER", "MEET", LOOPBACK, Integer.toString(ports.get(i))));
    }
    for (int port : ports) {
      awaitReply(port, List.of("CLUSTER", "INFO"),
          info -> info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + masters));
    }
    return ports;
  }

  private void start(int port, String sentinelConf, List<String> args) throws IOException {
    Path dir = Files.createTempDirectory("hybridcache-it-redis-");
    directories.add(dir);
    List<String> command = new ArrayList<>(List.of("redis-server"));
    if (sentinelConf != null) {
      Path conf = dir.resolve("sentinel.conf");
      Files.writeString(conf, sentinelConf, StandardCharsets.UTF_8);
      command.add(conf.toString());
    }
    command.addAll(args);
    command.addAll(List.of("--bind", LOOPBACK, "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
    if (sentinelConf == null) {
      command.addAll(List.of("--save", "", "--appendonly", "no"));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile()).start();
    processes.add(process);
    awaitReply(port, List.of("PING"), "PONG"::equals);
  }

  private static void expectOk(String reply) {
    if (!"OK".equals(reply)) {
      throw new IllegalStateException("redis answered " + reply);
    }
  }

  private void awaitReply(int port, List<String> command, Predicate<String> ready) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      for (Process process : processes) {
        if (!process.isAlive()) {
          throw new IllegalStateException("redis-server exited with " + process.exitValue() + "; see " + directories);
        }
      }
      try {
        last = command(port, command.toArray(String[]::new));
        if (ready.test(last)) {
          return;
        }
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      try {
        TimeUnit.MILLISECONDS.sleep(50);   // poll interval, not an assertion
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("port " + port + " not ready after " + READY_TIMEOUT + ": " + last);
  }

  /** Sends one command in RESP and returns a simple, integer or bulk reply as text ("-..." for an error). */
  static String command(int port, String... args) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 1000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
      for (String arg : args) {
        request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
      }
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String line = readLine(in);
      switch (line.charAt(0)) {
        case '+', ':' -> {
          return line.substring(1);
        }
        case '-' -> {
          return line;
        }
        case '$' -> {
          int length = Integer.parseInt(line.substring(1));
          return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
        default -> throw new IOException("unexpected reply " + line);
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  /** A port free on the loopback now (and, for a cluster node, its bus port + 10000 too); never 6379. */
  private static int freePort(boolean withClusterBus) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 40_000);
      if (port != 6379 && bindable(port) && (!withClusterBus || bindable(port + 10_000))) {
        return port;
      }
    }
    throw new IOException("no free port found");
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException inUse) {
      return false;
    }
  }

  @Override
  public void close() {
    for (Process process : processes) {
      process.destroy();   // SIGTERM: redis-server exits at once without persistence
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Path dir : directories) {
      deleteRecursively(dir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}
