package io.hybridcache.examples.spring;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** A slow catalogue behind Spring's cache annotations; it can be switched off to show fail-safe. */
@Service
public class Catalogue {
  private final AtomicInteger lookups = new AtomicInteger();
  private volatile boolean down;

  /** Looks a title up: slow, so it is cached; one lookup per key however many threads ask at once. */
  @Cacheable(cacheNames = "books", sync = true)
  public String title(String isbn) throws InterruptedException {
    lookups.incrementAndGet();
    if (down) {
      throw new IllegalStateException("the catalogue is down");
    }
    Thread.sleep(200); // the slow part
    return "Title of " + isbn;
  }

  /** How many times the catalogue itself was asked. */
  public int lookups() {
    return lookups.get();
  }

  /** Switches the catalogue off (or back on). */
  public void down(boolean down) {
    this.down = down;
  }
}
