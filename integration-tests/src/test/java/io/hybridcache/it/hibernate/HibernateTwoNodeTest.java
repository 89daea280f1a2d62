package io.hybridcache.it.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridcache.redis.harness.RedisServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.cache.Cache;
import org.hibernate.Session;
import org.hibernate.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two application nodes: two SessionFactories on one database, whose second-level caches are two HybridCache managers
 * sharing one Redis (L2 and backplane). With the book region configured strict ({@code skipMemoryCacheRead}), what one
 * node commits the other never reads stale; the soft locks Hibernate's read-write strategy puts in the cache during
 * an update reach the other node through Redis, Kryo and back.
 */
class HibernateTwoNodeTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension
  static RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  Path dir;

  private OrmFixture nodeA;
  private OrmFixture nodeB;

  @BeforeEach
  void startTwoNodes() throws IOException {
    String database = "jdbc:h2:mem:two-nodes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    String yaml = "keyPrefix: hib" + UUID.randomUUID().toString().substring(0, 8) + "\n"
        + "redis:\n  singleServerConfig:\n    address: \"" + redis.server().uri() + "\"\n"
        + "defaults:\n  duration: 10m\n  maximumSize: 10000\n"
        // the strict setting for a region read on several nodes: its reads go to Redis first, so a commit on one node
        // is seen by the next read on any node (without it, a node may answer from its L1 for the backplane's
        // delivery time after another node's commit)
        + "caches:\n  " + Regions.BOOK + ":\n    skipMemoryCacheRead: true\n";
    Path a = Files.writeString(dir.resolve("node-a.yaml"), yaml);
    Path b = Files.writeString(dir.resolve("node-b.yaml"), yaml);
    nodeA = new OrmFixture(a.toUri().toString(), database, "create");
    nodeB = new OrmFixture(b.toUri().toString(), database, "none");
  }

  @AfterEach
  void stopNodes() {
    for (OrmFixture node : new OrmFixture[] {nodeB, nodeA}) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  void anEntityUpdatedThroughOneNodeIsNeverReadStaleThroughTheOther() {
    long id = persistBook(nodeA, "Dune");
    assertThat(title(nodeB, id)).isEqualTo("Dune");
    assertThat(title(nodeB, id)).as("node B now holds the book in its second-level cache").isEqualTo("Dune");

    List<String> readByB = new ArrayList<>();
    for (int round = 1; round <= 20; round++) {
      String next = "Dune, edition " + round;
      nodeA.inTransaction(s -> s.find(Book.class, id).setTitle(next));
      readByB.add(title(nodeB, id)); // right after A's commit: no wait
    }

    assertThat(readByB).containsExactly(expectedEditions(20));
  }

  @Test
  void aSoftLockPutByOneNodeIsSeenByTheOtherWhichThenReadsTheDatabase() {
    long id = persistBook(nodeA, "Dune");
    assertThat(title(nodeB, id)).isEqualTo("Dune");
    Cache<Object, Object> regionOfB = nodeB.cacheManager().getCache(Regions.BOOK);

    try (Session session = nodeA.openSession()) {
      Transaction tx = session.beginTransaction();
      session.find(Book.class, id).setTitle("Dune (revised)");
      session.flush(); // the read-write strategy locks the item in the cache before the update's SQL

      await().atMost(WAIT).until(() -> softLockIn(regionOfB));
      nodeB.resetCounters();
      assertThat(title(nodeB, id)).as("node B reads the committed row while A's update is open").isEqualTo("Dune");
      assertThat(nodeB.sqlSinceReset()).as("a locked item is not served from the cache").hasSize(1);

      tx.commit();
    }
    assertThat(title(nodeB, id)).isEqualTo("Dune (revised)");
  }

  /** Persists a book (and the author it needs) through {@code node}; returns the book's id. */
  private static long persistBook(OrmFixture node, String title) {
    return node.fromTransaction(s -> {
      Author author = new Author("Frank Herbert");
      author.addBook(new Book(title));
      s.persist(author);
      return author.getBooks().get(0).getId();
    });
  }

  private static String[] expectedEditions(int rounds) {
    String[] titles = new String[rounds];
    for (int i = 0; i < rounds; i++) {
      titles[i] = "Dune, edition " + (i + 1);
    }
    return titles;
  }

  private static String title(OrmFixture node, long id) {
    return node.fromTransaction(s -> s.find(Book.class, id).getTitle());
  }

  /** Whether the region holds one of Hibernate's soft-lock items (as node B reads it: through Redis and Kryo). */
  private static boolean softLockIn(Cache<Object, Object> region) {
    for (Cache.Entry<Object, Object> entry : region) {
      if (entry.getValue().getClass().getName().contains("SoftLock")) {
        return true;
      }
    }
    return false;
  }
}
