package io.hybridcache.spring;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

/**
 * Serves the fail-safe fallback of a {@code @Cacheable} method (not {@code sync}) that throws: around Spring's cache
 * interceptor, it keeps the misses its lookups met ({@link FailSafeFrames}); when the call throws, the first of those
 * caches with fail-safe on that still holds a fallback for the key answers with it (through {@code getOrSet}, so the
 * fallback is throttled and the activation counted as for {@code sync}). With none, the exception goes on unchanged.
 */
final class FailSafeAdvice implements MethodInterceptor {

  @Override
  public Object invoke(MethodInvocation invocation) throws Throwable {
    try (FailSafeFrames.Frame frame = FailSafeFrames.open()) {
      try {
        return invocation.proceed();
      } catch (Throwable failure) {
        for (FailSafeFrames.Miss miss : frame.misses()) {
          Object fallback = miss.cache().fallback(miss.key(), failure);
          if (fallback != HybridSpringCache.NO_FALLBACK) {
            return fallback;
          }
        }
        throw failure;
      }
    }
  }
}
