package io.hybridcache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayList;
import java.util.List;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.DefaultNettyHook;
import org.redisson.client.NettyHook;
import org.redisson.client.RedisClientConfig;
import org.redisson.client.handler.CommandsQueue;
import org.redisson.client.handler.CommandsQueuePubSub;
import org.redisson.client.handler.PingConnectionHandler;

class SubscriptionKeepAliveTest {
  private final List<Channel> channels = new ArrayList<>();

  @AfterEach
  void closeChannels() {
    channels.forEach(channel -> channel.unsafe().closeForcibly()); // never registered: no event loop to close on
  }

  /** An unconnected channel whose pipeline starts as Redisson's initializer leaves it, with a PING handler. */
  private NioSocketChannel channel(boolean subscription) {
    NioSocketChannel channel = new NioSocketChannel();
    channels.add(channel);
    channel.pipeline().addLast(subscription ? new CommandsQueuePubSub() : new CommandsQueue());
    channel.pipeline().addLast(new PingConnectionHandler(new RedisClientConfig()));
    return channel;
  }

  private static int option(Channel channel, java.net.SocketOption<Integer> option) {
    return channel.config().getOption(NioChannelOption.of(option));
  }

  @Test
  void aSubscriptionConnectionLosesThePingAndGetsKeepAliveTimedLikeIt() {
    NioSocketChannel channel = channel(true);

    new SubscriptionKeepAlive(new DefaultNettyHook(), 30_000, 0, 0, 0).afterChannelInitialization(channel);

    assertThat(channel.pipeline().get(PingConnectionHandler.class)).isNull();
    assertThat(channel.config().getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
    assertThat(option(channel, ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(30);
    assertThat(option(channel, ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(5);
    assertThat(option(channel, ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(3);
  }

  @Test
  void aCommandConnectionKeepsItsPingAndItsSocketOptions() {
    NioSocketChannel channel = channel(false);

    new SubscriptionKeepAlive(new DefaultNettyHook(), 30_000, 0, 0, 0).afterChannelInitialization(channel);

    assertThat(channel.pipeline().get(PingConnectionHandler.class)).isNotNull();
    assertThat(channel.config().getOption(ChannelOption.SO_KEEPALIVE)).isFalse();
  }

  /** Idle seconds, probe interval seconds and probes a subscription connection gets from {@code hook}. */
  private List<Integer> keepAlive(SubscriptionKeepAlive hook) {
    NioSocketChannel channel = channel(true);
    hook.afterChannelInitialization(channel);
    return List.of(option(channel, ExtendedSocketOptions.TCP_KEEPIDLE),
        option(channel, ExtendedSocketOptions.TCP_KEEPINTERVAL), option(channel, ExtendedSocketOptions.TCP_KEEPCOUNT));
  }

  @Test
  void keepAliveTimingsTheConfigurationSetsAreKeptAndShortPingsGiveOneSecondSteps() {
    assertThat(keepAlive(new SubscriptionKeepAlive(new DefaultNettyHook(), 30_000, 20, 2, 5)))
        .containsExactly(20, 2, 5);
    assertThat(keepAlive(new SubscriptionKeepAlive(new DefaultNettyHook(), 10, 0, 0, 0))).containsExactly(1, 1, 3);
    assertThat(keepAlive(new SubscriptionKeepAlive(new DefaultNettyHook(), 1_500, 0, 0, 0)))
        .containsExactly(2, 1, 3);
  }

  @Test
  void theConfigurationsOwnHookRunsFirstOnEveryChannel() {
    List<String> calls = new ArrayList<>();
    NettyHook own = new NettyHook() {
      @Override
      public void afterBoostrapInitialization(io.netty.bootstrap.Bootstrap bootstrap) {
        calls.add("bootstrap");
      }

      @Override
      public void afterChannelInitialization(Channel channel) {
        calls.add(channel.pipeline().get(PingConnectionHandler.class) == null ? "without ping" : "with ping");
      }
    };
    SubscriptionKeepAlive hook = new SubscriptionKeepAlive(own, 30_000, 0, 0, 0);

    hook.afterBoostrapInitialization(new io.netty.bootstrap.Bootstrap());
    hook.afterChannelInitialization(channel(true));
    hook.afterChannelInitialization(channel(false));

    assertThat(calls).containsExactly("bootstrap", "with ping", "with ping");
  }
}
