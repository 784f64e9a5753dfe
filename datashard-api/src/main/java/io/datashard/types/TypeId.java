package io.datashard.types;

/** The Iceberg primitive types DataShard supports. */
public enum TypeId {
  BOOLEAN,
  INT,
  LONG,
  FLOAT,
  DOUBLE,
  DECIMAL,
  DATE,
  TIME,
  TIMESTAMP,
  TIMESTAMPTZ,
  STRING,
  UUID,
  FIXED,
  BINARY
}
