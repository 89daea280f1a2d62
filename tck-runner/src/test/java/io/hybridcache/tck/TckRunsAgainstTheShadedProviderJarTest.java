package io.hybridcache.tck;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.Assert.assertThrows;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.Test;

/**
 * The TCK in this module runs against what a user gets: the shaded provider jar the reactor's package phase made
 * (relocated Redisson inside, its provider registration left out), so {@code Caching.getCachingProvider()}, which
 * the TCK calls, finds exactly one provider. Run through {@code verify}; with {@code test} alone the reactor would hand
 * this module provider/target/classes, and this test says so.
 */
public class TckRunsAgainstTheShadedProviderJarTest {
  private static final String PROVIDER = "io.hybridcache.jcache.HybridCachingProvider";

  @Test
  public void cachingFindsExactlyOneProviderAndItIsOurs() {
    List<String> providers = new ArrayList<>();
    for (CachingProvider provider : Caching.getCachingProviders()) {
      providers.add(provider.getClass().getName());
    }
    assertThat(providers, contains(PROVIDER));
    assertThat(Caching.getCachingProvider().getClass().getName(), equalTo(PROVIDER));
  }

  @Test
  public void providerComesFromTheShadedJar() throws Exception {
    File location = new File(Class.forName(PROVIDER).getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat("the provider's jar, not target/classes: " + location, location.getName(), endsWith(".jar"));
    try (JarFile jar = new JarFile(location)) {
      assertThat(jar.getEntry("io/hybridcache/shaded/redisson/Redisson.class"), notNullValue());
      assertThat(jar.getEntry("io/hybridcache/shaded/netty/channel/Channel.class"), notNullValue());
    }
  }

  @Test
  public void unrelocatedRedissonIsNotOnTheClassPath() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.redisson.Redisson"));
  }
}
