package io.datashard.storage.s3;

import io.datashard.DataShardConfig;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One in-process S3Proxy 4.1.0 (the race-safe loopback S3 server, see TESTING.md) per test JVM,
 * on 127.0.0.1 with a random port and in-memory storage, plus a plain SDK client for test setup
 * (buckets, ListMultipartUploads). Tests isolate themselves with fresh buckets or prefixes.
 * Public, and shipped in this module's test-jar, because datashard-bench starts the same server
 * for its S3 workload.
 */
public final class S3TestServer {
  /** The access key the server accepts. */
  public static final String ACCESS_KEY = "datashard-test-access";
  /** The secret key the server accepts. */
  public static final String SECRET_KEY = "datashard-test-secret-0123456789";
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static S3TestServer instance;

  private final S3Proxy proxy;
  private final URI endpoint;
  private final S3Client admin;

  private S3TestServer() throws Exception {
    proxy = S3Proxy.builder()
        .blobStore(new TransientNio2BlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .jettyMaxThreads(64)
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    admin = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "s3proxy-stop"));
  }

  /** The shared server, started on first use. */
  public static synchronized S3TestServer get() {
    if (instance == null) {
      try {
        instance = new S3TestServer();
      } catch (Exception e) {
        throw new AssertionError("Could not start S3Proxy on loopback", e);
      }
    }
    return instance;
  }

  /** The server's own endpoint on loopback. */
  public URI endpoint() {
    return endpoint;
  }

  /** A plain client straight to the server, for setup. */
  public S3Client admin() {
    return admin;
  }

  /** A new, empty bucket with a unique name. */
  public String newBucket() {
    String bucket = "ds-test-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    admin.createBucket(b -> b.bucket(bucket));
    return bucket;
  }

  /** A unique prefix name for one test. */
  static String newPrefix(String what) {
    return what + "-" + NAMES.incrementAndGet();
  }

  /** Configuration for the S3 backend on this server. */
  DataShardConfig.Builder config(String bucket, String prefix) {
    return config(endpoint, bucket, prefix);
  }

  /** Configuration for the S3 backend reaching this server through {@code via} (a proxy). */
  public static DataShardConfig.Builder config(URI via, String bucket, String prefix) {
    return DataShardConfig.builder()
        .storageType("s3")
        .set(S3Settings.ENDPOINT, via.toString())
        .set(S3Settings.ACCESS_KEY, ACCESS_KEY)
        .set(S3Settings.SECRET_KEY, SECRET_KEY)
        .set(S3Settings.BUCKET, bucket)
        .set(S3Settings.PREFIX, prefix);
  }

  private void stop() {
    try {
      admin.close();
      proxy.stop();
    } catch (Exception e) {
      System.err.println("S3Proxy did not stop cleanly: " + e);
    }
  }
}
