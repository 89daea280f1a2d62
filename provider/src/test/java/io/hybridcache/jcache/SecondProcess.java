package io.hybridcache.jcache;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * The other JVM of {@link TwoProcessTest}: one node on the configuration file named by its argument, driven line by
 * line through standard input ({@code put KEY VALUE}, {@code remove KEY}, {@code exit}). It prints {@code ready} once
 * its cache is open and {@code done <command>} after each command has returned, so the test knows the write was
 * acknowledged.
 */
public final class SecondProcess {
  static final String CACHE = "shared";

  private SecondProcess() {}

  /**
   * Runs the node until {@code exit} or the end of standard input.
   *
   * @param args the path of the configuration file
   */
  public static void main(String[] args) throws Exception {
    ClassLoader loader = SecondProcess.class.getClassLoader();
    try (CacheManager manager = Caching.getCachingProvider(HybridCachingProvider.class.getName(), loader)
        .getCacheManager(Path.of(args[0]).toUri(), loader)) {
      Cache<String, String> cache = manager.createCache(CACHE,
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      System.out.println("ready");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
        String[] words = line.split(" ");
        switch (words[0]) {
          case "put" -> cache.put(words[1], words[2]);
          case "remove" -> cache.remove(words[1]);
          default -> throw new IllegalArgumentException("unknown command: " + line);
        }
        System.out.println("done " + line);
      }
    }
  }
}
