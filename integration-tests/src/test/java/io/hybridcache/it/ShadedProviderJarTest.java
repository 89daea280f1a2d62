package io.hybridcache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.it.shaded.ShadedRedissonProbe;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The published hybridcache-provider jar is the shaded one: Redisson and the Netty modules it needs are inside,
 * relocated under {@code io.hybridcache.shaded}, Redisson's own JCache provider registration is not, and the POM that
 * is published (the dependency-reduced one) declares none of them, so a user's own Redisson or Netty never clashes
 * with ours and {@code Caching.getCachingProvider()} finds only ours.
 */
class ShadedProviderJarTest {
  static final String RELOCATED = "io/hybridcache/shaded/";
  /** Redisson brings these; none of them may reach a user's class path through us, shaded or not. */
  private static final List<String> NEVER_ON_THE_RUNTIME_CLASSPATH = List.of(
      "redisson-", "netty-", "reactor-core-", "reactive-streams-", "rxjava-", "byte-buddy-", "jodd-");

  private static List<Path> classpath;
  private static Path providerJar;
  private static Map<String, byte[]> entries;

  @BeforeAll
  static void readTheProviderJar() throws IOException {
    classpath = ProviderRuntimeClasspath.entries();
    List<Path> provider = ProviderRuntimeClasspath.providerEntries(classpath);
    assertThat(provider).as("the provider's entry on the runtime class path").hasSize(1);
    providerJar = provider.get(0);
    assertThat(providerJar).as("the provider's packaged jar, not target/classes (run verify, not test)")
        .isRegularFile();
    entries = new LinkedHashMap<>();
    try (JarFile jar = new JarFile(providerJar.toFile())) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        if (!entry.isDirectory()) {
          try (InputStream in = jar.getInputStream(entry)) {
            entries.put(entry.getName(), in.readAllBytes());
          }
        }
      }
    }
  }

  @Test
  void providerJarCarriesRelocatedRedissonAndNetty() {
    assertThat(entries).containsKeys(
        RELOCATED + "redisson/Redisson.class",
        RELOCATED + "redisson/config/Config.class",
        RELOCATED + "redisson/client/codec/ByteArrayCodec.class",
        RELOCATED + "netty/channel/Channel.class",
        RELOCATED + "netty/resolver/dns/DnsAddressResolverGroup.class",
        RELOCATED + "netty/handler/ssl/SslHandler.class",
        "io/hybridcache/jcache/HybridCachingProvider.class");
  }

  @Test
  void providerJarHasNoUnrelocatedRedissonOrNettyEntry() {
    assertThat(entries.keySet())
        .noneMatch(name -> name.startsWith("org/redisson/") || name.startsWith("io/netty/"));
  }

  @Test
  void noClassInTheProviderJarRefersToUnrelocatedRedissonOrNetty() {
    List<String> offenders = new ArrayList<>();
    entries.forEach((name, bytes) -> {
      if (name.endsWith(".class")) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("org/redisson/") || text.contains("io/netty/")) {
          offenders.add(name);
        }
      }
    });
    assertThat(offenders).isEmpty();
  }

  @Test
  void providerJarLeavesOutWhatRedissonUsesOnlyForItsReactiveRxJavaAndLiveObjectApis() {
    assertThat(entries.keySet()).noneMatch(name -> name.startsWith("reactor/") || name.startsWith("org/reactivestreams/")
        || name.startsWith("io/reactivex/") || name.startsWith("net/bytebuddy/") || name.startsWith("jodd/")
        || name.startsWith(RELOCATED + "reactor/") || name.startsWith(RELOCATED + "bytebuddy/"));
  }

  @Test
  void onlyCachingProviderTheJarRegistersIsOurs() {
    assertThat(ProviderRuntimeClasspath.declaredCachingProviders(providerJar))
        .containsExactly("io.hybridcache.jcache.HybridCachingProvider");
  }

  @Test
  void everyServiceTheJarRegistersIsAClassInsideIt() {
    Map<String, List<String>> services = new LinkedHashMap<>();
    entries.forEach((name, bytes) -> {
      if (name.startsWith("META-INF/services/")) {
        List<String> implementations = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\\R")) {
          String implementation = line.replaceFirst("#.*", "").trim();
          if (!implementation.isEmpty()) {
            implementations.add(implementation);
          }
        }
        services.put(name, implementations);
      }
    });
    assertThat(services).containsKey(ProviderRuntimeClasspath.SERVICE_FILE);
    services.forEach((service, implementations) -> assertThat(implementations).as(service).isNotEmpty()
        .allSatisfy(implementation -> assertThat(entries)
            .containsKey(implementation.replace('.', '/') + ".class")));
  }

  @Test
  void providerJarDropsMetadataThatNamesUnrelocatedClassesOrDescribesAnotherJar() {
    assertThat(entries.keySet()).noneMatch(name -> name.startsWith("META-INF/spring.")
        || name.startsWith("META-INF/native-image/") || name.endsWith("module-info.class")
        || name.equals("META-INF/INDEX.LIST") || name.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
  }

  @Test
  void providerJarCarriesOurLicenceAndANoticeNamingWhatIsShaded() {
    assertThat(entries).containsKeys("META-INF/LICENSE", "META-INF/NOTICE");
    String notice = new String(entries.get("META-INF/NOTICE"), StandardCharsets.UTF_8);
    assertThat(notice).startsWith("HybridCache").contains("Redisson", "Netty", "io.hybridcache.shaded");
    // ours, then Redisson's (which starts with the Jackson notice), each once: a re-shaded jar would repeat them
    assertThat(notice.split("Copyright 2026 the HybridCache authors", -1)).hasSize(2);
    assertThat(notice.split("# Jackson JSON processor", -1)).hasSize(2);
    assertThat(notice.indexOf("# Jackson JSON processor")).isGreaterThan(notice.indexOf("Build tooling"));
    assertThat(new String(entries.get("META-INF/LICENSE"), StandardCharsets.UTF_8)).contains("Apache License");
  }

  @Test
  void runtimeClasspathHoldsNoneOfWhatRedissonBrings() {
    assertThat(classpath).extracting(entry -> entry.getFileName().toString())
        .noneMatch(name -> NEVER_ON_THE_RUNTIME_CLASSPATH.stream().anyMatch(name::startsWith));
  }

  /**
   * In the reactor, this module resolves the provider's original POM, where Redisson is optional; a user resolves the
   * published, dependency-reduced POM. Both must give the same dependencies, and neither Redisson nor Netty.
   */
  @Test
  void publishedPomDeclaresExactlyTheDependenciesTheReactorResolvesAndNoShadedLibrary() throws Exception {
    Set<String> published = runtimeDependencies(
        ProviderRuntimeClasspath.pathProperty(ProviderRuntimeClasspath.DEPENDENCY_REDUCED_POM_PROPERTY), false);
    Set<String> original = runtimeDependencies(
        ProviderRuntimeClasspath.pathProperty(ProviderRuntimeClasspath.PROVIDER_POM_PROPERTY), true);

    assertThat(published).isNotEmpty().contains("javax.cache:cache-api")
        .noneMatch(ga -> ga.startsWith("org.redisson:") || ga.startsWith("io.netty:"));
    assertThat(published).isEqualTo(original);
  }

  @ParameterizedTest
  @ValueSource(strings = {"org.redisson.config.Config", "org.redisson.Redisson", "io.netty.channel.Channel",
      "reactor.core.publisher.Mono", "net.bytebuddy.ByteBuddy"})
  void isolatedLoaderSeesNoUnrelocatedRedissonNettyOrWhatWasLeftOut(String className) throws IOException {
    try (URLClassLoader loader = ProviderRuntimeClasspath.isolatedLoader(classpath)) {
      assertThatThrownBy(() -> Class.forName(className, false, loader)).isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void relocatedRedissonParsesASingleServerYamlConfigurationOnTheRuntimeClasspathAlone() throws Exception {
    Map<String, Object> seen = callProbe(classpath, "parse", """
        singleServerConfig:
          address: "redis://127.0.0.1:7777"
          connectionMinimumIdleSize: 2
        """);

    assertThat(seen).containsEntry("configClass", "io.hybridcache.shaded.redisson.config.Config")
        .containsEntry("single", true).containsEntry("sentinel", false).containsEntry("cluster", false);
    assertThat((String) seen.get("yaml")).contains("redis://127.0.0.1:7777").contains("connectionMinimumIdleSize: 2");
  }

  /**
   * Runs a static method of {@link ShadedRedissonProbe} in a loader over the runtime class path plus this module's
   * test classes, over the platform loader: the probe, and all it reaches, resolve against the runtime class path
   * only (the test's own class path, with Hibernate's Byte Buddy and the rest, is not visible).
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> callProbe(List<Path> runtimeClasspath, String method, String yaml) throws Exception {
    List<Path> withProbe = new ArrayList<>(runtimeClasspath);
    withProbe.add(testClasses());
    try (URLClassLoader loader = ProviderRuntimeClasspath.isolatedLoader(withProbe)) {
      Class<?> probe = Class.forName(ShadedRedissonProbe.class.getName(), true, loader);
      assertThat(probe.getClassLoader()).isSameAs(loader);
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        return (Map<String, Object>) probe.getMethod(method, String.class).invoke(null, yaml);
      } catch (InvocationTargetException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
  }

  private static Path testClasses() throws URISyntaxException {
    return Path.of(ShadedRedissonProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** groupId:artifactId of the dependencies a consumer inherits: compile or runtime scope, not optional. */
  private static Set<String> runtimeDependencies(Path pom, boolean original) throws Exception {
    assertThat(pom).isRegularFile();
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    Document document = factory.newDocumentBuilder().parse(pom.toFile());
    Element project = document.getDocumentElement();
    Set<String> dependencies = new LinkedHashSet<>();
    for (Node node = project.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals("dependencies")) {
        for (Node dep = element.getFirstChild(); dep != null; dep = dep.getNextSibling()) {
          if (dep instanceof Element dependency) {
            String scope = child(dependency, "scope", "compile");
            boolean optional = Boolean.parseBoolean(child(dependency, "optional", "false"));
            if ((scope.equals("compile") || scope.equals("runtime")) && !(original && optional)) {
              dependencies.add(child(dependency, "groupId", "") + ":" + child(dependency, "artifactId", ""));
            }
          }
        }
      }
    }
    return dependencies;
  }

  private static String child(Element parent, String tag, String otherwise) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(tag)) {
        return element.getTextContent().trim();
      }
    }
    return otherwise;
  }
}
