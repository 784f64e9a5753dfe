package io.datashard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataShardConfig;
import io.datashard.Warehouse;
import io.datashard.exceptions.DataShardException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DATASHARD_* variables configure the static facade; code wins over the environment. */
class EnvironmentConfigTest {
  @TempDir Path root;

  @Test
  void variablesMapToKeysAndCodeWins() {
    DataShardConfig env = DataShardConfig.fromEnvironment(Map.of(
        "DATASHARD_LOCAL_ROOT", "/from/env",
        "DATASHARD_COMMIT_MAX_ATTEMPTS", "7",
        "HOME", "/root"));
    assertEquals("/from/env", env.get("local.root").orElseThrow());
    assertEquals(7, env.getLong(DataShardConfig.COMMIT_MAX_ATTEMPTS, 100, 1, 1000));
    assertEquals("local", env.storageType());
    DataShardConfig code = env.toBuilder().localRoot(Path.of("/from/code")).build();
    assertEquals("/from/code", code.get("local.root").orElseThrow());
    assertEquals("DATASHARD_S3_ACCESS_KEY", DataShardConfig.variableForKey("s3.access.key"));
  }

  @Test
  void secretsAreMaskedInToString() {
    DataShardConfig c = DataShardConfig.builder().set("s3.secret.key", "hunter2")
        .set("s3.access.key", "AKIA123").set("s3.bucket", "b").build();
    assertEquals("DataShardConfig{s3.access.key=****, s3.bucket=b, s3.secret.key=****}",
        c.toString());
  }

  @Test
  void invalidNumberNamesTheVariable() {
    DataShardConfig c = DataShardConfig.builder().set("commit.max.attempts", "lots").build();
    DataShardException e = assertThrows(DataShardException.class,
        () -> c.getLong(DataShardConfig.COMMIT_MAX_ATTEMPTS, 100, 1, 100_000));
    assertEquals("Invalid setting 'commit.max.attempts' (DATASHARD_COMMIT_MAX_ATTEMPTS) = 'lots':"
        + " expected a whole number between 1 and 100000", e.getMessage());
  }

  @Test
  void unknownStorageTypeNamesTheVariableAndTheAvailableBackends() {
    DataShardException e = assertThrows(DataShardException.class,
        () -> Warehouse.open(DataShardConfig.builder().storageType("s4").build()));
    assertEquals("Unknown storage type 's4' (DATASHARD_STORAGE_TYPE): the backends on the"
        + " classpath are [local]. Use one of them, or add the module that provides 's4' (for"
        + " s3: io.datashard:datashard-storage-s3)", e.getMessage());
  }

  private static final String NATIVE_FALLBACK =
      "NativeLibrary - DataShard reads Parquet with its pure-Java reader: the native Arrow"
          + " dataset library (arrow-dataset, JNI) is not usable on this platform";

  @Test
  void staticFacadeIsConfiguredByTheEnvironmentAlone() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), EnvFacadeMain.class.getName())
        .redirectErrorStream(true);
    pb.environment().put("DATASHARD_LOCAL_ROOT", root.toString());
    pb.environment().remove("DATASHARD_STORAGE_TYPE");
    Process p = pb.start();
    String out;
    try {
      assertTrue(p.waitFor(2, TimeUnit.MINUTES), "child JVM finished in time");
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), out);
    String location = root.toRealPath().resolve("env/events").toString();
    assertEquals(List.of(
        "exists-before false",
        "tables [env/events, env/scratch]",
        "rows 1",
        "dropped true",
        "tables [env/events]",
        "location file:" + location), out.lines().filter(l -> !l.startsWith("SLF4J"))
            .filter(l -> !l.contains(NATIVE_FALLBACK)).toList());
    // This JVM has no --add-opens for Arrow, so reads use the Java reader, said once in the log.
    assertEquals(1, out.lines().filter(l -> l.contains(NATIVE_FALLBACK)).count(), out);
    try (Warehouse wh = Fixtures.warehouse(root)) {
      assertEquals(1, wh.loadTable("env/events").scan().toRecords().size());
    }
  }
}
