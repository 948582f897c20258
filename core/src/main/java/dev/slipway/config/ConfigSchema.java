package dev.slipway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON Schema (draft 2020-12) of {@code slipway.yaml}, for editors to complete and check the
 * file as it is written, and for the loader to validate it. There is one copy, on the class path at
 * {@value #RESOURCE}.
 */
public final class ConfigSchema {
  /** Where the schema is on the class path. */
  public static final String RESOURCE = "/dev/slipway/config/slipway.schema.json";

  private ConfigSchema() {}

  /** The schema as JSON text, as the server serves it. */
  public static String text() {
    return Holder.TEXT;
  }

  /** The schema as a tree, for looking up what a part of it allows; shared, so only read it. */
  static JsonNode tree() {
    return Holder.TREE;
  }

  /** The compiled schema; safe to share between threads. */
  static JsonSchema validator() {
    return Holder.VALIDATOR;
  }

  /** Loaded once, when first used, so a class path without the schema fails loudly there. */
  private static final class Holder {
    static final String TEXT = readResource();
    static final JsonNode TREE = parse(TEXT);
    static final JsonSchema VALIDATOR =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(
                TREE, SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build());

    private static String readResource() {
      try (InputStream in = ConfigSchema.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the configuration schema " + RESOURCE + " is missing");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("reading the configuration schema " + RESOURCE, e);
      }
    }

    private static JsonNode parse(String text) {
      try {
        return new ObjectMapper().readTree(text);
      } catch (IOException e) {
        throw new UncheckedIOException("the configuration schema " + RESOURCE + " is not JSON", e);
      }
    }
  }
}
