package io.hybridcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HybridCacheConfigurationTest {

  private static final EntryOptions FIVE_MINUTES = EntryOptions.builder().duration(Duration.ofMinutes(5)).build();

  @Test
  void newConfigurationHasJsrDefaultsNoExtrasAndBothSwitchesOn() {
    HybridCacheConfiguration<String, String> c = new HybridCacheConfiguration<>();

    assertThat(c).isEqualTo(new HybridCacheConfiguration<>());
    assertThat(c.isStoreByValue()).isTrue();
    assertThat(c.getExpiryPolicyFactory().create()).isInstanceOf(EternalExpiryPolicy.class);
    assertThat(c.getDefaultEntryOptions()).isEmpty();
    assertThat(c.getMaximumSize()).isEmpty();
    assertThat(c.getMaximumWeight()).isEmpty();
    assertThat(c.isDistributedLevelEnabled()).isTrue();
    assertThat(c.isBackplaneEnabled()).isTrue();
  }

  @Test
  void fluentChainThroughEveryJsrSetterKeepsTheHybridTypeAndAppliesEachSetting() {
    CacheEntryListenerConfiguration<String, Integer> listener = listener();
    HybridCacheConfiguration<String, Integer> c = new HybridCacheConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class).setMaximumWeight(1000)
        .addCacheEntryListenerConfiguration(listener).setBackplaneEnabled(false)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(Loader.class)).setDistributedLevelEnabled(false)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(Writer.class)).setDefaultEntryOptions(FIVE_MINUTES)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_HOUR))
        .setDefaultEntryOptions(FIVE_MINUTES)
        .setReadThrough(true).setDefaultEntryOptions(FIVE_MINUTES)
        .setWriteThrough(true).setDefaultEntryOptions(FIVE_MINUTES)
        .setStoreByValue(false).setDefaultEntryOptions(FIVE_MINUTES)
        .setStatisticsEnabled(true).setDefaultEntryOptions(FIVE_MINUTES)
        .setManagementEnabled(true).setDefaultEntryOptions(FIVE_MINUTES);

    assertThat(c.getKeyType()).isEqualTo(String.class);
    assertThat(c.getValueType()).isEqualTo(Integer.class);
    assertThat(c.getCacheEntryListenerConfigurations()).containsExactly(listener);
    assertThat(c.getCacheLoaderFactory().create()).isInstanceOf(Loader.class);
    assertThat(c.getCacheWriterFactory().create()).isInstanceOf(Writer.class);
    assertThat(c.getExpiryPolicyFactory().create()).isInstanceOf(CreatedExpiryPolicy.class);
    assertThat(c.isReadThrough()).isTrue();
    assertThat(c.isWriteThrough()).isTrue();
    assertThat(c.isStoreByValue()).isFalse();
    assertThat(c.isStatisticsEnabled()).isTrue();
    assertThat(c.isManagementEnabled()).isTrue();
    assertThat(c.getMaximumWeight()).hasValue(1000);
    assertThat(c.isBackplaneEnabled()).isFalse();
    assertThat(c.isDistributedLevelEnabled()).isFalse();
    assertThat(c.getDefaultEntryOptions()).contains(FIVE_MINUTES);

    assertThat(c.removeCacheEntryListenerConfiguration(listener).setMaximumWeight(2000)
        .getCacheEntryListenerConfigurations()).isEmpty();
  }

  @Test
  void everyPublicSetterOfMutableConfigurationIsOverriddenToReturnHybridCacheConfiguration() throws Exception {
    List<Method> setters = Arrays.stream(MutableConfiguration.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getReturnType() == MutableConfiguration.class)
        .toList();

    assertThat(setters).hasSize(11);
    for (Method setter : setters) {
      Method override = HybridCacheConfiguration.class.getDeclaredMethod(setter.getName(), setter.getParameterTypes());
      assertThat(override.getReturnType()).as(setter.getName()).isEqualTo(HybridCacheConfiguration.class);
    }
  }

  @Test
  void copyOfHybridConfigurationCopiesJsrSettingsAndExtrasAndIsIndependent() {
    HybridCacheConfiguration<String, Integer> original = new HybridCacheConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class).setStatisticsEnabled(true).setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(Loader.class))
        .setDefaultEntryOptions(FIVE_MINUTES).setMaximumSize(500)
        .setDistributedLevelEnabled(false).setBackplaneEnabled(false);

    HybridCacheConfiguration<String, Integer> copy = new HybridCacheConfiguration<>(original);

    assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
    assertThat(copy.getKeyType()).isEqualTo(String.class);
    assertThat(copy.isStatisticsEnabled()).isTrue();
    assertThat(copy.getDefaultEntryOptions()).contains(FIVE_MINUTES);
    assertThat(copy.getMaximumSize()).hasValue(500);
    assertThat(copy.isDistributedLevelEnabled()).isFalse();
    assertThat(copy.isBackplaneEnabled()).isFalse();

    copy.setBackplaneEnabled(true).addCacheEntryListenerConfiguration(listener());
    assertThat(original.isBackplaneEnabled()).isFalse();
    assertThat(original.getCacheEntryListenerConfigurations()).isEmpty();
  }

  @Test
  void copyOfPlainMutableConfigurationCopiesJsrSettingsAndLeavesExtrasUnset() {
    MutableConfiguration<String, Integer> plain = new MutableConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class).setManagementEnabled(true).setStoreByValue(false);

    HybridCacheConfiguration<String, Integer> copy = new HybridCacheConfiguration<>(plain);

    assertThat(copy.getValueType()).isEqualTo(Integer.class);
    assertThat(copy.isManagementEnabled()).isTrue();
    assertThat(copy.isStoreByValue()).isFalse();
    assertThat(copy.getDefaultEntryOptions()).isEmpty();
    assertThat(copy.getMaximumSize()).isEmpty();
    assertThat(copy.isDistributedLevelEnabled()).isTrue();
    assertThat(copy.isBackplaneEnabled()).isTrue();
  }

  @Test
  void settingMaximumWeightAfterMaximumSizeFailsNamingBoth() {
    HybridCacheConfiguration<Object, Object> c = new HybridCacheConfiguration<>().setMaximumSize(10);

    assertThatThrownBy(() -> c.setMaximumWeight(20))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContainingAll("maximumSize", "maximumWeight", "exclusive");
    assertThat(c.getMaximumWeight()).isEmpty();
    assertThat(c.getMaximumSize()).hasValue(10);
  }

  @Test
  void settingMaximumSizeAfterMaximumWeightFailsNamingBoth() {
    HybridCacheConfiguration<Object, Object> c = new HybridCacheConfiguration<>().setMaximumWeight(10);

    assertThatThrownBy(() -> c.setMaximumSize(20))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContainingAll("maximumSize", "maximumWeight", "exclusive");
    assertThat(c.getMaximumSize()).isEmpty();
  }

  @Test
  void settingTheSameBoundAgainReplacesIt() {
    HybridCacheConfiguration<Object, Object> c = new HybridCacheConfiguration<>().setMaximumSize(10).setMaximumSize(7);

    assertThat(c.getMaximumSize()).isEqualTo(OptionalLong.of(7));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void nonPositiveBoundIsRejectedWithTheValue(long bound) {
    HybridCacheConfiguration<Object, Object> c = new HybridCacheConfiguration<>();

    assertThatThrownBy(() -> c.setMaximumSize(bound))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maximumSize must be positive, was " + bound);
    assertThatThrownBy(() -> c.setMaximumWeight(bound))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maximumWeight must be positive, was " + bound);
  }

  @Test
  void nullArgumentsAreRejectedNamingTheParameter() {
    HybridCacheConfiguration<String, String> c = new HybridCacheConfiguration<>();

    assertThatThrownBy(() -> new HybridCacheConfiguration<String, String>(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("configuration");
    assertThatThrownBy(() -> c.setDefaultEntryOptions(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("options");
    assertThatThrownBy(() -> c.setTypes(null, String.class))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("keyType");
    assertThatThrownBy(() -> c.setTypes(String.class, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("valueType");
    assertThatThrownBy(() -> c.addCacheEntryListenerConfiguration(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("listenerConfiguration");
    assertThatThrownBy(() -> c.removeCacheEntryListenerConfiguration(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("listenerConfiguration");
  }

  @Test
  void nullFactoriesKeepTheirJsrMeaning() {
    HybridCacheConfiguration<String, String> c = new HybridCacheConfiguration<String, String>()
        .setCacheLoaderFactory(null).setCacheWriterFactory(null).setExpiryPolicyFactory(null);

    assertThat(c.getCacheLoaderFactory()).isNull();
    assertThat(c.getCacheWriterFactory()).isNull();
    assertThat(c.getExpiryPolicyFactory().create()).isInstanceOf(EternalExpiryPolicy.class);
  }

  @Test
  void equalsAndHashCodeTellApartEachExtra() {
    List<UnaryOperator<HybridCacheConfiguration<Object, Object>>> changes = List.of(
        c -> c.setDefaultEntryOptions(FIVE_MINUTES),
        c -> c.setMaximumSize(5),
        c -> c.setMaximumWeight(5),
        c -> c.setDistributedLevelEnabled(false),
        c -> c.setBackplaneEnabled(false),
        c -> c.setStatisticsEnabled(true));
    HybridCacheConfiguration<Object, Object> base = new HybridCacheConfiguration<>();

    for (UnaryOperator<HybridCacheConfiguration<Object, Object>> change : changes) {
      HybridCacheConfiguration<Object, Object> changed = change.apply(new HybridCacheConfiguration<>());
      assertThat(changed).isNotEqualTo(base);
      assertThat(changed.hashCode()).isNotEqualTo(base.hashCode());
      assertThat(changed).isEqualTo(change.apply(new HybridCacheConfiguration<>()))
          .hasSameHashCodeAs(change.apply(new HybridCacheConfiguration<>()));
    }
    assertThat(base).isNotEqualTo(new MutableConfiguration<>());
  }

  @Test
  void serializedCopyKeepsEverySettingButTheTransientEntryOptions() throws Exception {
    HybridCacheConfiguration<String, Integer> original = new HybridCacheConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class).setStatisticsEnabled(true)
        .setDefaultEntryOptions(FIVE_MINUTES).setMaximumWeight(900).setBackplaneEnabled(false);

    HybridCacheConfiguration<?, ?> copy = roundTrip(original);

    assertThat(copy.getDefaultEntryOptions()).isEmpty();
    assertThat(copy.getMaximumWeight()).hasValue(900);
    assertThat(copy.isBackplaneEnabled()).isFalse();
    assertThat(copy.isDistributedLevelEnabled()).isTrue();
    assertThat(copy.getKeyType()).isEqualTo(String.class);
    assertThat(copy.isStatisticsEnabled()).isTrue();
    assertThat(copy).isNotEqualTo(original);
    assertThat(copy.setDefaultEntryOptions(FIVE_MINUTES)).isEqualTo(original);
  }

  private static HybridCacheConfiguration<?, ?> roundTrip(HybridCacheConfiguration<?, ?> c) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (HybridCacheConfiguration<?, ?>) in.readObject();
    }
  }

  private static CacheEntryListenerConfiguration<String, Integer> listener() {
    return new MutableCacheEntryListenerConfiguration<>(FactoryBuilder.factoryOf(Created.class), null, false, true);
  }

  public static final class Created implements CacheEntryCreatedListener<String, Integer> {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {}
  }

  public static final class Loader implements CacheLoader<String, Integer> {
    @Override
    public Integer load(String key) {
      return key.length();
    }

    @Override
    public Map<String, Integer> loadAll(Iterable<? extends String> keys) {
      return Map.of();
    }
  }

  public static final class Writer implements CacheWriter<Object, Object> {
    @Override
    public void write(Cache.Entry<? extends Object, ? extends Object> entry) {}

    @Override
    public void writeAll(Collection<Cache.Entry<? extends Object, ? extends Object>> entries) {}

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(Collection<?> keys) {}
  }
}
