package io.hybridcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntryOptionsTest {

  /**
   * One option: its getter, the default the class javadoc lists for it, and a way to set it to a non-default value
   * together with what the getter then returns.
   */
  private record Option(String name, Function<EntryOptions, Object> getter, Object defaultValue,
      UnaryOperator<EntryOptions.Builder> setNonDefault, Object nonDefaultValue) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Every option, with the defaults of the table in the javadoc of {@link EntryOptions}. */
  private static final List<Option> OPTIONS = List.of(
      new Option("duration", EntryOptions::duration, Duration.ofSeconds(30),
          b -> b.duration(Duration.ofSeconds(5)), Duration.ofSeconds(5)),
      new Option("jitterMaxDuration", EntryOptions::jitterMaxDuration, Duration.ZERO,
          b -> b.jitterMaxDuration(Duration.ofSeconds(2)), Duration.ofSeconds(2)),
      new Option("failSafe", EntryOptions::failSafe, false,
          b -> b.failSafe(true), true),
      new Option("failSafeMaxDuration", EntryOptions::failSafeMaxDuration, Duration.ofDays(1),
          b -> b.failSafeMaxDuration(Duration.ofHours(2)), Duration.ofHours(2)),
      new Option("failSafeThrottleDuration", EntryOptions::failSafeThrottleDuration, Duration.ofSeconds(30),
          b -> b.failSafeThrottleDuration(Duration.ofSeconds(10)), Duration.ofSeconds(10)),
      new Option("factorySoftTimeout", EntryOptions::factorySoftTimeout, Optional.empty(),
          b -> b.factorySoftTimeout(Duration.ofMillis(100)), Optional.of(Duration.ofMillis(100))),
      new Option("factoryHardTimeout", EntryOptions::factoryHardTimeout, Optional.empty(),
          b -> b.factoryHardTimeout(Duration.ofSeconds(2)), Optional.of(Duration.ofSeconds(2))),
      new Option("allowTimedOutFactoryBackgroundCompletion", EntryOptions::allowTimedOutFactoryBackgroundCompletion,
          true, b -> b.allowTimedOutFactoryBackgroundCompletion(false), false),
      new Option("distributedCacheDuration", EntryOptions::distributedCacheDuration, Optional.empty(),
          b -> b.distributedCacheDuration(Duration.ofMinutes(1)), Optional.of(Duration.ofMinutes(1))),
      new Option("distributedCacheSoftTimeout", EntryOptions::distributedCacheSoftTimeout, Optional.empty(),
          b -> b.distributedCacheSoftTimeout(Duration.ofMillis(50)), Optional.of(Duration.ofMillis(50))),
      new Option("distributedCacheHardTimeout", EntryOptions::distributedCacheHardTimeout, Optional.empty(),
          b -> b.distributedCacheHardTimeout(Duration.ofSeconds(1)), Optional.of(Duration.ofSeconds(1))),
      new Option("backgroundDistributedCacheOperations", EntryOptions::backgroundDistributedCacheOperations, false,
          b -> b.backgroundDistributedCacheOperations(true), true),
      new Option("backgroundBackplaneOperations", EntryOptions::backgroundBackplaneOperations, true,
          b -> b.backgroundBackplaneOperations(false), false),
      new Option("reThrowDistributedCacheExceptions", EntryOptions::reThrowDistributedCacheExceptions, false,
          b -> b.reThrowDistributedCacheExceptions(true), true),
      new Option("reThrowBackplaneExceptions", EntryOptions::reThrowBackplaneExceptions, false,
          b -> b.reThrowBackplaneExceptions(true), true),
      new Option("reThrowSerializationExceptions", EntryOptions::reThrowSerializationExceptions, false,
          b -> b.reThrowSerializationExceptions(true), true),
      new Option("eagerRefreshThreshold", EntryOptions::eagerRefreshThreshold, OptionalDouble.empty(),
          b -> b.eagerRefreshThreshold(0.8), OptionalDouble.of(0.8)),
      new Option("skipMemoryCacheRead", EntryOptions::skipMemoryCacheRead, false,
          b -> b.skipMemoryCacheRead(true), true),
      new Option("skipMemoryCacheWrite", EntryOptions::skipMemoryCacheWrite, false,
          b -> b.skipMemoryCacheWrite(true), true),
      new Option("skipDistributedCacheRead", EntryOptions::skipDistributedCacheRead, false,
          b -> b.skipDistributedCacheRead(true), true),
      new Option("skipDistributedCacheWrite", EntryOptions::skipDistributedCacheWrite, false,
          b -> b.skipDistributedCacheWrite(true), true),
      new Option("skipBackplaneNotifications", EntryOptions::skipBackplaneNotifications, false,
          b -> b.skipBackplaneNotifications(true), true),
      new Option("allowStaleOnReadOnly", EntryOptions::allowStaleOnReadOnly, false,
          b -> b.allowStaleOnReadOnly(true), true),
      new Option("lockTimeout", EntryOptions::lockTimeout, Optional.empty(),
          b -> b.lockTimeout(Duration.ofMillis(500)), Optional.of(Duration.ofMillis(500))),
      new Option("skipDistributedLocking", EntryOptions::skipDistributedLocking, false,
          b -> b.skipDistributedLocking(true), true),
      new Option("distributedLockTimeout", EntryOptions::distributedLockTimeout, Optional.empty(),
          b -> b.distributedLockTimeout(Duration.ofSeconds(2)), Optional.of(Duration.ofSeconds(2))),
      new Option("size", EntryOptions::size, OptionalLong.empty(),
          b -> b.size(42), OptionalLong.of(42)));

  static Stream<Option> options() {
    return OPTIONS.stream();
  }

  /** Builds options with every option set to its non-default value. */
  private static EntryOptions everyOptionChanged() {
    EntryOptions.Builder b = EntryOptions.builder();
    for (Option o : OPTIONS) {
      b = o.setNonDefault().apply(b);
    }
    return b.build();
  }

  // ---------------------------------------------------------------- defaults

  @Test
  void optionTableOfThisTestCoversEveryGetterOfEntryOptions() {
    Set<String> getters = Arrays.stream(EntryOptions.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
        .filter(m -> m.getParameterCount() == 0)
        .map(Method::getName)
        .filter(n -> !Set.of("toBuilder", "hashCode", "toString").contains(n))
        .collect(Collectors.toSet());

    assertThat(OPTIONS).extracting(Option::name).containsExactlyInAnyOrderElementsOf(getters);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("options")
  void defaultsReturnsTheDefaultListedInTheJavadocTable(Option option) {
    assertThat(option.getter().apply(EntryOptions.defaults())).isEqualTo(option.defaultValue());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("options")
  void freshBuilderBuildsTheDefaultListedInTheJavadocTable(Option option) {
    assertThat(option.getter().apply(EntryOptions.builder().build())).isEqualTo(option.defaultValue());
  }

  @Test
  void defaultsIsOneSharedInstanceEqualToAFreshlyBuiltOne() {
    EntryOptions built = EntryOptions.builder().build();

    assertThat(EntryOptions.defaults()).isSameAs(EntryOptions.defaults());
    assertThat(built).isEqualTo(EntryOptions.defaults()).hasSameHashCodeAs(EntryOptions.defaults());
  }

  // ---------------------------------------------------------------- toBuilder, equals, hashCode

  @Test
  void toBuilderRoundTripsEveryOptionSetToANonDefaultValue() {
    EntryOptions original = everyOptionChanged();
    EntryOptions copy = original.toBuilder().build();

    SoftAssertions softly = new SoftAssertions();
    for (Option o : OPTIONS) {
      softly.assertThat(o.getter().apply(original)).as("%s as set", o.name()).isEqualTo(o.nonDefaultValue())
          .isNotEqualTo(o.defaultValue());
      softly.assertThat(o.getter().apply(copy)).as("%s after toBuilder().build()", o.name())
          .isEqualTo(o.nonDefaultValue());
    }
    softly.assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
    softly.assertThat(copy).isNotEqualTo(EntryOptions.defaults());
    softly.assertAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("options")
  void optionsDifferingInOneOptionAreUnequalAndToBuilderKeepsThatOption(Option option) {
    EntryOptions changed = option.setNonDefault().apply(EntryOptions.builder()).build();
    EntryOptions copy = changed.toBuilder().build();

    assertThat(changed).isNotEqualTo(EntryOptions.defaults());
    assertThat(option.getter().apply(copy)).isEqualTo(option.nonDefaultValue());
    assertThat(copy).isEqualTo(changed).hasSameHashCodeAs(changed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("options")
  void derivingAVariantWithToBuilderLeavesTheOriginalUnchanged(Option option) {
    EntryOptions original = EntryOptions.defaults();

    EntryOptions variant = option.setNonDefault().apply(original.toBuilder()).build();

    assertThat(option.getter().apply(variant)).isEqualTo(option.nonDefaultValue());
    assertThat(option.getter().apply(original)).isEqualTo(option.defaultValue());
    assertThat(original).isEqualTo(EntryOptions.builder().build());
  }

  @Test
  void toStringNamesReThrowSerializationExceptionsOnlyWhenItIsOnAwayFromItsDefault() {
    assertThat(EntryOptions.defaults().toString()).doesNotContain("SerializationExceptions");
    assertThat(EntryOptions.builder().reThrowSerializationExceptions(true).build().toString())
        .contains(", reThrowSerializationExceptions");
  }

  // ---------------------------------------------------------------- setter validation

  /** The setters of duration options that must be positive when given (the "none" ones take null too). */
  static Stream<Arguments> positiveDurationSetters() {
    return Stream.of(
        Arguments.of("duration", setter(EntryOptions.Builder::duration)),
        Arguments.of("failSafeMaxDuration", setter(EntryOptions.Builder::failSafeMaxDuration)),
        Arguments.of("failSafeThrottleDuration", setter(EntryOptions.Builder::failSafeThrottleDuration)),
        Arguments.of("factorySoftTimeout", setter(EntryOptions.Builder::factorySoftTimeout)),
        Arguments.of("factoryHardTimeout", setter(EntryOptions.Builder::factoryHardTimeout)),
        Arguments.of("distributedCacheDuration", setter(EntryOptions.Builder::distributedCacheDuration)),
        Arguments.of("distributedCacheSoftTimeout", setter(EntryOptions.Builder::distributedCacheSoftTimeout)),
        Arguments.of("distributedCacheHardTimeout", setter(EntryOptions.Builder::distributedCacheHardTimeout)),
        Arguments.of("lockTimeout", setter(EntryOptions.Builder::lockTimeout)),
        Arguments.of("distributedLockTimeout", setter(EntryOptions.Builder::distributedLockTimeout)));
  }

  /** Zero and negative durations, for every setter that requires a positive one. */
  static Stream<Arguments> nonPositiveDurations() {
    return positiveDurationSetters().flatMap(a -> Stream.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(-5))
        .map(d -> Arguments.of(a.get()[0], a.get()[1], d)));
  }

  @ParameterizedTest(name = "{0}({2})")
  @MethodSource("nonPositiveDurations")
  void durationSetterRejectsZeroAndNegativeWithIllegalArgumentNamingOptionAndValue(String name,
      BiFunction<EntryOptions.Builder, Duration, EntryOptions.Builder> setter, Duration value) {
    EntryOptions.Builder builder = EntryOptions.builder();

    assertThatThrownBy(() -> setter.apply(builder, value))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name)
        .hasMessageContaining(value.toString());
  }

  @Test
  void jitterMaxDurationRejectsNegativeButAcceptsZeroToTurnJitterOff() {
    assertThatThrownBy(() -> EntryOptions.builder().jitterMaxDuration(Duration.ofMillis(-1)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jitterMaxDuration")
        .hasMessageContaining(Duration.ofMillis(-1).toString());

    EntryOptions off = EntryOptions.builder().jitterMaxDuration(Duration.ofSeconds(3)).jitterMaxDuration(Duration.ZERO)
        .build();
    assertThat(off.jitterMaxDuration()).isEqualTo(Duration.ZERO);
  }

  /** Every setter that takes a duration which cannot be "none", given null. */
  static Stream<Arguments> nullForRequiredDurations() {
    Duration d = Duration.ofSeconds(1);
    return Stream.of(
        Arguments.of("duration", call(b -> b.duration(null))),
        Arguments.of("jitterMaxDuration", call(b -> b.jitterMaxDuration(null))),
        Arguments.of("failSafeMaxDuration", call(b -> b.failSafeMaxDuration(null))),
        Arguments.of("failSafeThrottleDuration", call(b -> b.failSafeThrottleDuration(null))),
        Arguments.of("failSafeMaxDuration", call(b -> b.failSafe(true, null, d))),
        Arguments.of("failSafeThrottleDuration", call(b -> b.failSafe(true, d, null))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nullForRequiredDurations")
  void requiredDurationSetterRejectsNullWithNullPointerNamingTheOption(String name,
      UnaryOperator<EntryOptions.Builder> call) {
    EntryOptions.Builder builder = EntryOptions.builder();

    assertThatThrownBy(() -> call.apply(builder))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessageContaining(name);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1.0, -0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void eagerRefreshThresholdOutsideTheOpenUnitIntervalIsRejectedWithIllegalArgumentNamingIt(double threshold) {
    EntryOptions.Builder builder = EntryOptions.builder();

    assertThatThrownBy(() -> builder.eagerRefreshThreshold(threshold))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eagerRefreshThreshold")
        .hasMessageContaining(String.valueOf(threshold));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.MIN_VALUE, 0.5, 0.9999})
  void eagerRefreshThresholdStrictlyBetweenZeroAndOneIsAccepted(double threshold) {
    assertThat(EntryOptions.builder().eagerRefreshThreshold(threshold).build().eagerRefreshThreshold())
        .hasValue(threshold);
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, Long.MIN_VALUE})
  void negativeSizeIsRejectedWithIllegalArgumentNamingIt(long size) {
    EntryOptions.Builder builder = EntryOptions.builder();

    assertThatThrownBy(() -> builder.size(size))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size")
        .hasMessageContaining(String.valueOf(size));
  }

  @Test
  void sizeZeroIsAccepted() {
    assertThat(EntryOptions.builder().size(0).build().size()).hasValue(0);
  }

  // ---------------------------------------------------------------- build() cross-checks

  static Stream<Arguments> softNotShorterThanHard() {
    Duration one = Duration.ofSeconds(1);
    Duration two = Duration.ofSeconds(2);
    return Stream.of(
        Arguments.of("factory", one, one), Arguments.of("factory", two, one),
        Arguments.of("distributedCache", one, one), Arguments.of("distributedCache", two, one));
  }

  @ParameterizedTest(name = "{0}: soft {1}, hard {2}")
  @MethodSource("softNotShorterThanHard")
  void buildRejectsASoftTimeoutNotShorterThanTheHardOneWithAMessageNamingBoth(String prefix, Duration soft,
      Duration hard) {
    EntryOptions.Builder builder = withTimeouts(EntryOptions.builder(), prefix, soft, hard);

    assertThatThrownBy(builder::build)
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(prefix + "SoftTimeout")
        .hasMessageContaining(prefix + "HardTimeout");
  }

  @ParameterizedTest
  @ValueSource(strings = {"factory", "distributedCache"})
  void buildAcceptsASoftTimeoutShorterThanTheHardOne(String prefix) {
    EntryOptions.Builder builder =
        withTimeouts(EntryOptions.builder(), prefix, Duration.ofMillis(999), Duration.ofSeconds(1));

    assertThatCode(builder::build).doesNotThrowAnyException();
  }

  private static EntryOptions.Builder withTimeouts(EntryOptions.Builder b, String prefix, Duration soft,
      Duration hard) {
    return prefix.equals("factory")
        ? b.factorySoftTimeout(soft).factoryHardTimeout(hard)
        : b.distributedCacheSoftTimeout(soft).distributedCacheHardTimeout(hard);
  }

  // ---------------------------------------------------------------- "none" options

  static Stream<Arguments> noneDurationOptions() {
    return Stream.of(
        Arguments.of("factorySoftTimeout", setter(EntryOptions.Builder::factorySoftTimeout),
            getter(EntryOptions::factorySoftTimeout)),
        Arguments.of("factoryHardTimeout", setter(EntryOptions.Builder::factoryHardTimeout),
            getter(EntryOptions::factoryHardTimeout)),
        Arguments.of("distributedCacheDuration", setter(EntryOptions.Builder::distributedCacheDuration),
            getter(EntryOptions::distributedCacheDuration)),
        Arguments.of("distributedCacheSoftTimeout", setter(EntryOptions.Builder::distributedCacheSoftTimeout),
            getter(EntryOptions::distributedCacheSoftTimeout)),
        Arguments.of("distributedCacheHardTimeout", setter(EntryOptions.Builder::distributedCacheHardTimeout),
            getter(EntryOptions::distributedCacheHardTimeout)),
        Arguments.of("lockTimeout", setter(EntryOptions.Builder::lockTimeout), getter(EntryOptions::lockTimeout)),
        Arguments.of("distributedLockTimeout", setter(EntryOptions.Builder::distributedLockTimeout),
            getter(EntryOptions::distributedLockTimeout)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("noneDurationOptions")
  void nullClearsAnOptionWhoseDefaultIsNone(String name,
      BiFunction<EntryOptions.Builder, Duration, EntryOptions.Builder> setter,
      Function<EntryOptions, Optional<Duration>> getter) {
    EntryOptions set = setter.apply(EntryOptions.builder(), Duration.ofSeconds(3)).build();
    assertThat(getter.apply(set)).hasValue(Duration.ofSeconds(3));

    EntryOptions cleared = setter.apply(set.toBuilder(), null).build();

    assertThat(getter.apply(cleared)).isEmpty();
    assertThat(cleared).isEqualTo(EntryOptions.defaults());
  }

  @Test
  void noEagerRefreshAndNoSizeClearTheirOptions() {
    EntryOptions set = EntryOptions.builder().eagerRefreshThreshold(0.5).size(7).build();

    EntryOptions cleared = set.toBuilder().noEagerRefresh().noSize().build();

    assertThat(cleared.eagerRefreshThreshold()).isEmpty();
    assertThat(cleared.size()).isEmpty();
    assertThat(cleared).isEqualTo(EntryOptions.defaults());
  }

  // ---------------------------------------------------------------- helpers (pin lambda types for Arguments)

  private static BiFunction<EntryOptions.Builder, Duration, EntryOptions.Builder> setter(
      BiFunction<EntryOptions.Builder, Duration, EntryOptions.Builder> setter) {
    return setter;
  }

  private static Function<EntryOptions, Optional<Duration>> getter(Function<EntryOptions, Optional<Duration>> getter) {
    return getter;
  }

  private static UnaryOperator<EntryOptions.Builder> call(UnaryOperator<EntryOptions.Builder> call) {
    return call;
  }
}
