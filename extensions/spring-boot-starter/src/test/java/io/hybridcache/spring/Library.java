package io.hybridcache.spring;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;

/**
 * The cached service of the starter's tests: each method counts its calls per cache, so a test sees what the cache
 * answered and what reached the method; {@link #failing} makes the methods of cache {@code flaky} throw.
 */
public class Library {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private volatile boolean failing;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  public int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  public void failing(boolean failing) {
    this.failing = failing;
  }

  /** Makes {@link #slowTitle} wait until the returned latch is counted down. */
  public CountDownLatch closeGate() {
    gate = new CountDownLatch(1);
    return gate;
  }

  private void called(String method) {
    calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
  }

  @Cacheable("books")
  public String title(String isbn) {
    called("title");
    return "title of " + isbn;
  }

  @Cacheable("books")
  public String missing(String isbn) {
    called("missing");
    return null;
  }

  @Cacheable("pairs")
  public String shelf(String room, int row) {
    called("shelf");
    return room + "/" + row;
  }

  @Cacheable(cacheNames = "books", sync = true)
  public String slowTitle(String isbn) throws InterruptedException {
    called("slowTitle");
    if (!gate.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the test never opened the gate");
    }
    return "slow title of " + isbn;
  }

  @Cacheable(cacheNames = "flaky", sync = true)
  public String flakySync(String isbn) {
    called("flakySync");
    if (failing) {
      throw new IllegalStateException("catalogue down");
    }
    return "flaky title of " + isbn;
  }

  @Cacheable("flaky")
  public String flaky(String isbn) {
    called("flaky");
    if (failing) {
      throw new IllegalStateException("catalogue down");
    }
    return "flaky title of " + isbn;
  }

  @Cacheable("books")
  public CompletableFuture<String> titleAsync(String isbn) {
    called("titleAsync");
    return CompletableFuture.supplyAsync(() -> "async title of " + isbn);
  }

  @CacheEvict("books")
  public void withdraw(String isbn) {
    called("withdraw");
  }

  @CacheEvict(cacheNames = "books", allEntries = true)
  public void withdrawAll() {
    called("withdrawAll");
  }
}
