package io.hybridcache.kryo;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Value classes the kryo tests copy and serialize. */
final class Beans {
  private Beans() {}

  /** A mutable bean with nested collections and an array; not Serializable. */
  static final class Order {
    String id;
    int[] quantities;
    List<String> lines = new ArrayList<>();
    Map<String, List<Integer>> tags = new HashMap<>();
    Date placedAt;
    Object state;

    Order() {}

    Order(String id) {
      this.id = id;
      this.quantities = new int[] {1, 2, 3};
      this.lines.add("line-1");
      this.tags.put("t", new ArrayList<>(List.of(1, 2)));
      this.placedAt = new Date(1_000L);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Order other && Objects.equals(id, other.id)
          && java.util.Arrays.equals(quantities, other.quantities) && lines.equals(other.lines)
          && tags.equals(other.tags) && Objects.equals(placedAt, other.placedAt)
          && Objects.equals(state, other.state);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id);
    }
  }

  /** A linked node, for cycles and shared references. */
  static final class Node {
    String name;
    Node next;
    List<Node> children = new ArrayList<>();

    Node(String name) {
      this.name = name;
    }
  }

  /** An identity singleton, as Hibernate keeps them: Java serialization resolves it to {@link #INSTANCE}. */
  static final class Marker implements Serializable {
    static final Marker INSTANCE = new Marker();
    private static final long serialVersionUID = 1L;

    private Marker() {}

    private Object readResolve() {
      return INSTANCE;
    }
  }

  /** Hibernate's LazyPropertyInitializer.UNFETCHED_PROPERTY: an anonymous class with a public readResolve. */
  interface LazyProperty {
    Serializable UNFETCHED = new Serializable() {
      private static final long serialVersionUID = 1L;

      @Override
      public String toString() {
        return "<lazy>";
      }

      public Object readResolve() {
        return UNFETCHED;
      }
    };
  }

  /** A bean that is written as a {@link Snapshot} in its place. */
  static final class Draft implements Serializable {
    private static final long serialVersionUID = 1L;
    final String text;

    Draft(String text) {
      this.text = text;
    }

    private Object writeReplace() {
      return new Snapshot(text);
    }
  }

  /** What a {@link Draft} is replaced by. */
  record Snapshot(String text) implements Serializable {}

  /** Rebuilds a transient field in readObject, which a field-by-field copy would leave null. */
  static final class Reindexed implements Serializable {
    private static final long serialVersionUID = 1L;
    final List<String> words;
    transient Map<String, Integer> index;

    Reindexed(List<String> words) {
      this.words = new ArrayList<>(words);
      reindex();
    }

    private void reindex() {
      index = new HashMap<>();
      for (int i = 0; i < words.size(); i++) {
        index.put(words.get(i), i);
      }
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
      in.defaultReadObject();
      reindex();
    }
  }

  /** No no-arg constructor, final fields, a mutable list. */
  static final class Account {
    private final String owner;
    private final List<String> holders;

    Account(String owner) {
      this.owner = Objects.requireNonNull(owner);
      this.holders = new ArrayList<>(List.of(owner));
    }

    String owner() {
      return owner;
    }

    List<String> holders() {
      return holders;
    }
  }

  /** A record with only immutable components. */
  record Point(int x, int y, String label) {}

  /** A record with a mutable component. */
  record Basket(String owner, List<String> items) {}

  /** Holds a thread: not Serializable, and its fields are JDK internals. */
  static final class ThreadHolder {
    final Thread thread = Thread.currentThread();
  }

  /** Holds a lambda that is not Serializable. */
  static final class LambdaHolder {
    final Runnable task = () -> { };
  }
}
