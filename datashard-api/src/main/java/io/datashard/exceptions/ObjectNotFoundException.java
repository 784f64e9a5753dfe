package io.datashard.exceptions;

/** A storage backend was asked to read an object that does not exist. */
public class ObjectNotFoundException extends StorageException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public ObjectNotFoundException(String key, String location) {
    super("Object not found: " + location, null);
    this.key = key;
  }

  /** The backend key of the missing object. */
  public String key() {
    return key;
  }
}
