package io.datashard.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datashard.DataShardConfig;
import io.datashard.exceptions.DataShardException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Defaults and validation of the S3 settings (no server needed). */
class S3SettingsTest {
  private static DataShardConfig.Builder bucketOnly() {
    return DataShardConfig.builder().set(S3Settings.BUCKET, "b");
  }

  @Test
  void defaultsWithoutAnEndpointAreAwsWithVirtualHostsAndTheDefaultChain() {
    S3Settings s = S3Settings.from(bucketOnly().build());
    assertEquals(Optional.empty(), s.endpoint());
    assertEquals("us-east-1", s.region());
    assertEquals("", s.prefix());
    assertEquals(false, s.pathStyle());
    assertEquals(false, s.staticCredentials());
    assertEquals(false, s.checksumsWhenRequired());
    assertEquals(8 * 1024 * 1024, s.partSize());
    assertEquals("https://s3.us-east-1.amazonaws.com (AWS)", s.endpointForMessages());
  }

  @Test
  void anEndpointTurnsOnPathStyleAndRequiredOnlyChecksumsUnlessSetOtherwise() {
    S3Settings s = S3Settings.from(bucketOnly().set(S3Settings.ENDPOINT, "http://h:9000").build());
    assertEquals(true, s.pathStyle());
    assertEquals(true, s.checksumsWhenRequired());
    S3Settings explicit = S3Settings.from(bucketOnly().set(S3Settings.ENDPOINT, "http://h:9000")
        .set(S3Settings.PATH_STYLE, "false").set(S3Settings.CHECKSUM_MODE, "when_supported")
        .build());
    assertEquals(false, explicit.pathStyle());
    assertEquals(false, explicit.checksumsWhenRequired());
  }

  @Test
  void thePrefixLosesSurroundingSlashesAndRefusesDotSegments() {
    assertEquals("a/b", S3Settings.from(bucketOnly().set(S3Settings.PREFIX, "/a/b/").build())
        .prefix());
    DataShardException e = assertThrows(DataShardException.class,
        () -> S3Settings.from(bucketOnly().set(S3Settings.PREFIX, "a/../b").build()));
    assertEquals("Invalid setting DATASHARD_S3_PREFIX (s3.prefix) = 'a/../b': expected"
        + " '/'-separated names without empty, '.' or '..' segments", e.getMessage());
  }

  @Test
  void aBooleanSettingMustBeTrueOrFalse() {
    DataShardException e = assertThrows(DataShardException.class,
        () -> S3Settings.from(bucketOnly().set(S3Settings.PATH_STYLE, "yes").build()));
    assertEquals("Invalid setting DATASHARD_S3_PATH_STYLE (s3.path.style) = 'yes': expected true"
        + " or false", e.getMessage());
  }

  @Test
  void aPartSizeBelowFiveMebibytesIsRefused() {
    DataShardException e = assertThrows(DataShardException.class,
        () -> S3Settings.from(bucketOnly().set(S3Settings.PART_SIZE, "1000").build()));
    assertEquals("Invalid setting 's3.multipart.part.size.bytes'"
        + " (DATASHARD_S3_MULTIPART_PART_SIZE_BYTES) = 1000: it must be between 5242880 and"
        + " 2147483639", e.getMessage());
  }

  @Test
  void anUnknownEncryptionIsRefused() {
    DataShardException e = assertThrows(DataShardException.class,
        () -> S3Settings.from(bucketOnly().set(S3Settings.SSE, "aes").build()));
    assertEquals("Invalid setting DATASHARD_S3_SSE (s3.sse) = 'aes': expected AES256 (SSE-S3) or"
        + " aws:kms (SSE-KMS)", e.getMessage());
  }
}
