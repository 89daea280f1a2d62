package io.hybridcache.kryo;

import java.util.ArrayList;
import java.util.List;

/** A public top-level class that {@link IsolatingClassLoader} can define again, for the class loader tests. */
public class Parcel {
  public List<String> contents = new ArrayList<>(List.of("book"));
}
