package io.hybridcache.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridcache.kryo.Beans.Account;
import io.hybridcache.kryo.Beans.Basket;
import io.hybridcache.kryo.Beans.LambdaHolder;
import io.hybridcache.kryo.Beans.Node;
import io.hybridcache.kryo.Beans.Order;
import io.hybridcache.kryo.Beans.Point;
import io.hybridcache.kryo.Beans.ThreadHolder;
import io.hybridcache.spi.SerializationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KryoValueCopierTest {
  private static final ClassLoader LOADER = KryoValueCopierTest.class.getClassLoader();
  private final KryoValueCopier copier = new KryoValueCopier();

  private <T> T copy(T value) {
    return copier.copy(value, LOADER);
  }

  @Test
  void copyOfAMutableBeanIsEqualButSharesNoMutableState() {
    Order original = new Order("o-1");

    Order copy = copy(original);

    assertThat(copy).isNotSameAs(original).isEqualTo(original);
    assertThat(copy.quantities).isNotSameAs(original.quantities);
    assertThat(copy.lines).isNotSameAs(original.lines);
    assertThat(copy.tags.get("t")).isNotSameAs(original.tags.get("t"));
    assertThat(copy.placedAt).isNotSameAs(original.placedAt);
  }

  @Test
  void mutatingTheOriginalOrTheCopyAfterwardsLeavesTheOtherUnchanged() {
    Order original = new Order("o-1");
    Order copy = copy(original);

    original.quantities[0] = 99;
    original.lines.add("line-2");
    original.tags.get("t").add(3);
    original.placedAt.setTime(5_000L);
    copy.lines.clear();

    assertThat(copy.quantities).containsExactly(1, 2, 3);
    assertThat(copy.tags.get("t")).containsExactly(1, 2);
    assertThat(copy.placedAt.getTime()).isEqualTo(1_000L);
    assertThat(original.lines).containsExactly("line-1", "line-2");
  }

  @Test
  void nestedArraysAndCollectionsAreCopiedAtEveryLevel() {
    int[][] grid = {{1, 2}, {3}};
    List<List<StringBuilder>> nested = List.of(new ArrayList<>(List.of(new StringBuilder("a"))));

    int[][] gridCopy = copy(grid);
    List<List<StringBuilder>> nestedCopy = copy(nested);

    assertThat(gridCopy).isDeepEqualTo(grid);
    assertThat(gridCopy[0]).isNotSameAs(grid[0]);
    assertThat(nestedCopy.get(0)).isNotSameAs(nested.get(0));
    assertThat(nestedCopy.get(0).get(0)).isNotSameAs(nested.get(0).get(0)).hasToString("a");
  }

  @Test
  void cyclesComeBackAsCyclesOfTheCopy() {
    Node a = new Node("a");
    Node b = new Node("b");
    a.next = b;
    b.next = a;
    a.children.add(a);

    Node copy = copy(a);

    assertThat(copy).isNotSameAs(a);
    assertThat(copy.next.next).isSameAs(copy);
    assertThat(copy.children.get(0)).isSameAs(copy);
    assertThat(copy.next.name).isEqualTo("b");
  }

  @Test
  void anObjectReferencedTwiceIsCopiedOnceAndSharedInTheCopy() {
    Node shared = new Node("shared");
    Node root = new Node("root");
    root.next = shared;
    root.children.add(shared);
    root.children.add(shared);

    Node copy = copy(root);

    assertThat(copy.next).isNotSameAs(shared);
    assertThat(copy.children.get(0)).isSameAs(copy.next);
    assertThat(copy.children.get(1)).isSameAs(copy.next);
  }

  static Stream<Object> immutableValues() {
    return Stream.of("text", 42, 42L, (short) 4, (byte) 4, 'c', true, 1.5d, 1.5f, BigInteger.TEN,
        new BigDecimal("1.50"), Instant.ofEpochSecond(7), LocalDate.of(2024, 2, 29), LocalTime.NOON,
        LocalDateTime.of(2024, 1, 1, 0, 0), ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneId.of("Europe/Paris")),
        OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), Duration.ofSeconds(5), Period.ofDays(2),
        Year.of(2024), YearMonth.of(2024, 5), MonthDay.of(12, 24), ZoneId.of("Europe/Paris"), ZoneOffset.UTC,
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), URI.create("https://example.org/a"), String.class,
        TimeUnit.SECONDS, DayOfWeek.MONDAY, Locale.FRANCE, Currency.getInstance("EUR"), Pattern.compile("a+"),
        OptionalInt.of(3), Path.of("tmp", "file"), StandardCharsets.UTF_8, new Point(1, 2, "p"), new Object());
  }

  @ParameterizedTest
  @MethodSource("immutableValues")
  void immutableValuesAreReturnedAsTheSameInstance(Object value) {
    assertThat(copy(value)).isSameAs(value);
  }

  static Stream<Arguments> mutableValues() {
    return Stream.of(new Date(5), new int[] {1}, new String[] {"a"}, new ArrayList<>(List.of("a")), List.of("a"),
        Optional.of(new ArrayList<>()), new StringBuilder("x"), new AtomicInteger(1),
        new Basket("me", new ArrayList<>(List.of("apple")))).map(value -> Arguments.of(value));
  }

  @ParameterizedTest
  @MethodSource("mutableValues")
  void mutableValuesAreCopied(Object value) {
    Object copy = copy(value);

    assertThat(copy).isNotSameAs(value).hasSameClassAs(value);
  }

  @Test
  void subclassOfAValueClassAndRecordThatMayHoldAnythingAreNotTakenForImmutable() {
    record Holder(Object anything) {}
    record Amount(BigDecimal value) {}

    assertThat(ImmutableTypes.isImmutable(new BigInteger("5") {}.getClass())).isFalse();
    assertThat(ImmutableTypes.isImmutable(Holder.class)).isFalse();
    assertThat(ImmutableTypes.isImmutable(Amount.class)).isFalse();
    assertThat(ImmutableTypes.isImmutable(Point.class)).isTrue();
  }

  @Test
  void dateIsCopiedWithItsTimeAndTimestampKeepsItsNanoseconds() {
    Date date = new Date(123_456L);
    Timestamp timestamp = new Timestamp(1_000L);
    timestamp.setNanos(123_456_789);

    assertThat(copy(date)).isNotSameAs(date).isEqualTo(date);
    Timestamp timestampCopy = copy(timestamp);
    assertThat(timestampCopy).isNotSameAs(timestamp).isEqualTo(timestamp);
    assertThat(timestampCopy.getNanos()).isEqualTo(123_456_789);
  }

  @Test
  void classWithoutNoArgConstructorIsCopiedWithItsFinalFields() {
    Account original = new Account("ann");

    Account copy = copy(original);

    assertThat(copy).isNotSameAs(original);
    assertThat(copy.owner()).isEqualTo("ann");
    assertThat(copy.holders()).containsExactly("ann").isNotSameAs(original.holders());
  }

  @Test
  void recordWithAMutableComponentIsCopiedThroughItsCanonicalConstructor() {
    Basket original = new Basket("me", new ArrayList<>(List.of("apple")));

    Basket copy = copy(original);

    assertThat(copy).isNotSameAs(original).isEqualTo(original);
    assertThat(copy.items()).isNotSameAs(original.items());
  }

  static Stream<Object> valuesThatCannotBeCopied() {
    return Stream.of(new ThreadHolder(), new LambdaHolder());
  }

  @ParameterizedTest
  @MethodSource("valuesThatCannotBeCopied")
  void valueThatCannotBeCopiedThrowsSerializationExceptionNamingItsClassAndTheWayOut(Object value) {
    assertThatThrownBy(() -> copy(value))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot copy a value of class " + value.getClass().getName())
        .hasMessageContaining("Serializable")
        .hasMessageContaining("store-by-reference");
  }

  @Test
  void failureNamesTheNestedClassThatCouldNotBeHandled() {
    assertThatThrownBy(() -> copy(new ThreadHolder()))
        .hasMessageContaining("java.lang.Thread is not Serializable");
    assertThatThrownBy(() -> copy(new LambdaHolder()))
        .hasMessageContaining("is a hidden class (a lambda");
  }

  @Test
  void copierStillWorksAfterAFailedCopy() {
    assertThatThrownBy(() -> copy(new ThreadHolder())).isInstanceOf(SerializationException.class);

    assertThat(copy(new Order("o-2"))).isEqualTo(new Order("o-2"));
  }

  @Test
  void nullValueOrClassLoaderIsRejected() {
    assertThatThrownBy(() -> copier.copy(null, LOADER)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> copier.copy("x", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void concurrentCopiesFromEightThreadsAreCorrectAndIndependent() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String id = "order-" + t;
        Callable<Integer> task = () -> {
          start.await();
          int verified = 0;
          for (int i = 0; i < 500; i++) {
            Order original = new Order(id + "-" + i);
            original.state = new Node(id);
            Order copy = copy(original);
            assertThat(copy.id).isEqualTo(original.id);
            assertThat(copy.lines).isEqualTo(original.lines).isNotSameAs(original.lines);
            assertThat(((Node) copy.state).name).isEqualTo(id);
            assertThat(copy.state).isNotSameAs(original.state);
            verified++;
          }
          return verified;
        };
        results.add(pool.submit(task));
      }
      start.countDown();
      for (Future<Integer> result : results) {
        assertThat(result.get(1, TimeUnit.MINUTES)).isEqualTo(500);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
