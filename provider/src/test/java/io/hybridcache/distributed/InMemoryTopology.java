package io.hybridcache.distributed;

import io.hybridcache.engine.FakeTimeSource;
import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.DistributedLocker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Nodes sharing an in-memory store and bus; the store's TTLs run on the test's fake clock. */
public final class InMemoryTopology implements Topology {
  public final SharedStore store;
  public final SharedBus bus = new SharedBus();
  public final InMemoryLocker.SharedLocks locks = new InMemoryLocker.SharedLocks();
  public final Map<String, InMemoryDistributedLevel> levels = new HashMap<>();
  public final Map<String, InMemoryBackplane> backplanes = new HashMap<>();
  private final List<AutoCloseable> opened = new ArrayList<>();

  /** A store whose TTLs run on {@code time}. */
  public InMemoryTopology(FakeTimeSource time) {
    this.store = new SharedStore(time::wallMillis);
  }

  @Override
  public synchronized DistributedLevel level(String nodeName, String keyPrefix, boolean publishing) {
    InMemoryDistributedLevel level = publishing
        ? new InMemoryDistributedLevel(store, backplane(nodeName, keyPrefix), BackplaneMessage.channel(keyPrefix))
        : new InMemoryDistributedLevel(store);
    levels.put(nodeName, level);
    opened.add(level);
    return level;
  }

  @Override
  public DistributedLocker locker(String nodeName, String keyPrefix) {
    return new InMemoryLocker(locks);
  }

  @Override
  public synchronized Backplane backplane(String nodeName, String keyPrefix) {
    return backplanes.computeIfAbsent(nodeName, n -> {
      InMemoryBackplane backplane = new InMemoryBackplane(bus, n);
      opened.add(backplane);
      return backplane;
    });
  }

  @Override
  public synchronized void close() {
    for (AutoCloseable c : opened) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
