package io.hybridcache.examples;

/**
 * A demo value: a product row at some version. A plain record: the JCache API stores it by value (copies it with Kryo
 * on the way in and out), which needs no special interface.
 */
record Product(String id, int version) {
  @Override
  public String toString() {
    return id + " v" + version;
  }
}
