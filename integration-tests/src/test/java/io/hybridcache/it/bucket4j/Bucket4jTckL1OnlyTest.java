package io.hybridcache.it.bucket4j;

import io.hybridcache.it.bucket4j.Bucket4jNodes.Layout;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Bucket4j's distributed-bucket suite on one node without Redis. */
class Bucket4jTckL1OnlyTest extends Bucket4jTckOnHybridCache {
  @TempDir static Path dir;

  @BeforeAll
  static void startNodes() {
    start(Layout.L1_ONLY, dir, null);
  }

  @AfterAll
  static void stopNodes() {
    stop();
  }
}
