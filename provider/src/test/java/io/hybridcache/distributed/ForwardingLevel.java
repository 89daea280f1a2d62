package io.hybridcache.distributed;

import io.hybridcache.spi.BackplaneMessage;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.OversizedEntryException;
import io.hybridcache.spi.KeyRead;
import io.hybridcache.spi.KeyRemoval;
import io.hybridcache.spi.KeyWrite;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link DistributedLevel} that passes every call to {@link #delegate}, the timed removal included (the interface's
 * default would drop its time); a test's wrapper overrides only what it changes.
 */
public abstract class ForwardingLevel implements DistributedLevel {
  protected final DistributedLevel delegate;

  protected ForwardingLevel(DistributedLevel delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletableFuture<byte[]> get(String key) {
    return delegate.get(key);
  }

  @Override
  public CompletableFuture<byte[]> get(String key, int maxBytes) {
    return delegate.get(key, maxBytes);
  }

  @Override
  public CompletableFuture<List<KeyRead>> getAll(List<String> keys, int maxBytes) {
    return delegate.getAll(keys, maxBytes);
  }

  @Override
  public CompletableFuture<Void> set(String key, byte[] envelope, Duration timeToLive, BackplaneMessage notification) {
    return delegate.set(key, envelope, timeToLive, notification);
  }

  @Override
  public CompletableFuture<Boolean> trySet(String key, byte[] envelope, Duration timeToLive,
      BackplaneMessage notification) {
    return delegate.trySet(key, envelope, timeToLive, notification);
  }

  @Override
  public CompletableFuture<List<Boolean>> trySetAll(List<KeyWrite> writes) {
    return delegate.trySetAll(writes);
  }

  @Override
  public CompletableFuture<List<Boolean>> tryRemoveAll(List<KeyRemoval> removals) {
    return delegate.tryRemoveAll(removals);
  }

  @Override
  public CompletableFuture<Boolean> tryRemove(String key, long removedAt, BackplaneMessage notification) {
    return delegate.tryRemove(key, removedAt, notification);
  }

  @Override
  public CompletableFuture<byte[]> getHeld(String key, int maxBytes) {
    return delegate.getHeld(key, maxBytes);
  }

  @Override
  public CompletableFuture<Boolean> replaceOversized(String key, OversizedEntryException seen, byte[] replacement,
      Duration timeToLive, long removedAt, BackplaneMessage notification) {
    return delegate.replaceOversized(key, seen, replacement, timeToLive, removedAt, notification);
  }

  @Override
  public CompletableFuture<Void> remove(String key, BackplaneMessage notification) {
    return delegate.remove(key, notification);
  }

  @Override
  public CompletableFuture<Void> remove(String key, long removedAt, BackplaneMessage notification) {
    return delegate.remove(key, removedAt, notification);
  }

  @Override
  public CompletableFuture<Boolean> compareAndSet(String key, byte[] expected, byte[] replacement,
      Duration timeToLive, BackplaneMessage notification) {
    return delegate.compareAndSet(key, expected, replacement, timeToLive, notification);
  }

  @Override
  public CompletableFuture<Boolean> compareAndRemove(String key, byte[] expected, long removedAt,
      BackplaneMessage notification) {
    return delegate.compareAndRemove(key, expected, removedAt, notification);
  }

  @Override
  public CompletableFuture<List<String>> keys(String prefix) {
    return delegate.keys(prefix);
  }

  @Override
  public boolean publishesNotifications() {
    return delegate.publishesNotifications();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
