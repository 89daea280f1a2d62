package io.hybridcache.engine;

import java.util.concurrent.CompletableFuture;

/** A factory run in progress: its future, and the means to abandon it (interrupting the thread it runs on, if any). */
final class RunningFactory<V> {
  final CompletableFuture<V> result;
  private Thread worker;
  private boolean abandoned;
  private boolean interruptSent;

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

  synchronized void exit() {
    worker = null;
    if (interruptSent) {
      Thread.interrupted(); // our own interrupt must not outlive the run; anyone else's is left alone
    }
  }

  /** Gives up on the run: a pending future is cancelled and a thread running a synchronous factory interrupted. */
  synchronized void abandon() {
    abandoned = true;
    result.cancel(true);
    if (worker != null) {
      interruptSent = true;
      worker.interrupt();
    }
  }
}
