package io.hybridcache.jcache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hybridcache.EntryOptions;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docs/configuration.md} names every key the configuration file accepts, and no other, so the page cannot
 * drift from the parser.
 *
 * <p>The accepted keys are asked of the parser itself, not copied here: for each section it is given a file with one
 * unknown key there, and its refusal lists the keys it knows in that section ({@link YamlSection#requireKnownKeys}).
 * A known key is a section of its own when an unknown key inside it is refused the same way, and a map of free names
 * ({@code caches.<name>}) when a value inside it is refused as not being a map. A key the parser passes on unread
 * ({@code redis}, Redisson's own settings) has no keys of ours below it.
 *
 * <p>On the page, each section's keys are the first cells of the table rows ({@code | `key` |}) under the heading
 * that names the section's path in backticks ({@code ## `backplane`}); the keys at the top of the file are under the
 * heading "Top-level keys". Lines in fenced code blocks are never headings.
 */
class ConfigurationReferenceTest {

  private static final Path PAGE = Path.of("..", "docs", "configuration.md");
  private static final String PROBE = "zzzNoSuchKey";
  private static final String KNOWN_KEYS = "known keys here: ";
  private static final String FREE_NAME = "<name>";
  private static final String TOP_LEVEL_HEADING = "Top-level keys";
  private static final Pattern HEADING = Pattern.compile("^(#+)\\s+(.*)$");
  private static final Pattern ROW_KEY = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|");

  /** Each section's path ("" for the top of the file) and the keys the parser accepts there, in the parser's order. */
  private static Map<String, List<String>> accepted;
  private static List<String> page;

  @BeforeAll
  static void askTheParserAndReadThePage() throws IOException {
    accepted = new LinkedHashMap<>();
    explore(List.of());
    page = Files.readAllLines(PAGE, UTF_8);
  }

  @Test
  void theParserListsTheSectionsTheReferenceIsBuiltOn() {
    assertThat(accepted).containsKeys("", "backplane", "defaults", "caches." + FREE_NAME, "security");
    assertThat(accepted.get("")).contains("keyPrefix", "redis", "defaults", "caches");
    assertThat(accepted.get("defaults")).contains("duration", "maximumSize").isEqualTo(accepted.get("caches.<name>"));
  }

  @Test
  void everyKeyTheParserAcceptsIsNamedOnThePage() {
    List<String> missing = new ArrayList<>();
    accepted.forEach((section, keys) -> {
      List<String> named = rowKeys(section);
      keys.stream().filter(key -> !named.contains(key)).map(key -> qualified(section, key)).forEach(missing::add);
    });
    assertThat(missing).as("keys the parser accepts but " + PAGE + " does not name (add a row for each under the"
        + " heading of its section)").isEmpty();
  }

  @Test
  void thePageNamesNoKeyTheParserRefuses() {
    List<String> extra = new ArrayList<>();
    accepted.forEach((section, keys) -> rowKeys(section).stream().filter(key -> !keys.contains(key))
        .map(key -> qualified(section, key)).forEach(extra::add));
    assertThat(extra).as("keys " + PAGE + " names but the parser refuses").isEmpty();
  }

  @Test
  void everyEntryOptionIsAKeyOfACacheSection() {
    Set<String> notOptions = Set.of("toBuilder", "hashCode", "toString");
    List<String> options = Arrays.stream(EntryOptions.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
        .filter(m -> m.getParameterCount() == 0 && !notOptions.contains(m.getName()))
        .map(Method::getName).toList();
    assertThat(options).hasSizeGreaterThan(20);
    assertThat(accepted.get("defaults")).containsAll(options);
  }

  /** Records the keys of the section at {@code path}, then explores each key that is a section of its own. */
  private static void explore(List<String> path) {
    String problem = refusal(path, PROBE, 1);
    int at = problem == null ? -1 : problem.indexOf(KNOWN_KEYS);
    if (at < 0) {
      fail("the parser did not list the keys it knows at " + dotted(path) + " when given an unknown key there; it said: "
          + problem);
    }
    List<String> keys = List.of(problem.substring(at + KNOWN_KEYS.length()).trim().split(",\\s*"));
    accepted.put(dotted(path), keys);
    for (String key : keys) {
      List<String> child = append(path, key);
      String inside = refusal(child, PROBE, 1);
      if (inside == null) {
        continue; // passed on unread, such as redis
      }
      String probePath = dotted(append(child, PROBE));
      if (inside.contains(", at " + probePath + ": unknown key")) {
        explore(child);
      } else if (inside.contains(", at " + probePath + ": expected a map of keys")) {
        explore(append(child, FREE_NAME));
      }
    }
  }

  /** The message the parser refuses a file with that holds only {@code key: value} at {@code path}; null if none. */
  private static String refusal(List<String> path, String key, Object value) {
    Object document = Map.of(key, value);
    for (int i = path.size() - 1; i >= 0; i--) {
      document = Map.of(path.get(i), document);
    }
    byte[] yaml = new Yaml().dump(document).getBytes(UTF_8);
    try {
      ConfigFile.parse(URI.create("file:/probe.yaml"), "probe.yaml", yaml, variable -> null);
      return null;
    } catch (ConfigFileException e) {
      return e.getMessage();
    }
  }

  /** The keys of the table rows under the heading of {@code section}. */
  private static List<String> rowKeys(String section) {
    String title = section.isEmpty() ? TOP_LEVEL_HEADING : "`" + section + "`";
    int start = -1;
    int level = 0;
    boolean code = false;
    for (int i = 0; i < page.size() && start < 0; i++) {
      code ^= page.get(i).startsWith("```");
      Matcher heading = HEADING.matcher(page.get(i));
      if (!code && heading.matches() && heading.group(2).contains(title)) {
        start = i + 1;
        level = heading.group(1).length();
      }
    }
    if (start < 0) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    for (int i = start; i < page.size(); i++) {
      code ^= page.get(i).startsWith("```");
      Matcher heading = HEADING.matcher(page.get(i));
      if (!code && heading.matches() && heading.group(1).length() <= level) {
        break;
      }
      Matcher row = ROW_KEY.matcher(page.get(i));
      if (row.find()) {
        keys.add(row.group(1));
      }
    }
    return keys;
  }

  private static List<String> append(List<String> path, String key) {
    List<String> longer = new ArrayList<>(path);
    longer.add(key);
    return longer;
  }

  private static String dotted(List<String> path) {
    return String.join(".", path);
  }

  private static String qualified(String section, String key) {
    return section.isEmpty() ? key : section + "." + key;
  }
}
