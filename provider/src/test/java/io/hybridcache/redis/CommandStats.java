package io.hybridcache.redis;

import io.hybridcache.redis.harness.RedisServer;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The call counts of {@code INFO commandstats}, by lower-case command name. Redis counts the commands a script runs
 * too: a script doing SET, INCR and PUBLISH shows one {@code evalsha} plus one of each.
 */
record CommandStats(Map<String, Long> calls) {
  private static final Pattern LINE = Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)");

  static CommandStats of(RedisServer server) {
    Map<String, Long> calls = new HashMap<>();
    Matcher m = LINE.matcher(server.command("INFO", "commandstats"));
    while (m.find()) {
      calls.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return new CommandStats(calls);
  }

  /** What was called since {@code before}, leaving out the INFO calls that read the counts. */
  Map<String, Long> since(CommandStats before) {
    Map<String, Long> delta = new HashMap<>();
    calls.forEach((name, count) -> {
      long d = count - before.calls.getOrDefault(name, 0L);
      if (d != 0 && !name.equals("info")) {
        delta.put(name, d);
      }
    });
    return delta;
  }
}
