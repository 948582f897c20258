package dev.slipway.web;

import static java.util.Objects.requireNonNull;

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
    long id;
    try {
      id = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw SlipwayException.notFound("test run '%s' does not exist", text);
    }
    context.html(render(RunPage.of(evidence.getDetail(id))));
  }

  String render(RunPage page) {
    StringOutput output = new StringOutput();
    templates.render("evidence/run.jte", page, output);
    return output.toString();
  }
}
