package io.hybridcache.redis;

import io.hybridcache.spi.DistributedLevel;

/**
 * The Lua scripts of the Redis level: each makes one write and, when given a notification, announces it, in one
 * atomic step on the server.
 *
 * <p>Common calling convention:
 * <ul>
 *   <li>{@code KEYS[1]}: the data key; {@code KEYS[2]}, when present, the key-prefix sequence counter. Without
 *       {@code KEYS[2]} (cluster mode, where one script may only touch one hash slot) the sequence is {@code 0}.
 *   <li>{@code ARGV[1]}: the channel; {@code ARGV[2]}: the notification body ({@link BackplaneWire#body}) or empty for
 *       none. The script publishes {@code <sequence>|<body>} ({@link BackplaneWire}) after the write, having first
 *       INCRemented {@code KEYS[2]}; nothing is counted or published without a body.
 *   <li>A time to live is in milliseconds, {@code 0} meaning none (a plain {@code SET} without {@code PX}).
 * </ul>
 * Every script returns an integer: 1 when it wrote, 0 when a compare-and-set found other bytes. The bulk scripts
 * ({@link #SET_ALL}, {@link #REMOVE_ALL}) differ: many data keys, then the counter; one answer character per key.
 *
 * <p>An entry's header, as the scripts read it: {@code HC} and format byte 1, a flag byte (32: an order follows the
 * time; 64: a tombstone), the write time in epoch millis (big-endian, bytes 5 to 12), then the order when flagged
 * (bytes 13 to 20). The numbers are read with the {@code struct} library Redis ships with its Lua (a byte loop costs
 * about twice as much), exact in Lua's doubles for any epoch millisecond and any order below 2^53.
 *
 * <p>The scripts are straight-line code, assembled here from shared Lua expressions rather than calling Lua
 * functions: Redis runs a script's whole body on every call, so each {@code local function} in it is a closure made
 * anew each time. With its helpers as functions, and the order read even when the times differ, the set script took
 * a quarter more server time ({@code EVALSHA} in {@code INFO commandstats}, 50,000 pipelined calls on an idle local
 * server: 3.0–3.4 against 2.4–2.6 µs a call).
 */
final class LevelScripts {
  /** {@link DistributedLevel#ORDERED_WITHIN_MILLIS}: a held time further after a write's is not ordered after it. */
  private static final long ORDERED_WITHIN = DistributedLevel.ORDERED_WITHIN_MILLIS;
  /** Every script's end: publishes {@code <sequence>|<body>} after counting it (unless the body is empty), returns 1. */
  private static final String NOTIFY = """
      if ARGV[2] ~= '' then
        local sequence = 0
        if KEYS[2] then sequence = redis.call('INCR', KEYS[2]) end
        redis.call('PUBLISH', ARGV[1], string.format('%d', sequence) .. '|' .. ARGV[2])
      end
      return 1
      """;

  /** Lua: whether the string in {@code s} starts with a header (an envelope or a tombstone). */
  private static String header(String s) {
    return "(#%1$s >= 12 and string.sub(%1$s, 1, 3) == 'HC\\1')".formatted(s);
  }

  /** Lua: the write time in the header of {@code s}. */
  private static String time(String s) {
    return "struct.unpack('>i8', %s, 5)".formatted(s);
  }

  /** Lua: the order in the header of {@code s}, 0 when it has none. */
  private static String order(String s) {
    return "((#%1$s >= 20 and math.floor(string.byte(%1$s, 4) / 32) %% 2 == 1) and struct.unpack('>i8', %1$s, 13) or 0)"
        .formatted(s);
  }

  /** Lua: whether the header of {@code s} is a tombstone's. */
  private static String tombstone(String s) {
    return "math.floor(string.byte(%s, 4) / 64) %% 2 == 1".formatted(s);
  }

  /** Lua: writes {@code value} to {@code KEYS[1]} with the time to live {@code ttl} (both expressions). */
  private static String store(String value, String ttl) {
    return store("KEYS[1]", value, ttl);
  }

  /** Lua: writes {@code value} to the key {@code key} with the time to live {@code ttl} (all expressions). */
  private static String store(String key, String value, String ttl) {
    return """
        if %2$s == '0' then
          redis.call('SET', %3$s, %1$s)
        else
          redis.call('SET', %3$s, %1$s, 'PX', %2$s)
        end
        """.formatted(value, ttl, key);
  }

  /**
   * Lua: removes {@code KEYS[1]}: with a time to live {@code ttl} other than {@code '0'}, leaves the tombstone
   * {@code tombstone} (its bytes, made by the caller: {@link io.hybridcache.spi.Tombstone}, signed when the node has
   * keys) for that long, else deletes it.
   */
  private static String bury(String tombstone, String ttl) {
    return bury("KEYS[1]", tombstone, ttl);
  }

  /** Lua: {@link #bury(String, String)} for the key {@code key} (an expression). */
  private static String bury(String key, String tombstone, String ttl) {
    return """
        if %2$s == '0' then
          redis.call('DEL', %3$s)
        else
          redis.call('SET', %3$s, %1$s, 'PX', %2$s)
        end
        """.formatted(tombstone, ttl, key);
  }

  /**
   * {@code ARGV[3]}: the value, {@code ARGV[4]}: its time to live. Returns 0, writing and announcing nothing, when the
   * key holds an entry written later than the value ({@link io.hybridcache.spi.DistributedLevel#writtenAfter}: a later
   * time by at most a day, or the same time and a higher order). Only the held entry's first 20 bytes are read ({@code GETRANGE}), so
   * the comparison costs the same whatever the value's size.
   */
  static final LuaScript SET = new LuaScript("set", """
      local held = redis.call('GETRANGE', KEYS[1], 0, 19)
      local given = ARGV[3]
      if %s and %s then
        local heldAt, givenAt = %s, %s
        if heldAt - givenAt <= %d and (heldAt > givenAt or (heldAt == givenAt and %s > %s)) then return 0 end
      end
      """.formatted(header("held"), header("given"), time("held"), time("given"), ORDERED_WITHIN, order("held"),
          order("given"))
      + store("given", "ARGV[4]") + NOTIFY);

  /**
   * Removes {@code KEYS[1]} (absent is fine) and announces it, unless it holds an entry written after {@code ARGV[3]}
   * (the removal's time, epoch millis in decimal), by at most a day: then returns 0, removing and announcing nothing.
   * With {@code ARGV[4]}, a time to live in milliseconds other than {@code 0}, the key is not deleted but holds the
   * tombstone {@code ARGV[5]} for that long ({@link io.hybridcache.spi.Tombstone}: a header with flag 64 and the
   * removal's time, signed with the node's keys), which the set script compares like any entry: a write older than
   * the removal that arrives later is refused. {@code 0} deletes the key (a removal without a time: nothing to compare
   * with).
   */
  static final LuaScript REMOVE = new LuaScript("remove", """
      local held = redis.call('GETRANGE', KEYS[1], 0, 19)
      if %s then
        local heldAt, removedAt = %s, tonumber(ARGV[3])
        if heldAt > removedAt and heldAt - removedAt <= %d then return 0 end
      end
      """.formatted(header("held"), time("held"), ORDERED_WITHIN) + bury("ARGV[5]", "ARGV[4]") + NOTIFY);

  /**
   * The end of the bulk scripts: counts the bodies gathered in {@code notices} (for the {@code n} data keys) with one
   * {@code INCRBY} of {@code KEYS[n + 1]} when present, publishes each as {@code <sequence>|<body>} in turn, the
   * sequences consecutive and ending at the count (what one {@code INCR} per body would have given them: no other
   * command runs in between), and returns {@code written}, one character per key. Without {@code KEYS[n + 1]}
   * the sequences are {@code 0}.
   */
  private static final String NOTIFY_ALL = """
      if #notices > 0 then
        local last = 0
        if KEYS[n + 1] then last = redis.call('INCRBY', KEYS[n + 1], #notices) end
        for j = 1, #notices do
          local sequence = 0
          if KEYS[n + 1] then sequence = last - #notices + j end
          redis.call('PUBLISH', ARGV[1], string.format('%d', sequence) .. '|' .. notices[j])
        end
      end
      return table.concat(written)
      """;

  /**
   * {@link #SET} for {@code n} keys in one call: {@code KEYS[1..n]} the data keys, then the sequence key when counted;
   * {@code ARGV[1]} the channel, then three arguments per key, in the order of {@code KEYS}: its notification body
   * (empty for none), its value and its time to live (so key {@code i} has {@code ARGV[3i-1]}, {@code ARGV[3i]},
   * {@code ARGV[3i+1]}, as {@link #SET} has them for key 1). Each key is compared and written as {@link #SET} does
   * (only its first 20 bytes read); a refused one is neither written nor announced. Returns a string of one
   * character per key, {@code '1'} written, {@code '0'} refused. The notices of the written keys are published after
   * all writes ({@link #NOTIFY_ALL}). Every key must be in one hash slot in cluster mode: the caller groups them.
   */
  static final LuaScript SET_ALL = new LuaScript("set-all", """
      local n = (#ARGV - 1) / 3
      local written, notices = {}, {}
      for i = 1, n do
        local key, body, given, ttl = KEYS[i], ARGV[3 * i - 1], ARGV[3 * i], ARGV[3 * i + 1]
        local held = redis.call('GETRANGE', key, 0, 19)
        local newer = false
        if %s and %s then
          local heldAt, givenAt = %s, %s
          newer = heldAt - givenAt <= %d and (heldAt > givenAt or (heldAt == givenAt and %s > %s))
        end
        if newer then
          written[i] = '0'
        else
      """.formatted(header("held"), header("given"), time("held"), time("given"), ORDERED_WITHIN, order("held"),
          order("given"))
      + store("key", "given", "ttl") + """
          written[i] = '1'
          if body ~= '' then notices[#notices + 1] = body end
        end
      end
      """ + NOTIFY_ALL);

  /**
   * {@link #REMOVE} for {@code n} keys in one call, as {@link #SET_ALL} writes: {@code KEYS} as there; {@code ARGV[1]}
   * the channel, then four arguments per key: its notification body, the removal's time, the tombstone's time to live
   * and the tombstone (key {@code i} has {@code ARGV[4i-2]} to {@code ARGV[4i+1]}, as {@link #REMOVE} has them for
   * key 1). Each key is compared and removed (or buried) as {@link #REMOVE} does; returns one character per key,
   * {@code '1'} removed, {@code '0'} refused, and publishes the notices of the removed keys.
   */
  static final LuaScript REMOVE_ALL = new LuaScript("remove-all", """
      local n = (#ARGV - 1) / 4
      local written, notices = {}, {}
      for i = 1, n do
        local key, body, ttl, tombstone = KEYS[i], ARGV[4 * i - 2], ARGV[4 * i], ARGV[4 * i + 1]
        local held = redis.call('GETRANGE', key, 0, 19)
        local newer = false
        if %s then
          local heldAt, removedAt = %s, tonumber(ARGV[4 * i - 1])
          newer = heldAt > removedAt and heldAt - removedAt <= %d
        end
        if newer then
          written[i] = '0'
        else
      """.formatted(header("held"), time("held"), ORDERED_WITHIN)
      + bury("key", "tombstone", "ttl") + """
          written[i] = '1'
          if body ~= '' then notices[#notices + 1] = body end
        end
      end
      """ + NOTIFY_ALL);

  /**
   * {@code ARGV[3]}: {@code 1} when {@code ARGV[4]} holds the expected bytes, {@code 0} when the key must be absent;
   * {@code ARGV[5]}: {@code 1} when {@code ARGV[6]} holds the replacement (with time to live {@code ARGV[7]}),
   * {@code 0} to remove the key: with {@code ARGV[7]} other than {@code 0}, the tombstone {@code ARGV[8]} is left for
   * that long (as {@link #REMOVE} leaves it), else the key is deleted. Returns 0, writing
   * and announcing nothing, when the current bytes differ. A tombstone counts as absent.
   */
  static final LuaScript COMPARE_AND_SET = new LuaScript("compare-and-set", """
      local held = redis.call('GET', KEYS[1])
      if ARGV[3] == '0' then
        if held and not (%s and %s) then return 0 end
      elseif held ~= ARGV[4] then
        return 0
      end
      if ARGV[5] == '0' then
      """.formatted(header("held"), tombstone("held")) + bury("ARGV[8]", "ARGV[7]") + "else\n"
      + store("ARGV[6]", "ARGV[7]") + "end\n" + NOTIFY);

  /**
   * The read of an entry bounded in size, for a node with a maximum entry size: {@code ARGV[1]}, the bound in bytes
   * (decimal). Returns an empty array when the key is absent, {@code {value}} when it holds at most the bound, and
   * {@code {'', length, head, tail}} when it holds more (the length in decimal, the first 20 and last 32 bytes):
   * {@code STRLEN} is read first, so an oversized value is never transferred, and {@link #REPLACE_OVERSIZED} can
   * replace it by what this returned. Read-only, one key (fine in cluster mode), one round trip.
   */
  static final LuaScript BOUNDED_GET = new LuaScript("bounded-get", """
      local length = redis.call('STRLEN', KEYS[1])
      if length > tonumber(ARGV[1]) then
        return {'', tostring(length), redis.call('GETRANGE', KEYS[1], 0, 19), redis.call('GETRANGE', KEYS[1], -32, -1)}
      end
      local held = redis.call('GET', KEYS[1])
      if held then return {held} end
      return {}
      """);

  /**
   * The compare-and-set of a value too large to transfer: replaces it only if {@code KEYS[1]} still holds a value of
   * length {@code ARGV[3]} (decimal) whose first 20 bytes are {@code ARGV[4]} and last 32 are {@code ARGV[5]}, as
   * {@link #BOUNDED_GET} described it. An entry's first 20 bytes are its header (time and order), a signed one's last
   * 32 its MAC: another write in between differs in them. {@code ARGV[6]} to {@code ARGV[9]} as
   * {@link #COMPARE_AND_SET}'s {@code ARGV[5]} to {@code ARGV[8]} (replacement or removal, its time to live, the
   * tombstone). Returns 0, writing and announcing nothing, when the value differs. It costs two short ranges whatever
   * the value's size; a digest of the whole value ({@code redis.sha1hex}) would block the server for as long as it
   * hashes (about a second for 512 MB), and compare nothing a writer relies on that these do not.
   */
  static final LuaScript REPLACE_OVERSIZED = new LuaScript("replace-oversized", """
      if tostring(redis.call('STRLEN', KEYS[1])) ~= ARGV[3]
          or redis.call('GETRANGE', KEYS[1], 0, 19) ~= ARGV[4]
          or redis.call('GETRANGE', KEYS[1], -32, -1) ~= ARGV[5] then
        return 0
      end
      if ARGV[6] == '0' then
      """ + bury("ARGV[9]", "ARGV[8]") + "else\n" + store("ARGV[7]", "ARGV[8]") + "end\n" + NOTIFY);

  private LevelScripts() {}
}
