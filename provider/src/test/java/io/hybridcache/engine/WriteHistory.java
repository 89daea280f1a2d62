package io.hybridcache.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.assertj.core.api.Assertions;

/**
 * The writes a chaos test made, per key, each with when it started, when it was acknowledged (the call returned) and
 * the value it wrote (each value unique), so that after recovery {@link #assertNoLostWrites} can tell whether a write
 * acknowledged to a caller was lost. Thread-safe; times are {@link System#nanoTime()}.
 *
 * <p>The rule, per key: every node reports the same value, and that value is the one of an acknowledged write that no
 * other acknowledged write <em>follows</em>. So every other acknowledged write was either superseded by a later one, or
 * concurrent with the winner, where either may win. A write that follows the winner, or any write at all when the
 * value is another one (an older value, an unknown one, none), is lost.
 *
 * <p>A write follows another when it started after the other was acknowledged, and in a later wall-clock millisecond:
 * the cache orders writes by their entry times, in milliseconds (as the README says, across nodes ordering is by
 * wall-clock milliseconds), so it cannot order two writes made within one millisecond, and the check treats them as
 * concurrent. They must still end the same on every node ({@link SameMillisecondWritesTest} shows where they do not).
 */
final class WriteHistory {
  /**
   * One acknowledged write of {@code value}, started and acknowledged at those {@link System#nanoTime()} readings, the
   * first in wall-clock millisecond {@code startMillis}, the second in {@code acknowledgedMillis}.
   */
  record Write(String key, String value, long started, long acknowledged, long startMillis,
      long acknowledgedMillis) {
    boolean follows(Write other) {
      return started > other.acknowledged && startMillis > other.acknowledgedMillis;
    }

    @Override
    public String toString() {
      return "'" + value + "' (started " + started + " in ms " + startMillis + ", acknowledged " + acknowledged
          + " in ms " + acknowledgedMillis + ")";
    }
  }

  private final Map<String, ConcurrentLinkedQueue<Write>> writes = new ConcurrentHashMap<>();

  /**
   * Runs {@code write} (a call that writes {@code value} under {@code key}) and records it once it returns; a write
   * that throws was not acknowledged and is not recorded (the exception propagates).
   */
  void write(String key, String value, Consumer<String> write) {
    long startMillis = System.currentTimeMillis();
    long started = System.nanoTime();
    write.accept(value);
    long acknowledged = System.nanoTime();
    record(new Write(key, value, started, acknowledged, startMillis, System.currentTimeMillis()));
  }

  /** Records an acknowledged write. */
  void record(Write write) {
    writes.computeIfAbsent(write.key(), k -> new ConcurrentLinkedQueue<>()).add(write);
  }

  /** The keys written. */
  List<String> keys() {
    return List.copyOf(new TreeSet<>(writes.keySet()));
  }

  /** How many writes were recorded. */
  int size() {
    return writes.values().stream().mapToInt(ConcurrentLinkedQueue::size).sum();
  }

  /**
   * Fails unless, for every key written, every node reports the same value and no acknowledged write was lost (see the
   * class comment); the message lists each disagreement and each lost write.
   *
   * @param reported per node name, the value it reports per key (a key it does not hold is absent from its map)
   */
  void assertNoLostWrites(Map<String, Map<String, String>> reported) {
    List<String> problems = new ArrayList<>();
    for (String key : keys()) {
      Map<String, String> byNode = new TreeMap<>();
      reported.forEach((node, values) -> byNode.put(node, values.get(key)));
      if (byNode.values().stream().distinct().count() > 1) {
        problems.add("key '" + key + "': the nodes disagree: " + byNode);
        continue;
      }
      String value = byNode.isEmpty() ? null : byNode.values().iterator().next();
      problems.addAll(lost(key, value));
    }
    if (!problems.isEmpty()) {
      Assertions.fail(problems.size() + " problem(s) in " + size() + " acknowledged writes of " + keys().size()
          + " keys:\n  " + String.join("\n  ", problems));
    }
  }

  /** The lost writes of {@code key} when the nodes agree on {@code value} (null: absent), described. */
  private List<String> lost(String key, String value) {
    List<Write> all = List.copyOf(writes.get(key));
    Write winner = all.stream().filter(w -> Objects.equals(w.value(), value)).findFirst().orElse(null);
    List<Write> byStart = all.stream().sorted(java.util.Comparator.comparingLong(Write::started)).toList();
    List<String> problems = new ArrayList<>();
    for (Write w : all) {
      if (w == winner) {
        continue;
      }
      boolean superseded = followed(byStart, w);
      if (winner == null && !superseded) {
        problems.add("key '" + key + "': lost write " + w + ": every node has " + describe(value)
            + ", which no acknowledged write of this key wrote");
      } else if (winner != null && w.follows(winner)) {
        problems.add("key '" + key + "': lost write " + w + ": it started after " + winner
            + " was acknowledged, which every node still has");
      }
    }
    return problems;
  }

  /** Whether a write of {@code byStart} (sorted by start) follows {@code w}: only the latest starts can. */
  private static boolean followed(List<Write> byStart, Write w) {
    for (int i = byStart.size() - 1; i >= 0 && byStart.get(i).started() > w.acknowledged(); i--) {
      if (byStart.get(i).follows(w)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(String value) {
    return value == null ? "no value" : "'" + value + "'";
  }
}
