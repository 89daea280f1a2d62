package io.hybridcache.jcache;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the configuration file writes them: a whole number and a unit ({@code 500ms}, {@code 5s}, {@code 2m},
 * {@code 1h}, {@code 1d}; units in lower case, {@code m} is minutes), an ISO-8601 duration ({@code PT5S},
 * {@code P1D}), or {@code 0}. Options that may be absent also accept {@code none}, the entry duration also
 * {@code eternal}.
 *
 * <p>Every method throws {@link IllegalArgumentException} for text it does not accept, with a message that shows the
 * text and the accepted forms; a null text is rejected with {@link NullPointerException}. Negative values parse (ISO
 * {@code -PT5S}); the option they are given to decides whether it takes them.
 */
final class DurationText {

  /**
   * What {@code eternal} stands for: the longest duration whose milliseconds fit in a {@code long}. The engine's
   * arithmetic saturates, so an entry with it never expires.
   */
  static final Duration ETERNAL = Duration.ofMillis(Long.MAX_VALUE);

  static final String NONE = "none";
  static final String ETERNAL_WORD = "eternal";

  private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern BARE_NUMBER = Pattern.compile("\\d+");
  private static final String FORMS = "500ms, 5s, 2m, 1h, 1d or ISO-8601 such as PT5S";

  private DurationText() {}

  /** Parses a duration in one of the plain forms (number and unit, ISO-8601, {@code 0}). */
  static Duration parse(String text) {
    return parse(text, FORMS);
  }

  /** Parses a plain duration, or {@code none} to an empty result. */
  static Optional<Duration> parseOrNone(String text) {
    return text.trim().equals(NONE) ? Optional.empty() : Optional.of(parse(text, FORMS + ", or " + NONE));
  }

  /** Parses a plain duration, or {@code eternal} to {@link #ETERNAL}. */
  static Duration parseOrEternal(String text) {
    return text.trim().equals(ETERNAL_WORD) ? ETERNAL : parse(text, FORMS + ", or " + ETERNAL_WORD);
  }

  private static Duration parse(String text, String forms) {
    String t = text.trim();
    if (t.startsWith("P") || t.startsWith("p") || t.startsWith("-P") || t.startsWith("-p")) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw invalid(text, "it is not a valid ISO-8601 duration", forms);
      }
    }
    if (BARE_NUMBER.matcher(t).matches()) {
      if (t.chars().allMatch(c -> c == '0')) {
        return Duration.ZERO;
      }
      String units = t + "ms, " + t + "s, " + t + "m, " + t + "h or " + t + "d";
      throw invalid(text, "a duration needs a unit: write " + units, forms);
    }
    Matcher m = NUMBER_AND_UNIT.matcher(t);
    if (!m.matches()) {
      throw invalid(text, "expected a duration", forms);
    }
    try {
      return Duration.of(Long.parseLong(m.group(1)), unit(m.group(2)));
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(text, "the number is too large", forms);
    }
  }

  private static ChronoUnit unit(String suffix) {
    return switch (suffix) {
      case "ms" -> ChronoUnit.MILLIS;
      case "s" -> ChronoUnit.SECONDS;
      case "m" -> ChronoUnit.MINUTES;
      case "h" -> ChronoUnit.HOURS;
      case "d" -> ChronoUnit.DAYS;
      default -> throw new AssertionError(suffix);
    };
  }

  private static IllegalArgumentException invalid(String text, String problem, String forms) {
    return new IllegalArgumentException(problem + ", was \"" + text + "\"; accepted forms: " + forms);
  }
}
