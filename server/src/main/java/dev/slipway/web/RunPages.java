package dev.slipway.web;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.evidence.Evidence;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code GET /evidence/{id}}: a test run as a page. It needs no token, so a link posted in chat
 * opens for anyone who can reach the server; it shows what the team's CI already shows them and
 * changes nothing. The raw report stays behind the API's token.
 */
public final class RunPages {
  private final Evidence evidence;
  private final TemplateEngine templates;

  public RunPages(Evidence evidence) {
    this.evidence = requireNonNull(evidence, "evidence is null");
    this.templates = TemplateEngine.createPrecompiled(ContentType.Html);
  }

  /** Where a run's page is, relative to the server's URL. */
  public static String path(long runId) {
    return "/evidence/" + runId;
  }

  public void register(RoutesConfig routes) {
    routes.get("/evidence/{id}", this::show);
  }

  private void show(Context context) {
    String text = context.pathParam("id");
    try {
      context.html(render(RunPage.of(evidence.getDetail(Long.parseLong(text)))));
    } catch (NumberFormatException e) {
      missing(context, "There is no test run '" + text + "'");
    } catch (SlipwayException e) {
      if (e.category() != ErrorCategory.NOT_FOUND) {
        throw e;
      }
      missing(context, "There is no test run " + text);
    }
  }

  /** A person following a link gets a page, not the API's problem JSON. */
  private void missing(Context context, String message) {
    StringOutput output = new StringOutput();
    templates.render("evidence/missing.jte", message, output);
    context.status(404).html(output.toString());
  }

  String render(RunPage page) {
    StringOutput output = new StringOutput();
    templates.render("evidence/run.jte", page, output);
    return output.toString();
  }
}
