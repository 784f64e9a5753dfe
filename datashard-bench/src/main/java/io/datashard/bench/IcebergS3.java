package io.datashard.bench;

import io.datashard.storage.s3.S3TestServer;
import java.net.URI;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.util.SerializableSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Apache Iceberg-Java on S3 for workload 7: its {@link S3FileIO} writes every file to the object
 * store, and the commit point is iceberg-core's {@link JdbcCatalog} on an in-memory H2 database
 * in this JVM (a conditional {@code UPDATE} of the table's metadata location). HadoopTables
 * cannot commit safely on S3 (its commit is a rename, which S3 does not have), and Iceberg-Java
 * has no commit through a conditional PUT; a real deployment puts a catalog service there (REST,
 * Glue, a JDBC database), which costs at least one more round trip per commit than the in-JVM
 * database counted here. (iceberg-core 1.12's {@code InMemoryCatalog} would do, but it always
 * uses its in-memory FileIO and ignores {@code io-impl}, so its files would never reach S3.)
 */
final class IcebergS3 {
  private IcebergS3() {}

  /**
   * Creates table {@code bench.t} (format v2, default properties) under {@code s3://bucket/
   * prefix} with every S3 request sent to {@code endpoint}; returns a handle on it.
   */
  static BenchTable create(URI endpoint, String bucket, String prefix) {
    ProxiedS3FileIO.client = S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
        .httpClientBuilder(Apache5HttpClient.builder())
        .build();
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.initialize("bench", Map.of(
        CatalogProperties.URI, "jdbc:h2:mem:iceberg-" + prefix + ";DB_CLOSE_DELAY=-1",
        "jdbc.schema-version", "V1",
        CatalogProperties.WAREHOUSE_LOCATION, "s3://" + bucket + "/" + prefix,
        CatalogProperties.FILE_IO_IMPL, ProxiedS3FileIO.class.getName()));
    catalog.createNamespace(Namespace.of("bench"));
    Table t = catalog.createTable(TableIdentifier.of("bench", "t"), IcebergEngine.SCHEMA,
        PartitionSpec.unpartitioned(), Map.of("format-version", "2"));
    return IcebergEngine.handle(t);
  }

  /**
   * {@link S3FileIO} on the client {@link #create} built (the catalog instantiates its FileIO by
   * class name, so the client is handed over in a static field; {@code initialize} keeps a
   * client supplier given to the constructor).
   */
  public static final class ProxiedS3FileIO extends S3FileIO {
    static volatile S3Client client;

    /** Called by the catalog through reflection. */
    public ProxiedS3FileIO() {
      super((SerializableSupplier<S3Client>) () -> client);
    }
  }
}
