/**
 * The exceptions DataShard throws. All extend {@link io.datashard.exceptions.DataShardException}
 * (unchecked); each message says what went wrong, why, and what to do.
 */
package io.datashard.exceptions;
