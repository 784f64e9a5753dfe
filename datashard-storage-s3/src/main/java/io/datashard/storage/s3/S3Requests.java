package io.datashard.storage.s3;

import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Request builders that carry the settings every write needs (server-side encryption). */
final class S3Requests {
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
}
