/** Typed topics: each topic name travels with its key and value serdes. */
package io.promptstream.schemas.topic;
