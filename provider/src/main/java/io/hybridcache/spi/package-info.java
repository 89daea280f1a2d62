/**
 * The contracts of HybridCache's pluggable parts: the {@link io.hybridcache.spi.DistributedLevel}, the
 * {@link io.hybridcache.spi.Backplane} and its {@link io.hybridcache.spi.BackplaneMessage}, the
 * {@link io.hybridcache.spi.DistributedLocker} of distributed locking, the {@link io.hybridcache.spi.ValueSerializer}
 * and the {@link io.hybridcache.spi.KeyCodec}.
 *
 * <p>The engine depends only on these interfaces; the Redis and Kryo implementations depend on them in turn, never on
 * the engine. Every remote operation is asynchronous and reports failure through its future, never by blocking or by
 * throwing from the call itself.
 *
 * <p>An implementation must not complete its futures on a client's I/O threads (the engine's continuations may block
 * or run a factory). It completes them on an executor of its own, or, for the operations a synchronous caller started
 * and waits for, on that caller's thread: {@link io.hybridcache.spi.SynchronousCallers#executorFor} says which.
 *
 * <p>{@link io.hybridcache.spi.SigningKeys} is the HMAC that the engine (over the level's entries) and an
 * implementation (over the backplane's messages) sign with, under the keys the nodes share.
 */
package io.hybridcache.spi;
