package io.hybridcache.engine;

import java.util.concurrent.CompletableFuture;

/** A factory run in progress: its future, and the means to abandon it (interrupting the thread it runs on, if any). */
final class RunningFactory<V> {
  final CompletableFuture<V> result;
  private Thread worker;
  private boolean abandoned;

  RunningFactory(CompletableFuture<V> result) {
    this.result = result;
  }

  synchronized boolean enter() {
    if (abandoned) {
      return false;
    }
    worker = Thread.currentThread();
    return true;
  }

  void exit() {
    synchronized (this) {
      worker = null;
    }
    Thread.interrupted(); // an abandon() that raced with the end of the run must not leak into the pool thread
  }

  /** Gives up on the run: a pending future is cancelled and a thread running a synchronous factory interrupted. */
  synchronized void abandon() {
    abandoned = true;
    result.cancel(true);
    if (worker != null) {
      worker.interrupt();
    }
  }
}
