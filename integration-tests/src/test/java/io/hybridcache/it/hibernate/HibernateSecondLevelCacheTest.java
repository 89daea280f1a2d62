package io.hybridcache.it.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.cache.CacheManager;
import org.hibernate.cache.spi.entry.CacheEntry;
import org.hibernate.cache.spi.support.AbstractReadWriteAccess;
import org.hibernate.property.access.internal.PropertyAccessStrategyBackRefImpl;
import org.hibernate.stat.CacheRegionStatistics;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hibernate ORM's second-level and query caches backed by HybridCache through hibernate-jcache, configured only with
 * properties. Every read that should come from the cache is asserted twice: by Hibernate's cache statistics and by
 * the SQL it did (not) run.
 */
class HibernateSecondLevelCacheTest {
  private static final String AUTHOR_BOOKS_ROLE = Author.class.getName() + ".books";
  private static final String BOOKS_BY_PREFIX = "from Book b where b.title like :prefix order by b.title";

  private OrmFixture orm;

  @BeforeEach
  void startSessionFactory() {
    orm = new OrmFixture();
  }

  @AfterEach
  void closeSessionFactory() {
    if (orm != null) {
      orm.close();
    }
  }

  @Test
  void regionsLiveInAHybridCacheManagerOpenedOnTheConfiguredFile() {
    CacheManager manager = orm.cacheManager();

    assertThat(manager.getCachingProvider().getClass().getName()).isEqualTo(OrmFixture.PROVIDER);
    assertThat(manager.getURI().getScheme()).isIn("file", "jar");
    assertThat(manager.getURI().toString()).endsWith("/hybridcache-hibernate.yaml");
    assertThat(manager.getCacheNames()).contains(
        Regions.BOOK, Regions.AUTHOR, Regions.AUTHOR_BOOKS, Regions.COUNTRY,
        Regions.QUERY_RESULTS, Regions.UPDATE_TIMESTAMPS);
  }

  @Test
  void regionsCreatedOnTheFlyTakeTheirEntryDurationFromTheConfigFile() throws Exception {
    assertThat(entryDuration(Regions.BOOK)).as("caches.it.book").isEqualTo(Duration.ofMinutes(5));
    assertThat(entryDuration(Regions.AUTHOR_BOOKS)).as("caches.it.author.books").isEqualTo(Duration.ofMinutes(5));
    assertThat(entryDuration(Regions.COUNTRY)).as("defaults").isEqualTo(Duration.ofMinutes(10));
    assertThat(entryDuration(Regions.QUERY_RESULTS)).as("defaults").isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void readWriteEntityLoadedInANewSessionIsASecondLevelHitAndRunsNoSql() {
    long bookId = persistAuthor("Frank Herbert", "Dune").bookIds().get(0);
    orm.evictAllRegions();

    orm.resetCounters();
    assertThat(titleOfBook(bookId)).isEqualTo("Dune");
    assertThat(orm.sqlSinceReset()).as("first load reads the row").hasSize(1);
    assertThat(region(Regions.BOOK).getMissCount()).isEqualTo(1);
    assertThat(region(Regions.BOOK).getPutCount()).isEqualTo(1);

    orm.resetCounters();
    assertThat(titleOfBook(bookId)).isEqualTo("Dune");
    assertThat(orm.sqlSinceReset()).as("SQL of the second load").isEmpty();
    assertThat(stats().getSecondLevelCacheHitCount()).isEqualTo(1);
    assertThat(region(Regions.BOOK).getHitCount()).isEqualTo(1);
    assertThat(region(Regions.BOOK).getMissCount()).isZero();
  }

  @Test
  void readWriteEntityCachedByItsInsertIsServedToANewSessionWithoutSql() {
    long bookId = persistAuthor("Frank Herbert", "Dune").bookIds().get(0);

    orm.resetCounters();
    assertThat(titleOfBook(bookId)).isEqualTo("Dune");
    assertThat(orm.sqlSinceReset()).as("SQL of the first load after the insert").isEmpty();
    assertThat(region(Regions.BOOK).getHitCount()).isEqualTo(1);
  }

  @Test
  void cachedStateGivesBackHibernatesBackReferencePlaceholderAsTheSameInstance() {
    // the state an update caches for a Book holds PropertyAccessStrategyBackRefImpl.UNKNOWN where its owner's id would
    // be (an insert caches the id): an identity singleton Hibernate compares with ==, so the provider's store-by-value
    // copies must give back that very instance
    long bookId = persistAuthor("Frank Herbert", "Dune").bookIds().get(0);
    orm.inTransaction(s -> s.find(Book.class, bookId).setTitle("Dune (revised)"));

    List<Object> cachedState = new ArrayList<>();
    for (javax.cache.Cache.Entry<Object, Object> entry : orm.cacheManager().<Object, Object>getCache(Regions.BOOK)) {
      assertThat(entry.getValue()).isInstanceOf(AbstractReadWriteAccess.Item.class);
      Object cached = ((AbstractReadWriteAccess.Item) entry.getValue()).getValue();
      cachedState.addAll(Arrays.asList(((CacheEntry) cached).getDisassembledState()));
    }

    assertThat(cachedState).as("state of the cached book")
        .anySatisfy(value -> assertThat(value).isSameAs(PropertyAccessStrategyBackRefImpl.UNKNOWN));
  }

  @Test
  void nonstrictReadWriteEntityLoadedInANewSessionIsASecondLevelHitAndRunsNoSql() {
    orm.inTransaction(s -> s.persist(new Country("FR", "France")));
    orm.evictAllRegions();

    orm.resetCounters();
    assertThat(nameOfCountry("FR")).isEqualTo("France");
    assertThat(orm.sqlSinceReset()).as("first load reads the row").hasSize(1);
    assertThat(region(Regions.COUNTRY).getPutCount()).isEqualTo(1);

    orm.resetCounters();
    assertThat(nameOfCountry("FR")).isEqualTo("France");
    assertThat(orm.sqlSinceReset()).as("SQL of the second load").isEmpty();
    assertThat(stats().getSecondLevelCacheHitCount()).isEqualTo(1);
    assertThat(region(Regions.COUNTRY).getHitCount()).isEqualTo(1);
  }

  @Test
  void cachedCollectionAndItsElementsAreServedFromTheCacheInANewSessionWithoutSql() {
    long authorId = persistAuthor("Ursula K. Le Guin", "The Dispossessed", "The Lathe of Heaven").authorId();
    orm.evictAllRegions();

    orm.resetCounters();
    assertThat(titlesOfAuthor(authorId)).containsExactlyInAnyOrder("The Dispossessed", "The Lathe of Heaven");
    assertThat(orm.sqlSinceReset()).as("author row, then the collection").hasSize(2);
    assertThat(region(Regions.AUTHOR_BOOKS).getPutCount()).isEqualTo(1);
    assertThat(region(Regions.BOOK).getPutCount()).isEqualTo(2);

    orm.resetCounters();
    assertThat(titlesOfAuthor(authorId)).containsExactlyInAnyOrder("The Dispossessed", "The Lathe of Heaven");
    assertThat(orm.sqlSinceReset()).as("SQL of the second load").isEmpty();
    assertThat(stats().getCollectionStatistics(AUTHOR_BOOKS_ROLE).getCacheHitCount()).isEqualTo(1);
    assertThat(region(Regions.AUTHOR_BOOKS).getHitCount()).isEqualTo(1);
    assertThat(region(Regions.AUTHOR).getHitCount()).isEqualTo(1);
    assertThat(region(Regions.BOOK).getHitCount()).isEqualTo(2);
  }

  @Test
  void cacheableQueryRunTwiceInSeparateSessionsHitsTheQueryCacheTheSecondTimeWithoutSql() {
    persistAuthor("Frank Herbert", "Dune", "Dune Messiah", "The Dragon in the Sea");
    orm.evictAllRegions();

    orm.resetCounters();
    assertThat(titlesStartingWith("Dune")).containsExactly("Dune", "Dune Messiah");
    assertThat(orm.sqlSinceReset()).as("first run queries the table").hasSize(1);
    assertThat(stats().getQueryCacheMissCount()).isEqualTo(1);
    assertThat(stats().getQueryCachePutCount()).isEqualTo(1);

    orm.resetCounters();
    assertThat(titlesStartingWith("Dune")).containsExactly("Dune", "Dune Messiah");
    assertThat(orm.sqlSinceReset()).as("SQL of the second run").isEmpty();
    assertThat(stats().getQueryCacheHitCount()).isEqualTo(1);
    assertThat(stats().getQueryCacheMissCount()).isZero();
    assertThat(stats().getQueryRegionStatistics(Regions.QUERY_RESULTS).getHitCount()).isEqualTo(1);
  }

  @Test
  void cachedQueryResultIsInvalidatedByAnUpdateOfItsTable() {
    long bookId = persistAuthor("Frank Herbert", "Dune", "Dune Messiah").bookIds().get(1);
    assertThat(titlesStartingWith("Dune")).containsExactly("Dune", "Dune Messiah");
    orm.inTransaction(s -> s.find(Book.class, bookId).setTitle("Dune Messiah (revised)"));

    orm.resetCounters();
    assertThat(titlesStartingWith("Dune")).containsExactly("Dune", "Dune Messiah (revised)");
    assertThat(stats().getQueryCacheHitCount()).isZero();
    assertThat(orm.sqlSinceReset()).as("stale result is recomputed").hasSize(1);
  }

  @Test
  void readWriteUpdateIsSeenByANewSessionAndServedFromTheCacheWithoutSql() {
    long bookId = persistAuthor("Frank Herbert", "Dune").bookIds().get(0);
    assertThat(titleOfBook(bookId)).isEqualTo("Dune");

    orm.resetCounters();
    orm.inTransaction(s -> s.find(Book.class, bookId).setTitle("Dune (revised)"));
    assertThat(region(Regions.BOOK).getPutCount()).as("read-write writes the new state through").isEqualTo(1);

    orm.resetCounters();
    assertThat(titleOfBook(bookId)).isEqualTo("Dune (revised)");
    assertThat(orm.sqlSinceReset()).as("SQL of the read after the update").isEmpty();
    assertThat(region(Regions.BOOK).getHitCount()).isEqualTo(1);
  }

  @Test
  void nonstrictUpdateEvictsTheEntrySoANewSessionReloadsTheNewValueOnce() {
    orm.inTransaction(s -> s.persist(new Country("DE", "Germany")));
    assertThat(nameOfCountry("DE")).isEqualTo("Germany");

    orm.inTransaction(s -> s.find(Country.class, "DE").setName("Deutschland"));
    assertThat(orm.cache().containsEntity(Country.class, "DE")).as("entry after the update").isFalse();

    orm.resetCounters();
    assertThat(nameOfCountry("DE")).isEqualTo("Deutschland");
    assertThat(orm.sqlSinceReset()).as("evicted entry is reloaded").hasSize(1);
    assertThat(region(Regions.COUNTRY).getHitCount()).isZero();

    orm.resetCounters();
    assertThat(nameOfCountry("DE")).isEqualTo("Deutschland");
    assertThat(orm.sqlSinceReset()).as("SQL once reloaded").isEmpty();
    assertThat(region(Regions.COUNTRY).getHitCount()).isEqualTo(1);
  }

  @Test
  void deletedReadWriteEntityIsNeitherServedFromTheCacheNorFound() {
    Saved saved = persistAuthor("Frank Herbert", "Dune");
    assertThat(titlesOfAuthor(saved.authorId())).containsExactly("Dune");

    orm.inTransaction(s -> s.remove(s.find(Author.class, saved.authorId())));

    orm.resetCounters();
    Author author = orm.fromTransaction(s -> s.find(Author.class, saved.authorId()));
    Book book = orm.fromTransaction(s -> s.find(Book.class, saved.bookIds().get(0)));
    assertThat(author).isNull();
    assertThat(book).isNull();
    assertThat(stats().getSecondLevelCacheHitCount()).isZero();
    assertThat(orm.sqlSinceReset()).as("both lookups go to the database").hasSize(2);
  }

  @Test
  void deletedNonstrictEntityIsRemovedFromItsRegion() {
    orm.inTransaction(s -> s.persist(new Country("IT", "Italy")));
    assertThat(nameOfCountry("IT")).isEqualTo("Italy");
    assertThat(orm.cache().containsEntity(Country.class, "IT")).as("entry before the delete").isTrue();

    orm.inTransaction(s -> s.remove(s.find(Country.class, "IT")));

    assertThat(orm.cache().containsEntity(Country.class, "IT")).as("entry after the delete").isFalse();
    orm.resetCounters();
    Country country = orm.fromTransaction(s -> s.find(Country.class, "IT"));
    assertThat(country).isNull();
    assertThat(region(Regions.COUNTRY).getHitCount()).isZero();
  }

  @Test
  void unknownKeyInTheCacheConfigFileFailsSessionFactoryStartup() {
    orm.close();
    orm = null;

    assertThatThrownBy(() -> new OrmFixture("classpath://hybridcache-hibernate-unknown-key.yaml").close())
        .as("a typo in the config file must not silently fall back to defaults")
        .satisfies(e -> assertThat(causalChainMessages(e)).anyMatch(m -> m.contains("cahces")));
  }

  private record Saved(long authorId, List<Long> bookIds) {
  }

  private Saved persistAuthor(String name, String... titles) {
    return orm.fromTransaction(s -> {
      Author author = new Author(name);
      for (String title : titles) {
        author.addBook(new Book(title));
      }
      s.persist(author);
      return new Saved(author.getId(), author.getBooks().stream().map(Book::getId).toList());
    });
  }

  private String titleOfBook(long id) {
    return orm.fromTransaction(s -> s.find(Book.class, id).getTitle());
  }

  private String nameOfCountry(String code) {
    return orm.fromTransaction(s -> s.find(Country.class, code).getName());
  }

  private List<String> titlesOfAuthor(long authorId) {
    return orm.fromTransaction(s -> s.find(Author.class, authorId).getBooks().stream().map(Book::getTitle).toList());
  }

  private List<String> titlesStartingWith(String prefix) {
    return orm.fromTransaction(s -> s.createQuery(BOOKS_BY_PREFIX, Book.class)
        .setParameter("prefix", prefix + "%")
        .setCacheable(true)
        .getResultList()
        .stream()
        .map(Book::getTitle)
        .toList());
  }

  private Statistics stats() {
    return orm.statistics();
  }

  private CacheRegionStatistics region(String name) {
    return orm.statistics().getDomainDataRegionStatistics(name);
  }

  /**
   * The default entry duration of a region's cache, read through {@code cache.unwrap(HybridCache.class)} by
   * reflection: this module compiles against the JCache API only.
   */
  private Duration entryDuration(String region) throws Exception {
    Class<?> hybridCache = Class.forName("io.hybridcache.HybridCache");
    Object engine = orm.cacheManager().getCache(region).unwrap(hybridCache);
    Object options = hybridCache.getMethod("defaultEntryOptions").invoke(engine);
    Method duration = options.getClass().getMethod("duration");
    return (Duration) duration.invoke(options);
  }

  private static List<String> causalChainMessages(Throwable e) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.add(String.valueOf(t.getMessage()));
    }
    return messages;
  }
}
