package io.hybridcache.benchmarks;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The mutable value the L1-hit benchmarks cache: a small object graph (a few fields and a list), so that a
 * store-by-value cache really copies it (immutable JDK types such as {@code String} are not copied by HybridCache nor
 * by Caffeine's copier). Serializable, since Caffeine's and Ehcache's default copiers use Java serialization.
 */
public final class Product implements Serializable {
  private static final long serialVersionUID = 1L;

  private long id;
  private String name;
  private double price;
  private List<String> labels;

  /** For Kryo. */
  public Product() {}

  public Product(long id) {
    this.id = id;
    this.name = "product-" + id;
    this.price = id * 1.5;
    this.labels = new ArrayList<>(List.of("label-a", "label-b", "label-c"));
  }

  public long id() {
    return id;
  }

  public String name() {
    return name;
  }

  public double price() {
    return price;
  }

  public List<String> labels() {
    return labels;
  }
}
