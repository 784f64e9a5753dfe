package io.datashard.storage.s3;

import io.datashard.exceptions.StorageException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Bulk deletes: {@code DeleteObjects} with up to 1,000 keys per request; on a store that does not
 * implement it (501) one {@code DeleteObject} per key. Deleting a missing key is not an error.
 */
final class S3Deletes {
  static final int BATCH = 1000;

  private S3Deletes() {}

  static void delete(S3StorageBackend backend, Collection<String> keys) {
    List<String> all = new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += BATCH) {
      List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
      List<ObjectIdentifier> ids = new ArrayList<>(batch.size());
      for (String key : batch) {
        ids.add(ObjectIdentifier.builder().key(backend.objectKey(key)).build());
      }
      try {
        DeleteObjectsResponse r = backend.client().deleteObjects(b -> b.bucket(backend.bucket())
            .delete(d -> d.objects(ids).quiet(true)));
        if (r.hasErrors() && !r.errors().isEmpty()) {
          S3Error first = r.errors().get(0);
          throw new StorageException(
              "Failed to delete " + r.errors().size() + " of " + batch.size() + " objects under s3://"
                  + backend.bucket() + "/" + backend.root() + ", the first "
                  + first.key() + ": " + first.code() + " " + first.message(), null);
        }
      } catch (S3Exception e) {
        if (e.statusCode() == 501) {
          deleteOneByOne(backend, batch);
        } else {
          throw backend.errors().failure("delete " + batch.size() + " objects, the first",
              backend.uri(batch.get(0)), e);
        }
      } catch (SdkException e) {
        throw backend.errors().failure("delete " + batch.size() + " objects, the first",
            backend.uri(batch.get(0)), e);
      }
    }
  }

  private static void deleteOneByOne(S3StorageBackend backend, List<String> keys) {
    for (String key : keys) {
      deleteOne(backend, key);
    }
  }

  static void deleteOne(S3StorageBackend backend, String key) {
    try {
      backend.client().deleteObject(b -> b.bucket(backend.bucket()).key(backend.objectKey(key)));
    } catch (SdkException e) {
      throw backend.errors().failure("delete", backend.uri(key), e);
    }
  }
}
