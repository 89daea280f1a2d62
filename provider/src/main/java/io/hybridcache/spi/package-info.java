/**
 * The contracts of HybridCache's pluggable parts: the {@link io.hybridcache.spi.DistributedLevel}, the
 * {@link io.hybridcache.spi.Backplane} and its {@link io.hybridcache.spi.BackplaneMessage}, the
 * {@link io.hybridcache.spi.ValueSerializer} and the {@link io.hybridcache.spi.KeyCodec}.
 *
 * <p>The engine depends only on these interfaces; the Redis and Kryo implementations depend on them in turn, never on
 * the engine. Every remote operation is asynchronous and reports failure through its future, never by blocking or by
 * throwing from the call itself.
 */
package io.hybridcache.spi;
