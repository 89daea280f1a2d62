package io.hybridcache.distributed;

import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.BackplaneMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A listener that records what it receives, and on which threads, for assertions. */
final class RecordingListener implements Backplane.Listener {
  final List<BackplaneMessage> messages = new CopyOnWriteArrayList<>();
  final List<Thread> threads = new CopyOnWriteArrayList<>();
  final List<String> events = new CopyOnWriteArrayList<>();
  final AtomicInteger resubscribed = new AtomicInteger();

  @Override
  public void onMessage(BackplaneMessage message) {
    threads.add(Thread.currentThread());
    messages.add(message);
    events.add(message.key());
  }

  @Override
  public void onResubscribed() {
    threads.add(Thread.currentThread());
    resubscribed.incrementAndGet();
    events.add("<resubscribed>");
  }

  List<String> keys() {
    return messages.stream().map(BackplaneMessage::key).toList();
  }
}
