package io.hybridcache.jcache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where a manager's configuration file is found: the resolution rules of {@link ConfigFile#load}. */
class ConfigLocationTest {

  private static final URI DEFAULT_URI = URI.create("urn:hybridcache:default");
  private static final Function<String, String> NO_ENVIRONMENT = name -> null;

  @TempDir
  Path dir;

  private URLClassLoader classPath;
  private String savedProperty;

  @BeforeEach
  void setUp() throws IOException {
    savedProperty = System.clearProperty(ConfigLocation.PROPERTY);
    Files.createDirectories(dir.resolve("classes/conf"));
    classPath = new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()}, null);
  }

  @AfterEach
  void tearDown() throws IOException {
    if (savedProperty == null) {
      System.clearProperty(ConfigLocation.PROPERTY);
    } else {
      System.setProperty(ConfigLocation.PROPERTY, savedProperty);
    }
    classPath.close();
  }

  private static String yamlWithKeyPrefix(String prefix) {
    return "keyPrefix: " + prefix + "\ndefaults:\n  duration: 7s\n";
  }

  private Path write(String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private ManagerSettings load(URI uri) {
    return ConfigFile.load(uri, DEFAULT_URI, classPath, NO_ENVIRONMENT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"classpath:conf/app.yaml", "classpath:/conf/app.yaml"})
  void classpathUriReadsTheResourceOfTheClassLoader(String uri) throws IOException {
    Path file = write("classes/conf/app.yaml", yamlWithKeyPrefix("fromclasspath"));

    ManagerSettings settings = load(URI.create(uri));

    assertThat(settings.keyPrefix()).isEqualTo("fromclasspath");
    assertThat(settings.defaults().options().duration()).isEqualTo(Duration.ofSeconds(7));
    assertThat(settings.source()).isEqualTo(file.toUri());
  }

  @Test
  void fileUriReadsThatFile() throws IOException {
    Path file = write("etc/hybridcache.yaml", yamlWithKeyPrefix("fromfile"));

    ManagerSettings settings = load(file.toUri());

    assertThat(settings.keyPrefix()).isEqualTo("fromfile");
    assertThat(settings.source()).isEqualTo(file.toUri());
  }

  @Test
  void jarUriReadsTheEntryOfThatJar() throws IOException {
    Path jar = jar("app.jar", "conf/hybridcache.yaml", yamlWithKeyPrefix("fromjar"));
    URI uri = URI.create("jar:" + jar.toUri() + "!/conf/hybridcache.yaml");

    ManagerSettings settings = load(uri);

    assertThat(settings.keyPrefix()).isEqualTo("fromjar");
    assertThat(settings.source()).isEqualTo(uri);
  }

  @Test
  void classpathResourceInsideAJarIsRead() throws IOException {
    Path jar = jar("lib.jar", "conf/inside.yaml", yamlWithKeyPrefix("injar"));
    try (URLClassLoader jarClassPath = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      ManagerSettings settings = ConfigFile.load(URI.create("classpath:conf/inside.yaml"), DEFAULT_URI, jarClassPath,
          NO_ENVIRONMENT);

      assertThat(settings.keyPrefix()).isEqualTo("injar");
      assertThat(settings.source().toString()).startsWith("jar:file:").endsWith("lib.jar!/conf/inside.yaml");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"conf/app.yaml", "/conf/app.yaml", "conf/app.yml", "custom:/conf/app.yaml"})
  void uriWithYamlPathAndNoKnownSchemeReadsTheClasspathResourceOfThatPath(String uri) throws IOException {
    write("classes/conf/app.yaml", yamlWithKeyPrefix("plainyaml"));
    write("classes/conf/app.yml", yamlWithKeyPrefix("plainyaml"));

    assertThat(load(URI.create(uri)).keyPrefix()).isEqualTo("plainyaml");
  }

  @ParameterizedTest
  @ValueSource(strings = {"urn:tck:manager-1", "http://example.com/cache-manager", "hybridcache", "conf/app.json"})
  void uriNamingNoYamlFileIsOnlyAnIdentityAndGetsTheBuiltInDefaults(String uri) {
    ManagerSettings settings = load(URI.create(uri));

    assertThat(settings).isEqualTo(ManagerSettings.builtIn());
    assertThat(settings.source()).isNull();
  }

  @Test
  void defaultUriWithNothingSetGetsBoundedBuiltInDefaultsForEveryCache() {
    ManagerSettings settings = load(DEFAULT_URI);

    assertThat(settings.source()).isNull();
    assertThat(settings.redis()).isNull();
    assertThat(settings.keyPrefix()).isEqualTo("hybridcache");
    assertThat(settings.cache("org.example.Entity").maximumSize()).hasValue(10_000);
    assertThat(settings.cache("org.example.Entity").options().duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(load(null)).isEqualTo(settings);
  }

  @Test
  void defaultUriReadsTheFileTheSystemPropertyNames() throws IOException {
    Path file = write("etc/prop.yaml", yamlWithKeyPrefix("fromproperty"));
    System.setProperty(ConfigLocation.PROPERTY, file.toString());

    ManagerSettings settings = ConfigFile.load(DEFAULT_URI, DEFAULT_URI, classPath,
        Map.of(ConfigLocation.ENVIRONMENT_VARIABLE, "classpath:ignored.yaml")::get);

    assertThat(settings.keyPrefix()).isEqualTo("fromproperty");
    assertThat(settings.source()).isEqualTo(file.toUri());
  }

  @ParameterizedTest
  @ValueSource(strings = {"classpath:conf/env.yaml", "FILE", "FILE_URI"})
  void defaultUriReadsTheLocationTheEnvironmentVariableNames(String location) throws IOException {
    Path file = write("classes/conf/env.yaml", yamlWithKeyPrefix("fromenv"));
    String value = switch (location) {
      case "FILE" -> file.toString();
      case "FILE_URI" -> file.toUri().toString();
      default -> location;
    };

    ManagerSettings settings = ConfigFile.load(DEFAULT_URI, DEFAULT_URI, classPath,
        Map.of(ConfigLocation.ENVIRONMENT_VARIABLE, value)::get);

    assertThat(settings.keyPrefix()).isEqualTo("fromenv");
  }

  @Test
  void otherUrisIgnoreThePropertyAndTheEnvironment() throws IOException {
    System.setProperty(ConfigLocation.PROPERTY, write("etc/prop.yaml", yamlWithKeyPrefix("fromproperty")).toString());

    ManagerSettings settings = ConfigFile.load(URI.create("urn:other"), DEFAULT_URI, classPath,
        Map.of(ConfigLocation.ENVIRONMENT_VARIABLE, "classpath:missing.yaml")::get);

    assertThat(settings).isEqualTo(ManagerSettings.builtIn());
  }

  @Test
  void missingClasspathResourceFailsNamingIt() {
    assertThatThrownBy(() -> load(URI.create("classpath:conf/absent.yaml")))
        .isExactlyInstanceOf(ConfigFileException.class)
        .hasMessage("HybridCache configuration classpath:conf/absent.yaml not found: the class path has no resource "
            + "conf/absent.yaml; check the name, or give a file: URL or a file path");
  }

  @Test
  void missingPlainYamlNameFailsNamingIt() {
    assertThatThrownBy(() -> load(URI.create("absent.yml")))
        .isExactlyInstanceOf(ConfigFileException.class)
        .hasMessageStartingWith("HybridCache configuration absent.yml not found: "
            + "the class path has no resource absent.yml");
  }

  @Test
  void missingFileFailsNamingIt() {
    URI missing = dir.resolve("absent.yaml").toUri();

    assertThatThrownBy(() -> load(missing))
        .isExactlyInstanceOf(ConfigFileException.class)
        .hasMessageStartingWith("HybridCache configuration " + missing + " not found; check the path");
  }

  @Test
  void missingJarEntryFailsNamingIt() throws IOException {
    URI uri = URI.create("jar:" + jar("app.jar", "other.yaml", "").toUri() + "!/conf/absent.yaml");

    assertThatThrownBy(() -> load(uri))
        .isExactlyInstanceOf(ConfigFileException.class)
        .hasMessageStartingWith("HybridCache configuration " + uri + " not found");
  }

  @Test
  void missingFileNamedByThePropertyFailsNamingItInsteadOfFallingBackToDefaults() {
    Path missing = dir.resolve("etc/absent.yaml");
    System.setProperty(ConfigLocation.PROPERTY, missing.toString());

    assertThatThrownBy(() -> load(DEFAULT_URI))
        .isExactlyInstanceOf(ConfigFileException.class)
        .hasMessageStartingWith("HybridCache configuration " + missing + " (" + missing.toUri() + ") not found");
  }

  @Test
  void unsupportedSchemeInTheEnvironmentFailsNamingTheVariable() {
    assertThatThrownBy(() -> ConfigFile.load(DEFAULT_URI, DEFAULT_URI, classPath,
        Map.of(ConfigLocation.ENVIRONMENT_VARIABLE, "http://config.example.com/hybridcache.yaml")::get))
        .isExactlyInstanceOf(ConfigFileException.class)
        .hasMessage("HybridCache configuration location \"http://config.example.com/hybridcache.yaml\" in environment "
            + "variable HYBRIDCACHE_CONFIG has an unsupported scheme; write classpath:name.yaml, a file: or jar: URL, "
            + "or a file path");
  }

  @Test
  void errorInAFileNamesThatFileAndTheKey() throws IOException {
    Path file = write("etc/bad.yaml", "caches:\n  users:\n    duration: soon\n");

    assertThatThrownBy(() -> load(file.toUri()))
        .isExactlyInstanceOf(ConfigFileException.class)
        .hasMessageStartingWith("HybridCache configuration " + file.toUri() + ", at caches.users.duration: "
            + "expected a duration, was \"soon\"");
  }

  private Path jar(String name, String entry, String content) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
      jarOut.putNextEntry(new JarEntry(entry));
      jarOut.write(content.getBytes(UTF_8));
      jarOut.closeEntry();
    }
    return jar;
  }
}
