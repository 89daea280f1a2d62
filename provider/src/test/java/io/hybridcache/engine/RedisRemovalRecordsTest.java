package io.hybridcache.engine;

import io.hybridcache.distributed.RedisTopology;
import io.hybridcache.distributed.Topology;
import io.hybridcache.redis.harness.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RemovalRecordsBehaviour} on one real Redis server, each node with its own Redisson client, envelopes signed
 * ({@code security.envelopeKeys}): a record can be deleted, or replaced by an older signed one, not forged.
 */
class RedisRemovalRecordsTest extends RemovalRecordsBehaviour {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  @Override
  UnaryOperator<ClusterNodeBuilder> everyNode() {
    return b -> b.envelopeKeys(List.of(KEY));
  }

  @Override
  Topology topology(FakeTimeSource time) {
    return new RedisTopology(redis.server());
  }
}
