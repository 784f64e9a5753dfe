/**
 * Column types ({@link io.datashard.types.Types}) and schema fields ({@link
 * io.datashard.types.Field}), following the Apache Iceberg type system.
 */
package io.datashard.types;
