package io.datashard.storage.s3;

import static io.datashard.storage.s3.S3Fixtures.EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datashard.DataShardConfig;
import io.datashard.Warehouse;
import io.datashard.exceptions.DataShardException;
import io.datashard.exceptions.StorageException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Every error a user can act on names the setting or resource and says what to do. */
class ErrorMessagesTest {
  private static final String SECRET = "very-secret-do-not-print";

  private static DataShardConfig.Builder s3(String bucket) {
    return S3TestServer.get().config(bucket, "wh");
  }

  private static StorageException createFails(DataShardConfig config) {
    try (Warehouse wh = Warehouse.open(config)) {
      return assertThrows(StorageException.class, () -> wh.createTable("events", EVENTS));
    }
  }

  @Test
  void aMissingBucketSettingFailsAtStartNamingTheVariable() {
    DataShardConfig config = s3("unused").set(S3Settings.BUCKET, null).build();
    DataShardException e = assertThrows(DataShardException.class, () -> Warehouse.open(config));
    assertEquals("Missing setting 's3.bucket' (environment variable DATASHARD_S3_BUCKET): the S3"
        + " backend needs a bucket", e.getMessage());
  }

  @Test
  void anAccessKeyWithoutASecretKeyFailsAtStartNamingBothVariables() {
    DataShardConfig config = s3("b").set(S3Settings.SECRET_KEY, null).build();
    DataShardException e = assertThrows(DataShardException.class, () -> Warehouse.open(config));
    assertEquals("Incomplete S3 credentials: DATASHARD_S3_ACCESS_KEY (s3.access.key) is set but"
        + " DATASHARD_S3_SECRET_KEY (s3.secret.key) is not. Set both for static credentials, or"
        + " neither to use the AWS default credential chain (environment, profile, web identity,"
        + " instance role)", e.getMessage());
  }

  @Test
  void aSecretKeyWithoutAnAccessKeyFailsWithoutShowingTheSecret() {
    DataShardConfig config = s3("b").set(S3Settings.ACCESS_KEY, null)
        .set(S3Settings.SECRET_KEY, SECRET).build();
    DataShardException e = assertThrows(DataShardException.class, () -> Warehouse.open(config));
    assertEquals("Incomplete S3 credentials: DATASHARD_S3_SECRET_KEY (s3.secret.key) is set but"
        + " DATASHARD_S3_ACCESS_KEY (s3.access.key) is not. Set both for static credentials, or"
        + " neither to use the AWS default credential chain (environment, profile, web identity,"
        + " instance role)", e.getMessage());
  }

  @Test
  void anInvalidEndpointFailsAtStartNamingTheVariable() {
    DataShardConfig config = s3("b").set(S3Settings.ENDPOINT, "127.0.0.1:9000").build();
    DataShardException e = assertThrows(DataShardException.class, () -> Warehouse.open(config));
    assertEquals("Invalid setting DATASHARD_S3_ENDPOINT (s3.endpoint) = '127.0.0.1:9000':"
        + " expected an http:// or https:// URL such as http://127.0.0.1:9000", e.getMessage());
  }

  @Test
  void credentialsNeverAppearInToString() {
    DataShardConfig config = s3("b").set(S3Settings.SECRET_KEY, SECRET).build();
    S3Settings settings = S3Settings.from(config);
    assertEquals("S3Settings{bucket=b, prefix=wh, endpoint=" + S3TestServer.get().endpoint()
        + ", region=us-east-1, pathStyle=true, credentials=static, unsafeSingleWriter=false,"
        + " partSize=8388608, sse=none}", settings.toString());
    assertFalse(config.toString().contains(SECRET), config.toString());
    assertFalse(config.toString().contains(S3TestServer.ACCESS_KEY), config.toString());
  }

  @Test
  void aMissingBucketNamesTheBucketAndHowToCreateIt() {
    StorageException e = createFails(s3("no-such-bucket").build());
    assertEquals("S3 bucket 'no-such-bucket' does not exist at " + S3TestServer.get().endpoint()
        + " (cannot list s3://no-such-bucket/wh/events/*). Create it (for example `aws s3"
        + " mb s3://no-such-bucket`, or `mc mb <alias>/no-such-bucket` on MinIO) or set"
        + " DATASHARD_S3_BUCKET (s3.bucket) to an existing bucket", e.getMessage());
  }

  @Test
  void anUnknownAccessKeyNamesTheStaticCredentialSource() {
    String bucket = S3TestServer.get().newBucket();
    StorageException e = createFails(s3(bucket).set(S3Settings.ACCESS_KEY, "unknown-key").build());
    assertEquals("S3 refused to list s3://" + bucket + "/wh/events/* at "
        + S3TestServer.get().endpoint() + ": InvalidAccessKeyId (HTTP 403). The request was signed"
        + " with static credentials from DATASHARD_S3_ACCESS_KEY (s3.access.key) and"
        + " DATASHARD_S3_SECRET_KEY (s3.secret.key). The access key id is not known to this"
        + " endpoint: check the key (and that it belongs to this endpoint's account)",
        e.getMessage());
    assertFalse(e.getMessage().contains("unknown-key"));
  }

  @Test
  void aWrongSecretKeySaysTheSignatureDoesNotMatchWithoutShowingIt() {
    String bucket = S3TestServer.get().newBucket();
    StorageException e = createFails(s3(bucket).set(S3Settings.SECRET_KEY, SECRET).build());
    assertEquals("S3 refused to list s3://" + bucket + "/wh/events/* at "
        + S3TestServer.get().endpoint() + ": SignatureDoesNotMatch (HTTP 403). The request was"
        + " signed with static credentials from DATASHARD_S3_ACCESS_KEY (s3.access.key) and"
        + " DATASHARD_S3_SECRET_KEY (s3.secret.key). The secret key does not match the access key"
        + " id: check the secret key (and the system clock)", e.getMessage());
    assertFalse(e.getMessage().contains(SECRET));
  }

  /** The default chain's first source is the aws.accessKeyId / aws.secretAccessKey properties. */
  @Test
  void accessDeniedNamesTheDefaultCredentialChainAndThePermissionsNeeded() throws Exception {
    String bucket = S3TestServer.get().newBucket();
    System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
    try (FaultProxy proxy = new FaultProxy(S3TestServer.get().endpoint().getPort(), 0)) {
      proxy.inject("^GET /" + bucket + "\\?", FaultProxy.Fault.ACCESS_DENIED_403, 1);
      StorageException e = createFails(S3TestServer.config(proxy.endpoint(), bucket, "wh")
          .set(S3Settings.ACCESS_KEY, null).set(S3Settings.SECRET_KEY, null).build());
      assertEquals("S3 refused to list s3://" + bucket + "/wh/events/* at "
          + proxy.endpoint() + ": AccessDenied (HTTP 403). The request was signed with the AWS"
          + " default credential chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the ~/.aws"
          + " profile, web identity, container or instance role), because DATASHARD_S3_ACCESS_KEY"
          + " is not set. The credentials are valid but lack permission: grant s3:ListBucket on"
          + " the bucket and s3:GetObject, s3:PutObject, s3:DeleteObject and"
          + " s3:AbortMultipartUpload on the prefix (see docs/iam-policy.json)", e.getMessage());
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  void anUnreachableEndpointIsNamed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    URI closed = URI.create("http://127.0.0.1:" + port);
    StorageException e = createFails(S3TestServer.config(closed, "b", "wh")
        .set(S3Settings.MAX_ATTEMPTS, "2").build());
    assertEquals("Cannot reach the S3 endpoint " + closed + " to list s3://b/wh/events/*"
        + " (HttpHostConnectException: Connect to " + closed + " failed: Connection refused)."
        + " Check DATASHARD_S3_ENDPOINT (s3.endpoint),"
        + " that the server is running and reachable from this machine, and any proxy or"
        + " firewall in between", e.getMessage());
    assertEquals(true, e.isRetryable());
  }

  @Test
  void aBucketInAnotherRegionNamesTheRegionSetting() throws Exception {
    String bucket = S3TestServer.get().newBucket();
    try (FaultProxy proxy = new FaultProxy(S3TestServer.get().endpoint().getPort(), 0)) {
      proxy.inject("^GET /" + bucket + "\\?", FaultProxy.Fault.WRONG_REGION_301, 1);
      StorageException e = createFails(S3TestServer.config(proxy.endpoint(), bucket, "wh")
          .set(S3Settings.REGION, "eu-west-1").build());
      assertEquals("S3 bucket '" + bucket + "' is not in region eu-west-1 (cannot list s3://"
          + bucket + "/wh/events/*: PermanentRedirect, The bucket you are attempting to access"
          + " must be addressed using the specified endpoint.). Set DATASHARD_S3_REGION"
          + " (s3.region) to the bucket's region", e.getMessage());
    }
  }

  /**
   * No keys configured and nothing in the default chain. The chain is pointed at missing profile
   * files and instance metadata is disabled, so nothing leaves loopback; skipped where the
   * environment itself carries AWS credentials.
   */
  @Test
  void noCredentialsAnywhereSaysWhereTheyWereLookedFor() {
    for (String v : new String[] {"AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"}) {
      org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(v) == null,
          v + " is set in this environment");
    }
    String[][] props = {{"aws.disableEc2Metadata", "true"},
        {"aws.sharedCredentialsFile", "/nonexistent/datashard-test/credentials"},
        {"aws.configFile", "/nonexistent/datashard-test/config"}};
    for (String[] p : props) {
      System.setProperty(p[0], p[1]);
    }
    try {
      String bucket = S3TestServer.get().newBucket();
      StorageException e = createFails(s3(bucket).set(S3Settings.ACCESS_KEY, null)
          .set(S3Settings.SECRET_KEY, null).build());
      assertEquals("No S3 credentials found to list s3://" + bucket + "/wh/events/*:"
          + " DATASHARD_S3_ACCESS_KEY (s3.access.key) and DATASHARD_S3_SECRET_KEY (s3.secret.key)"
          + " are not set, and the AWS default credential chain (AWS_ACCESS_KEY_ID/"
          + "AWS_SECRET_ACCESS_KEY, the ~/.aws profile, web identity, container or instance role)"
          + " found none. Set both keys, or configure one of the chain's sources", e.getMessage());
    } finally {
      for (String[] p : props) {
        System.clearProperty(p[0]);
      }
    }
  }
}
