package io.datashard.internal.table;

import io.datashard.DataFile;
import io.datashard.Snapshot;
import io.datashard.internal.manifest.ManifestFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds Iceberg snapshot summaries: what a commit added and the table totals after it. */
final class SnapshotSummaries {
  private SnapshotSummaries() {}

  static Map<String, String> forAppend(List<DataFile> added, Snapshot parent,
      List<ManifestFile> parentManifests, Map<String, String> custom, String commitId) {
    long addedRecords = 0;
    long addedSize = 0;
    for (DataFile f : added) {
      addedRecords += f.recordCount();
      addedSize += f.fileSizeInBytes();
    }
    Totals base = Totals.of(parent, parentManifests);
    Map<String, String> s = new LinkedHashMap<>();
    s.put("operation", "append");
    s.putAll(custom);
    s.put("added-data-files", Long.toString(added.size()));
    s.put("added-records", Long.toString(addedRecords));
    s.put("added-files-size", Long.toString(addedSize));
    s.put("changed-partition-count", added.isEmpty() ? "0" : "1");
    s.put("total-records", Long.toString(base.records + addedRecords));
    if (base.size >= 0) {
      s.put("total-files-size", Long.toString(base.size + addedSize));
    }
    s.put("total-data-files", Long.toString(base.files + added.size()));
    s.put("total-delete-files", "0");
    s.put("total-position-deletes", "0");
    s.put("total-equality-deletes", "0");
    s.put(Snapshot.COMMIT_ID_KEY, commitId);
    return s;
  }

  /** Table totals at a snapshot: from its summary when present, else counted from manifests. */
  private record Totals(long records, long files, long size) {
    static Totals of(Snapshot parent, List<ManifestFile> manifests) {
      if (parent == null) {
        return new Totals(0, 0, 0);
      }
      Map<String, String> sum = parent.summary();
      Long records = parse(sum.get("total-records"));
      Long files = parse(sum.get("total-data-files"));
      Long size = parse(sum.get("total-files-size"));
      if (records != null && files != null) {
        return new Totals(records, files, size == null ? -1 : size);
      }
      long r = 0;
      long f = 0;
      for (ManifestFile m : manifests) {
        r += m.addedRowsCount() + m.existingRowsCount();
        f += m.addedFilesCount() + m.existingFilesCount();
      }
      return new Totals(r, f, -1);
    }

    private static Long parse(String v) {
      try {
        return v == null ? null : Long.parseLong(v);
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
