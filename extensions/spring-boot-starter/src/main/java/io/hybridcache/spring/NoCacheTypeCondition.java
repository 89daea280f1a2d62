package io.hybridcache.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code spring.cache.type} is not set: an application that names a cache type ({@code jcache},
 * {@code simple}, {@code none}...) gets what it named from Spring Boot, not the starter's manager.
 */
final class NoCacheTypeCondition extends SpringBootCondition {
  static final String PROPERTY = "spring.cache.type";

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    String type = context.getEnvironment().getProperty(PROPERTY);
    return type == null || type.isBlank()
        ? ConditionOutcome.match(PROPERTY + " is not set")
        : ConditionOutcome.noMatch(PROPERTY + " is " + type + ": Spring Boot configures that cache type");
  }
}
