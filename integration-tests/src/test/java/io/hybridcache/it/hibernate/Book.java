package io.hybridcache.it.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/**
 * A versioned read-write entity. It is also the element of {@link Author#books}, a unidirectional one-to-many with a
 * non-null join column, so the state an update caches for it carries Hibernate's back-reference placeholder (an
 * identity singleton that must come back as the same instance after the provider's store-by-value copies).
 */
@Entity
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = Regions.BOOK)
public class Book {
  @Id
  @GeneratedValue
  private Long id;

  @Version
  private int version;

  private String title;

  protected Book() {
  }

  public Book(String title) {
    this.title = title;
  }

  public Long getId() {
    return id;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }
}
