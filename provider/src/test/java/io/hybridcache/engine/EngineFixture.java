package io.hybridcache.engine;

import io.hybridcache.EntryOptions;
import io.hybridcache.HybridCacheListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh engine on a fake clock per test, with a listener that records every event as text. */
abstract class EngineFixture {
  static final Duration SECOND = Duration.ofSeconds(1);

  final FakeTimeSource time = new FakeTimeSource();
  final List<String> events = new CopyOnWriteArrayList<>();
  HybridCacheEngine<String, String> cache;

  @BeforeEach
  void createCache() {
    cache = HybridCacheEngine.<String, String>builder("test").timeSource(time).build();
    cache.addListener(new HybridCacheListener<String>() {
      @Override
      public void onHit(String key, boolean stale) {
        events.add((stale ? "staleHit:" : "hit:") + key);
      }

      @Override
      public void onMiss(String key) {
        events.add("miss:" + key);
      }

      @Override
      public void onSet(String key) {
        events.add("set:" + key);
      }

      @Override
      public void onRemove(String key) {
        events.add("remove:" + key);
      }

      @Override
      public void onExpire(String key) {
        events.add("expire:" + key);
      }

      @Override
      public void onFailSafeActivated(String key) {
        events.add("failSafe:" + key);
      }

      @Override
      public void onFactoryError(String key, Throwable error) {
        events.add("factoryError:" + key);
      }

      @Override
      public void onFactoryTimeout(String key) {
        events.add("factoryTimeout:" + key);
      }

      @Override
      public void onEagerRefresh(String key) {
        events.add("eagerRefresh:" + key);
      }

      @Override
      public void onBackgroundFactorySuccess(String key) {
        events.add("backgroundSuccess:" + key);
      }

      @Override
      public void onBackgroundFactoryError(String key, Throwable error) {
        events.add("backgroundError:" + key);
      }
    });
  }

  @AfterEach
  void closeCache() {
    cache.close();
  }

  static EntryOptions.Builder options() {
    return EntryOptions.builder().duration(SECOND);
  }

  static EntryOptions failSafe() {
    return options().failSafe(true, Duration.ofHours(1), Duration.ofSeconds(30)).build();
  }
}
