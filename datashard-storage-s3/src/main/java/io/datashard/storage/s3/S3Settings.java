package io.datashard.storage.s3;

import io.datashard.DataShardConfig;
import io.datashard.exceptions.DataShardException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The S3 backend's settings, read and checked once from a {@link DataShardConfig}. Every key has
 * an environment variable ({@code s3.bucket} ↔ {@code DATASHARD_S3_BUCKET}); a value set in code
 * wins. A half-given configuration fails here, at start, naming the variable. Immutable; {@link
 * #toString()} never shows credentials.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>s3.bucket</td><td>bucket</td><td>required</td></tr>
 *   <tr><td>s3.endpoint</td><td>custom endpoint (MinIO, R2, ...); empty for AWS</td>
 *       <td>empty</td></tr>
 *   <tr><td>s3.access.key / s3.secret.key</td><td>static credentials; when both are absent the
 *       AWS default credential chain is used</td><td>chain</td></tr>
 *   <tr><td>s3.region</td><td>region</td><td>us-east-1</td></tr>
 *   <tr><td>s3.prefix</td><td>prefix inside the bucket</td><td>empty</td></tr>
 *   <tr><td>s3.path.style</td><td>path-style addressing</td><td>true when an endpoint is set
 *       </td></tr>
 *   <tr><td>s3.unsafe.single.writer</td><td>allow endpoints that ignore If-None-Match (only ever
 *       one writer!)</td><td>false</td></tr>
 *   <tr><td>s3.multipart.part.size.bytes</td><td>part size; larger objects use multipart
 *       upload</td><td>8 MiB</td></tr>
 *   <tr><td>s3.multipart.concurrency</td><td>parts uploaded at once per stream</td><td>4</td></tr>
 *   <tr><td>s3.max.attempts</td><td>SDK attempts per request (retries with backoff and jitter on
 *       throttling, 5xx and network errors)</td><td>5</td></tr>
 *   <tr><td>s3.connect.timeout.ms / s3.request.timeout.ms</td><td>connection and per-attempt
 *       timeouts</td><td>10000 / 120000</td></tr>
 *   <tr><td>s3.max.connections</td><td>HTTP connection pool size</td><td>64</td></tr>
 *   <tr><td>s3.checksum.mode</td><td>{@code when_supported} or {@code when_required} (the SDK's
 *       request checksums; some S3-compatible stores reject the newer ones)</td>
 *       <td>when_required with an endpoint, else when_supported</td></tr>
 *   <tr><td>s3.sse</td><td>server-side encryption of every write: {@code AES256} or {@code
 *       aws:kms}</td><td>none</td></tr>
 *   <tr><td>s3.sse.kms.key.id</td><td>KMS key for {@code aws:kms}</td><td>the bucket's
 *       default</td></tr>
 * </table>
 */
public final class S3Settings {
  public static final String ENDPOINT = "s3.endpoint";
  public static final String ACCESS_KEY = "s3.access.key";
  public static final String SECRET_KEY = "s3.secret.key";
  public static final String BUCKET = "s3.bucket";
  public static final String REGION = "s3.region";
  public static final String PREFIX = "s3.prefix";
  public static final String PATH_STYLE = "s3.path.style";
  public static final String UNSAFE_SINGLE_WRITER = "s3.unsafe.single.writer";
  public static final String PART_SIZE = "s3.multipart.part.size.bytes";
  public static final String MULTIPART_CONCURRENCY = "s3.multipart.concurrency";
  public static final String MAX_ATTEMPTS = "s3.max.attempts";
  public static final String CONNECT_TIMEOUT_MS = "s3.connect.timeout.ms";
  public static final String REQUEST_TIMEOUT_MS = "s3.request.timeout.ms";
  public static final String MAX_CONNECTIONS = "s3.max.connections";
  public static final String CHECKSUM_MODE = "s3.checksum.mode";
  public static final String SSE = "s3.sse";
  public static final String SSE_KMS_KEY_ID = "s3.sse.kms.key.id";

  public static final String DEFAULT_REGION = "us-east-1";
  static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;

  private final String bucket;
  private final Optional<URI> endpoint;
  private final Optional<String> accessKey;
  private final Optional<String> secretKey;
  private final String region;
  private final String prefix;
  private final boolean pathStyle;
  private final boolean unsafeSingleWriter;
  private final int partSize;
  private final int multipartConcurrency;
  private final int maxAttempts;
  private final long connectTimeoutMs;
  private final long requestTimeoutMs;
  private final int maxConnections;
  private final boolean checksumsWhenRequired;
  private final Optional<String> sse;
  private final Optional<String> sseKmsKeyId;

  private S3Settings(DataShardConfig c) {
    this.bucket = c.require(BUCKET, "the S3 backend needs a bucket");
    this.endpoint = c.get(ENDPOINT).map(S3Settings::parseEndpoint);
    this.accessKey = c.get(ACCESS_KEY);
    this.secretKey = c.get(SECRET_KEY);
    if (accessKey.isPresent() != secretKey.isPresent()) {
      String given = accessKey.isPresent() ? ACCESS_KEY : SECRET_KEY;
      String missing = accessKey.isPresent() ? SECRET_KEY : ACCESS_KEY;
      throw new DataShardException(
          "Incomplete S3 credentials: " + var(given) + " is set but " + var(missing)
              + " is not. Set both for static credentials, or neither to use the AWS default"
              + " credential chain (environment, profile, web identity, instance role)");
    }
    this.region = c.get(REGION, DEFAULT_REGION);
    this.prefix = normalizePrefix(c.get(PREFIX, ""));
    this.pathStyle = bool(c, PATH_STYLE, endpoint.isPresent());
    this.unsafeSingleWriter = bool(c, UNSAFE_SINGLE_WRITER, false);
    this.partSize = (int) c.getLong(PART_SIZE, 8L * 1024 * 1024, MIN_PART_SIZE, Integer.MAX_VALUE - 8);
    this.multipartConcurrency = (int) c.getLong(MULTIPART_CONCURRENCY, 4, 1, 64);
    this.maxAttempts = (int) c.getLong(MAX_ATTEMPTS, 5, 1, 100);
    this.connectTimeoutMs = c.getLong(CONNECT_TIMEOUT_MS, 10_000, 1, 3_600_000);
    this.requestTimeoutMs = c.getLong(REQUEST_TIMEOUT_MS, 120_000, 1, 3_600_000);
    this.maxConnections = (int) c.getLong(MAX_CONNECTIONS, 64, 1, 10_000);
    String checksum = c.get(CHECKSUM_MODE, endpoint.isPresent() ? "when_required" : "when_supported")
        .toLowerCase(Locale.ROOT);
    if (!checksum.equals("when_required") && !checksum.equals("when_supported")) {
      throw invalid(CHECKSUM_MODE, checksum, "when_supported or when_required");
    }
    this.checksumsWhenRequired = checksum.equals("when_required");
    this.sse = c.get(SSE);
    if (sse.isPresent() && !sse.get().equals("AES256") && !sse.get().equals("aws:kms")) {
      throw invalid(SSE, sse.get(), "AES256 (SSE-S3) or aws:kms (SSE-KMS)");
    }
    this.sseKmsKeyId = c.get(SSE_KMS_KEY_ID);
    if (sseKmsKeyId.isPresent() && !sse.equals(Optional.of("aws:kms"))) {
      throw new DataShardException(
          var(SSE_KMS_KEY_ID) + " is set but " + var(SSE) + " is not aws:kms: set " + var(SSE)
              + "=aws:kms to encrypt with that KMS key");
    }
  }

  /**
   * Reads and checks the S3 settings.
   *
   * @throws DataShardException naming the variable of a missing, half-given or invalid setting
   */
  public static S3Settings from(DataShardConfig config) {
    return new S3Settings(config);
  }

  /** {@code DATASHARD_S3_BUCKET (s3.bucket)}: how messages name a setting. */
  static String var(String key) {
    return DataShardConfig.variableForKey(key) + " (" + key + ")";
  }

  private static DataShardException invalid(String key, String value, String expected) {
    return new DataShardException(
        "Invalid setting " + var(key) + " = '" + value + "': expected " + expected);
  }

  private static boolean bool(DataShardConfig c, String key, boolean defaultValue) {
    Optional<String> v = c.get(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    String s = v.get().toLowerCase(Locale.ROOT);
    if (s.equals("true")) {
      return true;
    }
    if (s.equals("false")) {
      return false;
    }
    throw invalid(key, v.get(), "true or false");
  }

  private static URI parseEndpoint(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw invalid(ENDPOINT, value, "an http:// or https:// URL such as http://127.0.0.1:9000");
  }

  private static String normalizePrefix(String raw) {
    String p = raw;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (!p.isEmpty()) {
      for (String segment : p.split("/", -1)) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
          throw invalid(PREFIX, raw, "'/'-separated names without empty, '.' or '..' segments");
        }
      }
    }
    return p;
  }

  public String bucket() {
    return bucket;
  }

  public Optional<URI> endpoint() {
    return endpoint;
  }

  /** The endpoint as shown in messages: the custom one, or AWS's regional endpoint. */
  public String endpointForMessages() {
    return endpoint.map(URI::toString).orElse("https://s3." + region + ".amazonaws.com (AWS)");
  }

  Optional<String> accessKey() {
    return accessKey;
  }

  Optional<String> secretKey() {
    return secretKey;
  }

  /** True when static keys are configured, false for the AWS default credential chain. */
  public boolean staticCredentials() {
    return accessKey.isPresent();
  }

  /** Which credentials are used, for messages (never the keys themselves). */
  public String credentialSource() {
    return staticCredentials()
        ? "static credentials from " + var(ACCESS_KEY) + " and " + var(SECRET_KEY)
        : "the AWS default credential chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the"
            + " ~/.aws profile, web identity, container or instance role), because "
            + DataShardConfig.variableForKey(ACCESS_KEY) + " is not set";
  }

  public String region() {
    return region;
  }

  /** The prefix without leading or trailing '/', possibly empty. */
  public String prefix() {
    return prefix;
  }

  public boolean pathStyle() {
    return pathStyle;
  }

  public boolean unsafeSingleWriter() {
    return unsafeSingleWriter;
  }

  public int partSize() {
    return partSize;
  }

  public int multipartConcurrency() {
    return multipartConcurrency;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public long connectTimeoutMs() {
    return connectTimeoutMs;
  }

  public long requestTimeoutMs() {
    return requestTimeoutMs;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public boolean checksumsWhenRequired() {
    return checksumsWhenRequired;
  }

  public Optional<String> sse() {
    return sse;
  }

  public Optional<String> sseKmsKeyId() {
    return sseKmsKeyId;
  }

  /** The settings, with credentials reduced to where they come from. */
  @Override
  public String toString() {
    return "S3Settings{bucket=" + bucket + ", prefix=" + prefix + ", endpoint="
        + endpointForMessages() + ", region=" + region + ", pathStyle=" + pathStyle
        + ", credentials=" + (staticCredentials() ? "static" : "default-chain")
        + ", unsafeSingleWriter=" + unsafeSingleWriter + ", partSize=" + partSize
        + ", sse=" + sse.orElse("none") + "}";
  }
}
