/**
 * The {@code local} storage backend: tables in a directory on a local or mounted filesystem, with
 * atomic put-if-absent through a hard link and fsync for durability.
 */
package io.datashard.storage.local;
