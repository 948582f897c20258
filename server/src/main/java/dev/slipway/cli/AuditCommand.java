package dev.slipway.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.api.Json;
import dev.slipway.audit.AuditJsonLines;
import dev.slipway.audit.AuditVerification;
import dev.slipway.audit.AuditVerifier;
import dev.slipway.error.SlipwayException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway audit}: check and export the tamper-evident record. */
@Command(
    name = "audit",
    description = "Verify or export the audit record.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand {
  /** {@code slipway audit verify [--file F]}. */
  @Command(
      name = "verify",
      description =
          "Check the hash chain of the server's audit record, or of an exported file; report the"
              + " first event altered, removed or inserted. Exit 8 when the record is not intact.")
  static final class Verify implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(names = "--file", description = "Verify an export (JSON lines) instead of the server")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      Printer printer = new Printer(spec.commandLine().getOut());
      if (file == null) {
        JsonNode verdict = client.client().get("api/v1/audit/verify");
        if (client.json()) {
          printer.json(verdict);
        } else {
          printVerdict(
              printer,
              verdict.get("intact").asBoolean(),
              verdict.get("eventsChecked").asLong(),
              Printer.text(verdict, "problem"));
        }
        return verdict.get("intact").asBoolean() ? ExitCodes.OK : ExitCodes.NOT_GOOD;
      }
      AuditVerification verification = verifyFile(file);
      if (client.json()) {
        printer.json(Json.mapper().valueToTree(verification));
      } else {
        printVerdict(
            printer,
            verification.intact(),
            verification.eventsChecked(),
            verification.firstBreak().map(AuditVerification.Break::problem).orElse(""));
      }
      return verification.intact() ? ExitCodes.OK : ExitCodes.NOT_GOOD;
    }

    private static AuditVerification verifyFile(Path file) throws IOException {
      if (!Files.isRegularFile(file)) {
        throw SlipwayException.invalid("--file", "%s is not a file", file);
      }
      AuditVerifier verifier = new AuditVerifier();
      try (BufferedReader reader = Files.newBufferedReader(file, UTF_8)) {
        String line;
        long number = 0;
        while ((line = reader.readLine()) != null) {
          number++;
          if (!line.isBlank()) {
            verifier.accept(AuditJsonLines.read(line, number));
          }
        }
      }
      // An export carries no head: events cut from its end cannot be told from a shorter log.
      return verifier.finish(Optional.empty());
    }

    private static void printVerdict(
        Printer printer, boolean intact, long checked, String problem) {
      if (intact) {
        printer.line("Audit record intact: " + checked + " events, hash chain unbroken");
      } else {
        printer.line("Audit record NOT intact: " + problem);
      }
    }
  }

  /** {@code slipway audit export [--file F]}. */
  @Command(
      name = "export",
      description = "Write the whole audit record as JSON lines (to standard output or a file).")
  static final class Export implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Option(names = "--file", description = "Write to this file instead of standard output")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      try (InputStream export = client.client().stream("api/v1/audit/export")) {
        if (file == null) {
          PrintWriter out = spec.commandLine().getOut();
          BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(export, UTF_8));
          String line;
          while ((line = reader.readLine()) != null) {
            out.println(line);
          }
          out.flush();
        } else {
          Path partial = file.resolveSibling(file.getFileName() + ".partial");
          try (OutputStream output = Files.newOutputStream(partial)) {
            export.transferTo(output);
          }
          Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
          spec.commandLine().getErr().println("Exported the audit record to " + file);
        }
      }
      return ExitCodes.OK;
    }
  }
}
