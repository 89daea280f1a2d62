package io.hybridcache.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/** The application of the starter's tests: auto-configuration, caching on, the {@link Library}. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
public class LibraryApplication {
  @Bean
  Library library() {
    return new Library();
  }

  @Bean
  Catalogue catalogue() {
    return new Catalogue();
  }

  /** Records the observations that stopped, as {@code name [key=value...]}. */
  @Bean
  RecordedObservations recordedObservations() {
    return new RecordedObservations();
  }
}
