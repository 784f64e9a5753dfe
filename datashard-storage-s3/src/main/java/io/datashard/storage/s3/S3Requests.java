package io.datashard.storage.s3;

import io.datashard.spi.ObjectInfo;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Request builders that carry the settings every write needs (server-side encryption), and the
 * check of user metadata.
 */
final class S3Requests {
  /** S3's limit on the user metadata of one object, names and values together. */
  private static final int MAX_METADATA_BYTES = 2048;

  private S3Requests() {}

  static PutObjectRequest.Builder put(S3Settings s, String bucket, String objectKey) {
    PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(bucket).key(objectKey);
    s.sse().ifPresent(sse -> b.serverSideEncryption(ServerSideEncryption.fromValue(sse)));
    s.sseKmsKeyId().ifPresent(b::ssekmsKeyId);
    return b;
  }

  static CreateMultipartUploadRequest.Builder createMultipart(
      S3Settings s, String bucket, String objectKey) {
    CreateMultipartUploadRequest.Builder b =
        CreateMultipartUploadRequest.builder().bucket(bucket).key(objectKey);
    s.sse().ifPresent(sse -> b.serverSideEncryption(ServerSideEncryption.fromValue(sse)));
    s.sseKmsKeyId().ifPresent(b::ssekmsKeyId);
    return b;
  }

  /** S3 user metadata is at most 2 KB of US-ASCII headers; we allow the SPI's names only. */
  static Map<String, String> checkMetadata(String uri, Map<String, String> metadata) {
    int bytes = 0;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String name = e.getKey();
      String value = e.getValue();
      if (name == null || !name.matches("[a-z0-9-]+") || name.equals(ObjectInfo.CONTENT_SHA256)) {
        throw new IllegalArgumentException("Invalid metadata name '" + name + "' for "
            + uri + ": use lower-case ASCII letters, digits and '-', and never '"
            + ObjectInfo.CONTENT_SHA256 + "' (the backend computes it)");
      }
      if (value == null || !value.matches("[\\x20-\\x7e]*")) {
        throw new IllegalArgumentException("Invalid value of metadata '" + name + "' for "
            + uri + ": use printable ASCII characters only");
      }
      bytes += name.length() + value.length();
    }
    if (bytes > MAX_METADATA_BYTES) {
      throw new IllegalArgumentException("Metadata of " + uri + " is " + bytes
          + " bytes; S3 stores at most " + MAX_METADATA_BYTES + " bytes of user metadata");
    }
    return Map.copyOf(metadata);
  }
}
