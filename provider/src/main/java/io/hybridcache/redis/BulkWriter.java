package io.hybridcache.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;

/**
 * Runs a bulk write script ({@link LevelScripts#SET_ALL}, {@link LevelScripts#REMOVE_ALL}) over a batch of keys: as
 * few script calls as the keys allow, all sent in one pipelined Redisson batch ({@link ScriptBatch}: one round trip
 * per master involved, and {@code NOSCRIPT} handled by loading the script and resending only the calls it failed).
 *
 * <p>How the keys are split into calls ({@link #calls}):
 * <ul>
 *   <li>In cluster mode a script may touch the keys of one hash slot only: the keys are grouped by {@link HashSlot},
 *       each group in the order its keys came. Elsewhere (single server, sentinel, replicated: one master) all keys
 *       are one group, and each call also names the sequence counter.
 *   <li>A group is cut into calls of at most {@link #MAX_KEYS} keys and, past its first key, {@link #MAX_BYTES}
 *       bytes of arguments. Redis runs one script at a time and nothing else meanwhile: a bulk script costs it about
 *       1-3 µs a key plus the copy of its arguments, so a call of 1,000 small keys holds the server for a few
 *       milliseconds at most, and a call of large values stops at about 1 MiB of them (a single larger value is one
 *       call of its own, as a single write would be).
 * </ul>
 * The answers are mapped back to the order the keys came in.
 */
final class BulkWriter {
  /** The most keys one script call writes. */
  static final int MAX_KEYS = 1_000;
  /** The most argument bytes one script call carries, unless its first key alone has more. */
  static final int MAX_BYTES = 1 << 20;

  /** One key's part of a bulk call: its key and its arguments (as the script takes them after the channel). */
  record Part(String key, byte[][] args) {
    int bytes() {
      int sum = key.length();
      for (byte[] arg : args) {
        sum += arg.length;
      }
      return sum;
    }
  }

  private final RedissonClient client;
  /** The counter every call names after its data keys; null in cluster mode, where calls are grouped by slot. */
  private final String sequenceKey;

  /**
   * @param sequenceKey the key-prefix sequence counter, named by every call; null in cluster mode (then the keys are
   *     grouped by hash slot and nothing is counted)
   */
  BulkWriter(RedissonClient client, String sequenceKey) {
    this.client = client;
    this.sequenceKey = sequenceKey;
  }

  /**
   * Runs {@code script} over {@code parts} (at least one), each call with {@code channel} as its first argument;
   * completes with whether each part's key was written, in the order of {@code parts}, or fails as the batch does.
   */
  CompletableFuture<List<Boolean>> write(LuaScript script, byte[] channel, List<Part> parts) {
    List<List<Integer>> groups = calls(parts, sequenceKey == null);
    List<ScriptBatch.Call> calls = new ArrayList<>(groups.size());
    for (List<Integer> group : groups) {
      calls.add(call(channel, parts, group));
    }
    return ScriptBatch.<byte[]>run(client, script, RScript.Mode.READ_WRITE, RScript.ReturnType.VALUE, calls)
        .thenApply(replies -> {
          Boolean[] written = new Boolean[parts.size()];
          for (int c = 0; c < groups.size(); c++) {
            List<Integer> group = groups.get(c);
            byte[] reply = replies.get(c);
            if (reply == null || reply.length != group.size()) {
              throw new IllegalStateException("the " + script + " answered " + (reply == null ? "nothing"
                  : reply.length + " characters") + " for " + group.size() + " keys");
            }
            for (int j = 0; j < group.size(); j++) {
              written[group.get(j)] = reply[j] == '1';
            }
          }
          return List.of(written);
        });
  }

  /** One call: the data keys of {@code group} (then the counter, if any) and the channel then their arguments. */
  private ScriptBatch.Call call(byte[] channel, List<Part> parts, List<Integer> group) {
    List<Object> keys = new ArrayList<>(group.size() + 1);
    List<byte[]> args = new ArrayList<>(1 + group.size() * parts.get(group.get(0)).args().length);
    args.add(channel);
    for (int i : group) {
      Part part = parts.get(i);
      keys.add(part.key());
      args.addAll(List.of(part.args()));
    }
    if (sequenceKey != null) {
      keys.add(sequenceKey);
    }
    return new ScriptBatch.Call(keys, args.toArray(byte[][]::new));
  }

  /**
   * How {@code parts} are split into script calls: the indexes of each call's parts, in their order. By slot
   * ({@code bySlot}, cluster mode) the parts are grouped by {@link HashSlot}, the groups in the order of their first
   * part; then each group is cut at {@link #MAX_KEYS} parts and, past a call's first part, {@link #MAX_BYTES} bytes.
   */
  static List<List<Integer>> calls(List<Part> parts, boolean bySlot) {
    Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      int group = bySlot ? HashSlot.of(parts.get(i).key()) : 0;
      groups.computeIfAbsent(group, g -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> calls = new ArrayList<>();
    for (List<Integer> group : groups.values()) {
      List<Integer> call = new ArrayList<>();
      long bytes = 0;
      for (int i : group) {
        int size = parts.get(i).bytes();
        if (!call.isEmpty() && (call.size() == MAX_KEYS || bytes + size > MAX_BYTES)) {
          calls.add(call);
          call = new ArrayList<>();
          bytes = 0;
        }
        call.add(i);
        bytes += size;
      }
      calls.add(call);
    }
    return calls;
  }
}
