package io.hybridcache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A key prefix holds none of the separator's characters: prefix {@code app:orders}, cache {@code admin}, key
 * {@code flag} would otherwise be prefix {@code app}, cache {@code orders}, key {@code admin:flag}.
 */
class KeyPrefixTest {

  @Test
  void aKeyPrefixHoldingTheSeparatorIsRefusedNamingTheOverlapAndWhatToWriteInstead() {
    assertThatThrownBy(() -> ClusterNode.builder("app:orders").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyPrefix must not contain ':' (a character of the key separator ':'), was 'app:orders': its "
            + "keys would also be keys of prefix 'app' (cache 'orders'), so the two could read and overwrite each "
            + "other's entries; write it without, e.g. 'app-orders'");
  }

  @Test
  void theCharactersRefusedAreThoseOfTheConfiguredSeparator() {
    InternalKeys underscore = InternalKeys.builder().separator("_").build();

    ClusterNode.builder("app:orders").internalKeys(underscore).build().close();
    assertThatThrownBy(() -> ClusterNode.builder("app_orders").internalKeys(underscore).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not contain '_'").hasMessageEndingWith("e.g. 'app-orders'");
    InternalKeys dashes = InternalKeys.builder().separator("--").build();
    assertThatThrownBy(() -> dashes.checkKeyPrefix("a-b-c"))
        .hasMessageContaining("prefix 'a' (cache 'b')").hasMessageEndingWith("e.g. 'a.b.c'");
  }

  @Test
  void aKeyPrefixWithoutTheSeparatorIsAccepted() {
    for (String prefix : new String[] {"shop", "shop-eu.1", "{shop}", "hybridcache-demo"}) {
      assertThat(InternalKeys.defaults().checkKeyPrefix(prefix)).isEqualTo(prefix);
    }
  }
}
