package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.distributed.InMemoryDistributedLevel;
import io.hybridcache.distributed.SharedStore;
import io.hybridcache.spi.OperationObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The observed distributed level names each call's cache and tells a read's result, never its key. */
class ObservedLevelTest {
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final OperationObserver recorder = (operation, cacheName) -> new OperationObserver.Observed() {
    private String result = "";

    @Override
    public void result(String value) {
      result = " " + value;
    }

    @Override
    public void failed(Throwable error) {}

    @Override
    public void stop() {
      seen.add(operation + " " + cacheName + result);
    }
  };
  private final ObservedLevel level = new ObservedLevel(new InMemoryDistributedLevel(new SharedStore(() -> 0L)), recorder,
      "shop", InternalKeys.defaults());

  @Test
  void theCacheOfAKeyIsItsSecondPartOrTheTaggedCacheOfATagTime() {
    assertThat(level.cacheOf("shop:books:isbn:1")).isEqualTo("books");
    assertThat(level.cacheOf("shop:~tag:books:fiction")).isEqualTo("books");
    assertThat(level.cacheOf("shop:~seq")).isNull();
    assertThat(level.cacheOf("other:books:1")).isNull();
  }

  @Test
  void aReadIsObservedWithItsCacheAndWhetherItFoundBytes() {
    level.get("shop:books:1").join();
    level.set("shop:books:1", new byte[] {1, 2, 3}, Duration.ofMinutes(1), null).join();
    level.get("shop:books:1").join();

    assertThat(seen).containsExactly("l2.get books miss", "l2.set books", "l2.get books hit");
  }
}
