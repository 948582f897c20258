package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the few AWS API calls Slipway makes, reached through the SDK's endpoint override:
 * Lambda's REST-JSON calls on functions, versions and aliases, and CloudWatch's DescribeAlarms in
 * the Smithy RPC v2 CBOR protocol the SDK 2.51 client speaks. It answers in the documented shapes,
 * keeps state (code, versions, aliases and their routing, alarms) so tests assert on effects, and
 * records every request. Signatures are not verified.
 */
public final class TestingAwsServer implements AutoCloseable {
  public static final String REGION = "ca-central-1";
  public static final String ACCOUNT = "123456789012";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CBORMapper CBOR = new CBORMapper();
  private static final String LAMBDA = "/2015-03-31/functions/";
  private static final Pattern FUNCTION_PATH =
      Pattern.compile(
          "/2015-03-31/functions/([^/]+)/(code|configuration|versions|aliases/([^/]+))");
  private static final Pattern CBOR_PATH = Pattern.compile("/service/([^/]+)/operation/([^/]+)");
  private static final int PAGE = 50;
  private static final Pattern AMPERSAND = Pattern.compile("&");
  private static final Pattern EQUALS = Pattern.compile("=");

  /** One request as it arrived: the decoded path, and the body as JSON (CBOR is decoded). */
  public record Recorded(String method, String path, String operation, JsonNode body) {
    @Override
    public String toString() {
      return operation + " " + method + " " + path;
    }
  }

  /** A published version of a function. */
  public record Version(String number, String code, String codeSha256, String description) {}

  /** An alias: its version, the weights of other versions, and its description. */
  public record Alias(String version, Map<String, Double> routing, String description) {
    public Alias {
      routing = Map.copyOf(routing);
    }
  }

  /** A CloudWatch alarm: metric or composite, its state and why. */
  public record Alarm(String state, String reason, boolean composite) {}

  private record Failure(int status, String code, String message) {}

  private static final class Function {
    final String name;
    final boolean image;
    String code;
    String codeSha256;
    String status = "Successful";
    String statusReason;
    String statusReasonCode;
    int pollsLeft;
    Optional<String> failNextUpdate = Optional.empty();
    final List<Version> versions = new ArrayList<>();
    final Map<String, Alias> aliases = new LinkedHashMap<>();

    Function(String name, boolean image, String code) {
      this.name = name;
      this.image = image;
      this.code = code;
      this.codeSha256 = sha256(code);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Function> functions = new LinkedHashMap<>();
  private final Map<String, Alarm> alarms = new LinkedHashMap<>();
  private final Map<String, List<Failure>> failures = new HashMap<>();
  private final List<Recorded> requests = new ArrayList<>();
  private int pollsPerUpdate = 1;

  private TestingAwsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static TestingAwsServer start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor = Executors.newCachedThreadPool();
      TestingAwsServer aws = new TestingAwsServer(server, executor);
      server.createContext("/", aws::handle);
      server.setExecutor(executor);
      server.start();
      return aws;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What to give the SDK as {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * A function of package type Image whose version 1 runs {@code imageUri}, with an alias on it.
   */
  public synchronized void addImageFunction(String name, String imageUri, String alias) {
    addFunction(new Function(name, true, imageUri), alias);
  }

  /** A function of package type Zip whose version 1 runs the package {@code bucket/key}. */
  public synchronized void addZipFunction(String name, String bucket, String key, String alias) {
    addFunction(new Function(name, false, bucket + "/" + key), alias);
  }

  private void addFunction(Function function, String alias) {
    function.versions.add(new Version("1", function.code, function.codeSha256, "first version"));
    function.aliases.put(alias, new Alias("1", Map.of(), "live traffic"));
    functions.put(function.name, function);
  }

  /** How many configuration reads report a code update as InProgress before it finishes. */
  public synchronized void setPollsPerUpdate(int polls) {
    pollsPerUpdate = polls;
  }

  /** The next code update of the function ends in LastUpdateStatus Failed with this reason. */
  public synchronized void failNextUpdate(String function, String reason) {
    get(function).failNextUpdate = Optional.of(reason);
  }

  /**
   * The next {@code times} calls of an operation (such as {@code UpdateFunctionCode} or {@code
   * DescribeAlarms}) are answered with this error instead.
   */
  public synchronized void failNext(
      String operation, int times, int status, String code, String message) {
    List<Failure> queue = failures.computeIfAbsent(operation, key -> new ArrayList<>());
    for (int i = 0; i < times; i++) {
      queue.add(new Failure(status, code, message));
    }
  }

  /** The code $LATEST runs: an image URI or {@code bucket/key}. */
  public synchronized String code(String function) {
    return get(function).code;
  }

  public synchronized List<Version> versions(String function) {
    return List.copyOf(get(function).versions);
  }

  public synchronized Alias alias(String function, String alias) {
    return get(function).aliases.get(alias);
  }

  public synchronized void setAlarm(String name, String state, String reason) {
    alarms.put(name, new Alarm(state, reason, false));
  }

  public synchronized void setCompositeAlarm(String name, String state, String reason) {
    alarms.put(name, new Alarm(state, reason, true));
  }

  public synchronized List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** The operations called, in order, such as {@code [GetAlias, UpdateFunctionCode, ...]}. */
  public synchronized List<String> operations() {
    return requests.stream().map(Recorded::operation).toList();
  }

  public synchronized void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      Matcher cbor = CBOR_PATH.matcher(path);
      if (method.equals("POST") && cbor.matches()) {
        handleCbor(exchange, path, cbor.group(2), body);
        return;
      }
      Matcher lambda = FUNCTION_PATH.matcher(path);
      if (!path.startsWith(LAMBDA) || !lambda.matches()) {
        sendJson(exchange, 404, null, error("no route for " + method + " " + path));
        return;
      }
      JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      String name = functionName(lambda.group(1));
      String resource = lambda.group(2);
      String operation = operation(method, resource);
      Answer answer;
      synchronized (this) {
        requests.add(new Recorded(method, path, operation, json));
        answer = answerLambda(operation, name, lambda.group(3), exchange, json);
      }
      sendJson(exchange, answer.status(), answer.errorType(), answer.body());
    }
  }

  private record Answer(int status, String errorType, JsonNode body) {
    static Answer ok(JsonNode body) {
      return new Answer(200, null, body);
    }

    static Answer error(int status, String type, String message) {
      return new Answer(status, type, TestingAwsServer.error(message));
    }
  }

  private static String operation(String method, String resource) {
    return switch (method + " " + (resource.startsWith("aliases/") ? "aliases" : resource)) {
      case "PUT code" -> "UpdateFunctionCode";
      case "GET configuration" -> "GetFunctionConfiguration";
      case "POST versions" -> "PublishVersion";
      case "GET versions" -> "ListVersionsByFunction";
      case "GET aliases" -> "GetAlias";
      case "PUT aliases" -> "UpdateAlias";
      default -> method + " " + resource;
    };
  }

  private Answer answerLambda(
      String operation, String name, String aliasName, HttpExchange exchange, JsonNode body) {
    Optional<Failure> failure = nextFailure(operation);
    if (failure.isPresent()) {
      return Answer.error(failure.get().status(), failure.get().code(), failure.get().message());
    }
    Function function = functions.get(name);
    if (function == null) {
      return Answer.error(404, "ResourceNotFoundException", "Function not found: " + arn(name));
    }
    return switch (operation) {
      case "UpdateFunctionCode" -> updateCode(function, body);
      case "GetFunctionConfiguration" -> {
        advance(function);
        yield Answer.ok(configuration(function, "$LATEST", function.codeSha256, ""));
      }
      case "PublishVersion" -> publish(function, body);
      case "ListVersionsByFunction" ->
          listVersions(function, exchange.getRequestURI().getRawQuery());
      case "GetAlias" -> {
        Alias alias = function.aliases.get(aliasName);
        yield alias == null
            ? Answer.error(
                404, "ResourceNotFoundException", "Alias not found: " + arn(name) + ":" + aliasName)
            : Answer.ok(alias(function, aliasName, alias));
      }
      case "UpdateAlias" -> updateAlias(function, aliasName, body);
      default -> Answer.error(400, "UnknownOperationException", "unknown operation " + operation);
    };
  }

  /** One configuration read of an update in progress: the update finishes after enough reads. */
  private static void advance(Function function) {
    if (!function.status.equals("InProgress")) {
      return;
    }
    if (function.pollsLeft > 0) {
      function.pollsLeft--;
      return;
    }
    if (function.failNextUpdate.isPresent()) {
      function.status = "Failed";
      function.statusReason = function.failNextUpdate.get();
      function.statusReasonCode = "ImageAccessDenied";
      function.failNextUpdate = Optional.empty();
    } else {
      function.status = "Successful";
    }
  }

  private Answer updateCode(Function function, JsonNode body) {
    if (function.status.equals("InProgress")) {
      return Answer.error(
          409,
          "ResourceConflictException",
          "The operation cannot be performed at this time. An update is in progress for resource: "
              + arn(function.name));
    }
    String code;
    if (function.image) {
      if (!body.hasNonNull("ImageUri")) {
        return Answer.error(
            400,
            "InvalidParameterValueException",
            "Please provide ImageUri when updating a function with packageType Image.");
      }
      code = body.get("ImageUri").asText();
    } else {
      if (!body.hasNonNull("S3Bucket") || !body.hasNonNull("S3Key")) {
        return Answer.error(
            400,
            "InvalidParameterValueException",
            "Please do not provide ImageUri when updating a function with packageType Zip.");
      }
      code = body.get("S3Bucket").asText() + "/" + body.get("S3Key").asText();
    }
    function.code = code;
    function.codeSha256 = sha256(code);
    function.status = "InProgress";
    function.statusReason = "The function is being updated.";
    function.statusReasonCode = null;
    function.pollsLeft = pollsPerUpdate;
    return Answer.ok(configuration(function, "$LATEST", function.codeSha256, ""));
  }

  private Answer publish(Function function, JsonNode body) {
    if (function.status.equals("InProgress")) {
      return Answer.error(
          409,
          "ResourceConflictException",
          "The operation cannot be performed at this time. An update is in progress for resource: "
              + arn(function.name));
    }
    if (body.hasNonNull("CodeSha256")
        && !body.get("CodeSha256").asText().equals(function.codeSha256)) {
      return Answer.error(
          412,
          "PreconditionFailedException",
          "CodeSHA256 ("
              + body.get("CodeSha256").asText()
              + ") is different from current CodeSHA256 in $LATEST ("
              + function.codeSha256
              + "). Please try again from GetFunction.");
    }
    Version last = function.versions.get(function.versions.size() - 1);
    if (last.codeSha256().equals(function.codeSha256)) {
      return Answer.ok(
          configuration(function, last.number(), last.codeSha256(), last.description()));
    }
    Version version =
        new Version(
            String.valueOf(Integer.parseInt(last.number()) + 1),
            function.code,
            function.codeSha256,
            body.path("Description").asText(""));
    function.versions.add(version);
    return Answer.ok(
        configuration(function, version.number(), version.codeSha256(), version.description()));
  }

  private Answer listVersions(Function function, String query) {
    int start = 0;
    int max = PAGE;
    if (query != null) {
      for (String pair : AMPERSAND.splitAsStream(query).toList()) {
        List<String> parts = List.of(EQUALS.split(pair, 2));
        if (parts.get(0).equals("Marker")) {
          start = Integer.parseInt(parts.get(1));
        } else if (parts.get(0).equals("MaxItems")) {
          max = Math.min(PAGE, Integer.parseInt(parts.get(1)));
        }
      }
    }
    List<JsonNode> all = new ArrayList<>();
    all.add(configuration(function, "$LATEST", function.codeSha256, ""));
    for (Version version : function.versions) {
      all.add(
          configuration(function, version.number(), version.codeSha256(), version.description()));
    }
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode page = answer.putArray("Versions");
    int end = Math.min(all.size(), start + max);
    all.subList(start, end).forEach(page::add);
    if (end < all.size()) {
      answer.put("NextMarker", String.valueOf(end));
    }
    return Answer.ok(answer);
  }

  private Answer updateAlias(Function function, String aliasName, JsonNode body) {
    Alias alias = function.aliases.get(aliasName);
    if (alias == null) {
      return Answer.error(
          404,
          "ResourceNotFoundException",
          "Alias not found: " + arn(function.name) + ":" + aliasName);
    }
    String version =
        body.hasNonNull("FunctionVersion") ? body.get("FunctionVersion").asText() : alias.version();
    if (!exists(function, version)) {
      return Answer.error(
          404,
          "ResourceNotFoundException",
          "Function not found: " + arn(function.name) + ":" + version);
    }
    Map<String, Double> routing = alias.routing();
    if (body.has("RoutingConfig")) {
      routing = new HashMap<>();
      JsonNode weights = body.path("RoutingConfig").path("AdditionalVersionWeights");
      for (Map.Entry<String, JsonNode> entry : weights.properties()) {
        if (entry.getKey().equals(version)) {
          return Answer.error(
              400,
              "InvalidParameterValueException",
              "Invalid function version "
                  + version
                  + ". Function version "
                  + version
                  + " is already included in routing configuration.");
        }
        if (!exists(function, entry.getKey())) {
          return Answer.error(
              404,
              "ResourceNotFoundException",
              "Function not found: " + arn(function.name) + ":" + entry.getKey());
        }
        double weight = entry.getValue().asDouble();
        if (weight < 0 || weight > 1) {
          return Answer.error(
              400,
              "ValidationException",
              "1 validation error detected: Value at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0]");
        }
        routing.put(entry.getKey(), weight);
      }
    }
    String description =
        body.has("Description") ? body.get("Description").asText() : alias.description();
    Alias updated = new Alias(version, routing, description);
    function.aliases.put(aliasName, updated);
    return Answer.ok(alias(function, aliasName, updated));
  }

  private static boolean exists(Function function, String version) {
    return version.equals("$LATEST")
        || function.versions.stream().anyMatch(v -> v.number().equals(version));
  }

  private void handleCbor(HttpExchange exchange, String path, String operation, byte[] body)
      throws IOException {
    JsonNode request = body.length == 0 ? CBOR.createObjectNode() : CBOR.readTree(body);
    int status;
    ObjectNode answer = CBOR.createObjectNode();
    String queryError = null;
    synchronized (this) {
      requests.add(new Recorded("POST", path, operation, request));
      Optional<Failure> failure = nextFailure(operation);
      if (failure.isPresent()) {
        status = failure.get().status();
        answer.put("__type", "com.amazonaws.cloudwatch#" + failure.get().code());
        answer.put("message", failure.get().message());
        queryError = failure.get().code() + ";Sender";
      } else if (!operation.equals("DescribeAlarms")) {
        status = 400;
        answer.put("__type", "com.amazonaws.cloudwatch#UnknownOperationException");
        answer.put("message", "unknown operation " + operation);
      } else {
        status = 200;
        describeAlarms(request, answer);
      }
    }
    byte[] bytes = CBOR.writeValueAsBytes(answer);
    exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
    exchange.getResponseHeaders().set("Content-Type", "application/cbor");
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    if (queryError != null) {
      exchange.getResponseHeaders().set("x-amzn-query-error", queryError);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void describeAlarms(JsonNode request, ObjectNode answer) {
    List<String> names = new ArrayList<>();
    request.path("AlarmNames").forEach(name -> names.add(name.asText()));
    List<String> types = new ArrayList<>();
    request.path("AlarmTypes").forEach(type -> types.add(type.asText()));
    if (types.isEmpty()) {
      types.add("MetricAlarm");
    }
    ArrayNode metric = answer.putArray("MetricAlarms");
    ArrayNode composite = answer.putArray("CompositeAlarms");
    for (Map.Entry<String, Alarm> entry : alarms.entrySet()) {
      Alarm alarm = entry.getValue();
      if (!names.isEmpty() && !names.contains(entry.getKey())) {
        continue;
      }
      if (!types.contains(alarm.composite() ? "CompositeAlarm" : "MetricAlarm")) {
        continue;
      }
      ObjectNode node = (alarm.composite() ? composite : metric).addObject();
      node.put("AlarmName", entry.getKey());
      node.put(
          "AlarmArn", "arn:aws:cloudwatch:" + REGION + ":" + ACCOUNT + ":alarm:" + entry.getKey());
      node.put("StateValue", alarm.state());
      node.put("StateReason", alarm.reason());
      node.put("ActionsEnabled", true);
    }
  }

  private Optional<Failure> nextFailure(String operation) {
    List<Failure> queue = failures.get(operation);
    return queue == null || queue.isEmpty() ? Optional.empty() : Optional.of(queue.remove(0));
  }

  private static void sendJson(HttpExchange exchange, int status, String errorType, JsonNode body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    if (errorType != null) {
      exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** Lambda's error body; the error's type travels in the {@code x-amzn-ErrorType} header. */
  private static ObjectNode error(String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("Type", "User");
    node.put("message", message);
    return node;
  }

  private static ObjectNode configuration(
      Function function, String version, String sha, String description) {
    ObjectNode node = JSON.createObjectNode();
    node.put("FunctionName", function.name);
    node.put("FunctionArn", arn(function.name) + (version.equals("$LATEST") ? "" : ":" + version));
    node.put("Version", version);
    node.put("CodeSha256", sha);
    node.put("Description", description);
    node.put("PackageType", function.image ? "Image" : "Zip");
    node.put("State", "Active");
    node.put("LastModified", "2026-03-02T14:00:00.000+0000");
    node.put("RevisionId", UUID.randomUUID().toString());
    if (version.equals("$LATEST")) {
      node.put("LastUpdateStatus", function.status);
      if (function.statusReason != null && !function.status.equals("Successful")) {
        node.put("LastUpdateStatusReason", function.statusReason);
      }
      if (function.statusReasonCode != null && function.status.equals("Failed")) {
        node.put("LastUpdateStatusReasonCode", function.statusReasonCode);
      }
    } else {
      node.put("LastUpdateStatus", "Successful");
    }
    return node;
  }

  private static ObjectNode alias(Function function, String name, Alias alias) {
    ObjectNode node = JSON.createObjectNode();
    node.put("AliasArn", arn(function.name) + ":" + name);
    node.put("Name", name);
    node.put("FunctionVersion", alias.version());
    node.put("Description", alias.description());
    if (!alias.routing().isEmpty()) {
      ObjectNode weights = node.putObject("RoutingConfig").putObject("AdditionalVersionWeights");
      alias.routing().forEach(weights::put);
    }
    node.put("RevisionId", UUID.randomUUID().toString());
    return node;
  }

  /** A function name from a path segment that may be a name, a partial ARN or an ARN. */
  private static String functionName(String segment) {
    int function = segment.indexOf("function:");
    if (function < 0) {
      return segment;
    }
    String rest = segment.substring(function + "function:".length());
    int colon = rest.indexOf(':');
    return colon < 0 ? rest : rest.substring(0, colon);
  }

  private static String arn(String function) {
    return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + function;
  }

  private Function get(String name) {
    Function function = functions.get(name);
    if (function == null) {
      throw new IllegalArgumentException("no function " + name + " in the test server");
    }
    return function;
  }

  private static String sha256(String code) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
