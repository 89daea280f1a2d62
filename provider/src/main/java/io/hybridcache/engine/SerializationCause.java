package io.hybridcache.engine;

/**
 * A bounded name for why a value, key or envelope could not be encoded or decoded, so that each cause is logged at
 * warn once: what was being done, the classes of the failure's chain, and the start of its innermost message (up to
 * its first colon or line end, with quoted text and numbers left out). Bytes corrupt in a thousand ways share a few
 * names ("corrupt cache envelope", "Buffer underflow."); a class off the allow-list, an envelope of another format
 * version, an unsigned entry and a MAC that does not verify each have their own.
 */
final class SerializationCause {
  /** What failed. */
  enum Site {
    READ_ENTRY,
    WRITE_ENTRY,
    LEVEL_KEY,
    MESSAGE_KEY
  }

  private static final int MAX_CHAIN = 8;
  private static final int MAX_MESSAGE = 100;

  private SerializationCause() {}

  static String name(Site site, Throwable error) {
    StringBuilder name = new StringBuilder(site.name());
    Throwable innermost = Failures.unwrap(error);
    int depth = 0;
    for (Throwable t = innermost; t != null && depth < MAX_CHAIN; t = t.getCause(), depth++) {
      name.append(depth == 0 ? ' ' : '<').append(t.getClass().getName());
      innermost = t;
    }
    return name.append(": ").append(head(innermost.getMessage())).toString();
  }

  /** The start of {@code message}: up to its first colon or line end, without quoted text and numbers. */
  private static String head(String message) {
    if (message == null) {
      return "";
    }
    int end = message.length();
    for (char stop : new char[] {':', '\n', '\r'}) {
      int at = message.indexOf(stop);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    String head = message.substring(0, end).replaceAll("'[^']*'", "''").replaceAll("[0-9]+", "#");
    return head.length() > MAX_MESSAGE ? head.substring(0, MAX_MESSAGE) : head;
  }
}
