package io.hybridcache.jcache;

import io.hybridcache.spi.OperationObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what an {@link OperationObserver} is told, as text: {@code start:<op>:<cache>}, {@code failed:<op>}... */
final class RecordingObserver implements OperationObserver {
  final List<String> seen = new CopyOnWriteArrayList<>();

  @Override
  public Observed start(String operation, String cacheName) {
    seen.add("start:" + operation + ":" + cacheName);
    return new Observed() {
      @Override
      public void failed(Throwable error) {
        seen.add("failed:" + operation + ":" + error.getMessage());
      }

      @Override
      public void stop() {
        seen.add("stop:" + operation);
      }
    };
  }
}
