package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.EntryOptions;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.Test;

/** JSR expiry policies become logical durations; the JSR default (eternal) means "the configured duration". */
class ExpiryTest extends JCacheFixture {
  private static final long CONFIGURED_SECONDS = CONFIGURED_DURATION.toSeconds();

  @Test
  void defaultEternalPolicyGetsTheConfiguredDuration() {
    Cache<String, String> cache = create(new MutableConfiguration<>());
    cache.put("k", "v");

    advanceSeconds(CONFIGURED_SECONDS - 1);
    assertThat(cache.containsKey("k")).isTrue();
    advanceSeconds(2);
    assertThat(cache.containsKey("k")).isFalse();
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void defaultEternalPolicyGetsTheDurationOfTheCachesEntryOptions() {
    Cache<String, String> cache = create(strings()
        .setDefaultEntryOptions(EntryOptions.builder().duration(java.time.Duration.ofSeconds(5)).build()));
    cache.put("k", "v");

    advanceSeconds(4);
    assertThat(cache.get("k")).isEqualTo("v");
    advanceSeconds(2);
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void putUnderTheDefaultPolicyGivesTheNewValueTheConfiguredDuration() {
    Cache<String, String> cache = create(new MutableConfiguration<>());
    cache.put("k", "v1");
    advanceSeconds(CONFIGURED_SECONDS - 1);
    cache.put("k", "v2");

    advanceSeconds(2);
    assertThat(cache.get("k")).isEqualTo("v2");
  }

  @Test
  void explicitEternalCreatedPolicyKeepsTheEntry() {
    Cache<String, String> cache = create(strings()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ETERNAL)));
    cache.put("k", "v");

    advanceSeconds(TimeUnit.DAYS.toSeconds(365));
    assertThat(cache.containsKey("k")).isTrue();
    assertThat(cache.get("k")).isEqualTo("v");
  }

  @Test
  void accessedPolicyExtendsTheEntryOnEachAccess() {
    Cache<String, String> cache = create(strings()
        .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 10))));
    cache.put("k", "v");

    advanceSeconds(8);
    assertThat(cache.get("k")).isEqualTo("v"); // now fresh until 18 s
    advanceSeconds(8);
    assertThat(cache.containsKey("k")).as("16 s: past the creation duration, within the extended one").isTrue();
    advanceSeconds(3);
    assertThat(cache.containsKey("k")).as("19 s: past the extended duration").isFalse();
  }

  @Test
  void zeroCreationDurationStoresNothing() {
    Cache<String, String> cache = create(strings()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ZERO)));
    EventRecorder<String, String> recorder = record(cache);

    cache.put("k", "v");

    assertThat(cache.containsKey("k")).isFalse();
    assertThat(cache.get("k")).isNull();
    assertThat(engineOf(cache).memoryEntryCount()).isZero();
    assertThat(recorder.events).isEmpty();
  }

  @Test
  void throwingExpiryPolicyKeepsTheEntryForTheConfiguredDuration() {
    Cache<String, String> cache = create(strings().setExpiryPolicyFactory(ThrowingPolicy::new));
    cache.put("k", "v1");

    advanceSeconds(20);
    assertThat(cache.get("k")).as("access: the policy threw, the expiration stays").isEqualTo("v1");
    cache.put("k", "v2");
    advanceSeconds(CONFIGURED_SECONDS - 20 - 1);
    assertThat(cache.get("k")).isEqualTo("v2");
    advanceSeconds(2);
    assertThat(cache.containsKey("k")).as("update kept the expiration of the creation").isFalse();
  }

  /** A policy whose every method throws. */
  static final class ThrowingPolicy implements ExpiryPolicy {
    @Override
    public Duration getExpiryForCreation() {
      throw new IllegalStateException("broken policy: creation");
    }

    @Override
    public Duration getExpiryForAccess() {
      throw new IllegalStateException("broken policy: access");
    }

    @Override
    public Duration getExpiryForUpdate() {
      throw new IllegalStateException("broken policy: update");
    }
  }
}
