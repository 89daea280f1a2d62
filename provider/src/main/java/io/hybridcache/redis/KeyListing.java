package io.hybridcache.redis;

import io.hybridcache.spi.SigningKeys;
import io.hybridcache.spi.Tombstone;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;

/**
 * The listing of the level's keys under a prefix, for whole-cache operations: {@code SCAN} (never {@code KEYS}),
 * then each key's first bytes read to leave out those holding a removal (a tombstone; with keys only one whose MAC
 * verifies). Blocking: the level calls it on its callback executor.
 */
final class KeyListing {
  /** Keys per {@code SCAN} chunk and per pipelined batch of header reads. */
  static final int CHUNK = 500;
  /** Reads a key's first {@code ARGV[1]} bytes: enough to tell a tombstone. */
  private static final LuaScript HEADER = new LuaScript("header",
      "return redis.call('GETRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)");

  private final RedissonClient client;
  /** Check the tombstones' MACs; null without keys (every tombstone is a removal). */
  private final SigningKeys tombstoneKeys;
  /** The size of this level's tombstones: how many bytes of each key are read. */
  private final byte[] tombstoneBytes;

  KeyListing(RedissonClient client, SigningKeys tombstoneKeys, int tombstoneBytes) {
    this.client = client;
    this.tombstoneKeys = tombstoneKeys;
    this.tombstoneBytes = Integer.toString(tombstoneBytes).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The keys starting with {@code prefix}, taken literally (glob characters in it, {@code * ? [ ] \}, are escaped),
   * each once ({@code SCAN} may return a key twice while Redis resizes its table), without those holding a removal.
   * In cluster mode every master is scanned. Redisson's blocking key iterator is used: its asynchronous one
   * ({@code getKeysAsync}) stops at the first empty chunk, which {@code SCAN ... MATCH} returns whenever a chunk
   * holds no matching key, and so misses keys.
   */
  List<String> list(String prefix) {
    KeysScanOptions options = KeysScanOptions.defaults().pattern(GlobPattern.escape(prefix) + "*").chunkSize(CHUNK);
    Set<String> found = new LinkedHashSet<>();
    for (String key : client.getKeys().getKeys(options)) {
      found.add(key);
    }
    return withoutTombstones(List.copyOf(found));
  }

  /**
   * {@code keys} without those holding a removal: each key's first bytes are read, in pipelined batches of
   * {@link #CHUNK} ({@code GETRANGE} in a one-line script sent by {@link ScriptBatch}, routed by its key in cluster
   * mode): one more command per key.
   */
  private List<String> withoutTombstones(List<String> keys) {
    List<String> entries = new ArrayList<>(keys.size());
    for (int from = 0; from < keys.size(); from += CHUNK) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
      List<ScriptBatch.Call> calls = new ArrayList<>(chunk.size());
      for (String key : chunk) {
        calls.add(new ScriptBatch.Call(List.of(key), new byte[][] {tombstoneBytes}));
      }
      List<byte[]> heads = ScriptBatch.<byte[]>run(client, HEADER, RScript.Mode.READ_ONLY, RScript.ReturnType.VALUE,
          calls).join();
      for (int i = 0; i < chunk.size(); i++) {
        if (!Tombstone.trusted(chunk.get(i), heads.get(i), tombstoneKeys)) {
          entries.add(chunk.get(i));
        }
      }
    }
    return List.copyOf(entries);
  }
}
