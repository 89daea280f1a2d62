package io.hybridcache.it.hibernate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/** Records every SQL statement Hibernate prepares, so a test can assert that a step ran none. */
final class SqlRecorder implements StatementInspector {
  private final List<String> statements = new CopyOnWriteArrayList<>();

  @Override
  public String inspect(String sql) {
    statements.add(sql);
    return sql;
  }

  List<String> statements() {
    return List.copyOf(statements);
  }

  void clear() {
    statements.clear();
  }
}
