package io.hybridcache.examples.spring;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application whose cache is HybridCache through the starter: twenty concurrent callers cost one lookup,
 * a repeat is a hit, and when the catalogue fails after the entry expired, the expired value is served (fail-safe).
 * Then it prints the meters and the health component.
 */
@SpringBootApplication
@EnableCaching
public class BookshopApplication {

  /** Runs the example and stops. */
  public static void main(String[] args) throws Exception {
    try (ConfigurableApplicationContext context = SpringApplication.run(BookshopApplication.class, args)) {
      Catalogue catalogue = context.getBean(Catalogue.class);

      ExecutorService callers = Executors.newFixedThreadPool(20);
      for (int i = 0; i < 20; i++) {
        callers.submit(() -> catalogue.title("978-0"));
      }
      callers.shutdown();
      callers.awaitTermination(30, TimeUnit.SECONDS);
      System.out.printf("20 concurrent callers: %d catalogue lookup(s)%n", catalogue.lookups());

      System.out.printf("again: %s, lookups %d (a hit)%n", catalogue.title("978-0"), catalogue.lookups());

      Thread.sleep(2_100); // past the 2 s duration of hybridcache.yaml: the value is now only a fallback
      catalogue.down(true);
      System.out.printf("catalogue down, entry expired: %s (the fail-safe fallback)%n", catalogue.title("978-0"));

      MeterRegistry meters = context.getBean(MeterRegistry.class);
      System.out.printf("cache.gets hit=%.0f miss=%.0f, hybridcache.failsafe.activations=%.0f%n",
          meters.get("cache.gets").tag("cache", "books").tag("result", "hit").functionCounter().count(),
          meters.get("cache.gets").tag("cache", "books").tag("result", "miss").functionCounter().count(),
          meters.get("hybridcache.failsafe.activations").tag("cache", "books").functionCounter().count());
      HealthIndicator health = context.getBean("hybridcacheHealthIndicator", HealthIndicator.class);
      System.out.printf("health: %s %s%n", health.health().getStatus(), health.health().getDetails());
    }
  }
}
