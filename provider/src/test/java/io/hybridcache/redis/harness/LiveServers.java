package io.hybridcache.redis.harness;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The servers of this JVM that are not closed yet, closed by one shutdown hook when the JVM exits normally (also when a
 * test forgot to close its server). A JVM killed with SIGKILL runs no hook: its servers outlive it.
 */
final class LiveServers {
  private static final Set<RedisServer> SERVERS = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(LiveServers::closeAll, "redis-server-reaper"));
  }

  private LiveServers() {}

  static void add(RedisServer server) {
    SERVERS.add(server);
  }

  static void remove(RedisServer server) {
    SERVERS.remove(server);
  }

  private static void closeAll() {
    for (RedisServer server : List.copyOf(SERVERS)) {
      try {
        server.close();
      } catch (RuntimeException e) {
        // the JVM is going away: close the others anyway
      }
    }
  }
}
