package io.hybridcache.it.hibernate;

/** Second-level cache region names; hybridcache-hibernate.yaml configures some of them. */
final class Regions {
  static final String BOOK = "it.book";
  static final String AUTHOR = "it.author";
  static final String AUTHOR_BOOKS = "it.author.books";
  static final String COUNTRY = "it.country";
  static final String QUERY_RESULTS = "default-query-results-region";
  static final String UPDATE_TIMESTAMPS = "default-update-timestamps-region";

  private Regions() {
  }
}
