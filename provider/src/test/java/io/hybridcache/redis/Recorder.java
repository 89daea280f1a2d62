package io.hybridcache.redis;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A backplane listener that records what it receives, for assertions. */
final class Recorder implements Backplane.Listener {
  final List<BackplaneMessage> messages = new CopyOnWriteArrayList<>();
  final AtomicInteger resubscribed = new AtomicInteger();
  /** The name of the thread each message was delivered on. */
  final List<String> threads = new CopyOnWriteArrayList<>();

  @Override
  public void onMessage(BackplaneMessage message) {
    threads.add(Thread.currentThread().getName());
    messages.add(message);
  }

  @Override
  public void onResubscribed() {
    resubscribed.incrementAndGet();
  }

  List<String> keys() {
    return messages.stream().map(BackplaneMessage::key).toList();
  }
}
