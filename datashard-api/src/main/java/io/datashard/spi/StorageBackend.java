package io.datashard.spi;

import io.datashard.exceptions.ObjectNotFoundException;
import io.datashard.exceptions.StorageException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where table files live: a flat namespace of immutable objects addressed by '/'-separated keys
 * relative to the backend's root (a warehouse directory, or a bucket and prefix). The table layer
 * never touches a file system or an SDK directly; everything goes through this interface.
 *
 * <h2>Contract (checked for every backend by the shared contract test suite)</h2>
 *
 * <ol>
 *   <li><b>Atomic visibility.</b> Every write ({@link #putIfAbsent}, {@link #put}, {@link
 *       #create}) makes its object visible complete or not at all: a reader never sees partial
 *       content, under any crash or concurrency.
 *   <li><b>Put-if-absent is linearizable.</b> Of any number of concurrent {@link #putIfAbsent}
 *       calls on one key, in any number of processes and machines, at most one returns {@code
 *       true}, and only if no object existed; every other returns {@code false}. This is the
 *       commit point of the table format, the only operation it relies on for safety.
 *   <li><b>Durability.</b> When a write returns normally its object survives a crash of the
 *       process or the machine (fsync locally; S3 is durable on acknowledgement).
 *   <li><b>Unknown outcomes are errors, never guesses.</b> If a backend cannot tell whether a
 *       write took effect (a timeout, a 5xx, a connection reset after sending) it throws {@link
 *       StorageException}; the caller then reads the key to find out. A {@code false} from {@link
 *       #putIfAbsent} may also be the echo of an earlier attempt of the same call that succeeded
 *       (an SDK retry after a lost response), so callers identify their own content by reading it.
 *   <li><b>Read-after-write.</b> After a write returns, {@link #read}, {@link #stat} and {@link
 *       #list} observe it from any process.
 *   <li><b>Errors.</b> Reading a missing object throws {@link ObjectNotFoundException}; any other
 *       failure throws {@link StorageException} whose message names the location and whose cause
 *       is the backend's own exception. Deleting a missing object is not an error.
 * </ol>
 *
 * <p>Implementations are thread-safe and are obtained through {@link StorageBackendFactory} and
 * {@link java.util.ServiceLoader}.
 */
public interface StorageBackend extends AutoCloseable {
  /** The backend type name, as used in {@code DATASHARD_STORAGE_TYPE} (e.g. {@code local}). */
  String type();

  /**
   * The absolute URI of a key, as written into manifests and metadata (e.g. {@code
   * file:/data/warehouse/t/data/x.parquet}, {@code s3://bucket/prefix/t/data/x.parquet}).
   */
  String uri(String key);

  /**
   * The key of an absolute URI produced by {@link #uri} (also accepting equivalent spellings such
   * as {@code file:///} for {@code file:/}).
   *
   * @throws StorageException if the URI does not lie under this backend's root
   */
  String keyOf(String uri);

  /**
   * Writes {@code content} at {@code key} only if no object exists there. Atomic, durable and
   * linearizable (see the contract).
   *
   * @return true if this call created the object; false if an object already existed
   * @throws StorageException if the write failed or its outcome is unknown
   */
  boolean putIfAbsent(String key, byte[] content);

  /**
   * Prepares a {@link #putIfAbsent} of {@code content} at {@code key} whose commit point is the
   * returned {@link StagedPut#commit()}, so that a backend can do the slow part of the write while
   * its caller still waits for other writes (a commit stages its version file while its manifest
   * list is being written). The default prepares nothing: {@code commit()} is {@code putIfAbsent}.
   *
   * @throws io.datashard.exceptions.StorageRejectedException if staging failed (nothing was
   *     written at the key)
   */
  default StagedPut stagePutIfAbsent(String key, byte[] content) {
    return new StagedPut() {
      @Override
      public boolean commit() {
        return putIfAbsent(key, content);
      }

      @Override
      public void abort() {}
    };
  }

  /**
   * Writes {@code content} at {@code key}, replacing any existing object atomically (readers see
   * the old or the new content, never a mix). Durable on return.
   */
  void put(String key, byte[] content);

  /**
   * Starts a streaming write of a new object. The caller guarantees the key is fresh (unique
   * names); the object appears, complete and durable, when the stream is closed.
   */
  PositionOutputStream create(String key);

  /**
   * Starts a streaming write of a new object, as {@link #create(String)}, that also carries
   * {@code metadata}: short name/value pairs stored with the object so it can be traced and
   * verified later (DataShard writes {@code table-uuid} and {@code commit-id} on data files).
   * Names are lower-case ASCII letters, digits and {@code '-'}; values are printable ASCII.
   *
   * <p>A backend that can store metadata with an object does so and returns it from {@link
   * #stat} ({@link ObjectInfo#metadata()}); the S3 backend sends it as {@code x-amz-meta-<name>}
   * user metadata. A backend may add {@value ObjectInfo#CONTENT_SHA256} itself when it knows the
   * digest of the whole content before publishing the object. The default implementation ignores
   * {@code metadata} and calls {@link #create(String)}: metadata is for tracing, never needed to
   * read a table, so a backend that cannot store it (the local file system) loses nothing.
   */
  default PositionOutputStream create(String key, Map<String, String> metadata) {
    return create(key);
  }

  /**
   * Reads a whole object.
   *
   * @throws ObjectNotFoundException if it does not exist
   */
  byte[] read(String key);

  /**
   * Reads {@code length} bytes starting at {@code offset}.
   *
   * @throws ObjectNotFoundException if the object does not exist
   * @throws StorageException if the range lies beyond the end of the object
   */
  byte[] readRange(String key, long offset, int length);

  /**
   * Opens an object for streaming, seekable reads.
   *
   * @throws ObjectNotFoundException if it does not exist
   */
  SeekableInputStream open(String key);

  /**
   * The object's size, modification time and (where the backend stores it) metadata, or empty if
   * it does not exist.
   */
  Optional<ObjectInfo> stat(String key);

  /**
   * All objects whose key starts with {@code prefix} (recursively, in no particular order). A
   * prefix is a plain string match: callers pass {@code "t/data/"}, with the trailing slash, when
   * they mean a folder (so a sibling {@code t/data_export/} is not matched).
   */
  List<ObjectInfo> list(String prefix);

  /** Deletes the objects; keys that do not exist are ignored. Not atomic as a whole. */
  void delete(Collection<String> keys);

  /** Releases clients, threads and connections. */
  @Override
  void close();
}
