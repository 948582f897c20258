package dev.slipway.quickstart;

import dev.slipway.quickstart.SourceRepository.Change;
import dev.slipway.quickstart.SourceRepository.Developer;
import java.util.List;
import java.util.Map;

/**
 * What the quickstart's developers merge: a history each source repository starts with, and the
 * changes of the show. Squash-merged pull requests, so each subject ends with its number.
 */
final class Changes {
  static final Developer AMARA = new Developer("Amara Okafor", "amara.okafor@notify.example");
  static final Developer JONAS = new Developer("Jonas Berg", "jonas.berg@notify.example");
  static final Developer MEI = new Developer("Mei Chen", "mei.chen@notify.example");
  static final Developer PRIYA = new Developer("Priya Raman", "priya.raman@notify.example");

  /** Per component, the commits already merged when the quickstart's world begins. */
  static final Map<String, List<Change>> HISTORY =
      Map.of(
          "api",
          List.of(
              change(JONAS, "Add the notifications endpoint (#2090)", "app/notifications/rest.py"),
              change(
                  MEI, "Send SMS through the new provider client (#2094)", "app/clients/sms.py")),
          "admin",
          List.of(
              change(
                  AMARA, "Show template previews in the editor (#1870)", "app/main/templates.py"),
              change(
                  PRIYA,
                  "Fix pagination on the team members page (#1873)",
                  "app/main/manage_users.py")));

  /** Act one: a change to each app. */
  static final Change API_LIMITS =
      change(AMARA, "Warn services nearing their daily SMS limit (#2101)", "app/sms/limits.py");

  static final Change ADMIN_REPORT =
      change(JONAS, "Add the annual usage report page (#1880)", "app/main/usage_report.py");

  /** Act two: another api change. */
  static final Change API_CALLBACKS =
      change(
          PRIYA,
          "Retry delivery callbacks with exponential backoff (#2105)",
          "app/celery/callbacks.py");

  /** Act three: the api change that breaks the app once it runs. */
  static final Change API_CACHE =
      change(MEI, "Cache template lookups in Redis (#2110)", "app/templates/cache.py");

  private Changes() {}

  /** A change adding a comment that sums it up to one module. */
  private static Change change(Developer author, String subject, String file) {
    return new Change(author, subject, file, "# " + subject.replaceFirst(" \\(#\\d+\\)$", ""));
  }
}
