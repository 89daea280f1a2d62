package io.hybridcache;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What every thread writes to {@code System.err} (where slf4j-simple logs in the tests) while a task runs. */
public final class StandardErrorCapture {
  private StandardErrorCapture() {}

  /** Runs {@code run} with {@code System.err} captured, then restores it and returns what was written. */
  public static String of(Runnable run) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      run.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
