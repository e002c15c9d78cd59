/**
 * Kafka serdes for the generated Avro events in the Confluent wire format: magic byte 0, 4-byte
 * big-endian schema id, Avro binary. Subjects follow the topic-name strategy.
 */
package io.promptstream.schemas.serde;
