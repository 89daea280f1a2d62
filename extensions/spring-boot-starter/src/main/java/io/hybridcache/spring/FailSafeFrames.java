package io.hybridcache.spring;

import java.util.ArrayList;
import java.util.List;

/**
 * The misses of the fail-safe caches that the lookups of one {@code @Cacheable} call (not {@code sync}) met, on its
 * thread: what {@link FailSafeAdvice} asks for a fallback when the method throws. One frame per call in progress,
 * nested calls stacked; a lookup outside any call records nothing.
 */
final class FailSafeFrames {
  private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

  private FailSafeFrames() {}

  /** One cache and key that missed. */
  record Miss(HybridSpringCache cache, Object key) {}

  /** The frame of one call: close it when the call ends, in the order opened. */
  static final class Frame implements AutoCloseable {
    private final Frame parent;
    private List<Miss> misses;

    private Frame(Frame parent) {
      this.parent = parent;
    }

    /** The misses recorded, in order (empty if none). */
    List<Miss> misses() {
      return misses == null ? List.of() : misses;
    }

    @Override
    public void close() {
      if (parent == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(parent);
      }
    }
  }

  /** Opens the frame of a call on this thread. */
  static Frame open() {
    Frame frame = new Frame(CURRENT.get());
    CURRENT.set(frame);
    return frame;
  }

  /** Records that {@code key} missed in {@code cache}, in the frame of the call in progress, if any. */
  static void missed(HybridSpringCache cache, Object key) {
    Frame frame = CURRENT.get();
    if (frame != null) {
      if (frame.misses == null) {
        frame.misses = new ArrayList<>(1);
      }
      frame.misses.add(new Miss(cache, key));
    }
  }
}
