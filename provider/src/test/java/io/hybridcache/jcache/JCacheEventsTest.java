package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hybridcache.EntryOptions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryListenerException;
import org.junit.jupiter.api.Test;

/** EXPIRED events, and what a listener that throws does to the operation that raised the event. */
class JCacheEventsTest extends JCacheFixture {
  private static final Duration DURATION = Duration.ofSeconds(10);
  private static final Duration FAIL_SAFE_MAX = Duration.ofHours(1);

  @Test
  void entryFoundExpiredOnAccessPublishesOneExpiredEventWithTheOldValue() {
    // with fail-safe on the expired value stays as a fallback: the cache finds it expired when it is read
    Cache<String, String> cache = create(strings().setDefaultEntryOptions(
        EntryOptions.builder().duration(DURATION).failSafe(true, FAIL_SAFE_MAX, Duration.ofSeconds(30)).build()));
    cache.put("k", "v1");
    EventRecorder<String, String> recorder = record(cache);
    time.advance(DURATION.plus(SECOND));

    assertThat(cache.get("k")).isNull();
    assertThat(recorder.events).containsExactly("EXPIRED:k=v1 old=v1");

    assertThat(cache.get("k")).isNull();
    assertThat(cache.containsKey("k")).isFalse();
    assertThat(recorder.events).as("a second access").hasSize(1);

    time.advance(FAIL_SAFE_MAX);
    engineOf(cache).memoryEntryCount(); // the memory level drops the fallback now
    quiesce();
    assertThat(recorder.events).as("the fallback going for good").hasSize(1);
  }

  @Test
  void entryDroppedAtItsExpiryPublishesOneExpiredEventWithTheOldValue() {
    // without fail-safe the memory level drops the entry at its expiry and the cache reports it from there
    Cache<String, String> cache = create(strings().setDefaultEntryOptions(
        EntryOptions.builder().duration(DURATION).build()));
    cache.put("k", "v1");
    EventRecorder<String, String> recorder = record(cache);
    time.advance(DURATION.plus(SECOND));

    assertThat(cache.get("k")).isNull();
    // the memory level notices a physical expiry in its maintenance, which a read schedules but need not run at
    // once: run it here, as it would run on the next writes
    engineOf(cache).memoryEntryCount();
    await().untilAsserted(() -> assertThat(recorder.events).containsExactly("EXPIRED:k=v1 old=v1"));

    assertThat(cache.get("k")).isNull();
    assertThat(cache.containsKey("k")).isFalse();
    engineOf(cache).memoryEntryCount();
    quiesce();
    assertThat(recorder.events).as("a second access").hasSize(1);
  }

  @Test
  void synchronousListenerThatThrowsFailsThePutButTheValueIsStored() {
    Cache<String, String> cache = create(strings());
    listen(cache, new ThrowingListener(), true);

    assertThatThrownBy(() -> cache.put("k", "v"))
        .isInstanceOf(CacheEntryListenerException.class)
        .hasRootCauseMessage("listener broke");
    assertThat(cache.get("k")).isEqualTo("v");
  }

  @Test
  void synchronousListenerThatThrowsDoesNotKeepTheEventFromTheOtherListeners() {
    Cache<String, String> cache = create(strings());
    listen(cache, new ThrowingListener(), true);
    EventRecorder<String, String> recorder = record(cache);

    assertThatThrownBy(() -> cache.put("k", "v")).isInstanceOf(CacheEntryListenerException.class);
    assertThat(recorder.events).containsExactly("CREATED:k=v");
  }

  @Test
  void asynchronousListenerThatThrowsDoesNotAffectTheCaller() {
    Cache<String, String> cache = create(strings());
    ThrowingListener listener = new ThrowingListener();
    listen(cache, listener, false);

    cache.put("k1", "v1");
    assertThat(cache.get("k1")).isEqualTo("v1");
    await().untilAsserted(() -> assertThat(listener.calls).hasValue(1));

    cache.put("k2", "v2");
    await().untilAsserted(() -> assertThat(listener.calls).as("still delivered to after it threw").hasValue(2));
  }

  @Test
  void asynchronousListenerThatThrowsAnErrorKeepsReceivingEventsAndTheCacheCloses() {
    Cache<String, String> cache = create(strings());
    ThrowingListener listener = new ThrowingListener(true);
    listen(cache, listener, false);

    cache.put("k1", "v1");
    // the Error may well reach the pool thread's uncaught-exception handler: that is not what this test is about
    await().dontCatchUncaughtExceptions().untilAsserted(() -> assertThat(listener.calls).hasValue(1));
    cache.put("k2", "v2");
    await().dontCatchUncaughtExceptions()
        .untilAsserted(() -> assertThat(listener.calls).as("delivered to after the Error").hasValue(2));
    assertTimeoutPreemptively(Duration.ofSeconds(10), cache::close);
  }

  /** A created-listener that counts its calls and throws from each (an Error or a RuntimeException). */
  static final class ThrowingListener implements CacheEntryCreatedListener<String, String> {
    final AtomicInteger calls = new AtomicInteger();
    private final boolean error;

    ThrowingListener() {
      this(false);
    }

    ThrowingListener(boolean error) {
      this.error = error;
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      calls.incrementAndGet();
      if (error) {
        throw new AssertionError("listener broke");
      }
      throw new IllegalStateException("listener broke");
    }
  }
}
