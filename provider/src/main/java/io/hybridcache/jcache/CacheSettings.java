package io.hybridcache.jcache;

import io.hybridcache.EntryOptions;
import java.util.OptionalLong;

/** What one cache gets from the configuration file. (Temporary: replaced by the configuration-file work.) */
record CacheSettings(EntryOptions options, OptionalLong maximumSize, OptionalLong maximumWeight,
    boolean distributedLevel, boolean backplane) {}
