package io.datashard.storage.s3;

import io.datashard.spi.ObjectInfo;
import io.datashard.spi.PositionOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A streaming write of one new object. Bytes collect in a buffer of one part ({@code
 * s3.multipart.part.size.bytes}); an object that fits is written with one {@code PutObject} on
 * close. A larger one becomes a multipart upload: each full buffer is uploaded as a part on the
 * backend's upload threads, at most {@code s3.multipart.concurrency} parts at once per stream, so
 * memory stays below {@code (concurrency + 1) × part size}. Close completes the upload (the object
 * appears whole); any failure, and {@link #abort()}, aborts it, so no incomplete upload is left.
 *
 * <p>The object's user metadata goes with the {@code PutObject} or the {@code
 * CreateMultipartUpload}. A single {@code PutObject} also records {@code content-sha256}, the hex
 * SHA-256 of the bytes, computed from the buffer at close. A multipart upload cannot: its metadata
 * is sent before the first part, and S3 cannot add metadata to an object after {@code
 * CompleteMultipartUpload} without copying it, so multipart objects carry the caller's metadata
 * only (their parts are still integrity-checked by the SDK's request checksums).
 */
final class S3OutputStream extends PositionOutputStream {
  private static final Logger LOG = LoggerFactory.getLogger(S3OutputStream.class);
  private static final int MAX_PARTS = 10_000;

  private final S3StorageBackend backend;
  private final String key;
  private final String objectKey;
  private final ExecutorService executor;
  private final int partSize;
  private final Semaphore inFlight;
  private final List<Future<CompletedPart>> parts = new ArrayList<>();
  private final Map<String, String> metadata;

  private byte[] buffer;
  private int buffered;
  private long position;
  private String uploadId;
  private boolean closed;
  private boolean aborted;

  S3OutputStream(S3StorageBackend backend, String key, String objectKey, ExecutorService executor,
      Map<String, String> metadata) {
    this.backend = backend;
    this.metadata = metadata;
    this.key = key;
    this.objectKey = objectKey;
    this.executor = executor;
    this.partSize = backend.settings().partSize();
    this.inFlight = new Semaphore(backend.settings().multipartConcurrency());
    this.buffer = new byte[Math.min(partSize, 64 * 1024)];
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    if (buffered == buffer.length) {
      makeRoom();
    }
    buffer[buffered++] = (byte) b;
    position++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    while (len > 0) {
      if (buffered == buffer.length) {
        makeRoom();
      }
      int n = Math.min(len, buffer.length - buffered);
      System.arraycopy(b, off, buffer, buffered, n);
      buffered += n;
      position += n;
      off += n;
      len -= n;
    }
  }

  /** Grows the buffer up to one part, then ships a full part. */
  private void makeRoom() throws IOException {
    if (buffer.length < partSize) {
      byte[] bigger = new byte[(int) Math.min(partSize, (long) buffer.length * 4)];
      System.arraycopy(buffer, 0, bigger, 0, buffered);
      buffer = bigger;
      return;
    }
    uploadPart();
  }

  private void uploadPart() throws IOException {
    try {
      if (uploadId == null) {
        uploadId = backend.client().createMultipartUpload(
            S3Requests.createMultipart(backend.settings(), backend.bucket(), objectKey)
                .metadata(metadata).build())
            .uploadId();
      }
      int partNumber = parts.size() + 1;
      if (partNumber > MAX_PARTS) {
        throw new IOException("Object " + backend.uri(key) + " needs more than " + MAX_PARTS
            + " parts of " + partSize + " bytes: raise "
            + S3Settings.var(S3Settings.PART_SIZE));
      }
      failFastIfAPartFailed();
      inFlight.acquire();
      byte[] part = buffer;
      int length = buffered;
      buffer = new byte[partSize];
      buffered = 0;
      String id = uploadId;
      try {
        parts.add(executor.submit(() -> {
          try {
            UploadPartResponse r = backend.client().uploadPart(
                b -> b.bucket(backend.bucket()).key(objectKey).uploadId(id)
                    .partNumber(partNumber).contentLength((long) length),
                RequestBody.fromContentProvider(
                    () -> new ByteArrayInputStream(part, 0, length), length,
                    "application/octet-stream"));
            return CompletedPart.builder().partNumber(partNumber).eTag(r.eTag()).build();
          } finally {
            inFlight.release();
          }
        }));
      } catch (RuntimeException e) {
        inFlight.release();
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort();
      throw new InterruptedIOException("Interrupted while writing " + backend.uri(key));
    } catch (IOException | RuntimeException e) {
      abort();
      throw asIOException("write", e);
    }
  }

  private void failFastIfAPartFailed() throws IOException {
    for (Future<CompletedPart> f : parts) {
      if (f.isDone()) {
        await(f);
      }
    }
  }

  private CompletedPart await(Future<CompletedPart> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while writing " + backend.uri(key));
    } catch (ExecutionException e) {
      throw asIOException("upload a part of", e.getCause());
    }
  }

  /** Nothing is visible before close, so flushing has nothing to do. */
  @Override
  public void flush() {}

  @Override
  public void close() throws IOException {
    if (closed || aborted) {
      return;
    }
    closed = true;
    try {
      if (uploadId == null) {
        byte[] content = buffer;
        int length = buffered;
        Map<String, String> withDigest = new LinkedHashMap<>(metadata);
        withDigest.put(ObjectInfo.CONTENT_SHA256, sha256Hex(content, length));
        backend.client().putObject(
            S3Requests.put(backend.settings(), backend.bucket(), objectKey)
                .metadata(withDigest).build(),
            RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(content, 0, length), length,
                "application/octet-stream"));
      } else {
        if (buffered > 0) {
          closed = false; // uploadPart aborts on failure
          uploadPart();
          closed = true;
        }
        List<CompletedPart> done = new ArrayList<>(parts.size());
        for (Future<CompletedPart> f : parts) {
          done.add(await(f));
        }
        done.sort(Comparator.comparing(CompletedPart::partNumber));
        String id = uploadId;
        backend.client().completeMultipartUpload(b -> b.bucket(backend.bucket()).key(objectKey)
            .uploadId(id).multipartUpload(m -> m.parts(done)));
      }
      buffer = null;
    } catch (IOException | RuntimeException e) {
      closed = false;
      abort();
      throw asIOException("write", e);
    }
  }

  /** Discards the write: cancels pending parts and aborts the multipart upload. */
  @Override
  public void abort() {
    if (closed || aborted) {
      return;
    }
    aborted = true;
    buffer = null;
    for (Future<CompletedPart> f : parts) {
      f.cancel(true);
    }
    for (Future<CompletedPart> f : parts) {
      try {
        f.get();
      } catch (CancellationException | ExecutionException e) {
        // cancelled or failed: either way this part is discarded with the upload
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (uploadId != null) {
      String id = uploadId;
      try {
        backend.client().abortMultipartUpload(
            b -> b.bucket(backend.bucket()).key(objectKey).uploadId(id));
      } catch (SdkException e) {
        LOG.warn("Could not abort the multipart upload {} of {} ({}); a lifecycle rule for"
            + " incomplete uploads removes it (docs/s3.md)", id, backend.uri(key), e.getMessage());
      }
    }
  }

  private static String sha256Hex(byte[] content, int length) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(content, 0, length);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no SHA-256, which every Java runtime must", e);
    }
  }

  private void ensureOpen() throws IOException {
    if (closed || aborted) {
      throw new IOException("The write of " + backend.uri(key) + " is already "
          + (aborted ? "aborted" : "closed"));
    }
  }

  private IOException asIOException(String operation, Throwable e) {
    if (e instanceof IOException) {
      return (IOException) e;
    }
    if (e instanceof SdkException) {
      return new IOException(backend.errors().failure(operation, backend.uri(key),
          (SdkException) e).getMessage(), e);
    }
    return new IOException("Failed to " + operation + " " + backend.uri(key) + ": " + e, e);
  }
}
