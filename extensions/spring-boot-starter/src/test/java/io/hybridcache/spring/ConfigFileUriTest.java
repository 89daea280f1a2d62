package io.hybridcache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;

/** Where {@code hybridcache.config} points the JCache manager. */
class ConfigFileUriTest {
  private final DefaultResourceLoader withDefaultFile = new DefaultResourceLoader(getClass().getClassLoader());
  private final DefaultResourceLoader withoutDefaultFile =
      new DefaultResourceLoader(new URLClassLoader(new URL[0], null));

  @Test
  void unsetItIsTheDefaultFileWhenTheClassPathHasOneElseTheProvidersDefaults() {
    assertThat(ConfigFileUri.of(null, withDefaultFile)).isEqualTo(URI.create("classpath:hybridcache.yaml"));
    assertThat(ConfigFileUri.of(" ", withDefaultFile)).isEqualTo(URI.create("classpath:hybridcache.yaml"));
    assertThat(ConfigFileUri.of(null, withoutDefaultFile)).isNull();
  }

  @Test
  void aClasspathLocationStaysOneAndAFileLocationIsItsUri(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("node.yaml"), "keyPrefix: n\n");

    assertThat(ConfigFileUri.of("classpath:/hybridcache.yaml", withDefaultFile))
        .isEqualTo(URI.create("classpath:hybridcache.yaml"));
    assertThat(ConfigFileUri.of("file:" + file, withDefaultFile)).isEqualTo(file.toUri());
  }

  @Test
  void aLocationThatDoesNotExistFailsNamingItAndTheFix() {
    assertThatThrownBy(() -> ConfigFileUri.of("classpath:no-such.yaml", withDefaultFile))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("hybridcache.config")
        .hasMessageContaining("classpath:no-such.yaml").hasMessageContaining("does not exist");
  }
}
