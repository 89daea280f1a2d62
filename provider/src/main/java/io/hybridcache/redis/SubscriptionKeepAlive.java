package io.hybridcache.redis;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.SocketOption;
import jdk.net.ExtendedSocketOptions;
import org.redisson.client.NettyHook;
import org.redisson.client.handler.CommandsQueuePubSub;
import org.redisson.client.handler.PingConnectionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Redisson's keep-alive {@code PING} off the subscription connections, and watches them with TCP keep-alive
 * instead; command connections keep their {@code PING}. Installed by {@link RedisConnection} around the configuration's
 * own hook, which runs first.
 *
 * <p>Why: with its PING on a subscribed connection, Redisson 4.7 loses a published message now and then
 * ({@code PingedSubscriptionTest}: several in 40,000 messages at a 10 ms ping, none without the handler). Reading its
 * decoder, the likely path is a pong followed, in one read, by messages of which the last is incomplete: the decoder
 * replays from its last checkpoint, takes the next value for the reply of the PING already answered, and skips it. A
 * node then sees a gap in the sequence and marks its whole memory level stale (on a busy channel, at every few
 * pings); a near cache without a sequence serves the entry stale ({@code NearCacheInvalidationProbe} in the
 * benchmarks shows it for Redisson's {@code RLocalCachedMap}). The report for Redisson, with a reproduction that uses
 * Redisson alone, is {@code docs/upstream/redisson-ping-loses-pubsub-messages.md}: once a Redisson release passes
 * {@code PingedSubscriptionTest} without this class, it can go.
 *
 * <p>What watches a subscription instead: TCP keep-alive, probing after the ping interval without traffic, then
 * every sixth of it (at least a second), three times, so a dead link is found within about 1.5 times the ping
 * interval, as with the PING and its timeout. Keep-alive values the configuration sets itself are kept. A
 * Redis that stops or restarts closes the connection, which Redisson sees at once. On a transport other than NIO only
 * {@code SO_KEEPALIVE} is set (the system's timings apply), logged at debug.
 */
final class SubscriptionKeepAlive implements NettyHook {
  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionKeepAlive.class);
  private static final int PROBES = 3;

  private final NettyHook own;
  private final int idleSeconds;
  private final int intervalSeconds;
  private final int probes;

  /**
   * @param own the configuration's hook, run first
   * @param pingMillis the configuration's ping interval (0: none, and the pipeline holds no PING handler to replace)
   * @param idle the configuration's TCP keep-alive idle time in seconds, 0 when unset; likewise {@code interval} and
   *     {@code count}
   */
  SubscriptionKeepAlive(NettyHook own, int pingMillis, int idle, int interval, int count) {
    this.own = own;
    int pingSeconds = Math.max(1, (pingMillis + 999) / 1000);
    this.idleSeconds = idle > 0 ? idle : pingSeconds;
    this.intervalSeconds = interval > 0 ? interval : Math.max(1, pingSeconds / 6);
    this.probes = count > 0 ? count : PROBES;
  }

  @Override
  public void afterBoostrapInitialization(Bootstrap bootstrap) {
    own.afterBoostrapInitialization(bootstrap);
  }

  @Override
  public void afterChannelInitialization(Channel channel) {
    own.afterChannelInitialization(channel);
    ChannelPipeline pipeline = channel.pipeline();
    PingConnectionHandler ping = pipeline.get(PingConnectionHandler.class);
    if (ping == null || pipeline.get(CommandsQueuePubSub.class) == null) {
      return; // a command connection, or no PING configured
    }
    pipeline.remove(ping);
    channel.config().setOption(ChannelOption.SO_KEEPALIVE, true);
    if (!(channel instanceof NioSocketChannel)) {
      LOG.debug("subscription connection {}: SO_KEEPALIVE with the system's timings (transport {})", channel,
          channel.getClass().getSimpleName());
      return;
    }
    try {
      set(channel, ExtendedSocketOptions.TCP_KEEPIDLE, idleSeconds);
      set(channel, ExtendedSocketOptions.TCP_KEEPINTERVAL, intervalSeconds);
      set(channel, ExtendedSocketOptions.TCP_KEEPCOUNT, probes);
    } catch (ChannelException | UnsupportedOperationException | IllegalArgumentException e) {
      LOG.debug("subscription connection {}: SO_KEEPALIVE with the system's timings ({})", channel, e.toString());
    }
  }

  private static void set(Channel channel, SocketOption<Integer> option, int value) {
    channel.config().setOption(NioChannelOption.of(option), value);
  }
}
