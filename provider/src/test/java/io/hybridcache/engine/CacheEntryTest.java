package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CacheEntryTest {
  private static final long NO = CacheEntry.NO_EAGER_REFRESH;

  @Test
  void anEntryWithoutRarerMetadataIsTheCompactClassAndReportsTheDefaults() {
    CacheEntry<String> entry = CacheEntry.of("v", 1_000, 2_000, NO, 2_000, false, Set.of(), null, null, 1, 7);

    assertThat(entry.getClass()).isEqualTo(CacheEntry.class);
    assertThat(entry.value()).isEqualTo("v");
    assertThat(entry.timestamp()).isEqualTo(1_000);
    assertThat(entry.logicalExpiration()).isEqualTo(2_000);
    assertThat(entry.physicalExpiration()).isEqualTo(2_000);
    assertThat(entry.order).isEqualTo(7);
    assertThat(entry.isStale()).isFalse();
    assertThat(entry.tags()).isEmpty();
    assertThat(entry.untagged()).isTrue();
    assertThat(entry.etag()).isNull();
    assertThat(entry.lastModified()).isNull();
    assertThat(entry.eagerRefreshAt()).isEqualTo(NO);
    assertThat(entry.weight()).isEqualTo(1);
    assertThat(entry.optional()).isEqualTo(Optional.of("v"));
    entry.tagCheck(new CacheEntry.TagCheck(1, 2));
    assertThat(entry.tagCheck()).isNull();
  }

  @Test
  void eachRarerFieldMakesADetailedEntryThatKeepsIt() {
    Instant modified = Instant.ofEpochSecond(5, 6);
    assertThat(CacheEntry.of("v", 1_000, 2_000, 1_500, 2_000, false, Set.of(), null, null, 1).eagerRefreshAt())
        .isEqualTo(1_500);
    assertThat(CacheEntry.of("v", 1_000, 2_000, NO, 9_000, false, Set.of(), null, null, 1).physicalExpiration())
        .isEqualTo(9_000);
    assertThat(CacheEntry.of("v", 1_000, 2_000, NO, 2_000, true, Set.of(), null, null, 1).isStale()).isTrue();
    CacheEntry<String> tagged = CacheEntry.of("v", 1_000, 2_000, NO, 2_000, false, Set.of("t"), null, null, 1);
    assertThat(tagged.tags()).containsExactly("t");
    assertThat(tagged.untagged()).isFalse();
    assertThat(CacheEntry.of("v", 1_000, 2_000, NO, 2_000, false, Set.of(), "e", null, 1).etag()).isEqualTo("e");
    assertThat(CacheEntry.of("v", 1_000, 2_000, NO, 2_000, false, Set.of(), null, modified, 1).lastModified())
        .isEqualTo(modified);
    assertThat(CacheEntry.of("v", 1_000, 2_000, NO, 2_000, false, Set.of(), null, null, 3).weight()).isEqualTo(3);
    assertThat(tagged.getClass()).isEqualTo(DetailedCacheEntry.class);
  }

  @Test
  void aTaggedEntryKeepsItsTagCheck() {
    CacheEntry<String> tagged = CacheEntry.of("v", 1_000, 2_000, NO, 2_000, false, Set.of("t"), null, null, 1);
    CacheEntry.TagCheck check = new CacheEntry.TagCheck(1, 2);

    tagged.tagCheck(check);

    assertThat(tagged.tagCheck()).isSameAs(check);
  }

  @Test
  void aPhysicalExpirationBeforeTheLogicalOneIsTheLogicalOne() {
    CacheEntry<String> entry = CacheEntry.of("v", 1_000, 5_000, 4_000, 3_000, false, Set.of(), null, null, 1);

    assertThat(entry.physicalExpiration()).isEqualTo(5_000);
  }

  @Test
  void derivedEntriesKeepTheOrderAndTheMetadata() {
    CacheEntry<String> plain = CacheEntry.of("v", 1_000, 2_000, NO, 2_000, false, Set.of(), null, null, 1, 7);

    CacheEntry<String> expired = plain.expiredAt(1_500);
    assertThat(expired.isStale()).isTrue();
    assertThat(expired.logicalExpiration()).isEqualTo(1_500);
    assertThat(expired.order).isEqualTo(7);

    CacheEntry<String> tagged = CacheEntry.of("v", 1_000, 2_000, NO, 9_000, false, Set.of("t"), "e", null, 2, 8);
    CacheEntry<String> extended = tagged.withLogicalExpiration(4_000, 9_000);
    assertThat(extended.tags()).containsExactly("t");
    assertThat(extended.etag()).isEqualTo("e");
    assertThat(extended.weight()).isEqualTo(2);
    assertThat(extended.physicalExpiration()).isEqualTo(9_000);
    assertThat(extended.order).isEqualTo(8);
    assertThat(plain.withLogicalExpiration(4_000, 4_000).getClass()).isEqualTo(CacheEntry.class);
  }

  @Test
  void theOptionalIsMadeOnceAndTheValueStaysReadable() {
    CacheEntry<String> entry = CacheEntry.of("v", 1_000, 2_000, NO, 2_000, false, Set.of(), null, null, 1);

    Optional<String> first = entry.optional();

    assertThat(entry.optional()).isSameAs(first).contains("v");
    assertThat(entry.value()).isEqualTo("v");
  }

  @Test
  void aValueThatIsAnOptionalIsKeptAsItIs() {
    Optional<String> value = Optional.empty();
    CacheEntry<Optional<String>> entry = CacheEntry.of(value, 1_000, 2_000, NO, 2_000, false, Set.of(), null, null, 1);

    assertThat(entry.value()).isSameAs(value);
    assertThat(entry.optional().orElseThrow()).isSameAs(value);
    assertThat(entry.value()).isSameAs(value);
  }

  @Test
  void aNullValueIsRefused() {
    assertThatNullPointerException()
        .isThrownBy(() -> CacheEntry.of(null, 1_000, 2_000, NO, 2_000, false, Set.of(), null, null, 1));
  }
}
