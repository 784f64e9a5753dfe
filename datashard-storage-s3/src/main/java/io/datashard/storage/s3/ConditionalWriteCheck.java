package io.datashard.storage.s3;

import io.datashard.exceptions.StorageException;
import io.datashard.exceptions.StorageRejectedException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Proves, once per backend and before its first write, that the endpoint honours {@code
 * If-None-Match: *} on {@code PutObject}: a probe object is created with the condition, then
 * created again with it, and the second write must fail with 412. The probe is deleted. The
 * answer is cached; a failure to probe (network, permissions) is not cached, so the next write
 * probes again.
 *
 * <p>An endpoint that ignores the condition (old S3-compatible servers overwrite silently) would
 * let two writers both "win" the same table version and lose a commit, so it is refused with a
 * {@link StorageException} naming the endpoint and the fix — unless {@code
 * s3.unsafe.single.writer=true}, where the backend falls back to check-then-write, which is safe
 * only while exactly one process writes.
 */
final class ConditionalWriteCheck {
  private static final Logger LOG = LoggerFactory.getLogger(ConditionalWriteCheck.class);
  static final String PROBE_PREFIX = ".datashard-conditional-write-probe-";

  private final S3StorageBackend backend;
  private volatile Boolean honoured;

  ConditionalWriteCheck(S3StorageBackend backend) {
    this.backend = backend;
  }

  /**
   * True if the endpoint honours {@code If-None-Match}; false if it does not and the user opted
   * into the unsafe single-writer mode.
   *
   * @throws StorageException if it does not and the user did not opt in, or the probe failed
   */
  boolean verify() {
    Boolean known = honoured;
    if (known == null) {
      synchronized (this) {
        known = honoured;
        if (known == null) {
          known = probe();
          honoured = known;
        }
      }
    }
    if (!known && !backend.settings().unsafeSingleWriter()) {
      throw refusal();
    }
    return known;
  }

  private boolean probe() {
    String key = PROBE_PREFIX + UUID.randomUUID();
    String objectKey = backend.objectKey(key);
    byte[] content = "datashard conditional write probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try {
      conditionalPut(objectKey, content);
      boolean honours;
      try {
        conditionalPut(objectKey, content);
        honours = false; // the second create succeeded: the condition was ignored
      } catch (S3Exception e) {
        if (e.statusCode() == 412) {
          honours = true;
        } else if (e.statusCode() == 501 || e.statusCode() == 400) {
          honours = false; // the condition is not implemented
          LOG.warn("{} rejected a conditional PutObject: {}", backend.settings().endpointForMessages(),
              e.getMessage());
        } else {
          throw e;
        }
      }
      if (!honours && backend.settings().unsafeSingleWriter()) {
        LOG.warn("The S3 endpoint {} ignores If-None-Match and s3.unsafe.single.writer=true:"
            + " commits to s3://{}/{} are safe only while exactly one process writes",
            backend.settings().endpointForMessages(), backend.bucket(), backend.root());
      }
      return honours;
    } catch (SdkException e) {
      throw backend.errors().failure(
          "write the conditional-write probe", backend.uri(key), e);
    } finally {
      deleteProbe(key);
    }
  }

  private void conditionalPut(String objectKey, byte[] content) {
    backend.client().putObject(
        S3Requests.put(backend.settings(), backend.bucket(), objectKey).ifNoneMatch("*").build(),
        RequestBody.fromBytes(content));
  }

  private void deleteProbe(String key) {
    try {
      S3Deletes.deleteOne(backend, key);
    } catch (StorageException e) {
      // The answer is known; a leftover probe is a tiny object that nothing reads.
      LOG.warn("Could not delete the conditional-write probe {}: {}", backend.uri(key),
          e.getMessage());
    }
  }

  private StorageException refusal() {
    S3Settings s = backend.settings();
    // Nothing was written and retrying cannot help: a definite failure, never an unknown outcome.
    return new StorageRejectedException(
        "The S3 endpoint " + s.endpointForMessages() + " ignores conditional writes: a second"
            + " PutObject with If-None-Match: * on the same new key in s3://" + s.bucket() + "/"
            + backend.root() + " was not refused with 412 Precondition Failed."
            + " DataShard commits through that condition, so concurrent writers could lose"
            + " commits here; nothing was written. Use a store that honours If-None-Match (AWS"
            + " S3, MinIO, Cloudflare R2, S3Proxy 3 or later; see docs/s3.md), or, only if a"
            + " single process ever writes to these tables, set "
            + S3Settings.var(S3Settings.UNSAFE_SINGLE_WRITER) + " to true", null);
  }
}
