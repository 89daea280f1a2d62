package io.hybridcache.kryo;

import java.io.File;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Currency;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The classes whose instances cannot change once built, so a store-by-value cache may hand out the instance itself
 * instead of a copy. Decided once per class and kept in a {@link ClassValue}, so the check on every copy is one
 * lookup.
 *
 * <p>Immutable: the JDK value classes listed below (matched exactly, so a mutable subclass of {@code BigInteger} is
 * copied; {@code Object} itself has no state), enums, {@link ZoneId}s, {@link Charset}s, {@link Path}s, and records
 * whose components can only hold such values. Not immutable: arrays, {@code Optional} (it may hold a mutable value), {@code java.util.Date},
 * collections (even {@code List.of}, whose elements may be mutable) and everything else.
 */
final class ImmutableTypes {
  private static final Set<Class<?>> VALUE_CLASSES = Set.of(
      Object.class, String.class, Boolean.class, Character.class, Byte.class, Short.class, Integer.class,
      Long.class, Float.class, Double.class, Void.class, BigInteger.class, BigDecimal.class, Class.class,
      UUID.class, URI.class, URL.class, File.class, Currency.class, Locale.class, Pattern.class,
      OptionalInt.class, OptionalLong.class, OptionalDouble.class,
      Instant.class, LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetTime.class, OffsetDateTime.class,
      ZonedDateTime.class, Duration.class, Period.class, Year.class, YearMonth.class, MonthDay.class);

  private static final ClassValue<Boolean> IMMUTABLE = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return VALUE_CLASSES.contains(type) || isImmutableByContract(type) || isRecordOfImmutables(type);
    }
  };

  private ImmutableTypes() {}

  /** Whether every instance of exactly {@code type} is immutable. */
  static boolean isImmutable(Class<?> type) {
    return IMMUTABLE.get(type);
  }

  /** Types whose every subtype is immutable: enums, and the JDK abstractions documented as immutable. */
  private static boolean isImmutableByContract(Class<?> type) {
    return Enum.class.isAssignableFrom(type)
        || ZoneId.class.isAssignableFrom(type)
        || Charset.class.isAssignableFrom(type)
        || Path.class.isAssignableFrom(type);
  }

  /**
   * A record is immutable when whatever its components may hold is: primitives, final value classes and the
   * by-contract types. A component declared {@code Object}, {@code BigInteger} (not final) or another record makes
   * the record count as mutable, which costs a copy, never a wrong answer.
   */
  private static boolean isRecordOfImmutables(Class<?> type) {
    if (!type.isRecord()) {
      return false;
    }
    for (RecordComponent component : type.getRecordComponents()) {
      Class<?> declared = component.getType();
      boolean immutable = declared.isPrimitive()
          || isImmutableByContract(declared)
          || (Modifier.isFinal(declared.getModifiers()) && VALUE_CLASSES.contains(declared));
      if (!immutable) {
        return false;
      }
    }
    return true;
  }
}
