package dev.slipway.target.git;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.slipway.config.RepositoryConfig;
import dev.slipway.error.SlipwayException;
import dev.slipway.target.AppliedChange;
import dev.slipway.target.AppliedOperation;
import dev.slipway.target.DeployLog;
import dev.slipway.target.DeployOperation;
import dev.slipway.target.Deployer;
import dev.slipway.target.TargetChange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes the values of every {@code git-file} target of one repository in one commit and pushes it.
 * One deployer serves every target that names the repository, so a promotion of several components
 * is one commit.
 *
 * <p>Applying is idempotent: the commit carries the trailer {@code Slipway-Operation: <id>}, and an
 * operation whose commit is among the last {@value #LOOKBACK} commits of the branch is not applied
 * again. A push that the remote rejects (someone else pushed first) is fetched, applied again on
 * the new head and pushed again, up to the repository's {@code pushAttempts} in all. Applies to one
 * clone are serialized within the process.
 */
public final class GitRepositoryDeployer implements Deployer {
  /** The trailer naming the operation a commit applied. */
  public static final String TRAILER = "Slipway-Operation";

  /** How many commits back from the branch head an operation's commit is looked for. */
  public static final int LOOKBACK = 500;

  private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private static final Pattern TRAILER_LINE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*: \\S.*");

  private final RepositoryConfig repository;
  private final LocalClone clone;
  private final GitRemoteAccess access;
  private final Clock clock;

  GitRepositoryDeployer(
      RepositoryConfig repository, Path cloneDirectory, GitRemoteAccess access, Clock clock) {
    this.repository = requireNonNull(repository, "repository is null");
    this.clone = new LocalClone(cloneDirectory, repository.url(), repository.branch());
    this.access = requireNonNull(access, "access is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public RepositoryConfig repository() {
    return repository;
  }

  /** Where the clone is kept. */
  public Path cloneDirectory() {
    return clone.directory();
  }

  @Override
  public AppliedOperation apply(DeployOperation operation) {
    requireNonNull(operation, "operation is null");
    if (operation.id().isBlank() || operation.id().chars().anyMatch(Character::isWhitespace)) {
      throw SlipwayException.internal(
          "operation id '" + operation.id() + "' must be one word, as it is a commit trailer",
          null);
    }
    List<Edit> edits = edits(operation.changes());
    return locked(operation.log(), repository -> new Attempts(repository, operation, edits).run());
  }

  /**
   * The value a target has at the head of the remote branch now, fetched first; empty when the file
   * or the place in it does not exist.
   */
  public Optional<String> currentValue(String file, ValueLocator locator) {
    requireNonNull(file, "file is null");
    requireNonNull(locator, "locator is null");
    DeployLog ignored = message -> {};
    return locked(
        ignored,
        git -> {
          ObjectId head;
          try (GitRemoteAccess.Session session = access.open()) {
            head = fetch(git, session);
          } catch (TransportException e) {
            throw SlipwayException.external(
                String.format(
                    "fetch from %s branch %s failed: %s",
                    url(), repository.branch(), e.getMessage()),
                e);
          }
          try (RevWalk walk = new RevWalk(git)) {
            RevCommit commit = walk.parseCommit(head);
            return readFile(git, commit, file)
                .flatMap(content -> withContext(file, () -> locator.read(content)));
          }
        });
  }

  @FunctionalInterface
  private interface GitWork<T> {
    T run(Repository repository) throws IOException;
  }

  private <T> T locked(DeployLog log, GitWork<T> work) {
    ReentrantLock lock = LOCKS.computeIfAbsent(clone.directory(), directory -> new ReentrantLock());
    lock.lock();
    try (Repository git = clone.open(log::note)) {
      return work.run(git);
    } catch (IOException e) {
      throw SlipwayException.internal(
          String.format(
              "cannot use the clone of repository %s in %s: %s",
              repository.name(), clone.directory(), e.getMessage()),
          e);
    } finally {
      lock.unlock();
    }
  }

  /** One change with the target that knows where it goes. */
  private record Edit(TargetChange change, GitFileTarget target) {}

  private List<Edit> edits(List<TargetChange> changes) {
    List<Edit> edits = new ArrayList<>();
    Map<String, String> valueByPlace = new HashMap<>();
    for (TargetChange change : changes) {
      if (!(change.target() instanceof GitFileTarget target) || target.deployer() != this) {
        throw SlipwayException.internal(
            String.format(
                "target %s of %s is not a git-file target of repository %s",
                change.target().description(), change.component(), repository.name()),
            null);
      }
      String place = target.file() + "\n" + target.locator().description();
      String earlier = valueByPlace.putIfAbsent(place, change.value());
      if (earlier != null && !earlier.equals(change.value())) {
        throw SlipwayException.invalid(
            "targets",
            "%s is set to both '%s' and '%s' in one operation",
            target.description(),
            earlier,
            change.value());
      }
      edits.add(new Edit(change, target));
    }
    return List.copyOf(edits);
  }

  /** The attempts of one operation: fetch, apply on the head, commit, push; again if rejected. */
  private final class Attempts {
    private final Repository git;
    private final DeployOperation operation;
    private final List<Edit> edits;
    private final DeployLog log;
    private final Set<ObjectId> pushed = new HashSet<>();

    Attempts(Repository git, DeployOperation operation, List<Edit> edits) {
      this.git = git;
      this.operation = operation;
      this.edits = edits;
      this.log = operation.log();
    }

    AppliedOperation run() throws IOException {
      int attempts = repository.pushAttempts();
      String failure = "";
      String step = "push to";
      boolean rejected = false;
      try (GitRemoteAccess.Session session = access.open()) {
        for (int attempt = 1; attempt <= attempts; attempt++) {
          String of = " (attempt " + attempt + " of " + attempts + ")";
          log.note("fetching " + url() + " branch " + repository.branch() + of);
          ObjectId head;
          try {
            head = fetch(git, session);
          } catch (TransportException e) {
            failure = e.getMessage();
            step = "fetch from";
            rejected = false;
            log.note("fetch failed" + of + ": " + failure);
            continue;
          }
          try (RevWalk walk = new RevWalk(git)) {
            RevCommit base = walk.parseCommit(head);
            Optional<AppliedOperation> earlier = earlier(walk, base);
            if (earlier.isPresent()) {
              return earlier.get();
            }
            Prepared prepared = prepare(base);
            if (prepared.commit().isEmpty()) {
              log.note(
                  "every value is already set on "
                      + repository.branch()
                      + " at "
                      + base.abbreviate(7).name()
                      + "; no commit made");
              return new AppliedOperation(Optional.empty(), prepared.applied(), false);
            }
            ObjectId commit = prepared.commit().get();
            log.note(
                "pushing "
                    + commit.abbreviate(7).name()
                    + " to "
                    + url()
                    + " branch "
                    + repository.branch()
                    + of);
            Optional<String> refusal;
            try {
              pushed.add(commit);
              refusal = push(session, base, commit);
            } catch (TransportException e) {
              failure = e.getMessage();
              step = "push to";
              rejected = false;
              log.note("push failed" + of + ": " + failure);
              continue;
            }
            if (refusal.isEmpty()) {
              log.note("pushed " + commit.abbreviate(7).name() + " to " + repository.branch());
              return new AppliedOperation(Optional.of(commit.name()), prepared.applied(), false);
            }
            failure = refusal.get();
            step = "push to";
            rejected = true;
            log.note("push rejected" + of + ": " + failure);
          }
        }
      }
      String message =
          String.format(
              "%s %s branch %s for %s %s after %d attempts: %s",
              step,
              url(),
              repository.branch(),
              operation.id(),
              rejected ? "rejected" : "failed",
              attempts,
              failure);
      throw rejected
          ? SlipwayException.externalTerminal(message, null)
          : SlipwayException.external(message, null);
    }

    /** The result of this operation's commit when it is already on the branch. */
    private Optional<AppliedOperation> earlier(RevWalk walk, RevCommit head) throws IOException {
      walk.markStart(head);
      RevCommit found = null;
      int seen = 0;
      for (RevCommit commit : walk) {
        if (++seen > LOOKBACK) {
          break;
        }
        if (commit.getFooterLines(TRAILER).contains(operation.id())) {
          found = commit;
          break;
        }
      }
      walk.reset();
      if (found == null) {
        return Optional.empty();
      }
      if (pushed.contains(found)) {
        // A push that failed in transport had reached the remote after all.
        log.note("the push of " + found.abbreviate(7).name() + " had reached the remote");
        return Optional.of(
            new AppliedOperation(Optional.of(found.name()), previousValues(walk, found), false));
      }
      log.note(
          "already applied in "
              + found.abbreviate(7).name()
              + " ("
              + TRAILER
              + ": "
              + operation.id()
              + "); nothing pushed");
      return Optional.of(
          new AppliedOperation(Optional.of(found.name()), previousValues(walk, found), true));
    }

    private List<AppliedChange> previousValues(RevWalk walk, RevCommit commit) throws IOException {
      walk.parseHeaders(commit);
      Optional<RevCommit> parent =
          commit.getParentCount() == 0
              ? Optional.empty()
              : Optional.of(walk.parseCommit(commit.getParent(0)));
      Map<String, Optional<String>> contents = new HashMap<>();
      List<AppliedChange> applied = new ArrayList<>();
      for (Edit edit : edits) {
        String file = edit.target().file();
        if (!contents.containsKey(file)) {
          contents.put(
              file, parent.isEmpty() ? Optional.empty() : readFile(git, parent.get(), file));
        }
        Optional<String> previous =
            contents
                .get(file)
                .flatMap(content -> withContext(file, () -> edit.target().locator().read(content)));
        applied.add(new AppliedChange(edit.change(), previous));
      }
      return applied;
    }

    private Prepared prepare(RevCommit base) throws IOException {
      Map<String, String> original = new LinkedHashMap<>();
      Map<String, String> updated = new LinkedHashMap<>();
      List<AppliedChange> applied = new ArrayList<>();
      for (Edit edit : edits) {
        String file = edit.target().file();
        ValueLocator locator = edit.target().locator();
        if (!original.containsKey(file)) {
          String content =
              readFile(git, base, file)
                  .orElseThrow(
                      () ->
                          SlipwayException.invalid(
                              "file",
                              "file %s is not in repository %s (branch %s at %s), so %s cannot be"
                                  + " set for %s",
                              file,
                              repository.name(),
                              repository.branch(),
                              base.abbreviate(7).name(),
                              edit.target().description(),
                              operation.id()));
          original.put(file, content);
          updated.put(file, content);
        }
        String value = edit.change().value();
        Optional<String> previous = withContext(file, () -> locator.read(original.get(file)));
        updated.put(file, withContext(file, () -> locator.write(updated.get(file), value)));
        applied.add(new AppliedChange(edit.change(), previous));
        log.note(
            edit.target().description()
                + (previous.filter(value::equals).isPresent()
                    ? ": already " + value
                    : ": " + previous.orElse("(none)") + " -> " + value));
      }
      Map<String, String> changed = new LinkedHashMap<>();
      updated.forEach(
          (file, content) -> {
            if (!content.equals(original.get(file))) {
              changed.put(file, content);
            }
          });
      if (changed.isEmpty()) {
        return new Prepared(Optional.empty(), applied);
      }
      return new Prepared(Optional.of(commit(base, changed)), applied);
    }

    private ObjectId commit(RevCommit base, Map<String, String> files) throws IOException {
      try (ObjectInserter inserter = git.newObjectInserter();
          ObjectReader reader = git.newObjectReader()) {
        DirCache index = DirCache.read(reader, base.getTree());
        DirCacheEditor editor = index.editor();
        for (Map.Entry<String, String> file : files.entrySet()) {
          ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(UTF_8));
          editor.add(
              new DirCacheEditor.PathEdit(file.getKey()) {
                @Override
                public void apply(DirCacheEntry entry) {
                  entry.setObjectId(blob);
                }
              });
        }
        editor.finish();
        PersonIdent ident =
            new PersonIdent(
                repository.authorName(), repository.authorEmail(), clock.instant(), ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(index.writeTree(inserter));
        commit.setParentId(base);
        commit.setAuthor(ident);
        commit.setCommitter(ident);
        commit.setMessage(message(operation));
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        return id;
      }
    }

    /** Empty when the push went through, else what the remote said. */
    private Optional<String> push(GitRemoteAccess.Session session, RevCommit base, ObjectId commit)
        throws IOException {
      String ref = Constants.R_HEADS + repository.branch();
      try (Transport transport = transport(git, session)) {
        RemoteRefUpdate update = new RemoteRefUpdate(git, null, commit, ref, false, null, base);
        PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
        RemoteRefUpdate outcome = result.getRemoteUpdate(ref);
        String remote = result.getMessages() == null ? "" : result.getMessages().strip();
        String refusal =
            switch (outcome.getStatus()) {
              case OK, UP_TO_DATE -> null;
              case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED ->
                  "the branch moved on the remote (someone else pushed first)";
              case REJECTED_OTHER_REASON,
                  REJECTED_NODELETE,
                  NON_EXISTING,
                  NOT_ATTEMPTED,
                  AWAITING_REPORT ->
                  outcome.getMessage() == null
                      ? "status " + outcome.getStatus()
                      : outcome.getMessage();
            };
        if (refusal == null) {
          return Optional.empty();
        }
        return Optional.of(remote.isEmpty() ? refusal : refusal + "; remote said: " + remote);
      }
    }
  }

  /** A commit to push, or none when every value was already set, and what each change replaced. */
  private record Prepared(Optional<ObjectId> commit, List<AppliedChange> applied) {}

  /**
   * The operation's subject and body with the trailer last. When the body already ends with
   * trailers ({@code Co-authored-by: ...}) the trailer joins them, since git reads trailers only
   * from the last paragraph.
   */
  static String message(DeployOperation operation) {
    StringBuilder message = new StringBuilder(operation.subject().strip());
    String body = operation.body().strip();
    boolean endsWithTrailers = false;
    if (!body.isEmpty()) {
      message.append("\n\n").append(body);
      int paragraph = body.lastIndexOf("\n\n");
      endsWithTrailers =
          body.substring(paragraph < 0 ? 0 : paragraph + 2)
              .lines()
              .allMatch(TRAILER_LINE.asMatchPredicate());
    }
    return message
        .append(endsWithTrailers ? "\n" : "\n\n")
        .append(TRAILER)
        .append(": ")
        .append(operation.id())
        .append('\n')
        .toString();
  }

  /** Fetches the branch and returns its head as the remote advertised it. */
  private ObjectId fetch(Repository git, GitRemoteAccess.Session session) throws IOException {
    String ref = Constants.R_HEADS + repository.branch();
    FetchResult result;
    try (Transport transport = transport(git, session)) {
      result =
          transport.fetch(
              NullProgressMonitor.INSTANCE,
              List.of(new RefSpec("+" + ref + ":" + clone.trackingRef())));
    } catch (TransportException e) {
      if (!advertises(git, session, ref)) {
        throw missingBranch();
      }
      throw e;
    }
    Ref head = result.getAdvertisedRef(ref);
    if (head == null || head.getObjectId() == null) {
      throw missingBranch();
    }
    return head.getObjectId();
  }

  /**
   * Whether the remote has the ref, asked again after a failed fetch: JGit reports a missing branch
   * as a transport failure, but no retry can make a branch appear.
   */
  private boolean advertises(Repository git, GitRemoteAccess.Session session, String ref) {
    try (Transport transport = transport(git, session);
        FetchConnection connection = transport.openFetch()) {
      return connection.getRef(ref) != null;
    } catch (TransportException | NotSupportedException e) {
      return true;
    }
  }

  private SlipwayException missingBranch() {
    return SlipwayException.externalTerminal(
        String.format("branch %s does not exist in %s", repository.branch(), url()), null);
  }

  private Transport transport(Repository git, GitRemoteAccess.Session session)
      throws TransportException {
    try {
      Transport transport = Transport.open(git, access.uri());
      try {
        transport.setTagOpt(TagOpt.NO_TAGS);
        session.configure(transport);
      } catch (RuntimeException e) {
        transport.close();
        throw e;
      }
      return transport;
    } catch (NotSupportedException e) {
      throw SlipwayException.invalid(
          "url",
          "url %s of repository %s is not a supported git URL: %s",
          url(),
          repository.name(),
          e.getMessage());
    }
  }

  /** The file's text at a commit; empty when the commit has no such file. */
  private Optional<String> readFile(Repository git, RevCommit commit, String file)
      throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(git, file, commit.getTree())) {
      if (walk == null) {
        return Optional.empty();
      }
      FileMode mode = walk.getFileMode(0);
      if (!FileMode.REGULAR_FILE.equals(mode) && !FileMode.EXECUTABLE_FILE.equals(mode)) {
        throw SlipwayException.invalid(
            "file",
            "%s in repository %s is not a regular file (a folder, link or submodule)",
            file,
            repository.name());
      }
      byte[] bytes =
          git.open(walk.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
      try {
        return Optional.of(
            UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString());
      } catch (CharacterCodingException e) {
        throw SlipwayException.invalid(
            "file",
            "%s in repository %s is not UTF-8 text, so it cannot be edited byte for byte",
            file,
            repository.name());
      }
    }
  }

  @FunctionalInterface
  private interface LocatorWork<T> {
    T run();
  }

  /** Adds the file and repository to a locator's error, which knows only the text. */
  private <T> T withContext(String file, LocatorWork<T> work) {
    try {
      return work.run();
    } catch (SlipwayException e) {
      throw new SlipwayException(
          e.category(),
          String.format("%s in repository %s: %s", file, repository.name(), e.getMessage()),
          e.field().orElse(null),
          true,
          e);
    }
  }

  private String url() {
    return GitRemoteAccess.displayUrl(repository.url());
  }

  @Override
  public String toString() {
    return "git repository "
        + repository.name()
        + " ("
        + url()
        + " branch "
        + repository.branch()
        + ")";
  }
}
