package io.datashard.it;

import static io.datashard.it.Fixtures.EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.exceptions.DataShardException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Presigned URLs need an object store; the local backend says so. */
class PresignTest {
  @TempDir Path root;

  @Test
  void presignFilesOnTheLocalBackendSaysItNeedsAnObjectStore() {
    try (Warehouse wh = Fixtures.warehouse(root)) {
      Table table = wh.createTable("events", EVENTS);
      Snapshot s = table.appendRecords(Fixtures.events(0, 2));
      DataShardException e = assertThrows(DataShardException.class,
          () -> table.presignFiles(s, Duration.ofMinutes(5)));
      assertEquals("Cannot presign the files of table 'events': the local storage backend has no"
          + " presigned URLs. They need an object store backend such as s3"
          + " (DATASHARD_STORAGE_TYPE=s3)", e.getMessage());
    }
  }
}
