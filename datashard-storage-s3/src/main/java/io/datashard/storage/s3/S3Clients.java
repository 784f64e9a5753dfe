package io.datashard.storage.s3;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Builds the one {@link S3Client} a backend uses, from its {@link S3Settings}. */
final class S3Clients {
  private S3Clients() {}

  /**
   * A client with the configured endpoint, region, addressing style and credentials; the SDK's
   * standard retry strategy (exponential backoff with jitter on throttling, 5xx and network
   * errors) bounded by {@code s3.max.attempts}; per-attempt timeouts; the Apache HTTP client 5.
   */
  static S3Client build(S3Settings s, List<ExecutionInterceptor> interceptors) {
    ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(s.maxAttempts()).build())
        .apiCallAttemptTimeout(Duration.ofMillis(s.requestTimeoutMs()));
    interceptors.forEach(override::addExecutionInterceptor);
    S3ClientBuilder b = S3Client.builder()
        .region(Region.of(s.region()))
        .forcePathStyle(s.pathStyle())
        .credentialsProvider(credentials(s))
        .overrideConfiguration(override.build())
        .httpClientBuilder(Apache5HttpClient.builder()
            .connectionTimeout(Duration.ofMillis(s.connectTimeoutMs()))
            .socketTimeout(Duration.ofMillis(s.requestTimeoutMs()))
            .maxConnections(s.maxConnections()));
    s.endpoint().ifPresent(b::endpointOverride);
    if (s.checksumsWhenRequired()) {
      b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return b.build();
  }

  /** A presigner with the same endpoint, region, addressing style and credentials. */
  static S3Presigner presigner(S3Settings s) {
    S3Presigner.Builder b = S3Presigner.builder()
        .region(Region.of(s.region()))
        .credentialsProvider(credentials(s))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s.pathStyle())
            .build());
    s.endpoint().ifPresent(b::endpointOverride);
    return b.build();
  }

  private static AwsCredentialsProvider credentials(S3Settings s) {
    if (s.staticCredentials()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(s.accessKey().orElseThrow(), s.secretKey().orElseThrow()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
