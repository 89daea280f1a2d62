package io.hybridcache.redis.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Redis as a {@code redis-server} child process bound to 127.0.0.1: kill is SIGKILL, pause and resume are SIGSTOP and
 * SIGCONT (sent with the {@code kill} command), stop is SIGTERM, then SIGKILL after 5 s. The process keeps nothing on
 * disk and writes its output to a fresh file under {@code target/redis-logs/} at each launch.
 */
final class ProcessBackend implements RedisBackend {
  static final Path LOG_DIR = Path.of("target", "redis-logs").toAbsolutePath();
  private static final AtomicLong LAUNCHES = new AtomicLong();
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final Path executable;
  private final LaunchSettings settings;
  private int port;
  private Process process;
  private Path logFile;
  private boolean paused;

  ProcessBackend(Path executable, LaunchSettings settings) {
    this.executable = executable;
    this.settings = settings;
  }

  @Override
  public void launch(int port, Connector connector) {
    this.port = port;
    startProcess();
    awaitReady(connector, System.nanoTime() + settings.startTimeout().toNanos());
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public Path logFile() {
    return logFile;
  }

  @Override
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  @Override
  public boolean isPaused() {
    return paused && isRunning();
  }

  @Override
  public void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      awaitExit(process, STOP_TIMEOUT);
    }
    paused = false;
  }

  /** SIGSTOP, then waits until {@code /proc} on Linux shows the process stopped. */
  @Override
  public void pause() {
    requireRunning("pause");
    signal("STOP");
    paused = true;
    awaitProcessState('T', true);
  }

  @Override
  public void resume() {
    if (!paused || !isRunning()) {
      paused = false;
      return;
    }
    signal("CONT");
    paused = false;
    awaitProcessState('T', false);
  }

  @Override
  public void stop() {
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
    } catch (RuntimeException e) {
      process.destroyForcibly();
    } finally {
      paused = false;
    }
  }

  @Override
  public String describe() {
    return isRunning() ? "pid " + pid() : "not running";
  }

  private void startProcess() {
    try {
      Files.createDirectories(LOG_DIR);
      String name = "redis-" + port + "-" + LAUNCHES.incrementAndGet();
      logFile = LOG_DIR.resolve(name + ".log");
      List<String> command = new ArrayList<>();
      command.add(executable.toString());
      if (!settings.configLines().isEmpty()) {
        Path config = LOG_DIR.resolve(name + ".conf");
        Files.write(config, settings.configLines(), StandardCharsets.UTF_8);
        command.add(config.toString());
      }
      command.addAll(settings.arguments(port, "127.0.0.1", LOG_DIR.toString()));
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
  private void awaitReady(Connector connector, long deadline) {
    while (true) {
      if (!process.isAlive()) {
        awaitExit(process, STOP_TIMEOUT);
        String tail = LogTail.of(logFile);
        if (tail.contains("Address already in use")) {
          throw new PortTaken(port, tail);
        }
        throw new IllegalStateException("redis-server on port " + port + " exited with code " + process.exitValue()
            + " before answering PING. Log " + logFile + ":\n" + tail);
      }
      if (answersAsOurProcess(connector)) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        long pid = process.pid();
        process.destroyForcibly();
        awaitExit(process, STOP_TIMEOUT);
        throw new IllegalStateException("redis-server (pid " + pid + ") did not answer PING on port " + port
            + " within " + settings.startTimeout() + ". Log " + logFile + ":\n" + LogTail.of(logFile));
      }
      Pause.of(Duration.ofMillis(20));
    }
  }

  private boolean answersAsOurProcess(Connector connector) {
    try (RespClient client = connector.connect(Duration.ofMillis(500))) {
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
      Pause.of(Duration.ofMillis(5));
    }
    throw new IllegalStateException("process " + process.pid() + " did not " + (expected ? "enter" : "leave")
        + " state " + state + " within 2 s");
  }

  private static boolean awaitExit(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
