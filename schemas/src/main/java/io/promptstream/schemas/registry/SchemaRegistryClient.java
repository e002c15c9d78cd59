package io.promptstream.schemas.registry;

import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A Confluent-compatible schema registry, as the serdes and the gateway need it.
 *
 * <p>Subjects follow the topic-name strategy ({@code <topic>-value}, {@code <topic>-key}); ids are
 * the registry-wide ids written into every framed record. Implementations are thread-safe.
 *
 * <p>Every method may throw {@link SchemaRegistryException} when the registry cannot be reached or
 * answers an error not listed on the method; it is unchecked so that Kafka serdes can propagate it.
 */
public interface SchemaRegistryClient {

  /**
   * Registers {@code schema} under {@code subject}, or finds it if it is already there.
   *
   * @return the registry-wide schema id
   * @throws IncompatibleSchemaException if the subject's compatibility rule refuses the schema;
   *     nothing is registered
   */
  int register(String subject, Schema schema);

  /**
   * The id under which {@code subject} already holds {@code schema}, without registering it.
   *
   * <p>The default implementation compares with the latest version only; implementations that can
   * ask the registry directly look at every version.
   *
   * @throws SchemaNotFoundException if the subject does not exist or does not hold the schema
   */
  default int getId(String subject, Schema schema) {
    return latest(subject)
        .filter(registered -> registered.schema().equals(schema))
        .map(RegisteredSchema::id)
        .orElseThrow(
            () ->
                new SchemaNotFoundException(
                    "Subject '" + subject + "' does not hold schema " + schema.getFullName(),
                    null,
                    SchemaRegistryException.NO_STATUS,
                    SchemaRegistryException.NO_ERROR_CODE,
                    null,
                    null));
  }

  /**
   * The schema with the registry-wide id {@code id}.
   *
   * @throws SchemaNotFoundException if the registry does not know the id
   */
  Schema getById(int id);

  /** The latest version of {@code subject}, or empty if the subject has no versions. */
  Optional<RegisteredSchema> latest(String subject);

  /**
   * Whether {@code schema} could be registered under {@code subject} now, i.e. whether it is
   * compatible with the subject's latest version under the subject's rule. True for a subject
   * without versions.
   */
  boolean isCompatible(String subject, Schema schema);

  /** Sets the compatibility rule of {@code subject}; the registry enforces it on registration. */
  void setCompatibility(String subject, CompatibilityLevel level);

  /**
   * The compatibility rule the registry applies to {@code subject}: its own rule if it has one,
   * otherwise the registry's global rule.
   */
  CompatibilityLevel compatibility(String subject);
}
