package io.hybridcache.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, for one node, the entries and tombstones its writes replaced because the level had refused the write on the
 * strength of a header this node could not trust ({@link RefusalCheck}); logs each cause at warn the first time.
 */
final class UntrustedEntries {
  private static final Logger LOG = LoggerFactory.getLogger(UntrustedEntries.class);

  /** Why a held entry was not trusted to order a write: each is logged once. */
  enum Cause {
    FORGED_TOMBSTONE("a tombstone whose MAC does not verify (unsigned, or signed with no key of this node)"),
    FUTURE_TOMBSTONE("a tombstone dated further ahead than the maximum clock skew"),
    UNREADABLE_ENTRY("an entry this node cannot read or trust (unsigned or with a MAC that does not verify when "
        + "envelope keys are on, corrupt, of another format, or dated further ahead than the maximum clock skew)"),
    OVERSIZED_ENTRY("a value larger than the maximum entry size");

    private final String what;

    Cause(String what) {
      this.what = what;
    }
  }

  private final LongAdder replaced = new LongAdder();
  private final Set<Cause> logged = ConcurrentHashMap.newKeySet();

  /** A change of {@code levelKey} replaced what it held, for {@code cause}: counted, logged once per cause. */
  void replaced(Cause cause, String levelKey) {
    replaced.increment();
    if (logged.add(cause)) {
      LOG.warn("a write to '{}' was refused by {}, whose header claimed a later write: it was replaced (someone wrote "
          + "to Redis, or a node's clock is set wrong); further replacements of this cause are counted only "
          + "(ClusterNode.untrustedEntriesReplaced())", levelKey, cause.what);
    } else {
      LOG.debug("a write to '{}' replaced {}", levelKey, cause.what);
    }
  }

  /** How many held entries writes replaced. */
  long replaced() {
    return replaced.sum();
  }
}
