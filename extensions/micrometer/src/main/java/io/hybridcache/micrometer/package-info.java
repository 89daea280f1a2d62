/**
 * Micrometer meters of HybridCache caches: {@link io.hybridcache.micrometer.HybridCacheMetrics}.
 */
package io.hybridcache.micrometer;
