package io.datashard.exceptions;

/**
 * A storage operation that certainly had no effect: the store refused it (access denied, missing
 * bucket, wrong region, invalid request) or it failed before anything reached the store (no
 * credentials, disk full before the object could be created). Unlike a plain {@link
 * StorageException} — which on a write may mean the outcome is unknown — this one lets a writer
 * stop at once: repeating the operation fails the same way until the cause is fixed.
 */
public class StorageRejectedException extends StorageException {
  private static final long serialVersionUID = 1L;

  public StorageRejectedException(String message, Throwable cause) {
    super(message, cause, false);
  }
}
