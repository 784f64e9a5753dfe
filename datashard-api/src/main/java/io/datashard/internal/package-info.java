/**
 * Implementation: the Iceberg table format ({@code metadata}, {@code manifest}, {@code data}),
 * the commit protocol ({@code commit}) and the table handles ({@code table}). Not public API.
 */
package io.datashard.internal;
