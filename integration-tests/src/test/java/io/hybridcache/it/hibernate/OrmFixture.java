package io.hybridcache.it.hibernate;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.cache.CacheManager;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.stat.Statistics;

/**
 * A SessionFactory over a private in-memory H2 database whose second-level cache is HybridCache, configured only
 * through the properties a user would set. Each step runs in its own session, as separate requests would.
 */
final class OrmFixture implements AutoCloseable {
  static final String PROVIDER = "io.hybridcache.jcache.HybridCachingProvider";

  /**
   * hibernate-jcache resolves the URI with Hibernate's ClassLoaderService#locateResource and hands the provider the
   * resulting file: or jar: URL. That method strips "classpath://" only: "classpath:name" (one colon, no slashes) is
   * neither a URL it can open nor a resource name, and fails with "Couldn't load URI from classpath:name".
   */
  static final String CONFIG_URI = "classpath://hybridcache-hibernate.yaml";

  private final SqlRecorder sql = new SqlRecorder();
  private final SessionFactory sessionFactory;

  OrmFixture() {
    this(CONFIG_URI);
  }

  OrmFixture(String cacheConfigUri) {
    this(cacheConfigUri, "jdbc:h2:mem:it-" + UUID.randomUUID(), "create-drop");
  }

  /**
   * A SessionFactory on the database at {@code jdbcUrl}, whose schema it handles with {@code schemaAction} (Hibernate's
   * {@code hbm2ddl.auto}): several fixtures on one named database act as several application nodes.
   */
  OrmFixture(String cacheConfigUri, String jdbcUrl, String schemaAction) {
    StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
        .applySetting("hibernate.connection.url", jdbcUrl)
        .applySetting("hibernate.connection.username", "sa")
        .applySetting("hibernate.connection.password", "")
        .applySetting("hibernate.hbm2ddl.auto", schemaAction)
        .applySetting("hibernate.cache.use_second_level_cache", "true")
        .applySetting("hibernate.cache.use_query_cache", "true")
        .applySetting("hibernate.cache.region.factory_class", "jcache")
        .applySetting("hibernate.javax.cache.provider", PROVIDER)
        .applySetting("hibernate.javax.cache.uri", cacheConfigUri)
        .applySetting("hibernate.javax.cache.missing_cache_strategy", "create")
        .applySetting("hibernate.generate_statistics", "true")
        .applySetting("hibernate.session_factory.statement_inspector", sql)
        .build();
    try {
      sessionFactory = new MetadataSources(registry)
          .addAnnotatedClass(Author.class)
          .addAnnotatedClass(Book.class)
          .addAnnotatedClass(Country.class)
          .buildMetadata()
          .buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }

  void inTransaction(Consumer<Session> work) {
    sessionFactory.inTransaction(work);
  }

  <R> R fromTransaction(Function<Session, R> work) {
    return sessionFactory.fromTransaction(work);
  }

  /** A session of the caller's to manage (for a transaction kept open across steps); close it. */
  Session openSession() {
    return sessionFactory.openSession();
  }

  Statistics statistics() {
    return sessionFactory.getStatistics();
  }

  org.hibernate.Cache cache() {
    return sessionFactory.getCache();
  }

  /** Empties every region, so the next read has to go to the database. */
  void evictAllRegions() {
    sessionFactory.getCache().evictAllRegions();
  }

  /** Zeroes statistics and the SQL log: what a test asserts next is what its next step did. */
  void resetCounters() {
    sessionFactory.getStatistics().clear();
    sql.clear();
  }

  List<String> sqlSinceReset() {
    return sql.statements();
  }

  /** The JCache CacheManager hibernate-jcache opened for this SessionFactory. */
  CacheManager cacheManager() {
    RegionFactory regionFactory = sessionFactory.unwrap(SessionFactoryImplementor.class)
        .getServiceRegistry()
        .requireService(RegionFactory.class);
    return ((JCacheRegionFactory) regionFactory).getCacheManager();
  }

  @Override
  public void close() {
    sessionFactory.close();
  }
}
