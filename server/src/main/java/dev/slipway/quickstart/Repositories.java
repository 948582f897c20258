package dev.slipway.quickstart;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The quickstart's git repositories: a source repository per component and the manifests
 * repository, which starts out naming the newest commit of each source repository everywhere.
 */
record Repositories(Map<String, SourceRepository> sources, ManifestsRepository manifests) {
  Repositories {
    sources = Map.copyOf(requireNonNull(sources, "sources is null"));
    requireNonNull(manifests, "manifests is null");
  }

  /** Opens the repositories of a reused folder, or makes them with their first history. */
  static Repositories prepare(QuickstartFolder folder, Clock clock) {
    Map<String, SourceRepository> sources = new LinkedHashMap<>();
    if (folder.state() == QuickstartFolder.State.REUSED) {
      for (String component : QuickstartFolder.COMPONENTS) {
        sources.put(component, SourceRepository.open(folder.source(component), clock));
      }
      return new Repositories(sources, ManifestsRepository.open(folder.manifests()));
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (String component : QuickstartFolder.COMPONENTS) {
      SourceRepository source = SourceRepository.create(folder.source(component), clock);
      SourceRepository.Commit last = null;
      for (SourceRepository.Change change : Changes.HISTORY.get(component)) {
        last = source.merge(change);
      }
      tags.put(component, requireNonNull(last, "no history for " + component).shortSha());
      sources.put(component, source);
    }
    ManifestsRepository manifests =
        ManifestsRepository.create(
            folder.manifests(),
            tags,
            new PersonIdent(Changes.PRIYA.name(), Changes.PRIYA.email()),
            clock.instant());
    return new Repositories(sources, manifests);
  }
}
