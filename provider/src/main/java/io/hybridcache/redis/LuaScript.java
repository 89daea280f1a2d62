package io.hybridcache.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lua script the level runs, by its SHA-1 ({@code EVALSHA}): one round trip per call. The SHA-1 is computed here,
 * not asked of Redis. When the server does not know the script ({@code NOSCRIPT}: the first call, or after a restart
 * or {@code SCRIPT FLUSH}), the call is made again once with {@code EVAL}, which also loads it for the next calls.
 */
final class LuaScript {
  private static final Logger LOG = LoggerFactory.getLogger(LuaScript.class);

  private final String name;
  private final String text;
  private final String sha;

  LuaScript(String name, String text) {
    this.name = name;
    this.text = text;
    this.sha = sha1(text);
  }

  /** The script's SHA-1, in lower-case hex, as {@code SCRIPT LOAD} returns it. */
  String sha() {
    return sha;
  }

  /**
   * Runs the script on the server that holds {@code keys.get(0)} and completes with its integer reply; a failure
   * (other than {@code NOSCRIPT}, which is handled) completes the stage exceptionally.
   *
   * @param args the script's {@code ARGV}, each a {@code byte[]} (the script object has a byte codec)
   */
  CompletionStage<Long> run(RScript script, List<Object> keys, byte[]... args) {
    return run(script, RScript.Mode.READ_WRITE, RScript.ReturnType.LONG, keys, args);
  }

  /**
   * Runs the script, read-only, on a server that holds {@code keys.get(0)} and completes with its array reply (each
   * element a {@code byte[]}, the script object having a byte codec).
   */
  CompletionStage<List<Object>> read(RScript script, List<Object> keys, byte[]... args) {
    return run(script, RScript.Mode.READ_ONLY, RScript.ReturnType.LIST, keys, args);
  }

  private <T> CompletionStage<T> run(RScript script, RScript.Mode mode, RScript.ReturnType type, List<Object> keys,
      byte[]... args) {
    String routing = (String) keys.get(0);
    Object[] values = args;
    CompletionStage<T> first = script.evalShaAsync(routing, mode, sha, type, keys, values);
    return first.handle((reply, error) -> {
      if (error == null) {
        return CompletableFuture.completedFuture(reply);
      }
      if (!isNoScript(error)) {
        return CompletableFuture.<T>failedFuture(error);
      }
      LOG.debug("the server did not know the {} script yet; sending it with EVAL", name);
      return script.<T>evalAsync(routing, mode, text, type, keys, values).toCompletableFuture();
    }).thenCompose(stage -> stage);
  }

  /** The script's text, as {@code EVAL} sends it. */
  String text() {
    return text;
  }

  /** Whether {@code error} (or a cause) is Redis' {@code NOSCRIPT}: the server does not know the script yet. */
  static boolean isNoScript(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
        return true;
      }
    }
    return false;
  }

  private static String sha1(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-1", e);
    }
  }

  @Override
  public String toString() {
    return name + " script " + sha;
  }
}
