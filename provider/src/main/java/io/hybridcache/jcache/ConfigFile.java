package io.hybridcache.jcache;

import io.hybridcache.engine.AutoRecovery;
import io.hybridcache.engine.ClusterNodeBuilder;
import io.hybridcache.engine.InternalKeys;
import io.hybridcache.kryo.ClassAllowList;
import io.hybridcache.kryo.KryoValueSerializer;
import io.hybridcache.redis.RedisConnection;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * A cache manager's YAML configuration file: where it is, and what it says.
 *
 * <h2>Where</h2>
 * The manager's URI names the file:
 * <ul>
 *   <li>the provider's default URI: the location in the system property {@code hybridcache.config} or, when that is
 *       not set, in the environment variable {@code HYBRIDCACHE_CONFIG} (a {@code classpath:}, {@code file:} or
 *       {@code jar:} URI, or a file path); when neither is set, no file: the built-in defaults;</li>
 *   <li>{@code classpath:name.yaml} (a leading {@code /} is allowed): a resource of the manager's class loader;</li>
 *   <li>{@code file:} and {@code jar:} URLs (as Hibernate passes them): that file;</li>
 *   <li>any other URI whose path ends in {@code .yaml} or {@code .yml}: the class-path resource of that path;</li>
 *   <li>any other URI: no file, the built-in defaults; the URI only tells managers apart (the JSR-107 TCK uses
 *       such URIs).</li>
 * </ul>
 * A file named but missing is an error, never a silent fallback to the defaults.
 *
 * <h2>What</h2>
 * <pre>
 * keyPrefix: shop            # Redis key and channel prefix (default hybridcache)
 * redis:                     # a Redisson configuration, passed on as is; absent = memory level only
 *   singleServerConfig:
 *     address: "redis://127.0.0.1:6379"
 * backplane:
 *   enabled: true
 *   memoryDurationCeiling: 5m  # optional: L1 copies are re-read from L2 at least this often
 *   sweepInterval: 1s        # at most one sweep of a cache's L1 per interval for lost or refused messages; those
 *                            # asked for within it are made as one at its end (default 1s, 0 to 1m)
 * serialization:             # the classes values read from L2 may hold, beyond the JDK's and Hibernate's
 *   allowedClasses: [com.example., com.example.other.Order]
 *   allowAnyClass: false     # true: instantiate whatever L2 names (only if nobody untrusted can write to it)
 *   maxEntrySize: 1048576    # bytes; larger values stay in L1, larger entries in L2 are misses (default: no limit)
 *   maxDepth: 100            # how deeply a value's objects may nest (default 100); deeper values stay in L1, deeper
 *                            # bytes read from L2 or the backplane are misses (hashing work is bounded too)
 * circuitBreakers:           # after a failure, skip the component this long (default: never skip)
 *   distributedLevel: 5s
 *   backplane: 5s
 * autoRecovery:              # failed L2 writes and notifications, made again (on by default)
 *   enabled: true
 *   delay: 2s
 *   maxItems: 10000          # per cache, one per key
 *   maxRetries: 100          # default: until it succeeds
 *   reconnectBarrier: 500ms  # replay this long after the backplane is back (default: 500ms, or delay if shorter)
 * tombstones:                # how long Redis remembers a removal, so that an older write arriving later is refused
 *   duration: 1m             # (default 1m; 0: a removal deletes the key, remembering nothing)
 * distributedLocking: true   # one factory run per key per cluster: getOrSet misses and atomic operations take a
 *                            # Redis lock of their key (default false; needs redis)
 * security:                  # an HMAC over every L2 envelope and backplane message (default: unsigned)
 *   envelopeKeys: ["${HYBRIDCACHE_ENVELOPE_KEY}"]   # base64 or ${ENV_VAR}; the first signs, all verify
 *   removalCheckInterval: 30s  # deleted tag removal and clear records written again this often (0s: never)
 * internalKeys:              # for levels that restrict key characters; every node of a key prefix the same
 *   separator: ":"
 *   tagPrefix: "~tag"
 *   clearExpireTag: "*"
 *   clearRemoveTag: "!"
 * defaults:                  # every cache: entry options, maximumSize or maximumWeight, distributedLevel, backplane,
 *                            # tagRemoval (expire | remove), maxTagsPerEntry (default 100)
 *                            # statisticsEnabled, managementEnabled (JSR-107 MXBeans)
 *   duration: 5m
 *   maximumSize: 50000
 * caches:                    # named caches: keys here override the defaults one by one
 *   users:
 *     duration: 500ms
 *     maximumWeight: 1000000
 * </pre>
 * The built-in defaults are {@link io.hybridcache.EntryOptions#defaults()} and at most 10,000 entries per cache. An
 * empty file means the built-in defaults. A key written without a value means an empty section ({@code redis:} alone
 * means no Redis). Section keys are in {@link CacheSection} and {@link EntryOptionKeys}, durations in
 * {@link DurationText}.
 *
 * <p>Every problem is a {@link ConfigFileException} naming the file, the key path, what is wrong and how to fix it.
 * The YAML is loaded with SnakeYAML's {@link SafeConstructor}: plain maps, lists and scalars, no arbitrary types,
 * duplicate keys rejected.
 */
final class ConfigFile {
  static final String KEY_PREFIX = "keyPrefix";
  static final String REDIS = "redis";
  static final String BACKPLANE = "backplane";
  static final String INTERNAL_KEYS = "internalKeys";
  static final String MEMORY_DURATION_CEILING = "memoryDurationCeiling";
  static final String SWEEP_INTERVAL = "sweepInterval";
  static final String SERIALIZATION = "serialization";
  static final String CIRCUIT_BREAKERS = "circuitBreakers";
  static final String AUTO_RECOVERY = "autoRecovery";
  static final String SECURITY = "security";
  static final String TOMBSTONES = "tombstones";
  static final String DISTRIBUTED_LOCKING = "distributedLocking";
  static final String DEFAULTS = "defaults";
  static final String CACHES = "caches";
  static final String ENABLED = "enabled";
  /** The deepest {@code serialization.maxDepth}: deeper graphs overflow a thread's stack before Kryo counts them. */
  static final int MAX_DEPTH = 10_000;

  private ConfigFile() {}

  /**
   * Loads the settings {@code uri} names, reading the environment through {@link System#getenv(String)}.
   *
   * @param uri the manager's URI; null stands for {@code defaultUri}
   * @param defaultUri the provider's default URI
   * @param classLoader the manager's class loader, for {@code classpath:} resources; null stands for the thread's
   *     context class loader, or this class's when the thread has none
   * @throws ConfigFileException if the file is named but missing, unreadable or invalid
   * @throws NullPointerException if {@code defaultUri} is null
   */
  static ManagerSettings load(URI uri, URI defaultUri, ClassLoader classLoader) {
    return load(uri, defaultUri, classLoader, System::getenv);
  }

  /** As {@link #load(URI, URI, ClassLoader)}, reading environment variables through {@code environment}. */
  static ManagerSettings load(URI uri, URI defaultUri, ClassLoader classLoader, Function<String, String> environment) {
    Objects.requireNonNull(defaultUri, "defaultUri must not be null");
    Objects.requireNonNull(environment, "environment must not be null");
    Optional<ConfigLocation> location = ConfigLocation.resolve(uri == null ? defaultUri : uri, defaultUri,
        classLoader != null ? classLoader : defaultClassLoader(), environment);
    if (location.isEmpty()) {
      return ManagerSettings.builtIn();
    }
    ConfigLocation file = location.get();
    return parse(file.uri(), file.name(), file.read(), environment);
  }

  /**
   * Reads the settings in {@code yaml}, reading environment variables through {@link System#getenv(String)}.
   *
   * @param source the file, for {@link ManagerSettings#source()}
   * @param name the file as messages name it
   * @throws ConfigFileException if the YAML is malformed or the settings invalid
   */
  static ManagerSettings parse(URI source, String name, byte[] yaml) {
    return parse(source, name, yaml, System::getenv);
  }

  /** As {@link #parse(URI, String, byte[])}, reading environment variables through {@code environment}. */
  static ManagerSettings parse(URI source, String name, byte[] yaml, Function<String, String> environment) {
    YamlSection root = YamlSection.root(name, loadYaml(name, yaml));
    root.requireKnownKeys(List.of(KEY_PREFIX, REDIS, BACKPLANE, INTERNAL_KEYS, SERIALIZATION, CIRCUIT_BREAKERS,
        AUTO_RECOVERY, SECURITY, TOMBSTONES, DISTRIBUTED_LOCKING, DEFAULTS, CACHES));

    String keyPrefix = ManagerSettings.DEFAULT_KEY_PREFIX;
    if (root.has(KEY_PREFIX)) {
      keyPrefix = root.text(KEY_PREFIX);
      try {
        ManagerSettings.checkKeyPrefix(keyPrefix);
      } catch (IllegalArgumentException e) {
        throw root.error(KEY_PREFIX, e.getMessage());
      }
    }
    Map<String, Object> redis = root.raw(REDIS) == null ? null : root.section(REDIS).asMap();

    YamlSection backplaneSection = root.section(BACKPLANE);
    backplaneSection.requireKnownKeys(List.of(ENABLED, MEMORY_DURATION_CEILING, SWEEP_INTERVAL));
    Duration sweepInterval = ClusterNodeBuilder.DEFAULT_SWEEP_INTERVAL;
    if (backplaneSection.has(SWEEP_INTERVAL)) {
      Duration configured = backplaneSection.duration(SWEEP_INTERVAL, DurationText::parse);
      try {
        sweepInterval = ClusterNodeBuilder.checkSweepInterval(configured);
      } catch (IllegalArgumentException e) {
        throw backplaneSection.error(SWEEP_INTERVAL, "must be from 0s to 1m (how often at most a cache marks its whole"
            + " L1 stale because of lost or refused messages; default 1s), was " + configured);
      }
    }
    BackplaneSettings backplane = new BackplaneSettings(
        backplaneSection.has(ENABLED) ? backplaneSection.bool(ENABLED) : BackplaneSettings.BUILT_IN.enabled(),
        backplaneSection.has(MEMORY_DURATION_CEILING)
            ? backplaneSection.duration(MEMORY_DURATION_CEILING, DurationText::parseOrNone).orElse(null) : null,
        sweepInterval);
    if (backplane.memoryDurationCeiling() != null && backplane.memoryDurationCeiling().isZero()) {
      throw backplaneSection.error(MEMORY_DURATION_CEILING, "must be positive, or none for no ceiling");
    }

    CacheSettings defaults = CacheSection.read(root.section(DEFAULTS), CacheSettings.BUILT_IN);
    YamlSection cachesSection = root.section(CACHES);
    Map<String, CacheSettings> caches = new LinkedHashMap<>();
    for (String cacheName : cachesSection.keys()) {
      caches.put(cacheName, CacheSection.read(cachesSection.section(cacheName), defaults));
    }
    InternalKeys internalKeys = internalKeys(root.section(INTERNAL_KEYS));
    try {
      internalKeys.checkKeyPrefix(keyPrefix);
    } catch (IllegalArgumentException e) {
      throw root.error(KEY_PREFIX, e.getMessage());
    }
    return new ManagerSettings(source, keyPrefix, redis, backplane, defaults, caches,
        internalKeys, serialization(root.section(SERIALIZATION)),
        circuitBreakers(root.section(CIRCUIT_BREAKERS)), autoRecovery(root.section(AUTO_RECOVERY)),
        SecuritySection.read(root.section(SECURITY), environment), tombstoneDuration(root.section(TOMBSTONES)),
        distributedLocking(root, redis != null));
  }

  /** The {@code distributedLocking} switch: a boolean, and true only with a {@code redis} section. */
  private static boolean distributedLocking(YamlSection root, boolean hasRedis) {
    if (!root.has(DISTRIBUTED_LOCKING) || !root.bool(DISTRIBUTED_LOCKING)) {
      return false;
    }
    if (!hasRedis) {
      throw root.error(DISTRIBUTED_LOCKING, "needs a redis section: the locks live in Redis, and the nodes waiting "
          + "for one read the holder's value from it");
    }
    return true;
  }

  /** The {@code tombstones} section: {@code duration}, zero or positive and finite. */
  private static Duration tombstoneDuration(YamlSection section) {
    section.requireKnownKeys(List.of("duration"));
    if (!section.has("duration")) {
      return RedisConnection.DEFAULT_TOMBSTONE_DURATION;
    }
    Duration duration = section.duration("duration", DurationText::parse);
    try {
      return RedisConnection.checkTombstoneDuration(duration);
    } catch (IllegalArgumentException e) {
      throw section.error("duration", e.getMessage());
    }
  }

  /**
   * The {@code autoRecovery} section: {@code enabled}, {@code delay}, {@code maxItems}, {@code maxRetries},
   * {@code reconnectBarrier}.
   */
  private static AutoRecovery autoRecovery(YamlSection section) {
    section.requireKnownKeys(List.of(ENABLED, "delay", "maxItems", "maxRetries", "reconnectBarrier"));
    if (section.has(ENABLED) && !section.bool(ENABLED)) {
      return null;
    }
    AutoRecovery d = AutoRecovery.defaults();
    Duration delay = section.has("delay") ? section.duration("delay", DurationText::parse) : d.delay();
    long maxItems = section.has("maxItems") ? section.positiveLong("maxItems") : d.maxItems();
    long maxRetries = section.has("maxRetries") ? section.positiveLong("maxRetries") : d.maxRetries();
    try {
      int items = (int) Math.min(maxItems, Integer.MAX_VALUE);
      int retries = (int) Math.min(maxRetries, Integer.MAX_VALUE);
      return section.has("reconnectBarrier")
          ? new AutoRecovery(delay, items, retries, section.duration("reconnectBarrier", DurationText::parse))
          : new AutoRecovery(delay, items, retries);
    } catch (IllegalArgumentException e) {
      throw section.error(e.getMessage());
    }
  }

  /** The {@code circuitBreakers} section: {@code distributedLevel} and {@code backplane} durations. */
  private static CircuitBreakerSettings circuitBreakers(YamlSection section) {
    section.requireKnownKeys(List.of("distributedLevel", "backplane"));
    Duration level = section.has("distributedLevel")
        ? section.duration("distributedLevel", DurationText::parseOrNone).orElse(Duration.ZERO) : Duration.ZERO;
    Duration bus = section.has("backplane")
        ? section.duration("backplane", DurationText::parseOrNone).orElse(Duration.ZERO) : Duration.ZERO;
    return new CircuitBreakerSettings(level, bus);
  }

  /**
   * The {@code serialization} section: {@code allowedClasses} (a list of names), {@code allowAnyClass}, {@code
   * maxEntrySize} and {@code maxDepth}.
   */
  private static SerializationSettings serialization(YamlSection section) {
    section.requireKnownKeys(List.of("allowedClasses", "allowAnyClass", "maxEntrySize", "maxDepth"));
    List<String> allowed = List.of();
    if (section.has("allowedClasses")) {
      Object raw = section.raw("allowedClasses");
      if (!(raw instanceof List<?> list) || list.stream().anyMatch(e -> !(e instanceof String))) {
        throw section.error("allowedClasses", "must be a list of class names (com.example.Order) and packages "
            + "ending with a dot (com.example.)");
      }
      allowed = list.stream().map(String.class::cast).toList();
      try {
        ClassAllowList.defaults().allowing(allowed);
      } catch (IllegalArgumentException e) {
        throw section.error("allowedClasses", e.getMessage());
      }
    }
    boolean any = section.has("allowAnyClass") && section.bool("allowAnyClass");
    int maxEntrySize = Integer.MAX_VALUE;
    if (section.has("maxEntrySize")) {
      long bytes = section.positiveLong("maxEntrySize");
      if (bytes > Integer.MAX_VALUE) {
        throw section.error("maxEntrySize", "must be at most " + Integer.MAX_VALUE + " bytes, was " + bytes);
      }
      maxEntrySize = (int) bytes;
    }
    int maxDepth = KryoValueSerializer.DEFAULT_MAX_DEPTH;
    if (section.has("maxDepth")) {
      long depth = section.wholeNumber("maxDepth");
      if (depth < 1 || depth > MAX_DEPTH) {
        throw section.error("maxDepth", "must be a whole number from 1 to " + MAX_DEPTH + " (how deeply the objects of"
            + " a value may nest; default " + KryoValueSerializer.DEFAULT_MAX_DEPTH + "), was " + depth);
      }
      maxDepth = (int) depth;
    }
    return new SerializationSettings(allowed, any, maxEntrySize, maxDepth);
  }

  /** The {@code internalKeys} section: each key replaces one default string (see {@link InternalKeys}). */
  private static InternalKeys internalKeys(YamlSection section) {
    section.requireKnownKeys(List.of("separator", "tagPrefix", "clearExpireTag", "clearRemoveTag"));
    InternalKeys.Builder keys = InternalKeys.builder();
    if (section.has("separator")) {
      keys.separator(section.text("separator"));
    }
    if (section.has("tagPrefix")) {
      keys.tagPrefix(section.text("tagPrefix"));
    }
    if (section.has("clearExpireTag")) {
      keys.clearExpireTag(section.text("clearExpireTag"));
    }
    if (section.has("clearRemoveTag")) {
      keys.clearRemoveTag(section.text("clearRemoveTag"));
    }
    try {
      return keys.build();
    } catch (IllegalArgumentException e) {
      throw section.error(e.getMessage());
    }
  }

  private static Object loadYaml(String name, byte[] yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    DumperOptions unused = new DumperOptions();
    Yaml parser = new Yaml(new SafeConstructor(options), new Representer(unused), unused, options);
    try {
      return parser.load(new ByteArrayInputStream(yaml));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
      throw new ConfigFileException("HybridCache configuration " + name + ": malformed YAML" + where + ": " + problem
          + context + "; " + fix(e), e);
    } catch (YAMLException e) {
      throw new ConfigFileException("HybridCache configuration " + name + ": malformed YAML: " + e.getMessage(), e);
    }
  }

  private static String fix(MarkedYAMLException e) {
    if (e instanceof DuplicateKeyException) {
      return "a key may appear once per map, remove or merge the repeats";
    }
    if (String.valueOf(e.getProblem()).contains("tag")) {
      return "type tags (!!...) are not allowed, write plain maps, lists and values";
    }
    return "check the indentation, colons and quotes there";
  }

  private static ClassLoader defaultClassLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ConfigFile.class.getClassLoader();
  }
}
