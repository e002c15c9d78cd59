/**
 * The schema registry: a {@link io.promptstream.schemas.registry.SchemaRegistryClient} for the
 * Confluent REST API and an {@link io.promptstream.schemas.registry.EmbeddedSchemaRegistry} child
 * process for tests and demos. Types under {@code internal} are not API.
 */
package io.promptstream.schemas.registry;
