package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridcache.distributed.ForwardingLevel;
import io.hybridcache.spi.DistributedLevel;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The classes that wrap a distributed level (a circuit breaker, an observer; the tests' forwarding level) must forward
 * every call of the contract themselves: a default method the wrapper leaves alone answers for the wrapped level
 * without asking it (a refused write reported as made, a bulk read split into single reads, a bounded read unbounded).
 */
class LevelWrappersTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(classes = {GuardedLevel.class, ObservedLevel.class, NoticeCountingLevel.class, ForwardingLevel.class})
  void aLevelWrapperDeclaresEveryInstanceMethodOfTheContract(Class<?> wrapper) {
    List<String> missing = new ArrayList<>();
    for (Method method : DistributedLevel.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      try {
        wrapper.getDeclaredMethod(method.getName(), method.getParameterTypes());
      } catch (NoSuchMethodException e) {
        missing.add(method.getName() + List.of(method.getParameterTypes()).stream().map(Class::getSimpleName).toList());
      }
    }
    assertThat(missing).as("methods of DistributedLevel that %s does not forward", wrapper.getSimpleName()).isEmpty();
  }
}
