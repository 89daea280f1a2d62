package io.hybridcache.redis.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every backend starts Redis with, taken from {@link RedisServer.Options}.
 *
 * @param password the {@code requirepass} value, or null for none
 * @param configLines extra configuration lines, written to a file that Redis reads first
 * @param startTimeout how long a launch waits for Redis to answer PING
 * @param tls the TLS identity the server serves TLS only with, or null for plain TCP
 */
record LaunchSettings(String password, List<String> configLines, Duration startTimeout, RedisTls tls) {
  LaunchSettings {
    configLines = List.copyOf(configLines);
  }

  /** The settings every harness server runs with, as redis-server arguments: they win over the configuration file. */
  List<String> arguments(int port, String bind, String dir) {
    List<String> arguments = new ArrayList<>(tls == null ? List.of("--port", Integer.toString(port))
        : tls.serverArguments(port));
    arguments.addAll(List.of(
        "--bind", bind,
        "--save", "",
        "--appendonly", "no",
        "--daemonize", "no",
        "--protected-mode", "no",
        "--dir", dir));
    if (password != null) {
      arguments.addAll(List.of("--requirepass", password));
    }
    return arguments;
  }
}
