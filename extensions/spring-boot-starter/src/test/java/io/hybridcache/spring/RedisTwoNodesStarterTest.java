package io.hybridcache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.redis.harness.RedisServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two applications (two nodes) sharing one Redis through the starter and the published (shaded) provider: what one
 * caches the other reads without calling its method, Spring's keys and nulls included, and what one evicts the other
 * no longer serves. The last test kills Redis.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisTwoNodesStarterTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static Path yaml;
  private static ConfigurableApplicationContext nodeA;
  private static ConfigurableApplicationContext nodeB;
  private static Library a;
  private static Library b;

  @BeforeAll
  static void startTwoNodes() throws IOException {
    yaml = Files.createTempFile("hybridcache-starter-", ".yaml");
    Files.writeString(yaml, """
        keyPrefix: s%s
        redis:
          singleServerConfig:
            address: "%s"
            connectTimeout: 500
            timeout: 500
            retryAttempts: 0
        circuitBreakers:
          distributedLevel: 5s
        defaults:
          duration: 5m
        """.formatted(UUID.randomUUID().toString().substring(0, 8), redis.server().uri()));
    nodeA = start();
    nodeB = start();
    a = nodeA.getBean(Library.class);
    b = nodeB.getBean(Library.class);
  }

  private static ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(LibraryApplication.class).web(WebApplicationType.NONE)
        .properties("hybridcache.config=" + yaml.toUri(), "spring.main.banner-mode=off").run();
  }

  @AfterAll
  static void stopNodes() throws IOException {
    if (nodeA != null) {
      nodeA.close();
    }
    if (nodeB != null) {
      nodeB.close();
    }
    Files.deleteIfExists(yaml);
  }

  private static String isbn() {
    return UUID.randomUUID().toString();
  }

  private static Cache books(ConfigurableApplicationContext node) {
    return node.getBean(CacheManager.class).getCache("books");
  }

  @Test
  @Order(0)
  void theNodesAreTwoNodesAndWhatOneCachesTheOtherReadsWithoutCallingItsMethod() {
    assertThat(nodeA.getBean(HybridSpringCacheManager.class).getJCacheManager())
        .isNotSameAs(nodeB.getBean(HybridSpringCacheManager.class).getJCacheManager());
    String isbn = isbn();

    assertThat(a.title(isbn)).isEqualTo("title of " + isbn);
    assertThat(b.title(isbn)).isEqualTo("title of " + isbn);

    assertThat(a.calls("title")).isEqualTo(1);
    assertThat(b.calls("title")).isZero();
    assertThat(nodeB.getBean(RecordedObservations.class).stopped).as("B's read of Redis, observed")
        .contains("hybridcache.l2 [cache=books, operation=get, result=hit]");
  }

  @Test
  @Order(1)
  void theHealthComponentAndTheNodeMetersShowTheNodeUsingRedis() {
    Health health = nodeA.getBean(HybridCacheHealthIndicator.class).health();
    MeterRegistry registry = nodeA.getBean(MeterRegistry.class);

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("distributedLevel", HybridCacheHealthIndicator.IN_USE)
        .containsEntry("backplane", HybridCacheHealthIndicator.IN_USE).containsKey("node");
    assertThat(registry.get("hybridcache.circuit.open").tag("component", "l2")
        .tag("node", (String) health.getDetails().get("node")).gauge().value()).isZero();
  }

  @Test
  @Order(2)
  void multiArgumentKeysAndNullsTravelBetweenTheNodes() {
    String isbn = isbn();

    assertThat(a.shelf("east", 3)).isEqualTo("east/3");
    assertThat(b.shelf("east", 3)).isEqualTo("east/3");
    assertThat(a.missing(isbn)).isNull();
    assertThat(b.missing(isbn)).isNull();

    assertThat(b.calls("shelf")).isZero();
    assertThat(b.calls("missing")).isZero();
  }

  @Test
  @Order(3)
  void anEvictionOnOneNodeReachesTheOther() {
    String one = isbn();
    String two = isbn();
    a.title(one);
    a.title(two);
    b.title(one);
    b.title(two);
    int calls = b.calls("title");

    a.withdraw(one);
    await().atMost(WAIT).until(() -> books(nodeB).get(one) == null);
    assertThat(b.title(one)).isEqualTo("title of " + one);
    assertThat(b.calls("title")).isEqualTo(calls + 1);

    a.withdrawAll();
    await().atMost(WAIT).until(() -> books(nodeB).get(two) == null);
    assertThat(b.title(two)).isEqualTo("title of " + two);
    assertThat(b.calls("title")).isEqualTo(calls + 2);
  }

  @Test
  @Order(4)
  void l2ErrorsAreMeteredWhenRedisDiesAndTheMemoryLevelStillServes() {
    MeterRegistry registry = nodeA.getBean(MeterRegistry.class);
    books(nodeA); // bound now, if not yet
    double errors = registry.get("hybridcache.l2.errors").tag("cache", "books").functionCounter().count();
    String isbn = isbn();
    int calls = a.calls("title");
    redis.server().kill();

    assertThat(a.title(isbn)).isEqualTo("title of " + isbn);
    assertThat(a.title(isbn)).isEqualTo("title of " + isbn);

    assertThat(a.calls("title")).as("the second call served by the memory level").isEqualTo(calls + 1);
    assertThat(registry.get("hybridcache.l2.errors").tag("cache", "books").functionCounter().count())
        .isGreaterThan(errors);
    assertThat(registry.get("cache.gets").tag("cache", "books").tag("result", "hit").functionCounter().count())
        .isPositive();
    assertThat(registry.get("hybridcache.circuit.open").tag("component", "l2").gauge().value()).isEqualTo(1);
    Health health = nodeA.getBean(HybridCacheHealthIndicator.class).health();
    assertThat(health.getStatus()).as("the memory level still serves").isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("distributedLevel", HybridCacheHealthIndicator.SKIPPED);
  }

  @Test
  @Order(5)
  void theHealthComponentShowsTheDistributedLevelInUseAgainOnceRedisIsBack() {
    HybridCacheHealthIndicator indicator = nodeA.getBean(HybridCacheHealthIndicator.class);
    assertThat(indicator.health().getDetails().get("distributedLevel"))
        .as("Redis was killed by the previous test").isNotEqualTo(HybridCacheHealthIndicator.IN_USE);

    redis.server().restart();

    await().atMost(WAIT).untilAsserted(() -> {
      a.title(isbn()); // a cold key: a call to Redis once the breaker lets one through
      Health health = indicator.health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("distributedLevel", HybridCacheHealthIndicator.IN_USE);
    });
    MeterRegistry registry = nodeA.getBean(MeterRegistry.class);
    assertThat(registry.get("hybridcache.component.failing").tag("component", "l2").gauge().value()).isZero();
  }
}
