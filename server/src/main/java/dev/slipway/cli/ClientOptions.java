package dev.slipway.cli;

import dev.slipway.error.SlipwayException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How client commands reach the server and show what it says. */
final class ClientOptions {
  @Option(
      names = "--server",
      defaultValue = "${env:SLIPWAY_URL:-http://localhost:8080}",
      description = "Slipway server URL (env SLIPWAY_URL; default ${DEFAULT-VALUE})")
  URI server;

  @Option(
      names = "--token-file",
      description = "File holding the API token (default: env SLIPWAY_TOKEN)")
  Path tokenFile;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text (default) or json")
  OutputFormat output;

  ApiClient client() {
    String token = token();
    if (token != null && !token.matches("[\\x21-\\x7e]+")) {
      throw SlipwayException.invalid(
          "token",
          "the API token contains spaces or control characters; set SLIPWAY_TOKEN (or"
              + " --token-file) to the slw_... line that 'slipway token create' printed");
    }
    return new ApiClient(withSlash(server), token);
  }

  boolean json() {
    return output == OutputFormat.json;
  }

  private String token() {
    if (tokenFile != null) {
      try {
        return Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw SlipwayException.invalid(
            "--token-file", "cannot read the token file %s: %s", tokenFile, e.getMessage());
      }
    }
    String token = System.getenv("SLIPWAY_TOKEN");
    return token == null || token.isBlank() ? null : token.trim();
  }

  private static URI withSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? uri : URI.create(text + "/");
  }

  /** How results are printed. */
  enum OutputFormat {
    text,
    json
  }
}
