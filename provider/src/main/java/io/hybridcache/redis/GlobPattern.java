package io.hybridcache.redis;

/** Literal text inside a Redis glob pattern ({@code SCAN MATCH}, {@code KEYS}). */
final class GlobPattern {
  private GlobPattern() {}

  /** {@code text} with every character Redis globs give a meaning to ({@code * ? [ ] \}) escaped by a backslash. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }
}
