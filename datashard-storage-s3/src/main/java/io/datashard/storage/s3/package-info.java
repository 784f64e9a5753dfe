/**
 * The S3 storage backend ({@code DATASHARD_STORAGE_TYPE=s3}): {@link
 * io.datashard.storage.s3.S3StorageBackend}, configured by {@link
 * io.datashard.storage.s3.S3Settings}. See {@code docs/s3.md}.
 */
package io.datashard.storage.s3;
