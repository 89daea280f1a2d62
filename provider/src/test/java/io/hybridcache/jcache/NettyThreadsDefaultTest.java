package io.hybridcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.redisson.config.Config;

class NettyThreadsDefaultTest {
  private static final Map<String, Object> SERVER = Map.of("address", "redis://127.0.0.1:6399");

  @Test
  void theDefaultIsOneThreadPerProcessorBetweenTwoAndThirtyTwo() {
    assertThat(NettyThreadsDefault.forProcessors(1)).isEqualTo(2);
    assertThat(NettyThreadsDefault.forProcessors(2)).isEqualTo(2);
    assertThat(NettyThreadsDefault.forProcessors(8)).isEqualTo(8);
    assertThat(NettyThreadsDefault.forProcessors(32)).isEqualTo(32);
    assertThat(NettyThreadsDefault.forProcessors(96)).isEqualTo(32);
  }

  @Test
  void aRedisSectionWithoutNettyThreadsGetsTheDefaultOfThisMachine() {
    Config config = RedisSection.redissonConfig("test.yaml", Map.of("singleServerConfig", SERVER));

    assertThat(config.getNettyThreads()).isEqualTo(
        NettyThreadsDefault.forProcessors(Runtime.getRuntime().availableProcessors()));
  }

  @Test
  void aRedisSectionThatSetsNettyThreadsKeepsItsNumber() {
    Config config = RedisSection.redissonConfig("test.yaml", Map.of("singleServerConfig", SERVER, "nettyThreads", 7));

    assertThat(config.getNettyThreads()).isEqualTo(7);
  }

  @Test
  void zeroNettyThreadsIsLeftToRedisson() {
    Config config = RedisSection.redissonConfig("test.yaml", Map.of("singleServerConfig", SERVER, "nettyThreads", 0));

    assertThat(config.getNettyThreads()).isZero();
  }
}
