package io.promptstream.schemas.registry;

import static io.promptstream.schemas.registry.internal.RegistryReplies.intField;
import static io.promptstream.schemas.registry.internal.RegistryReplies.level;
import static io.promptstream.schemas.registry.internal.RegistryReplies.schema;
import static io.promptstream.schemas.registry.internal.RegistryReplies.schemaBody;
import static io.promptstream.schemas.registry.internal.RegistryTransport.failure;
import static io.promptstream.schemas.registry.internal.RegistryTransport.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstream.schemas.registry.internal.OnceCache;
import io.promptstream.schemas.registry.internal.RegistryTransport;
import io.promptstream.schemas.registry.internal.RegistryTransport.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchemaRegistryClient} that speaks the Confluent REST API over {@link
 * java.net.http.HttpClient}; works with Confluent Schema Registry and with Apicurio Registry's
 * {@code /apis/ccompat/v7} endpoint.
 *
 * <pre>{@code
 * SchemaRegistryClient registry =
 *     HttpSchemaRegistryClient.builder()
 *         .setBaseUrl(URI.create("http://127.0.0.1:8080/apis/ccompat/v7"))
 *         .optRequestTimeout(Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 *
 * <p><b>Caching.</b> Schemas by id and ids by (subject, schema) are cached for the life of the
 * client, and concurrent misses on the same key make one request, so steady-state serialization
 * never calls the registry. {@link #latest}, {@link #isCompatible} and {@link #compatibility} are
 * not cached: their answers change.
 *
 * <p><b>Compatibility policy.</b> Before this client first registers under a subject (or checks
 * compatibility for it) it makes sure the registry enforces at least the configured default level
 * ({@link #DEFAULT_COMPATIBILITY}) for that subject: if the level the registry applies (the
 * subject's own, else the global one) does not satisfy it, the client sets a subject-level rule. A
 * stronger existing rule is left alone; a weaker one is strengthened ({@code FORWARD} becomes
 * {@code FULL}). The rule is set per subject rather than globally so that one application never
 * changes the rules of subjects it does not own. Apicurio 3.0.9 honours a subject-level rule set
 * before the subject's first version. A default of {@link CompatibilityLevel#NONE} turns the policy
 * off.
 *
 * <p><b>Schema identity.</b> Registration and lookup ask the registry to normalize schemas ({@code
 * normalize=true}), so a schema another producer wrote with different formatting maps to the id
 * already registered rather than to a new version. (Apicurio compares raw text without it, and with
 * it also ignores differences in field docs.)
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
  /** How long to wait for a TCP connection to the registry. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** How long to wait for the registry's answer to one request. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** The level every subject this client registers under is held to; the design's contract. */
  public static final CompatibilityLevel DEFAULT_COMPATIBILITY = CompatibilityLevel.BACKWARD;

  private static final Logger log = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);

  // Confluent error codes this client interprets.
  private static final int SUBJECT_NOT_FOUND = 40401;
  private static final int VERSION_NOT_FOUND = 40402;
  private static final int NO_SUBJECT_LEVEL_CONFIG = 40408;

  private final RegistryTransport transport;
  private final CompatibilityLevel defaultCompatibility;
  private final OnceCache<Integer, Schema> schemasById = new OnceCache<>();
  private final OnceCache<SubjectSchema, Integer> idsBySubjectSchema = new OnceCache<>();
  private final OnceCache<String, CompatibilityLevel> enforcedLevels = new OnceCache<>();

  private HttpSchemaRegistryClient(Builder builder) {
    this.transport =
        new RegistryTransport(builder.baseUrl, builder.connectTimeout, builder.requestTimeout);
    this.defaultCompatibility = builder.defaultCompatibility;
  }

  /** A client for the registry at {@code baseUrl} with every default. */
  public static HttpSchemaRegistryClient create(URI baseUrl) {
    return builder().setBaseUrl(baseUrl).build();
  }

  /** A builder; {@link Builder#setBaseUrl} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The base URL requests go to, without a trailing slash. */
  public String baseUrl() {
    return transport.baseUrl();
  }

  @Override
  public int register(String subject, Schema schema) {
    requireSubject(subject);
    Objects.requireNonNull(schema, "schema");
    return idsBySubjectSchema.get(
        new SubjectSchema(subject, schema),
        key -> {
          enforcePolicy(subject);
          return registerRemotely(subject, schema);
        });
  }

  @Override
  public int getId(String subject, Schema schema) {
    requireSubject(subject);
    Objects.requireNonNull(schema, "schema");
    return idsBySubjectSchema.get(
        new SubjectSchema(subject, schema), key -> lookUpRemotely(subject, schema));
  }

  @Override
  public Schema getById(int id) {
    return schemasById.get(id, this::fetchById);
  }

  @Override
  public Optional<RegisteredSchema> latest(String subject) {
    requireSubject(subject);
    String context = "Reading the latest version of subject '" + subject + "'";
    Reply reply = transport.get("/subjects/" + segment(subject) + "/versions/latest", context);
    if (reply.status() == 404
        && (reply.errorCode() == SUBJECT_NOT_FOUND || reply.errorCode() == VERSION_NOT_FOUND)) {
      return Optional.empty();
    }
    if (!reply.ok()) {
      throw failure(context, reply);
    }
    return Optional.of(
        new RegisteredSchema(
            subject,
            intField(reply, "id", context),
            intField(reply, "version", context),
            schema(reply, context)));
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    requireSubject(subject);
    Objects.requireNonNull(schema, "schema");
    // Apply the policy first, so the answer predicts what register() will do.
    enforcePolicy(subject);
    String context = "Checking " + schema.getFullName() + " against subject '" + subject + "'";
    Reply reply =
        transport.post(
            "/compatibility/subjects/" + segment(subject) + "/versions/latest",
            schemaBody(schema),
            context);
    if (reply.status() == 404 && reply.errorCode() == SUBJECT_NOT_FOUND) {
      return true; // Confluent's answer for a subject without versions: nothing to break.
    }
    if (!reply.ok() || !reply.body().path("is_compatible").isBoolean()) {
      throw failure(context, reply);
    }
    return reply.body().get("is_compatible").asBoolean();
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    requireSubject(subject);
    Objects.requireNonNull(level, "level");
    putSubjectLevel(subject, level);
    // An explicit choice made through this client is not overridden by its own policy later.
    enforcedLevels.put(subject, level);
  }

  @Override
  public CompatibilityLevel compatibility(String subject) {
    requireSubject(subject);
    String context = "Reading the compatibility rule of subject '" + subject + "'";
    Reply reply = transport.get("/config/" + segment(subject) + "?defaultToGlobal=true", context);
    // Apicurio answers 40401 for a subject that has neither versions nor a rule of its own, even
    // with defaultToGlobal; the global rule is then the one that applies.
    if (reply.status() == 404
        && (reply.errorCode() == SUBJECT_NOT_FOUND
            || reply.errorCode() == NO_SUBJECT_LEVEL_CONFIG)) {
      context = "Reading the global compatibility rule";
      reply = transport.get("/config", context);
    }
    if (!reply.ok()) {
      throw failure(context, reply);
    }
    return level(reply, context);
  }

  @Override
  public String toString() {
    return "HttpSchemaRegistryClient[" + transport.baseUrl() + "]";
  }

  private void enforcePolicy(String subject) {
    if (defaultCompatibility == CompatibilityLevel.NONE) {
      return;
    }
    enforcedLevels.get(
        subject,
        key -> {
          CompatibilityLevel current = compatibility(subject);
          if (current.satisfies(defaultCompatibility)) {
            log.debug("Subject '{}' is already held to {}", subject, current);
            return current;
          }
          CompatibilityLevel wanted = current.strengthenedBy(defaultCompatibility);
          putSubjectLevel(subject, wanted);
          log.info(
              "Set compatibility of subject '{}' to {} (was {}) at {}",
              subject,
              wanted,
              current,
              transport.baseUrl());
          return wanted;
        });
  }

  private void putSubjectLevel(String subject, CompatibilityLevel level) {
    String context = "Setting the compatibility of subject '" + subject + "' to " + level;
    ObjectNode body = RegistryTransport.object().put("compatibility", level.name());
    Reply reply = transport.put("/config/" + segment(subject), body, context);
    if (!reply.ok()) {
      throw failure(context, reply);
    }
  }

  private int registerRemotely(String subject, Schema schema) {
    String context = "Registering " + schema.getFullName() + " under subject '" + subject + "'";
    Reply reply =
        transport.post(
            "/subjects/" + segment(subject) + "/versions?normalize=true",
            schemaBody(schema),
            context);
    if (reply.status() == 409) {
      throw new IncompatibleSchemaException(
          context
              + " was refused: it is not compatible with the subject's earlier versions under "
              + "its compatibility rule",
          reply.uri(),
          reply.status(),
          reply.errorCode(),
          reply.message(),
          null);
    }
    if (!reply.ok()) {
      throw failure(context, reply);
    }
    int id = intField(reply, "id", context);
    log.debug("Subject '{}' holds {} as schema id {}", subject, schema.getFullName(), id);
    return id;
  }

  private int lookUpRemotely(String subject, Schema schema) {
    String context = "Looking up " + schema.getFullName() + " under subject '" + subject + "'";
    Reply reply =
        transport.post(
            "/subjects/" + segment(subject) + "?normalize=true", schemaBody(schema), context);
    if (reply.status() == 404) {
      throw new SchemaNotFoundException(
          context + ": the subject does not hold this schema",
          reply.uri(),
          reply.status(),
          reply.errorCode(),
          reply.message(),
          null);
    }
    if (!reply.ok()) {
      throw failure(context, reply);
    }
    return intField(reply, "id", context);
  }

  private Schema fetchById(int id) {
    String context = "Reading schema id " + id;
    Reply reply = transport.get("/schemas/ids/" + id, context);
    if (reply.status() == 404) {
      throw new SchemaNotFoundException(
          context + ": the registry does not know this id",
          reply.uri(),
          reply.status(),
          reply.errorCode(),
          reply.message(),
          null);
    }
    if (!reply.ok()) {
      throw failure(context, reply);
    }
    return schema(reply, context);
  }

  private static void requireSubject(String subject) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("subject must be a non-blank string, got: " + subject);
    }
  }

  private record SubjectSchema(String subject, Schema schema) {}

  /** Builds an {@link HttpSchemaRegistryClient}; every setter validates its argument. */
  public static final class Builder {
    private URI baseUrl;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private CompatibilityLevel defaultCompatibility = DEFAULT_COMPATIBILITY;

    private Builder() {}

    /**
     * Required. Where the Confluent API lives: a Confluent server's root ({@code http://host:8081})
     * or Apicurio's {@code http://host:8080/apis/ccompat/v7}.
     */
    public Builder setBaseUrl(URI baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
        throw new IllegalArgumentException("baseUrl must be an http(s) URL, got: " + baseUrl);
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /** Optional; default {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public Builder optConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Optional; default {@link #DEFAULT_REQUEST_TIMEOUT}. A request that runs over fails with a
     * {@link SchemaRegistryException}; the serializer or deserializer that made it fails with it.
     */
    public Builder optRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * Optional; default {@link #DEFAULT_COMPATIBILITY}. The least compatibility level this client
     * makes the registry enforce on subjects it registers under; {@code NONE} leaves the registry's
     * rules untouched.
     */
    public Builder optDefaultCompatibility(CompatibilityLevel level) {
      this.defaultCompatibility = Objects.requireNonNull(level, "defaultCompatibility");
      return this;
    }

    /**
     * @throws IllegalStateException if no base URL was set
     */
    public HttpSchemaRegistryClient build() {
      if (baseUrl == null) {
        throw new IllegalStateException("baseUrl is required: call setBaseUrl(URI)");
      }
      return new HttpSchemaRegistryClient(this);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, got: " + value);
      }
      return value;
    }
  }
}
