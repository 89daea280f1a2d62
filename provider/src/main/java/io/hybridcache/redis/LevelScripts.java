package io.hybridcache.redis;

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
 * Every script returns an integer: 1 when it wrote, 0 when a compare-and-set found other bytes.
 */
final class LevelScripts {
  private static final String NOTIFY = """
      local function notify()
        if ARGV[2] == '' then return end
        local sequence = 0
        if KEYS[2] then sequence = redis.call('INCR', KEYS[2]) end
        redis.call('PUBLISH', ARGV[1], string.format('%d', sequence) .. '|' .. ARGV[2])
      end
      local function written(envelope)
        if not envelope or string.len(envelope) < 12 or string.sub(envelope, 1, 3) ~= 'HC\\1' then return nil end
        local order = 0
        if string.len(envelope) >= 20 and math.floor(string.byte(envelope, 4) / 32) % 2 == 1 then
          order = struct.unpack('>i8', envelope, 13)
        end
        return struct.unpack('>i8', envelope, 5), order
      end
      local function tombstone(held)
        return written(held) ~= nil and math.floor(string.byte(held, 4) / 64) % 2 == 1
      end
      local function bury(at, ttl)
        if ttl == '0' then
          redis.call('DEL', KEYS[1])
        else
          redis.call('SET', KEYS[1], 'HC\\1@' .. struct.pack('>i8', tonumber(at)), 'PX', ttl)
        end
      end
      local function store(value, ttl)
        if ttl == '0' then
          redis.call('SET', KEYS[1], value)
        else
          redis.call('SET', KEYS[1], value, 'PX', ttl)
        end
      end
      """;

  /**
   * {@code ARGV[3]}: the value, {@code ARGV[4]}: its time to live. Returns 0, writing and announcing nothing, when the
   * key holds an entry written later than the value ({@link io.hybridcache.spi.DistributedLevel#writtenAfter}: the
   * big-endian time in bytes 5 to 12 of a format-1 envelope, then its order in bytes 13 to 20 when flag 32 is set;
   * exact in Lua's doubles for any epoch millisecond and any order below 2^53). Only the held entry's first 20 bytes
   * are read ({@code GETRANGE}), so the comparison costs the same whatever the value's size; the numbers are read with
   * the {@code struct} library Redis ships with its Lua, a byte loop costing about twice as much.
   */
  static final LuaScript SET = new LuaScript("set", NOTIFY + """
      local current = redis.call('GETRANGE', KEYS[1], 0, 19)
      if current then
        local heldAt, heldOrder = written(current)
        local givenAt, givenOrder = written(ARGV[3])
        if heldAt and givenAt and (heldAt > givenAt or (heldAt == givenAt and heldOrder > givenOrder)) then
          return 0
        end
      end
      store(ARGV[3], ARGV[4])
      notify()
      return 1
      """);

  /**
   * Removes {@code KEYS[1]} (absent is fine) and announces it, unless it holds an entry written after {@code ARGV[3]}
   * (the removal's time, epoch millis in decimal): then returns 0, removing and announcing nothing. With
   * {@code ARGV[4]}, a time to live in milliseconds other than {@code 0}, the key is not deleted but holds a
   * tombstone for that long ({@link RedisDistributedLevel#isTombstone}: a format-1 header with flag 64 and the
   * removal's time), which the set script compares like any entry: a write older than the removal that arrives later
   * is refused. {@code 0} deletes the key (a removal without a time: nothing to compare with).
   */
  static final LuaScript REMOVE = new LuaScript("remove", NOTIFY + """
      local current = redis.call('GETRANGE', KEYS[1], 0, 19)
      if current then
        local heldAt = written(current)
        if heldAt and heldAt > tonumber(ARGV[3]) then return 0 end
      end
      bury(ARGV[3], ARGV[4])
      notify()
      return 1
      """);

  /**
   * {@code ARGV[3]}: {@code 1} when {@code ARGV[4]} holds the expected bytes, {@code 0} when the key must be absent;
   * {@code ARGV[5]}: {@code 1} when {@code ARGV[6]} holds the replacement (with time to live {@code ARGV[7]}),
   * {@code 0} to remove the key: with {@code ARGV[7]} other than {@code 0}, a tombstone of the removal time
   * {@code ARGV[8]} is left for that long (as {@link #REMOVE} leaves it), else the key is deleted. Returns 0, writing
   * and announcing nothing, when the current bytes differ. A tombstone counts as absent.
   */
  static final LuaScript COMPARE_AND_SET = new LuaScript("compare-and-set", NOTIFY + """
      local current = redis.call('GET', KEYS[1])
      if ARGV[3] == '0' then
        if current and not tombstone(current) then return 0 end
      elseif current ~= ARGV[4] then
        return 0
      end
      if ARGV[5] == '0' then
        bury(ARGV[8], ARGV[7])
      else
        store(ARGV[6], ARGV[7])
      end
      notify()
      return 1
      """);

  private LevelScripts() {}
}
