/**
 * The storage SPI: {@link io.datashard.spi.StorageBackend} and its factory. Implement these to
 * put tables on a new kind of storage; run {@code StorageBackendContractTest} (in the
 * datashard-api test-jar) against the implementation to check the contract.
 */
package io.datashard.spi;
