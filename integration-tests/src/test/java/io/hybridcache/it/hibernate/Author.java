package io.hybridcache.it.hibernate;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Version;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A read-write entity whose collection is cached in its own region. */
@Entity
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = Regions.AUTHOR)
public class Author {
  @Id
  @GeneratedValue
  private Long id;

  @Version
  private int version;

  private String name;

  @OneToMany(cascade = CascadeType.ALL, orphanRemoval = true)
  @JoinColumn(name = "author_id", nullable = false)
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = Regions.AUTHOR_BOOKS)
  private List<Book> books = new ArrayList<>();

  protected Author() {
  }

  public Author(String name) {
    this.name = name;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public List<Book> getBooks() {
    return books;
  }

  public Author addBook(Book book) {
    books.add(book);
    return this;
  }
}
