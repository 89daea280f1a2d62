package io.hybridcache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A user who adds only hybridcache-provider gets a working JCache: {@code Caching.getCachingProvider()} finds exactly
 * one provider, ours (no "Multiple CachingProviders" from a dependency that ships its own, such as Redisson). The
 * check runs in a class loader over the provider's runtime class path alone, so nothing from this module's test
 * class path can help or hide a second provider. The javax.cache types live in that loader, hence the reflection.
 */
class DropInDiscoveryTest {
  private static final String PROVIDER = "io.hybridcache.jcache.HybridCachingProvider";

  /** File-name prefixes of this module's test-scope libraries: none may leak into the runtime class path. */
  private static final List<String> TEST_ONLY_PREFIXES = List.of(
      "junit-", "opentest4j-", "apiguardian-", "assertj-", "byte-buddy-", "hibernate-", "h2-", "slf4j-simple-",
      "jakarta.persistence-", "testcontainers-", "docker-java-", "duct-tape-", "jna-", "commons-compress-");

  private static List<Path> classpath;

  @BeforeAll
  static void readProviderRuntimeClasspath() {
    classpath = ProviderRuntimeClasspath.entries();
  }

  @Test
  void runtimeClasspathHoldsOnlyExistingEntriesAndNoTestOnlyLibrary() {
    assertThat(classpath).isNotEmpty().allSatisfy(entry -> assertThat(entry).exists());
    assertThat(classpath).extracting(entry -> entry.getFileName().toString())
        .noneMatch(name -> TEST_ONLY_PREFIXES.stream().anyMatch(name::startsWith));
  }

  @Test
  void exactlyOneRuntimeClasspathEntryDeclaresACachingProviderAndItIsOurs() {
    Map<Path, List<String>> declarations = new LinkedHashMap<>();
    for (Path entry : classpath) {
      List<String> declared = ProviderRuntimeClasspath.declaredCachingProviders(entry);
      if (!declared.isEmpty()) {
        declarations.put(entry, declared);
      }
    }

    assertThat(declarations).as("entries with " + ProviderRuntimeClasspath.SERVICE_FILE).hasSize(1);
    Map.Entry<Path, List<String>> only = declarations.entrySet().iterator().next();
    assertThat(only.getValue()).containsExactly(PROVIDER);
    assertThat(isProviderArtifact(only.getKey())).as("%s is the provider artifact", only.getKey()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"org.junit.jupiter.api.Test", "org.assertj.core.api.Assertions", "org.hibernate.Session",
      "org.h2.Driver", "org.slf4j.simple.SimpleLogger", "org.testcontainers.containers.GenericContainer",
      "com.github.dockerjava.api.DockerClient"})
  void isolatedLoaderCannotSeeTestOnlyClasses(String testOnlyClass) throws Exception {
    try (URLClassLoader loader = ProviderRuntimeClasspath.isolatedLoader(classpath)) {
      assertThat(Class.forName(testOnlyClass, false, getClass().getClassLoader())).as("visible to the test").isNotNull();
      assertThatThrownBy(() -> Class.forName(testOnlyClass, false, loader))
          .isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void cachingFindsExactlyOneProviderAndItIsHybridCache() throws Exception {
    try (URLClassLoader loader = ProviderRuntimeClasspath.isolatedLoader(classpath)) {
      withContextClassLoader(loader, () -> {
        Class<?> caching = loader.loadClass("javax.cache.Caching");
        assertThat(caching.getClassLoader()).as("javax.cache comes from the runtime class path").isSameAs(loader);

        List<String> all = new ArrayList<>();
        for (Object provider : (Iterable<?>) call(caching, null, "getCachingProviders")) {
          all.add(provider.getClass().getName());
        }
        assertThat(all).containsExactly(PROVIDER);

        Object provider = call(caching, null, "getCachingProvider");
        assertThat(provider.getClass().getName()).isEqualTo(PROVIDER);
        assertThat(provider.getClass().getClassLoader()).isSameAs(loader);
        call(loader.loadClass("javax.cache.spi.CachingProvider"), provider, "close");
        return null;
      });
    }
  }

  @Test
  void cacheCreatedThroughTheDiscoveredProviderStoresAndRemovesValues() throws Exception {
    try (URLClassLoader loader = ProviderRuntimeClasspath.isolatedLoader(classpath)) {
      withContextClassLoader(loader, () -> {
        Class<?> providerType = loader.loadClass("javax.cache.spi.CachingProvider");
        Class<?> managerType = loader.loadClass("javax.cache.CacheManager");
        Class<?> configurationType = loader.loadClass("javax.cache.configuration.Configuration");
        Class<?> cacheType = loader.loadClass("javax.cache.Cache");

        Object provider = call(loader.loadClass("javax.cache.Caching"), null, "getCachingProvider");
        try {
          Object manager = call(providerType, provider, "getCacheManager");
          Object configuration = loader.loadClass("javax.cache.configuration.MutableConfiguration")
              .getConstructor().newInstance();
          Object cache = managerType.getMethod("createCache", String.class, configurationType)
              .invoke(manager, "drop-in", configuration);

          cacheType.getMethod("put", Object.class, Object.class).invoke(cache, "greeting", "hello");
          assertThat(cacheType.getMethod("get", Object.class).invoke(cache, "greeting")).isEqualTo("hello");
          assertThat(cacheType.getMethod("containsKey", Object.class).invoke(cache, "greeting")).isEqualTo(true);

          assertThat(cacheType.getMethod("remove", Object.class).invoke(cache, "greeting")).isEqualTo(true);
          assertThat(cacheType.getMethod("get", Object.class).invoke(cache, "greeting")).isNull();
        } finally {
          call(providerType, provider, "close");
        }
        return null;
      });
    }
  }

  /**
   * The provider's own published artifact: its jar (the shaded one the reactor's package phase made; see
   * ShadedProviderJarTest), never its target/classes, which lacks the shaded Redisson.
   */
  private static boolean isProviderArtifact(Path entry) {
    String name = entry.getFileName().toString();
    return Files.isRegularFile(entry) && name.startsWith("hybridcache-provider-") && name.endsWith(".jar");
  }

  private static Object call(Class<?> type, Object target, String method) throws Exception {
    Method m = type.getMethod(method);
    try {
      return m.invoke(target);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static <T> T withContextClassLoader(ClassLoader loader, Callable<T> work) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return work.call();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
