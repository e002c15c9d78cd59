package io.promptstream.schemas.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstream.schemas.registry.CompatibilityLevel;
import io.promptstream.schemas.registry.SchemaRegistryException;
import io.promptstream.schemas.registry.internal.RegistryTransport.Reply;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Reading the fields of the registry's JSON answers, and writing schema request bodies. An answer
 * that lacks what it should hold is a {@link SchemaRegistryException} naming the field.
 */
public final class RegistryReplies {
  private RegistryReplies() {}

  /** {@code {"schema": "<schema JSON>"}}, the body of registration, lookup and checks. */
  public static ObjectNode schemaBody(Schema schema) {
    // schemaType is omitted: AVRO is the default, and older Confluent servers reject the field.
    return RegistryTransport.object().put("schema", schema.toString());
  }

  /** The Avro schema in the answer's {@code schema} field. */
  public static Schema schema(Reply reply, String context) {
    JsonNode body = reply.body();
    String type = body.path("schemaType").asText("AVRO");
    if (!type.isEmpty() && !"AVRO".equals(type)) {
      throw unusable(context + ": the schema is " + type + ", not AVRO", reply, null);
    }
    if (body.path("references").size() > 0) {
      // Every event schema is self-contained (shared enums are inlined by the Avro plugin).
      throw unusable(context + ": schema references are not supported", reply, null);
    }
    JsonNode text = body.path("schema");
    if (!text.isTextual()) {
      throw unusable(context + ": the answer holds no schema", reply, null);
    }
    try {
      // A fresh parser each time: parsers remember names and are not thread-safe.
      return new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      throw unusable(context + ": the registry's schema does not parse as Avro", reply, e);
    }
  }

  /** The integer field {@code field} of the answer. */
  public static int intField(Reply reply, String field, String context) {
    JsonNode value = reply.body().path(field);
    if (!value.canConvertToInt()) {
      throw unusable(context + ": the answer has no integer '" + field + "'", reply, null);
    }
    return value.asInt();
  }

  /** The compatibility level of a {@code /config} answer. */
  public static CompatibilityLevel level(Reply reply, String context) {
    // Confluent names the field compatibilityLevel on GET and compatibility on PUT.
    JsonNode level = reply.body().path("compatibilityLevel");
    if (!level.isTextual()) {
      level = reply.body().path("compatibility");
    }
    try {
      return CompatibilityLevel.valueOf(level.asText());
    } catch (IllegalArgumentException e) {
      throw unusable(context + ": unknown compatibility level '" + level.asText() + "'", reply, e);
    }
  }

  private static SchemaRegistryException unusable(String context, Reply reply, Throwable cause) {
    return new SchemaRegistryException(
        context, reply.uri(), reply.status(), reply.errorCode(), reply.message(), cause);
  }
}
