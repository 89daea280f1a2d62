package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.EntryOptions;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntryOptionKeysTest {

  @Test
  void thereIsOneKeyPerEntryOptionNamedAsItsGetter() {
    Set<String> notOptions = Set.of("toBuilder", "hashCode", "toString", "equals");
    String[] getters = Arrays.stream(EntryOptions.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
        .filter(m -> m.getParameterCount() == 0)
        .map(Method::getName)
        .filter(name -> !notOptions.contains(name))
        .toArray(String[]::new);

    assertThat(getters).hasSize(27);
    assertThat(EntryOptionKeys.names()).containsExactlyInAnyOrder(getters);
  }
}
