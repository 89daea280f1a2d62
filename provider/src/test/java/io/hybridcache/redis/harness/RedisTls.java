package io.hybridcache.redis.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away TLS identity for a test Redis: a self-signed certificate for {@code 127.0.0.1} and {@code localhost}
 * (EC P-256, valid two days), its private key, and a PKCS#12 trust store holding the certificate, for clients (and a
 * key store a client can present when the server requires client certificates).
 *
 * <p>The key pair and certificate are made by the JDK's {@code keytool} (always there with the JDK that runs the tests,
 * so no {@code openssl} is needed); the key is then written as an unencrypted PKCS#8 PEM file and the certificate as
 * PEM, the forms {@code redis-server} reads.
 */
public final class RedisTls {
  private static final String STORE_PASSWORD = "harness-store";
  private static final String ALIAS = "redis";

  private final Path certificateFile;
  private final Path privateKeyFile;
  private final Path truststoreFile;
  private final Path keystoreFile;
  private final SSLSocketFactory socketFactory;
  private final boolean clientCertificates;

  private RedisTls(Path certificateFile, Path privateKeyFile, Path truststoreFile, Path keystoreFile,
      SSLSocketFactory socketFactory, boolean clientCertificates) {
    this.certificateFile = certificateFile;
    this.privateKeyFile = privateKeyFile;
    this.truststoreFile = truststoreFile;
    this.keystoreFile = keystoreFile;
    this.socketFactory = socketFactory;
    this.clientCertificates = clientCertificates;
  }

  /**
   * This identity, with a server that also requires clients to present a certificate its CA signed
   * ({@code --tls-auth-clients yes}); {@link #keystoreFile()} holds one (the harness's own connections present it).
   */
  public RedisTls requiringClientCertificates() {
    return new RedisTls(certificateFile, privateKeyFile, truststoreFile, keystoreFile, socketFactory, true);
  }

  /**
   * Generates a new identity in a fresh directory under {@code target/redis-tls/}.
   *
   * @throws IllegalStateException if {@code keytool} fails (its output is in the message)
   */
  public static RedisTls generate() {
    try {
      Path parent = Path.of("target", "redis-tls").toAbsolutePath();
      Files.createDirectories(parent);
      return generate(Files.createTempDirectory(parent, "tls-"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a directory for the TLS files", e);
    }
  }

  /** Generates a new identity in {@code dir}, which must exist. */
  public static RedisTls generate(Path dir) {
    try {
      Path identity = dir.resolve("server.p12");
      keytool(dir, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
          "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
          "-keystore", identity.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
      KeyStore server = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(identity)) {
        server.load(in, STORE_PASSWORD.toCharArray());
      }
      Key key = server.getKey(ALIAS, STORE_PASSWORD.toCharArray());
      Certificate certificate = server.getCertificate(ALIAS);
      Path keyFile = Files.writeString(dir.resolve("redis.key"), pem("PRIVATE KEY", key.getEncoded()));
      Path certificateFile = Files.writeString(dir.resolve("redis.crt"), pem("CERTIFICATE",
          certificate.getEncoded()));
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry(ALIAS, certificate);
      Path truststore = dir.resolve("truststore.p12");
      try (OutputStream out = Files.newOutputStream(truststore)) {
        trust.store(out, STORE_PASSWORD.toCharArray());
      }
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(server, STORE_PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
      return new RedisTls(certificateFile, keyFile, truststore, identity, context.getSocketFactory(), false);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the TLS files in " + dir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not read the identity keytool made in " + dir, e);
    }
  }

  /** The server's certificate, PEM (also its own CA: it is self-signed). */
  public Path certificateFile() {
    return certificateFile;
  }

  /** The server's private key, unencrypted PKCS#8 PEM. */
  public Path privateKeyFile() {
    return privateKeyFile;
  }

  /** A PKCS#12 trust store holding the server's certificate, opened with {@link #truststorePassword()}. */
  public Path truststoreFile() {
    return truststoreFile;
  }

  /** The password of {@link #truststoreFile()}. */
  public String truststorePassword() {
    return STORE_PASSWORD;
  }

  /**
   * A PKCS#12 key store holding a private key and its certificate, which the server accepts as a client certificate
   * (it is the server's own self-signed identity), opened with {@link #keystorePassword()}.
   */
  public Path keystoreFile() {
    return keystoreFile;
  }

  /** The password of {@link #keystoreFile()}. */
  public String keystorePassword() {
    return STORE_PASSWORD;
  }

  /** Sockets that trust the server's certificate (for the harness's own connections). */
  SSLSocketFactory socketFactory() {
    return socketFactory;
  }

  /**
   * The {@code redis-server} arguments serving TLS only, on {@code port}: plain TCP is off ({@code --port 0});
   * clients present a certificate only when {@link #requiringClientCertificates()}.
   */
  List<String> serverArguments(int port) {
    return List.of("--port", "0", "--tls-port", Integer.toString(port),
        "--tls-cert-file", certificateFile.toString(), "--tls-key-file", privateKeyFile.toString(),
        "--tls-ca-cert-file", certificateFile.toString(), "--tls-auth-clients", clientCertificates ? "yes" : "no");
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static void keytool(Path dir, String... arguments) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(arguments));
    Path log = dir.resolve("keytool.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while keytool ran", e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("keytool " + arguments[0] + " failed with code " + process.exitValue() + ": "
          + Files.readString(log, StandardCharsets.UTF_8));
    }
  }
}
