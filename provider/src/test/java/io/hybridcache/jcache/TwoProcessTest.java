package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.HybridCache;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs, one Redis: a second process started by the test ({@link SecondProcess}) sets and removes keys through
 * plain JCache, and this JVM's memory level follows through the backplane. Real time, wide bounds.
 */
class TwoProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  Path dir;

  private Process other;
  private Writer toOther;
  private final BlockingQueue<String> fromOther = new LinkedBlockingQueue<>();
  private CacheManager manager;

  @BeforeEach
  void startTheOtherProcess() throws IOException, InterruptedException {
    String yaml = "keyPrefix: twoproc" + ProcessHandle.current().pid() + "x" + System.nanoTime() % 100_000
        + "\nredis:\n  singleServerConfig:\n    address: \"" + redis.server().uri() + "\"\n";
    Path theirs = Files.writeString(dir.resolve("other.yaml"), yaml);
    Path ours = Files.writeString(dir.resolve("this.yaml"), yaml);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    other = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        SecondProcess.class.getName(), theirs.toString())
        .redirectError(dir.resolve("other.err").toFile())
        .start();
    toOther = new OutputStreamWriter(other.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          fromOther.add(line);
        }
      } catch (IOException e) {
        fromOther.add("closed: " + e);
      }
    }, "second-process-output");
    reader.setDaemon(true);
    reader.start();
    expectFromOther("ready");
    ClassLoader loader = getClass().getClassLoader();
    manager = Caching.getCachingProvider(HybridCachingProvider.class.getName(), loader)
        .getCacheManager(ours.toUri(), loader);
  }

  @AfterEach
  void stopTheOtherProcess() throws Exception {
    if (manager != null) {
      manager.close();
    }
    if (other.isAlive()) {
      toOther.write("exit\n");
      toOther.flush();
      if (!other.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        other.destroyForcibly();
      }
    }
  }

  @Test
  void thisJvmsMemoryLevelFollowsThePutsAndRemovesOfAnotherJvm() throws Exception {
    Cache<String, String> cache = manager.createCache(SecondProcess.CACHE,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));

    tellOther("put k1 first");
    assertThat(cache.get("k1")).as("read from the distributed level").isEqualTo("first");

    tellOther("put k1 second"); // this JVM holds "first", fresh for 30 s: only the backplane can change that
    await().atMost(WAIT).until(() -> "second".equals(cache.get("k1")));
    assertThat(cache.unwrap(HybridCache.class).stats().backplaneMessages()).isGreaterThanOrEqualTo(1);

    tellOther("remove k1");
    await().atMost(WAIT).until(() -> !cache.containsKey("k1"));
    assertThat(cache.get("k1")).isNull();

    toOther.write("exit\n");
    toOther.flush();
    assertThat(other.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the other process exits").isTrue();
    assertThat(other.exitValue()).as(Files.readString(dir.resolve("other.err"))).isZero();
  }

  private void tellOther(String command) throws Exception {
    toOther.write(command + "\n");
    toOther.flush();
    expectFromOther("done " + command);
  }

  private void expectFromOther(String expected) throws IOException, InterruptedException {
    String line = fromOther.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (!expected.equals(line)) {
      throw new AssertionError("expected '" + expected + "' from the other process, got '" + line + "'; its stderr:\n"
          + Files.readString(dir.resolve("other.err")));
    }
  }
}
