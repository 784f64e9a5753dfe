package io.datashard.internal.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datashard.internal.manifest.ManifestFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which small manifests a merge rewrites, and which large tiers it leaves alone. */
class ManifestMergerTiersTest {
  private static ManifestFile manifest(String name, int added, int existing) {
    return ManifestFile.builder().path("file:/t/metadata/" + name + ".avro").length(4096)
        .addedSnapshotId(1).addedFilesCount(added).existingFilesCount(existing)
        .deletedFilesCount(0).build();
  }

  private static List<String> names(List<ManifestFile> manifests) {
    return manifests.stream()
        .map(m -> m.path().substring(m.path().lastIndexOf('/') + 1).replace(".avro", ""))
        .toList();
  }

  private static List<ManifestFile> ones(int n) {
    List<ManifestFile> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(manifest("one" + i, 1, 0));
    }
    return out;
  }

  @Test
  void manifestsThatDwarfAllSmallerOnesAreLeftAloneInTiers() {
    List<ManifestFile> base = new ArrayList<>();
    base.add(manifest("new1", 1, 0));
    base.add(manifest("big", 0, 400)); // > 4 x (90 + 9 ones) = 396: a tier
    base.addAll(ones(4));
    base.add(manifest("mid", 0, 90)); // > 4 x 9 ones = 36: a tier
    base.addAll(ones(4).stream().map(m -> manifest(names(List.of(m)).get(0) + "b", 1, 0))
        .toList());
    List<String> merged = names(ManifestMerger.withoutLargeTiers(base));
    assertEquals(List.of("new1", "one0", "one1", "one2", "one3", "one0b", "one1b", "one2b",
        "one3b"), merged, "the small ones, in the base's order");
  }

  @Test
  void aMergedManifestNotYetFourTimesTheRestIsMergedAgain() {
    List<ManifestFile> base = new ArrayList<>();
    base.add(manifest("merged", 0, 396)); // exactly 4 x 99: not more, so it is rewritten
    base.addAll(ones(99));
    List<ManifestFile> merged = ManifestMerger.withoutLargeTiers(base);
    assertEquals(100, merged.size());
    assertEquals("merged", names(merged).get(0));
  }

  @Test
  void onlyOneManifestLeftToMergeMeansNoMerge() {
    List<ManifestFile> base = List.of(manifest("big", 0, 50), manifest("small", 1, 0));
    assertEquals(List.of("small"), names(ManifestMerger.withoutLargeTiers(base)));
  }

  @Test
  void aTableGrowsTiersOfAtLeastFiveFoldAndEachMergeRewritesFewEntries() {
    // Simulates 2,000 one-file appends under the default policy (merge at 100 manifests) and
    // checks the two promises: a bounded manifest count, and merges that do not rewrite the
    // whole table each time (the untiered policy rewrote every entry at every merge).
    List<ManifestFile> current = new ArrayList<>();
    long rewritten = 0;
    int merges = 0;
    int maxCount = 0;
    for (int commit = 0; commit < 2000; commit++) {
      List<ManifestFile> next = new ArrayList<>();
      next.add(manifest("c" + commit, 1, 0));
      if (current.size() + 1 >= 100) {
        List<ManifestFile> toMerge = ManifestMerger.withoutLargeTiers(current);
        if (toMerge.size() >= 2) {
          int entries = toMerge.stream()
              .mapToInt(m -> m.addedFilesCount() + m.existingFilesCount()).sum();
          rewritten += entries;
          merges++;
          List<ManifestFile> kept = new ArrayList<>(current);
          kept.removeAll(toMerge);
          next.add(manifest("m" + commit, 0, entries));
          next.addAll(kept);
          current = next;
          maxCount = Math.max(maxCount, current.size());
          continue;
        }
      }
      next.addAll(current);
      current = next;
      maxCount = Math.max(maxCount, current.size());
    }
    int total = current.stream().mapToInt(m -> m.addedFilesCount() + m.existingFilesCount())
        .sum();
    assertEquals(2000, total, "no entry lost or counted twice");
    assertEquals(99, maxCount, "a snapshot never lists more than min.count - 1 manifests here");
    assertEquals(20, merges);
    // Untiered, merge k rewrote 99k entries: 20 merges rewrote 20,790 in all, and each merge
    // more than the one before. Tiered (by hand, the first six: 99, 197, 295, 393, then the
    // 393 is a tier and only 98 are merged, then 589 = 393 + 98 + 98 since 393 <= 4 x 196):
    assertEquals(8_213, rewritten);
    assertEquals(List.of("m1951", "m1756"), names(current).subList(49, 51),
        "two merged manifests (a tier and the latest merge) after the 49 newest appends");
  }
}
