package dev.slipway.evidence;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import dev.slipway.evidence.report.ReportFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The report formats uploads may use, by name. */
public final class ReportFormats {
  private final Map<String, ReportFormat> byName;

  public ReportFormats(List<ReportFormat> formats) {
    Map<String, ReportFormat> names = new TreeMap<>();
    for (ReportFormat format : requireNonNull(formats, "formats is null")) {
      if (names.put(format.name(), format) != null) {
        throw new IllegalArgumentException("two report formats are named " + format.name());
      }
    }
    this.byName = names;
  }

  /** The formats found on the class path through {@link ServiceLoader}. */
  public static ReportFormats discover() {
    return new ReportFormats(
        ServiceLoader.load(ReportFormat.class).stream().map(ServiceLoader.Provider::get).toList());
  }

  public Optional<ReportFormat> findFormat(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public ReportFormat getFormat(String name) {
    return findFormat(name)
        .orElseThrow(
            () ->
                SlipwayException.invalid(
                    "format", "unknown report format '%s'; known formats: %s", name, names()));
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }
}
