package io.datashard.storage.s3;

import io.datashard.DataShardConfig;
import io.datashard.exceptions.ObjectNotFoundException;
import io.datashard.exceptions.StorageException;
import io.datashard.spi.ObjectInfo;
import io.datashard.spi.PositionOutputStream;
import io.datashard.spi.SeekableInputStream;
import io.datashard.spi.StorageBackend;
import io.datashard.spi.SupportsPresign;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link StorageBackend} on an S3-compatible object store (AWS S3, MinIO, Cloudflare R2, ...)
 * through the AWS SDK for Java v2. Keys are relative to {@code <prefix>/} in the bucket; {@link
 * #uri} is {@code s3://<bucket>/<prefix>/<key>} (not percent-encoded).
 *
 * <p>How the contract is met:
 *
 * <ul>
 *   <li><b>put-if-absent</b> is {@code PutObject} with {@code If-None-Match: *}: 412 means an
 *       object exists ({@code false}); 409 {@code ConditionalRequestConflict} (a concurrent
 *       conditional write in flight) retries the same write; a timeout, a 5xx or a network error
 *       throws {@link StorageException} because the outcome is unknown. The SDK retries a failed
 *       attempt by itself, so a 412 may be the echo of our own earlier attempt that landed while
 *       its response was lost: {@code false} is still the right answer, and the commit protocol
 *       tells the two apart by reading the commit id (DESIGN §9.2). {@code If-Match} is never
 *       used.
 *   <li><b>Capability check</b>: before its first write the backend proves that the endpoint
 *       honours {@code If-None-Match} ({@link ConditionalWriteCheck}) and refuses to write to one
 *       that ignores it, unless {@code s3.unsafe.single.writer=true}.
 *   <li><b>Atomic visibility</b>: S3 publishes a PUT or a completed multipart upload whole.
 *       {@link #create} buffers one part, then switches to a multipart upload whose parts go up
 *       concurrently with bounded memory; a failure or {@code abort()} aborts the upload.
 *   <li><b>Object metadata</b>: {@link #create(String, java.util.Map)} sends it as {@code
 *       x-amz-meta-*} user metadata, plus {@code content-sha256} for objects written in one PUT;
 *       {@link #stat} returns it.
 *   <li><b>Reads</b>: {@link #open} streams ranged GETs, never the whole object for a seek.
 *   <li><b>Presigned URLs</b> ({@link SupportsPresign}): SigV4 query-signed GET and PUT URLs,
 *       valid for at most 7 days.
 * </ul>
 *
 * <p>Thread-safe. Close it to release the HTTP connections and upload threads.
 */
public final class S3StorageBackend implements StorageBackend, SupportsPresign {
  /** The storage type name. */
  public static final String TYPE = "s3";

  private static final int CONFLICT_RETRIES = 10;

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final S3Settings settings;
  private final S3Client client;
  private final S3Errors errors;
  private final String root;
  private final String uriRoot;
  private final ExecutorService uploads;
  private final ConditionalWriteCheck check;
  private final S3Presigning presigning;

  /** A backend from settings ({@link S3Settings#from(DataShardConfig)}). */
  public S3StorageBackend(S3Settings settings) {
    this(settings, List.of());
  }

  /**
   * A backend whose SDK client also runs {@code interceptors} on every request (metrics, request
   * accounting, tracing).
   */
  public S3StorageBackend(S3Settings settings, List<ExecutionInterceptor> interceptors) {
    this.settings = settings;
    this.client = S3Clients.build(settings, interceptors);
    this.errors = new S3Errors(settings);
    this.root = settings.prefix().isEmpty() ? "" : settings.prefix() + "/";
    this.uriRoot = "s3://" + settings.bucket() + "/" + root;
    int pool = POOLS.incrementAndGet();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, "datashard-s3-upload-" + pool);
      t.setDaemon(true);
      return t;
    };
    this.uploads = Executors.newFixedThreadPool(
        Math.max(2, settings.multipartConcurrency() * 2), threads);
    this.check = new ConditionalWriteCheck(this);
    this.presigning = new S3Presigning(S3Clients.presigner(settings), settings.bucket());
  }

  /**
   * A backend from a configuration.
   *
   * @throws io.datashard.exceptions.DataShardException naming the variable of a missing or
   *     half-given setting
   */
  public static S3StorageBackend create(DataShardConfig config) {
    return new S3StorageBackend(S3Settings.from(config));
  }

  /** The settings (credentials are not exposed). */
  public S3Settings settings() {
    return settings;
  }

  /** The SDK client, for tests and tools that need a request this interface lacks. */
  public S3Client client() {
    return client;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String uri(String key) {
    return uriRoot + checkKey(key);
  }

  @Override
  public String keyOf(String uri) {
    if (uri == null || !uri.startsWith(uriRoot) || uri.length() == uriRoot.length()) {
      throw new StorageException(
          "URI " + uri + " does not lie under this backend's root " + uriRoot, null);
    }
    return uri.substring(uriRoot.length());
  }

  /** The object key in the bucket of a backend key. */
  String objectKey(String key) {
    return root + checkKey(key);
  }

  String bucket() {
    return settings.bucket();
  }

  String root() {
    return root;
  }

  S3Errors errors() {
    return errors;
  }

  private static String checkKey(String key) {
    if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/")
        || key.contains("//")) {
      throw new StorageException(
          "Invalid object key '" + key + "': keys are non-empty '/'-separated names", null);
    }
    return key;
  }

  @Override
  public boolean putIfAbsent(String key, byte[] content) {
    String objectKey = objectKey(key);
    boolean honoured = check.verify();
    if (!honoured && stat(key).isPresent()) {
      return false; // unsafe single-writer mode: check-then-act, documented as not race-safe
    }
    for (int attempt = 1; ; attempt++) {
      try {
        client.putObject(
            S3Requests.put(settings, bucket(), objectKey).ifNoneMatch("*").build(),
            RequestBody.fromBytes(content));
        return true;
      } catch (S3Exception e) {
        if (e.statusCode() == 412) {
          // Another writer's object, or the echo of an SDK retry of this very call whose first
          // attempt landed: the caller reads the object to tell which (StorageBackend contract 4).
          return false;
        }
        if (e.statusCode() == 409 && "ConditionalRequestConflict".equals(S3Errors.code(e))
            && attempt < CONFLICT_RETRIES) {
          pause(attempt); // a concurrent conditional write on this key is in flight: try again
          continue;
        }
        throw errors.failure("write (put-if-absent)", uri(key), e);
      } catch (SdkException e) {
        throw errors.failure("write (put-if-absent)", uri(key), e);
      }
    }
  }

  @Override
  public void put(String key, byte[] content) {
    String objectKey = objectKey(key);
    check.verify();
    try {
      client.putObject(S3Requests.put(settings, bucket(), objectKey).build(),
          RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw errors.failure("write", uri(key), e);
    }
  }

  @Override
  public PositionOutputStream create(String key) {
    return create(key, Map.of());
  }

  /**
   * {@inheritDoc} The metadata is sent as {@code x-amz-meta-<name>} user metadata with the {@code
   * PutObject} (an object below the part size, which also gets {@value ObjectInfo#CONTENT_SHA256})
   * or the {@code CreateMultipartUpload} (a larger one, which does not: S3 cannot add metadata
   * after the upload completes without copying the object).
   *
   * @throws IllegalArgumentException if a name or value is not allowed (see the SPI) or names
   *     {@value ObjectInfo#CONTENT_SHA256}, which the backend computes itself
   */
  @Override
  public PositionOutputStream create(String key, Map<String, String> metadata) {
    String objectKey = objectKey(key);
    Map<String, String> checked = S3Requests.checkMetadata(uri(key), metadata);
    check.verify();
    return new S3OutputStream(this, key, objectKey, uploads, checked);
  }

  @Override
  public byte[] read(String key) {
    String objectKey = objectKey(key);
    try {
      ResponseBytes<GetObjectResponse> bytes = client.getObjectAsBytes(
          GetObjectRequest.builder().bucket(bucket()).key(objectKey).build());
      return bytes.asByteArrayUnsafe();
    } catch (NoSuchKeyException e) {
      throw new ObjectNotFoundException(key, uri(key));
    } catch (SdkException e) {
      throw errors.failure("read", uri(key), e);
    }
  }

  @Override
  public byte[] readRange(String key, long offset, int length) {
    String objectKey = objectKey(key);
    if (offset < 0 || length < 0) {
      throw new StorageException(
          "Invalid range of " + uri(key) + ": offset " + offset + ", length " + length, null);
    }
    if (length == 0) {
      long size = stat(key).orElseThrow(() -> new ObjectNotFoundException(key, uri(key))).size();
      if (offset > size) {
        throw beyondEnd(key, offset, length, size);
      }
      return new byte[0];
    }
    try {
      ResponseBytes<GetObjectResponse> bytes = client.getObjectAsBytes(
          GetObjectRequest.builder().bucket(bucket()).key(objectKey)
              .range("bytes=" + offset + "-" + (offset + length - 1)).build());
      byte[] b = bytes.asByteArrayUnsafe();
      if (b.length != length) {
        throw beyondEnd(key, offset, length, offset + b.length);
      }
      return b;
    } catch (NoSuchKeyException e) {
      throw new ObjectNotFoundException(key, uri(key));
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        StorageException se = new StorageException("Range [" + offset + ", " + (offset + length)
            + ") lies beyond the end of " + uri(key), e);
        throw se;
      }
      throw errors.failure("read a range of", uri(key), e);
    } catch (SdkException e) {
      throw errors.failure("read a range of", uri(key), e);
    }
  }

  private StorageException beyondEnd(String key, long offset, int length, long size) {
    return new StorageException("Range [" + offset + ", " + (offset + length)
        + ") lies beyond the end of " + uri(key) + " (" + size + " bytes)", null);
  }

  @Override
  public SeekableInputStream open(String key) {
    long length = stat(key).orElseThrow(() -> new ObjectNotFoundException(key, uri(key))).size();
    return new S3InputStream(client, bucket(), objectKey(key), uri(key), length, errors);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    String objectKey = objectKey(key);
    try {
      HeadObjectResponse head = client.headObject(b -> b.bucket(bucket()).key(objectKey));
      return Optional.of(new ObjectInfo(key, head.contentLength(),
          head.lastModified() == null ? 0L : head.lastModified().toEpochMilli(),
          head.hasMetadata() ? head.metadata() : Map.of()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty(); // HEAD has no body: a 404 cannot name its cause
      }
      throw errors.failure("stat", uri(key), e);
    } catch (SdkException e) {
      throw errors.failure("stat", uri(key), e);
    }
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    if (prefix == null) {
      throw new StorageException("Cannot list a null prefix under " + uriRoot, null);
    }
    List<ObjectInfo> out = new ArrayList<>();
    try {
      ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket())
          .prefix(root + prefix).build();
      for (S3Object o : client.listObjectsV2Paginator(request).contents()) {
        out.add(new ObjectInfo(o.key().substring(root.length()), o.size(),
            o.lastModified() == null ? 0L : o.lastModified().toEpochMilli()));
      }
    } catch (SdkException e) {
      throw errors.failure("list", uriRoot + prefix + "*", e);
    }
    return out;
  }

  @Override
  public void delete(Collection<String> keys) {
    S3Deletes.delete(this, keys);
  }

  @Override
  public Duration maxPresignExpiry() {
    return S3Presigning.MAX_EXPIRY;
  }

  @Override
  public URI presignGet(String key, Duration expiry) {
    return presigning.get(objectKey(key), expiry);
  }

  /**
   * {@inheritDoc} Server-side encryption settings are not part of the URL: the bucket's default
   * encryption applies to objects uploaded through it.
   */
  @Override
  public URI presignPut(String key, Duration expiry) {
    return presigning.put(objectKey(key), expiry);
  }

  /** Releases the HTTP connections and the upload threads. */
  @Override
  public void close() {
    uploads.shutdownNow();
    presigning.close();
    client.close();
  }

  @Override
  public String toString() {
    return "S3StorageBackend[" + uriRoot + " at " + settings.endpointForMessages() + "]";
  }

  static void pause(int attempt) {
    long cap = Math.min(1000, 20L << Math.min(attempt, 6));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("Interrupted while retrying an S3 write", e);
    }
  }
}
