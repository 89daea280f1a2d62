package io.hybridcache.redis.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a server's log file, for the message of a failed start. */
final class LogTail {
  private static final int LINES = 30;

  private LogTail() {}

  /** The last 30 lines of {@code logFile}, or a note saying why it could not be read. Never throws. */
  static String of(Path logFile) {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e + ")";
    }
  }
}
