package io.datashard.storage.s3;

import io.datashard.spi.SeekableInputStream;
import java.io.EOFException;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Seekable reads of one object through ranged GETs. A read opens a range from the current
 * position of at least {@link #RANGE} bytes (or what the read asks for) and streams it; a seek
 * within the next {@link #SKIP_LIMIT} bytes of an open range skips forward, any other seek drops
 * the range (draining a short rest so the connection is reused, aborting a long one) and the next
 * read opens a new range. Nothing is held in memory beyond the caller's buffer. A connection
 * failure in the middle of a range is retried once by re-opening from the current position.
 */
final class S3InputStream extends SeekableInputStream {
  static final long RANGE = 8L * 1024 * 1024;
  static final long SKIP_LIMIT = 256L * 1024;
  private static final long DRAIN_LIMIT = 64L * 1024;

  private final S3Client client;
  private final String bucket;
  private final String objectKey;
  private final String uri;
  private final long length;
  private final S3Errors errors;
  private final byte[] one = new byte[1];

  private ResponseInputStream<GetObjectResponse> stream;
  private long streamPos;
  private long streamEnd;
  private long pos;
  private boolean closed;

  S3InputStream(S3Client client, String bucket, String objectKey, String uri, long length,
      S3Errors errors) {
    this.client = client;
    this.bucket = bucket;
    this.objectKey = objectKey;
    this.uri = uri;
    this.length = length;
    this.errors = errors;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public long position() {
    return pos;
  }

  @Override
  public void seek(long offset) throws IOException {
    ensureOpen();
    if (offset < 0 || offset > length) {
      throw new EOFException("Cannot seek to " + offset + " in " + uri + " (" + length + " bytes)");
    }
    pos = offset;
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    if (len == 0) {
      return 0;
    }
    if (pos >= length) {
      return -1;
    }
    for (int attempt = 1; ; attempt++) {
      openAtPosition(len);
      try {
        int n = stream.read(b, off, (int) Math.min(len, streamEnd - pos));
        if (n < 0) {
          throw new EOFException("The range of " + uri + " ended at " + pos + ", before "
              + streamEnd);
        }
        pos += n;
        streamPos += n;
        if (streamPos >= streamEnd) {
          closeStream(); // fully read: the connection goes back to the pool
        }
        return n;
      } catch (IOException | SdkException e) {
        abortStream();
        if (attempt >= 2) {
          throw e instanceof IOException ? (IOException) e
              : new IOException("Failed to read " + uri + " at offset " + pos + ": " + e, e);
        }
      }
    }
  }

  /** Makes {@link #stream} deliver the byte at {@link #pos}. */
  private void openAtPosition(int wanted) throws IOException {
    if (stream != null && pos >= streamPos && pos < streamEnd && pos - streamPos <= SKIP_LIMIT) {
      long toSkip = pos - streamPos;
      while (toSkip > 0) {
        long n = stream.skip(toSkip);
        if (n <= 0) {
          break;
        }
        toSkip -= n;
        streamPos += n;
      }
      if (toSkip == 0) {
        return;
      }
    }
    closeStream();
    long end = Math.min(length, pos + Math.max(wanted, RANGE));
    try {
      stream = client.getObject(GetObjectRequest.builder().bucket(bucket).key(objectKey)
          .range("bytes=" + pos + "-" + (end - 1)).build());
    } catch (SdkException e) {
      throw new IOException(errors.failure("read", uri, e).getMessage(), e);
    }
    streamPos = pos;
    streamEnd = end;
  }

  private void closeStream() throws IOException {
    if (stream == null) {
      return;
    }
    if (streamEnd - streamPos > DRAIN_LIMIT) {
      abortStream();
      return;
    }
    ResponseInputStream<GetObjectResponse> s = stream;
    stream = null;
    s.close(); // drains the short rest, keeping the connection
  }

  private void abortStream() {
    if (stream != null) {
      stream.abort();
      stream = null;
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      closeStream();
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("The stream of " + uri + " is closed");
    }
  }
}
