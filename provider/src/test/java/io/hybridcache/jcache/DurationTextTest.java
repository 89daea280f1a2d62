package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DurationTextTest {

  static Stream<Arguments> acceptedForms() {
    return Stream.of(
        Arguments.of("500ms", Duration.ofMillis(500)),
        Arguments.of("5s", Duration.ofSeconds(5)),
        Arguments.of("2m", Duration.ofMinutes(2)),
        Arguments.of("1h", Duration.ofHours(1)),
        Arguments.of("1d", Duration.ofDays(1)),
        Arguments.of("90 s", Duration.ofSeconds(90)),
        Arguments.of(" 5s ", Duration.ofSeconds(5)),
        Arguments.of("PT5S", Duration.ofSeconds(5)),
        Arguments.of("P1D", Duration.ofDays(1)),
        Arguments.of("pt1m30s", Duration.ofSeconds(90)),
        Arguments.of("-PT5S", Duration.ofSeconds(-5)),
        Arguments.of("0", Duration.ZERO),
        Arguments.of("0s", Duration.ZERO));
  }

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @MethodSource("acceptedForms")
  void acceptedFormParsesToItsDuration(String text, Duration expected) {
    assertThat(DurationText.parse(text)).isEqualTo(expected);
    assertThat(DurationText.parseOrNone(text)).contains(expected);
    assertThat(DurationText.parseOrEternal(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\" is rejected: {1}")
  @CsvSource(delimiter = '|', value = {
      "5        | a duration needs a unit: write 5ms, 5s, 5m, 5h or 5d, was \"5\"",
      "5sec     | expected a duration, was \"5sec\"",
      "5M       | expected a duration, was \"5M\"",
      "1.5h     | expected a duration, was \"1.5h\"",
      "-5s      | expected a duration, was \"-5s\"",
      "fast     | expected a duration, was \"fast\"",
      "''       | expected a duration, was \"\"",
      "P1X      | it is not a valid ISO-8601 duration, was \"P1X\"",
      "99999999999999999999d | the number is too large, was \"99999999999999999999d\"",
      "9999999999999999d     | the number is too large, was \"9999999999999999d\"",
  })
  void rejectedFormFailsNamingTheTextAndTheAcceptedForms(String text, String problem) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(problem + "; accepted forms: 500ms, 5s, 2m, 1h, 1d or ISO-8601 such as PT5S");
  }

  @Test
  void noneIsAbsentOnlyWhereAllowedAndTheMessageSaysWhere() {
    assertThat(DurationText.parseOrNone("none")).isEmpty();
    assertThatThrownBy(() -> DurationText.parse("none"))
        .hasMessageEndingWith("accepted forms: 500ms, 5s, 2m, 1h, 1d or ISO-8601 such as PT5S");
    assertThatThrownBy(() -> DurationText.parseOrNone("never"))
        .hasMessageEndingWith("such as PT5S, or none");
  }

  @Test
  void eternalIsTheLongestMillisecondDurationOnlyWhereAllowed() {
    assertThat(DurationText.parseOrEternal("eternal")).isEqualTo(DurationText.ETERNAL);
    assertThat(DurationText.ETERNAL.toMillis()).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> DurationText.parseOrNone("eternal")).hasMessageContaining("was \"eternal\"");
    assertThatThrownBy(() -> DurationText.parseOrEternal("forever")).hasMessageEndingWith("such as PT5S, or eternal");
  }
}
