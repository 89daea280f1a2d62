package io.hybridcache.jcache;

import io.hybridcache.redis.RedisConnection;
import io.hybridcache.spi.Backplane;
import io.hybridcache.spi.DistributedLevel;
import io.hybridcache.spi.DistributedLocker;
import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Redis connection a configuration file's {@code redis} section describes: the section is a Redisson
 * configuration ({@code singleServerConfig}, {@code sentinelServersConfig}, {@code clusterServersConfig},
 * {@code threads}...), handed to Redisson as it is written. One manager opens one Redisson client, which it owns and
 * closes with {@link #close()}.
 *
 * <p>Failures, each a {@link javax.cache.CacheException} naming the file and the {@code redis} key: a section Redisson
 * cannot read (an unknown key, a wrong type), a section naming no servers, and a Redis that does not answer at
 * startup (fail fast: the message names the address; there is no L1-only fallback, which would hide a wrong
 * address).
 */
final class RedisSection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisSection.class);
  private static final Pattern PROPERTY = Pattern.compile("Cannot create property=([^\\s]+)");
  private static final String NETTY_THREADS = "nettyThreads";
  private static final String EXAMPLE = "e.g. redis: {singleServerConfig: {address: \"redis://127.0.0.1:6379\"}}";

  private final RedisConnection connection;

  private RedisSection(RedisConnection connection) {
    this.connection = connection;
  }

  /**
   * Connects to the Redis that {@code settings.redis()} describes, for the key prefix {@code settings.keyPrefix()}.
   *
   * @throws ConfigFileException if the section is invalid or Redis cannot be reached (see the class comment)
   */
  static RedisSection connect(URI uri, ManagerSettings settings) {
    String file = String.valueOf(settings.source());
    Config config = redissonConfig(file, settings.redis());
    try {
      RedisConnection connection = RedisConnection.open(config, settings.keyPrefix(),
          settings.security().envelopeKeys(), settings.tombstoneDuration());
      LOG.debug("cache manager {}: connected to Redis at {}", uri, addresses(config));
      return new RedisSection(connection);
    } catch (RuntimeException e) {
      throw new ConfigFileException("HybridCache configuration " + file + ", at " + ConfigFile.REDIS
          + ": cache manager " + uri + " could not connect to Redis at " + addresses(config)
          + " (" + rootMessage(e) + ")" + tlsHint(e, config)
          + ". Check that Redis runs there and the address, password and TLS settings, or remove the redis section"
          + " to run with the memory level only", e);
    }
  }

  /**
   * The Redisson configuration of {@code section}, read by Redisson from the section written back as YAML; without a
   * {@code nettyThreads} key, with {@link NettyThreadsDefault}'s number of I/O threads instead of Redisson's 32.
   */
  static Config redissonConfig(String file, Map<String, Object> section) {
    Config config;
    try {
      DumperOptions options = new DumperOptions();
      options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
      config = Config.fromYAML(new Yaml(options).dump(section));
    } catch (Exception e) {
      String path = keyPath(e);
      String problem = rootMessage(e);
      throw ConfigFileException.at(file, path, (problem.contains("\"property\" is null")
          ? "Redisson has no such setting" : "Redisson cannot use this value (" + problem + ")")
          + ". The redis section is a Redisson configuration (" + EXAMPLE + "); fix or remove this key");
    }
    if (!section.containsKey(NETTY_THREADS)) {
      config.setNettyThreads(NettyThreadsDefault.forThisMachine());
    }
    if (!config.isSingleConfig() && !config.isSentinelConfig() && !config.isClusterConfig()) {
      throw ConfigFileException.at(file, ConfigFile.REDIS, "names no Redis servers; add singleServerConfig, "
          + "sentinelServersConfig or clusterServersConfig (" + EXAMPLE + ")");
    }
    return config;
  }

  /**
   * The key Redisson refused, as a path from the file's root ({@code redis.singleServerConfig.timeout}): the
   * properties its exceptions name, outermost first ({@code Cannot create property=NAME ...}); {@code redis} when they
   * name none.
   */
  private static String keyPath(Throwable error) {
    StringBuilder path = new StringBuilder(ConfigFile.REDIS);
    Throwable t = error;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      Matcher m = t.getMessage() == null ? null : PROPERTY.matcher(t.getMessage());
      if (m != null && m.lookingAt()) {
        path.append('.').append(m.group(1));
      }
    }
    return path.toString();
  }

  /**
   * What to fix when the failure is a TLS handshake (an untrusted certificate, most often), or may be a server
   * refusing a TLS client without a certificate (it closes the connection; the client only sees a timeout); empty
   * otherwise.
   */
  private static String tlsHint(Throwable error, Config config) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof SSLHandshakeException) {
        return ". The TLS handshake failed: when the server's certificate (or its CA) is not in the JVM's default "
            + "trust store, name a trust store holding it with sslTruststore and sslTruststorePassword at the top of "
            + "the redis section (beside singleServerConfig)";
      }
    }
    if (addresses(config).contains("rediss://") && config.getSslKeystore() == null) {
      return ". If the server requires client certificates (tls-auth-clients), name a key store holding this "
          + "client's with sslKeystore and sslKeystorePassword at the top of the redis section";
    }
    return "";
  }

  /** The first line of the message of {@code error}'s innermost cause: what went wrong, without the wrappers. */
  private static String rootMessage(Throwable error) {
    Throwable root = error;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 16; depth++) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message).strip();
  }

  private static String addresses(Config config) {
    if (config.isSingleConfig()) {
      return config.useSingleServer().getAddress();
    }
    if (config.isSentinelConfig()) {
      return "the sentinels " + config.useSentinelServers().getSentinelAddresses() + " (master "
          + config.useSentinelServers().getMasterName() + ")";
    }
    return "the cluster nodes " + config.useClusterServers().getNodeAddresses();
  }

  /** The level of the manager's key prefix; it publishes each write's notification in the same script. */
  DistributedLevel level() {
    return connection.level();
  }

  /** Redisson's lock on the same client, for distributed locking. */
  DistributedLocker locker() {
    return connection.locker();
  }

  /** The backplane on the same client. */
  Backplane backplane() {
    return connection.backplane();
  }

  /** Shuts the client down. */
  @Override
  public void close() {
    connection.close();
  }
}
