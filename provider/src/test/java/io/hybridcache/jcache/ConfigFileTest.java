package io.hybridcache.jcache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.EntryOptions;
import io.hybridcache.engine.AutoRecovery;
import io.hybridcache.engine.InternalKeys;
import io.hybridcache.engine.TagRemoval;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a configuration file says: {@link ConfigFile#parse}. Where it is found: {@link ConfigLocationTest}. */
class ConfigFileTest {

  private static final String FILE = "file:/etc/app/hybridcache.yaml";

  static ManagerSettings parse(String yaml) {
    return ConfigFile.parse(URI.create(FILE), FILE, yaml.getBytes(UTF_8));
  }

  @Test
  void everyKeyOfAFullFileIsRead() {
    ManagerSettings settings = parse("""
        keyPrefix: shop
        redis:
          singleServerConfig:
            address: "redis://127.0.0.1:6379"
            database: 2
          codec: !!str none
        backplane:
          enabled: false
        defaults:
          duration: 5m
          jitterMaxDuration: 2s
          failSafe: true
          failSafeMaxDuration: 2h
          failSafeThrottleDuration: 10s
          factorySoftTimeout: 100ms
          factoryHardTimeout: PT2S
          allowTimedOutFactoryBackgroundCompletion: false
          distributedCacheDuration: 1m
          distributedCacheSoftTimeout: 50ms
          distributedCacheHardTimeout: 1s
          backgroundDistributedCacheOperations: true
          backgroundBackplaneOperations: false
          reThrowDistributedCacheExceptions: true
          reThrowBackplaneExceptions: true
          reThrowSerializationExceptions: false
          eagerRefreshThreshold: 0.8
          skipMemoryCacheRead: true
          skipMemoryCacheWrite: true
          skipDistributedCacheRead: true
          skipDistributedCacheWrite: true
          skipBackplaneNotifications: true
          allowStaleOnReadOnly: true
          lockTimeout: 3s
          size: 7
          maximumWeight: 1000000
          distributedLevel: false
          backplane: false
        """);

    EntryOptions expected = EntryOptions.builder()
        .duration(Duration.ofMinutes(5)).jitterMaxDuration(Duration.ofSeconds(2))
        .failSafe(true, Duration.ofHours(2), Duration.ofSeconds(10))
        .factorySoftTimeout(Duration.ofMillis(100)).factoryHardTimeout(Duration.ofSeconds(2))
        .allowTimedOutFactoryBackgroundCompletion(false)
        .distributedCacheDuration(Duration.ofMinutes(1))
        .distributedCacheSoftTimeout(Duration.ofMillis(50)).distributedCacheHardTimeout(Duration.ofSeconds(1))
        .backgroundDistributedCacheOperations(true).backgroundBackplaneOperations(false)
        .reThrowDistributedCacheExceptions(true).reThrowBackplaneExceptions(true)
        .reThrowSerializationExceptions(false).eagerRefreshThreshold(0.8)
        .skipMemoryCache(true).skipDistributedCache(true).skipBackplaneNotifications(true)
        .allowStaleOnReadOnly(true).lockTimeout(Duration.ofSeconds(3)).size(7)
        .build();
    assertThat(settings.source()).isEqualTo(URI.create(FILE));
    assertThat(settings.keyPrefix()).isEqualTo("shop");
    assertThat(settings.redis()).isEqualTo(Map.of(
        "singleServerConfig", Map.of("address", "redis://127.0.0.1:6379", "database", 2), "codec", "none"));
    assertThat(settings.backplane()).isEqualTo(new BackplaneSettings(false));
    assertThat(settings.defaults())
        .isEqualTo(new CacheSettings(expected, OptionalLong.empty(), OptionalLong.of(1_000_000), false, false));
    assertThat(settings.caches()).isEmpty();
  }

  @Test
  void perCacheKeysOverrideTheDefaultsKeyByKey() {
    ManagerSettings settings = parse("""
        defaults:
          duration: 5m
          failSafe: true
          factorySoftTimeout: 1s
          maximumSize: 50000
        caches:
          users:
            duration: 500ms
            factorySoftTimeout: none
            maximumWeight: 1000000
            distributedLevel: false
            backplane: false
          orders:
            maximumSize: 20
          empty:
        """);

    EntryOptions defaults = EntryOptions.builder().duration(Duration.ofMinutes(5)).failSafe(true)
        .factorySoftTimeout(Duration.ofSeconds(1)).build();
    assertThat(settings.defaults())
        .isEqualTo(new CacheSettings(defaults, OptionalLong.of(50_000), OptionalLong.empty(), true, true));
    assertThat(settings.cache("users")).isEqualTo(new CacheSettings(
        defaults.toBuilder().duration(Duration.ofMillis(500)).factorySoftTimeout(null).build(),
        OptionalLong.empty(), OptionalLong.of(1_000_000), false, false));
    assertThat(settings.cache("orders"))
        .isEqualTo(new CacheSettings(defaults, OptionalLong.of(20), OptionalLong.empty(), true, true));
    assertThat(settings.cache("empty")).isEqualTo(settings.defaults());
    assertThat(settings.caches()).containsOnlyKeys("users", "orders", "empty");
  }

  @Test
  void cacheInheritsSwitchesAndBoundAndMayTradeTheInheritedWeightForASize() {
    ManagerSettings settings = parse("""
        defaults:
          maximumWeight: 900
          distributedLevel: false
          backplane: false
        caches:
          inherits:
            duration: 1m
          sized:
            maximumSize: 30
            backplane: true
        """);

    assertThat(settings.cache("inherits")).isEqualTo(new CacheSettings(
        EntryOptions.builder().duration(Duration.ofMinutes(1)).build(), OptionalLong.empty(), OptionalLong.of(900),
        false, false));
    assertThat(settings.cache("sized")).isEqualTo(new CacheSettings(
        EntryOptions.defaults(), OptionalLong.of(30), OptionalLong.empty(), false, true));
  }

  @Test
  void aCacheTheFileDoesNotNameGetsTheDefaults() {
    ManagerSettings settings = parse("""
        defaults:
          duration: 1h
        caches:
          users:
            duration: 1s
        """);

    assertThat(settings.cache("org.example.Entity")).isSameAs(settings.defaults());
    assertThat(settings.defaults().options().duration()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.defaults().maximumSize()).hasValue(10_000);
  }

  @Test
  void defaultsInheritTheBuiltInBoundUnlessTheyReplaceIt() {
    assertThat(parse("defaults: {duration: 1m}").defaults().maximumSize()).hasValue(10_000);
    CacheSettings weighed = parse("defaults: {maximumWeight: 500}").defaults();
    assertThat(weighed.maximumWeight()).hasValue(500);
    assertThat(weighed.maximumSize()).isEmpty();
  }

  @Test
  void emptyFileGivesTheBuiltInDefaultsWithItsSource() {
    ManagerSettings settings = parse("# nothing configured yet\n");

    assertThat(settings.source()).isEqualTo(URI.create(FILE));
    assertThat(settings.keyPrefix()).isEqualTo("hybridcache");
    assertThat(settings.redis()).isNull();
    assertThat(settings.backplane()).isEqualTo(new BackplaneSettings(true));
    assertThat(settings.defaults()).isEqualTo(CacheSettings.BUILT_IN);
    assertThat(settings.defaults().maximumSize()).hasValue(10_000);
    assertThat(settings.defaults().options()).isEqualTo(EntryOptions.defaults());
  }

  @Test
  void distributedLockingIsOffUnlessTheFileTurnsItOnWithARedisSection() {
    assertThat(parse("# nothing\n").distributedLocking()).isFalse();
    assertThat(parse("distributedLocking: false\n").distributedLocking()).isFalse();
    assertThat(parse("redis: {singleServerConfig: {address: \"redis://127.0.0.1:1\"}}\ndistributedLocking: true\n")
        .distributedLocking()).isTrue();
    assertThatThrownBy(() -> parse("distributedLocking: true\n")).isInstanceOf(ConfigFileException.class)
        .hasMessageContaining("distributedLocking").hasMessageContaining("needs a redis section");
    assertThatThrownBy(() -> parse("distributedLocking: sometimes\n")).isInstanceOf(ConfigFileException.class)
        .hasMessageContaining("distributedLocking");
  }

  @Test
  void aRemovalIsRememberedOneMinuteUnlessTheTombstonesSectionSaysOtherwise() {
    assertThat(parse("# nothing\n").tombstoneDuration()).isEqualTo(Duration.ofMinutes(1));
    assertThat(parse("tombstones: {}\n").tombstoneDuration()).isEqualTo(Duration.ofMinutes(1));
    assertThat(parse("tombstones: {duration: 30s}\n").tombstoneDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(parse("tombstones: {duration: 0}\n").tombstoneDuration()).isZero();
    assertThat(ManagerSettings.builtIn().tombstoneDuration()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void redisWithoutValueMeansNoRedis() {
    assertThat(parse("redis:\n").redis()).isNull();
  }

  @Test
  void durationTakesEternalAndOptionalDurationsTakeNone() {
    ManagerSettings settings = parse("""
        defaults:
          duration: eternal
          jitterMaxDuration: none
          lockTimeout: none
          eagerRefreshThreshold: none
          size: none
        """);

    EntryOptions options = settings.defaults().options();
    assertThat(options.duration()).isEqualTo(DurationText.ETERNAL);
    assertThat(options.jitterMaxDuration()).isZero();
    assertThat(options.lockTimeout()).isEmpty();
    assertThat(options.eagerRefreshThreshold()).isEmpty();
    assertThat(options.size()).isEmpty();
  }

  static Stream<Arguments> invalidFiles() {
    return Stream.of(
        // unknown keys
        Arguments.of("caches:\n  users:\n    durtion: 5s\n", "at caches.users.durtion: ",
            "unknown key; did you mean \"duration\"? known keys here: duration, jitterMaxDuration, failSafe,"),
        Arguments.of("cache:\n  users: {}\n", "at cache: ",
            "unknown key; did you mean \"caches\"? known keys here: keyPrefix, redis, backplane, internalKeys, serialization, circuitBreakers, autoRecovery, security, tombstones, distributedLocking, defaults, caches"),
        Arguments.of("backplane:\n  enable: true\n", "at backplane.enable: ",
            "unknown key; did you mean \"enabled\"? known keys here: enabled"),
        Arguments.of("defaults:\n  colour: blue\n", "at defaults.colour: ", "unknown key; known keys here: duration"),
        // wrong types
        Arguments.of("defaults:\n  duration: true\n", "at defaults.duration: ",
            "expected a duration such as 5s, was the boolean true"),
        Arguments.of("defaults:\n  failSafe: \"yes please\"\n", "at defaults.failSafe: ",
            "expected true or false, was the text \"yes please\""),
        Arguments.of("defaults:\n  maximumSize: lots\n", "at defaults.maximumSize: ",
            "expected a whole number, was the text \"lots\""),
        Arguments.of("defaults:\n  eagerRefreshThreshold: soon\n", "at defaults.eagerRefreshThreshold: ",
            "expected a number, was the text \"soon\""),
        Arguments.of("caches: [users, orders]\n", "at caches: ", "expected a map of keys, was a list"),
        Arguments.of("redis: redis://localhost\n", "at redis: ", "expected a map of keys, was the text"),
        Arguments.of("keyPrefix: 42\n", "at keyPrefix: ", "expected text (quote it"),
        Arguments.of("defaults:\n  duration:\n", "at defaults.duration: ",
            "has no value; write a duration or remove the key"),
        Arguments.of("caches:\n  1: {}\n", "at caches: ", "key 1 is the number 1, keys must be text; quote it"),
        // invalid values
        Arguments.of("defaults:\n  duration: 30\n", "at defaults.duration: ",
            "a duration needs a unit: write 30ms, 30s, 30m, 30h or 30d, was \"30\"; accepted forms: 500ms, 5s, 2m, 1h, "
                + "1d or ISO-8601 such as PT5S, or eternal"),
        Arguments.of("caches:\n  users:\n    factoryHardTimeout: eternal\n", "at caches.users.factoryHardTimeout: ",
            "expected a duration, was \"eternal\"; accepted forms: 500ms, 5s, 2m, 1h, 1d or ISO-8601 such as PT5S, "
                + "or none"),
        Arguments.of("defaults:\n  duration: 0s\n", "at defaults.duration: ", "duration must be positive, was PT0S"),
        Arguments.of("defaults:\n  eagerRefreshThreshold: 1.5\n", "at defaults.eagerRefreshThreshold: ",
            "eagerRefreshThreshold must lie strictly between 0 and 1 (e.g. 0.8), was 1.5"),
        Arguments.of("defaults:\n  size: -1\n", "at defaults.size: ", "size must not be negative, was -1"),
        Arguments.of("caches:\n  users:\n    factorySoftTimeout: 2s\n    factoryHardTimeout: 1s\n", "at caches.users: ",
            "factorySoftTimeout (PT2S) must be shorter than factoryHardTimeout (PT1S)"),
        Arguments.of("defaults:\n  maximumSize: 0\n", "at defaults.maximumSize: ", "must be positive, was 0"),
        Arguments.of("defaults:\n  maximumWeight: 99999999999999999999\n", "at defaults.maximumWeight: ",
            "the number 99999999999999999999 is too large"),
        Arguments.of("caches:\n  users:\n    maximumSize: 10\n    maximumWeight: 10\n", "at caches.users: ",
            "maximumSize and maximumWeight are exclusive: bound the cache by entry count (maximumSize) or by total "
                + "weight (maximumWeight), remove one of them"),
        Arguments.of("keyPrefix: \"my shop\"\n", "at keyPrefix: ",
            "keyPrefix must be non-blank text without whitespace"),
        Arguments.of("keyPrefix: \"\"\n", "at keyPrefix: ", "keyPrefix must be non-blank text without whitespace"),
        Arguments.of("keyPrefix: app:orders\n", "at keyPrefix: ", "keyPrefix must not contain ':' (a character of the "
            + "key separator ':'), was 'app:orders': its keys would also be keys of prefix 'app' (cache 'orders'), so "
            + "the two could read and overwrite each other's entries; write it without, e.g. 'app-orders'"),
        Arguments.of("keyPrefix: app_orders\ninternalKeys:\n  separator: \"_\"\n", "at keyPrefix: ",
            "keyPrefix must not contain '_'"),
        Arguments.of("tombstones:\n  duration: 2d\n", "at tombstones.duration: ",
            "the tombstone duration must be between 0 (no tombstones) and 1d (each removal keeps a key in Redis that "
                + "long), was PT48H"),
        Arguments.of("tombstones:\n  duration: -PT1S\n", "at tombstones.duration: ",
            "the tombstone duration must be between 0 (no tombstones) and 1d"),
        Arguments.of("tombstones:\n  lifetime: 1m\n", "at tombstones.lifetime: ",
            "unknown key; known keys here: duration"));
  }

  @ParameterizedTest(name = "{1}{2}")
  @MethodSource("invalidFiles")
  void invalidFileFailsNamingFileKeyAndProblem(String yaml, String keyPath, String problem) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(CacheException.class)
        .isExactlyInstanceOf(ConfigFileException.class)
        .hasMessageStartingWith("HybridCache configuration " + FILE + ", " + keyPath + problem);
  }

  @Test
  void malformedYamlFailsWithLineAndColumn() {
    String yaml = """
        defaults:
          duration: 5s
           failSafe: true
        """;

    assertThatThrownBy(() -> parse(yaml))
        .isExactlyInstanceOf(ConfigFileException.class)
        .hasMessageStartingWith("HybridCache configuration " + FILE + ": malformed YAML at line 3, column 12: "
            + "mapping values are not allowed here")
        .hasMessageEndingWith("check the indentation, colons and quotes there");
  }

  @Test
  void duplicateKeyFailsWithItsLine() {
    assertThatThrownBy(() -> parse("defaults:\n  duration: 5s\n  duration: 6s\n"))
        .isExactlyInstanceOf(ConfigFileException.class)
        .hasMessageContainingAll(FILE, "malformed YAML at line 3, column 3: found duplicate key duration",
            "remove or merge the repeats");
  }

  @Test
  void documentThatIsNotAMapFailsForTheWholeFile() {
    assertThatThrownBy(() -> parse("- duration: 5s\n"))
        .hasMessage("HybridCache configuration " + FILE + ": expected a map of keys, was a list");
  }

  @Test
  void arbitraryTypesAreNotConstructed() {
    assertThatThrownBy(() -> parse("defaults: !!java.lang.Thread {}\n"))
        .isExactlyInstanceOf(ConfigFileException.class)
        .hasMessageContainingAll(FILE, "malformed YAML at line 1", "java.lang.Thread",
            "tags (!!...) are not allowed");
  }

  @Test
  void theInternalKeysAndTheTagRemovalOfEachCacheAreRead() {
    ManagerSettings settings = parse("""
        internalKeys:
          separator: "_"
          tagPrefix: "T_"
          clearExpireTag: "CLEAR_EXPIRE"
          clearRemoveTag: "CLEAR_REMOVE"
        defaults:
          tagRemoval: remove
        caches:
          users:
            tagRemoval: expire
        """);

    assertThat(settings.internalKeys()).isEqualTo(InternalKeys.builder().separator("_").tagPrefix("T_")
        .clearExpireTag("CLEAR_EXPIRE").clearRemoveTag("CLEAR_REMOVE").build());
    assertThat(settings.cache("other").tagRemoval()).isEqualTo(TagRemoval.REMOVE);
    assertThat(settings.cache("users").tagRemoval()).isEqualTo(TagRemoval.EXPIRE);
    assertThat(parse("keyPrefix: shop").internalKeys()).isEqualTo(InternalKeys.defaults());
  }

  @Test
  void maxTagsPerEntryIsReadPerCacheOverTheDefaultsAndIs100WhenNoFileSetsIt() {
    ManagerSettings settings = parse("""
        defaults:
          maxTagsPerEntry: 20
        caches:
          wide:
            maxTagsPerEntry: 500
        """);

    assertThat(settings.cache("other").maxTagsPerEntry()).isEqualTo(20);
    assertThat(settings.cache("wide").maxTagsPerEntry()).isEqualTo(500);
    assertThat(parse("keyPrefix: shop").cache("any").maxTagsPerEntry()).isEqualTo(100);
    assertThatThrownBy(() -> parse("defaults:\n  maxTagsPerEntry: 0\n"))
        .isInstanceOf(ConfigFileException.class).hasMessageContaining("defaults.maxTagsPerEntry")
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> parse("caches:\n  c:\n    maxTagsPerEntry: 10001\n"))
        .isInstanceOf(ConfigFileException.class).hasMessageContaining("caches.c.maxTagsPerEntry")
        .hasMessageContaining("at most 10000");
  }

  @Test
  void statisticsAndManagementAreOffByDefaultAndSetInTheDefaultsOrPerCache() {
    ManagerSettings settings = parse("""
        defaults:
          statisticsEnabled: true
        caches:
          quiet:
            statisticsEnabled: false
          managed:
            managementEnabled: true
        """);

    assertThat(parse("keyPrefix: shop").cache("any").statisticsEnabled()).isFalse();
    assertThat(parse("keyPrefix: shop").cache("any").managementEnabled()).isFalse();
    assertThat(settings.cache("other").statisticsEnabled()).isTrue();
    assertThat(settings.cache("other").managementEnabled()).isFalse();
    assertThat(settings.cache("quiet").statisticsEnabled()).isFalse();
    assertThat(settings.cache("managed").statisticsEnabled()).isTrue();
    assertThat(settings.cache("managed").managementEnabled()).isTrue();
    assertThatThrownBy(() -> parse("defaults:\n  statisticsEnabled: yes please\n"))
        .isInstanceOf(ConfigFileException.class).hasMessageContaining("defaults.statisticsEnabled");
  }

  @Test
  void badInternalKeysOrTagRemovalNameTheKeyAndTheFix() {
    assertThatThrownBy(() -> parse("internalKeys:\n  clearExpireTag: X\n  clearRemoveTag: X\n"))
        .isInstanceOf(ConfigFileException.class).hasMessageContaining("internalKeys")
        .hasMessageContaining("must differ");
    assertThatThrownBy(() -> parse("internalKeys:\n  seperator: _\n"))
        .isInstanceOf(ConfigFileException.class).hasMessageContaining("internalKeys.seperator");
    assertThatThrownBy(() -> parse("defaults:\n  tagRemoval: delete\n"))
        .isInstanceOf(ConfigFileException.class).hasMessageContaining("defaults.tagRemoval")
        .hasMessageContaining("expire").hasMessageContaining("remove");
  }

  @Test
  void theBackplaneSectionSetsTheSweepIntervalFromZeroToAMinuteAndOneSecondByDefault() {
    assertThat(parse("backplane:\n  enabled: true\n").backplane().sweepInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(parse("backplane:\n  sweepInterval: 250ms\n").backplane().sweepInterval())
        .isEqualTo(Duration.ofMillis(250));
    assertThat(parse("backplane:\n  sweepInterval: 0s\n").backplane().sweepInterval()).isZero();
    assertThatThrownBy(() -> parse("backplane:\n  sweepInterval: 2m\n"))
        .isInstanceOf(ConfigFileException.class).hasMessageContaining("backplane.sweepInterval")
        .hasMessageContaining("from 0s to 1m");
  }

  @Test
  void theBackplaneSectionMayBoundHowLongL1CopiesStayFresh() {
    assertThat(parse("backplane:\n  memoryDurationCeiling: 5m\n").backplane())
        .isEqualTo(new BackplaneSettings(true, Duration.ofMinutes(5)));
    assertThat(parse("backplane:\n  enabled: true\n").backplane().memoryDurationCeiling()).isNull();
    assertThatThrownBy(() -> parse("backplane:\n  memoryDurationCeiling: 0\n"))
        .isInstanceOf(ConfigFileException.class).hasMessageContaining("backplane.memoryDurationCeiling")
        .hasMessageContaining("positive");
  }

  @Test
  void theSerializationSectionListsTheClassesValuesFromTheDistributedLevelMayHold() {
    SerializationSettings settings = parse("""
        serialization:
          allowedClasses: [com.example., org.shop.Order]
        """).serialization();

    assertThat(settings.allowedClasses()).containsExactly("com.example.", "org.shop.Order");
    assertThat(settings.classFilter()).accepts("com.example.A", "org.shop.Order$Line", "java.lang.String")
        .rejects("org.shop.Other");
    assertThat(parse("keyPrefix: shop").serialization().classFilter()).rejects("com.example.A");
    assertThat(parse("serialization:\n  allowAnyClass: true\n").serialization().classFilter()).accepts("x.Y");
    assertThat(parse("serialization:\n  maxEntrySize: 1048576\n").serialization().maxEntrySize()).isEqualTo(1048576);
    assertThat(parse("keyPrefix: shop").serialization().maxEntrySize()).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> parse("serialization:\n  maxEntrySize: 0\n"))
        .isInstanceOf(ConfigFileException.class).hasMessageContaining("serialization.maxEntrySize");
    assertThatThrownBy(() -> parse("serialization:\n  allowedClasses: com.example.\n"))
        .isInstanceOf(ConfigFileException.class).hasMessageContaining("serialization.allowedClasses")
        .hasMessageContaining("list");
  }

  @Test
  void serializationMaxDepthBoundsHowDeeplyValuesNestAndIsCheckedWithAPreciseMessage() {
    assertThat(parse("serialization:\n  maxDepth: 250\n").serialization().maxDepth()).isEqualTo(250);
    assertThat(parse("keyPrefix: shop").serialization().maxDepth()).isEqualTo(100);
    for (String bad : List.of("0", "-3", "10001")) {
      assertThatThrownBy(() -> parse("serialization:\n  maxDepth: " + bad + "\n"))
          .isInstanceOf(ConfigFileException.class)
          .hasMessageContaining("serialization.maxDepth")
          .hasMessageContaining("must be a whole number from 1 to 10000 (how deeply the objects of a value may nest;"
              + " default 100), was " + bad);
    }
    assertThatThrownBy(() -> parse("serialization:\n  maxDepth: deep\n"))
        .isInstanceOf(ConfigFileException.class).hasMessageContaining("serialization.maxDepth")
        .hasMessageContaining("whole number");
  }

  @Test
  void theCircuitBreakersSectionSetsHowLongAFailedComponentIsSkipped() {
    assertThat(parse("circuitBreakers:\n  distributedLevel: 5s\n  backplane: 1m\n").circuitBreakers())
        .isEqualTo(new CircuitBreakerSettings(Duration.ofSeconds(5), Duration.ofMinutes(1)));
    assertThat(parse("keyPrefix: shop").circuitBreakers()).isEqualTo(CircuitBreakerSettings.BUILT_IN);
    assertThatThrownBy(() -> parse("circuitBreakers:\n  level: 5s\n"))
        .isInstanceOf(ConfigFileException.class).hasMessageContaining("circuitBreakers.level");
  }

  @Test
  void theAutoRecoverySectionTunesOrTurnsOffTheReplayOfFailedOperations() {
    assertThat(parse("autoRecovery:\n  delay: 5s\n  maxItems: 100\n  maxRetries: 3\n").autoRecovery())
        .isEqualTo(new AutoRecovery(Duration.ofSeconds(5), 100, 3));
    assertThat(parse("keyPrefix: shop").autoRecovery()).isEqualTo(AutoRecovery.defaults());
    assertThat(parse("autoRecovery:\n  reconnectBarrier: 1s\n").autoRecovery().reconnectBarrier())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(parse("autoRecovery:\n  enabled: false\n").autoRecovery()).isNull();
    assertThatThrownBy(() -> parse("autoRecovery:\n  delay: 0\n"))
        .isInstanceOf(ConfigFileException.class).hasMessageContaining("autoRecovery");
  }
}
