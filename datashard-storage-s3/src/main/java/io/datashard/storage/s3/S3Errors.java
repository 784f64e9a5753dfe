package io.datashard.storage.s3;

import io.datashard.exceptions.StorageException;
import io.datashard.exceptions.StorageRejectedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK failures into {@link StorageException}s that say what went wrong, where, and what to
 * do (DESIGN §5): the one place where S3 error messages are made. Messages never contain
 * credentials.
 */
final class S3Errors {
  private final S3Settings settings;

  S3Errors(S3Settings settings) {
    this.settings = settings;
  }

  /** The S3 error code of a service exception ("NoSuchBucket"), or null. */
  static String code(Throwable e) {
    if (e instanceof AwsServiceException) {
      AwsServiceException ase = (AwsServiceException) e;
      return ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorCode();
    }
    return null;
  }

  /** The HTTP status of a service exception, or -1. */
  static int status(Throwable e) {
    return e instanceof AwsServiceException ? ((AwsServiceException) e).statusCode() : -1;
  }

  /**
   * A {@link StorageException} for a failed {@code operation} (e.g. "write", "list") on {@code
   * location} (an s3:// URI).
   */
  StorageException failure(String operation, String location, SdkException e) {
    String code = code(e);
    int status = status(e);
    String bucket = settings.bucket();
    if ("NoSuchBucket".equals(code)) {
      return new StorageRejectedException(
          "S3 bucket '" + bucket + "' does not exist at " + settings.endpointForMessages()
              + " (cannot " + operation + " " + location + "). Create it (for example `aws s3 mb"
              + " s3://" + bucket + "`, or `mc mb <alias>/" + bucket + "` on MinIO) or set "
              + S3Settings.var(S3Settings.BUCKET) + " to an existing bucket", e);
    }
    if ("AccessDenied".equals(code) || "InvalidAccessKeyId".equals(code)
        || "SignatureDoesNotMatch".equals(code) || "InvalidToken".equals(code)
        || "ExpiredToken".equals(code)) {
      return new StorageRejectedException(
          "S3 refused to " + operation + " " + location + " at " + settings.endpointForMessages()
              + ": " + code + " (HTTP " + status + "). The request was signed with "
              + settings.credentialSource() + ". " + credentialHint(code), e);
    }
    if ("PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)
        || "IllegalLocationConstraintException".equals(code)) {
      return new StorageRejectedException(
          "S3 bucket '" + bucket + "' is not in region " + settings.region() + " (cannot "
              + operation + " " + location + ": " + code + ", " + serviceMessage(e) + "). Set "
              + S3Settings.var(S3Settings.REGION) + " to the bucket's region", e);
    }
    if (e instanceof SdkClientException && !settings.staticCredentials()
        && String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
      return new StorageRejectedException(
          "No S3 credentials found to " + operation + " " + location + ": "
              + S3Settings.var(S3Settings.ACCESS_KEY) + " and "
              + S3Settings.var(S3Settings.SECRET_KEY) + " are not set, and the AWS default"
              + " credential chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the ~/.aws profile,"
              + " web identity, container or instance role) found none. Set both keys, or"
              + " configure one of the chain's sources", e);
    }
    if (e instanceof SdkClientException && isUnreachable(e)) {
      return new StorageException(
          "Cannot reach the S3 endpoint " + settings.endpointForMessages() + " to " + operation
              + " " + location + " (" + rootMessage(e) + "). Check "
              + S3Settings.var(S3Settings.ENDPOINT) + ", that the server is running and"
              + " reachable from this machine, and any proxy or firewall in between", e, true);
    }
    if (e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException) {
      return new StorageException(
          "Timed out trying to " + operation + " " + location + " at "
              + settings.endpointForMessages() + " (" + e.getMessage() + "); raise "
              + S3Settings.var(S3Settings.REQUEST_TIMEOUT_MS) + " if the network is slow", e, true);
    }
    boolean retryable = status >= 500 || status == 429 || e instanceof SdkClientException;
    String what = code != null ? code + " (HTTP " + status + "): " + serviceMessage(e)
        : rootMessage(e);
    return new StorageException(
        "Failed to " + operation + " " + location + " at " + settings.endpointForMessages() + ": "
            + what, e, retryable);
  }

  private String credentialHint(String code) {
    switch (code) {
      case "InvalidAccessKeyId":
        return "The access key id is not known to this endpoint: check the key (and that it belongs"
            + " to this endpoint's account)";
      case "SignatureDoesNotMatch":
        return "The secret key does not match the access key id: check the secret key (and the"
            + " system clock)";
      case "ExpiredToken":
      case "InvalidToken":
        return "The session token is expired or invalid: refresh the credentials";
      default:
        return "The credentials are valid but lack permission: grant s3:ListBucket on the bucket"
            + " and s3:GetObject, s3:PutObject, s3:DeleteObject and s3:AbortMultipartUpload on"
            + " the prefix (see docs/iam-policy.json)";
    }
  }

  private static String serviceMessage(SdkException e) {
    if (e instanceof AwsServiceException && ((AwsServiceException) e).awsErrorDetails() != null) {
      String m = ((AwsServiceException) e).awsErrorDetails().errorMessage();
      if (m != null) {
        return m;
      }
    }
    return String.valueOf(e.getMessage());
  }

  private static boolean isUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t.getClass().getName().endsWith("ConnectTimeoutException")) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message, e.g. "Connection refused". */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return t instanceof IOException || m == null ? t.getClass().getSimpleName()
        + (m == null ? "" : ": " + m) : m;
  }
}
