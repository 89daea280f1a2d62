package io.hybridcache.spring;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.Cacheable;

/**
 * A service whose {@code @Cacheable} is on the class: every public method is cached in {@code flaky}. Its switches are
 * static, since the bean the tests get is a class proxy (whose own fields are not the target's).
 */
@Cacheable("flaky")
public class Catalogue {
  static final AtomicInteger CALLS = new AtomicInteger();
  static volatile boolean failing;

  public String entry(String id) {
    CALLS.incrementAndGet();
    if (failing) {
      throw new IllegalStateException("catalogue down");
    }
    return "entry " + id;
  }
}
