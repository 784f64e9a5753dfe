package io.datashard.storage.s3;

import io.datashard.exceptions.StorageException;
import io.datashard.spi.SupportsPresign;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** SigV4 query-signed GET and PUT URLs for objects of one bucket, valid for at most 7 days. */
final class S3Presigning implements AutoCloseable {
  /** The longest validity of a SigV4 presigned URL. */
  static final Duration MAX_EXPIRY = Duration.ofDays(7);

  private final S3Presigner presigner;
  private final String bucket;

  S3Presigning(S3Presigner presigner, String bucket) {
    this.presigner = presigner;
    this.bucket = bucket;
  }

  URI get(String objectKey, Duration expiry) {
    SupportsPresign.checkExpiry(expiry, MAX_EXPIRY);
    return toUri(presigner.presignGetObject(r -> r.signatureDuration(expiry)
        .getObjectRequest(g -> g.bucket(bucket).key(objectKey))).url());
  }

  URI put(String objectKey, Duration expiry) {
    SupportsPresign.checkExpiry(expiry, MAX_EXPIRY);
    return toUri(presigner.presignPutObject(r -> r.signatureDuration(expiry)
        .putObjectRequest(p -> p.bucket(bucket).key(objectKey)
            .contentType("application/octet-stream"))).url());
  }

  private static URI toUri(URL url) {
    try {
      return url.toURI();
    } catch (URISyntaxException e) {
      throw new StorageException("The SDK produced an invalid presigned URL: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    presigner.close();
  }
}
