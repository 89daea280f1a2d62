package io.hybridcache.jcache;

import javax.cache.integration.CompletionListener;

/** The completion listener of a {@code loadAll} called without one: it ignores the outcome. */
enum NoCompletionListener implements CompletionListener {
  INSTANCE;

  @Override
  public void onCompletion() {}

  @Override
  public void onException(Exception e) {}
}
