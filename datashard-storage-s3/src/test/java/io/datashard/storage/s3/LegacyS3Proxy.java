package io.datashard.storage.s3;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy 2.6.0, which silently ignores {@code If-None-Match} (TESTING.md), started as a separate
 * JVM from its self-contained jar (it cannot share a class path with S3Proxy 4.x). Maven copies the
 * jar to {@code target/legacy-s3proxy/} and passes its path in {@code
 * datashard.legacy.s3proxy.jar}. Always bounded: start waits at most 60 s, close kills it.
 */
final class LegacyS3Proxy implements AutoCloseable {
  private final Process process;
  private final URI endpoint;
  private final Path log;

  private LegacyS3Proxy(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  static LegacyS3Proxy start(Path workDir) throws Exception {
    String jar = System.getProperty("datashard.legacy.s3proxy.jar");
    if (jar == null || !new File(jar).isFile()) {
      throw new AssertionError("S3Proxy 2.6.0 jar not found at " + jar
          + ": run the tests through Maven (it copies the jar in generate-test-resources)");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    Properties p = new Properties();
    p.setProperty("s3proxy.endpoint", endpoint.toString());
    p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    p.setProperty("s3proxy.identity", S3TestServer.ACCESS_KEY);
    p.setProperty("s3proxy.credential", S3TestServer.SECRET_KEY);
    p.setProperty("jclouds.provider", "transient");
    p.setProperty("jclouds.identity", "unused");
    p.setProperty("jclouds.credential", "unused");
    Path props = workDir.resolve("s3proxy.properties");
    try (Writer w = Files.newBufferedWriter(props, StandardCharsets.UTF_8)) {
      p.store(w, "S3Proxy 2.6.0 for the refusal test");
    }
    Path log = workDir.resolve("s3proxy.log");
    ProcessBuilder pb = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-jar", jar, "--properties", props.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("LOG_LEVEL", "warn");
    Process process = pb.start();
    LegacyS3Proxy proxy = new LegacyS3Proxy(process, endpoint, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("S3Proxy 2.6.0 exited with " + process.exitValue() + ":\n"
            + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        break;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          proxy.close();
          throw new AssertionError("S3Proxy 2.6.0 did not listen on " + endpoint + " in 60 s:\n"
              + Files.readString(log), notYet);
        }
        Thread.sleep(50);
      }
    }
    return proxy;
  }

  URI endpoint() {
    return endpoint;
  }

  /** A plain SDK client for setup, with the checksum mode this old server needs. */
  S3Client admin() {
    return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true)
        .region(Region.US_EAST_1)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
        .build();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
