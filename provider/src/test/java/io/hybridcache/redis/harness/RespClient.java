package io.hybridcache.redis.harness;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One plain-socket connection speaking just enough RESP for tests: it sends a command as an array of bulk strings and
 * reads one reply.
 *
 * <p>{@link #send} returns a simple string, an error or an integer as the raw line Redis sent, type character included
 * ({@code "+PONG"}, {@code "-NOAUTH Authentication required."}, {@code ":3"}); a bulk string as its content without
 * prefix ({@code "value"}), a null bulk string as {@code null}; an array as its raw header line ({@code "*2"}), its
 * elements being read and dropped so the connection stays usable.
 *
 * <p>Connecting to a port nobody listens on throws {@link java.net.ConnectException}; a reply that takes longer than
 * the read timeout (a paused server) throws {@link java.net.SocketTimeoutException}. Not thread-safe.
 */
public final class RespClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RespClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Connects to 127.0.0.1:{@code port}, waiting at most {@code timeout} for the connection and then for each reply.
   *
   * @throws IOException when the connection is refused or times out
   */
  public static RespClient connect(int port, Duration timeout) throws IOException {
    int millis = Math.toIntExact(Math.max(1, timeout.toMillis()));
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port), millis);
      socket.setSoTimeout(millis);
      socket.setTcpNoDelay(true);
      return new RespClient(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Connects to 127.0.0.1:{@code port} as {@link #connect(int, Duration)} does, then speaks TLS over the connection
   * with sockets from {@code tls} (the handshake also within {@code timeout}).
   *
   * @throws IOException when the connection is refused or times out, or the handshake fails
   */
  public static RespClient connect(int port, Duration timeout, SSLSocketFactory tls) throws IOException {
    int millis = Math.toIntExact(Math.max(1, timeout.toMillis()));
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress("127.0.0.1", port), millis);
      plain.setSoTimeout(millis);
      plain.setTcpNoDelay(true);
      SSLSocket socket = (SSLSocket) tls.createSocket(plain, "127.0.0.1", port, true);
      socket.startHandshake();
      return new RespClient(socket);
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  /** Sends one command and returns its reply as described in the class comment. */
  public String send(String... args) throws IOException {
    if (args.length == 0) {
      throw new IllegalArgumentException("a command needs at least its name");
    }
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(bytes);
      request.writeBytes(new byte[] {'\r', '\n'});
    }
    out.write(request.toByteArray());
    out.flush();
    return readReply();
  }

  private String readReply() throws IOException {
    String line = readLine();
    switch (line.charAt(0)) {
      case '$':
        int length = Integer.parseInt(line.substring(1));
        if (length < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        if (bytes.length < length + 2) {
          throw new EOFException("Redis closed the connection in the middle of a bulk string");
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      case '*':
        int count = Integer.parseInt(line.substring(1));
        for (int i = 0; i < count; i++) {
          readReply();
        }
        return line;
      default:
        return line;
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("Redis closed the connection before replying");
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        if (bytes.length < 2) {
          throw new IOException("empty RESP line");
        }
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      line.write(b);
      previous = b;
    }
  }

  /** Closes the socket; never throws. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
