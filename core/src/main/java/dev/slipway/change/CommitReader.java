package dev.slipway.change;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.slipway.build.CommitSha;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * Reads a change set's commit from the raw bytes of a git commit. Change sets run to tens of
 * thousands of commits, so it decodes only what it keeps: the author and committer lines without
 * their time zones, the subject, and only the {@code Co-authored-by:} lines of the message's
 * trailer block, where JGit's own accessors would decode every identity and the whole message.
 */
final class CommitReader {
  private static final byte[] CO_AUTHORED_BY = "co-authored-by".getBytes(UTF_8);
  private static final String MERGE_PULL_REQUEST = "Merge pull request #";

  /** Pull-request numbers are at most this many digits, so they fit an int. */
  private static final int MAX_DIGITS = 9;

  private CommitReader() {}

  static ChangeCommit read(RevCommit commit) {
    byte[] raw = commit.getRawBuffer();
    Charset charset = charset(raw);
    CommitIdentity author = identity(charset, raw, RawParseUtils.author(raw, 0));
    CommitIdentity committer = identity(charset, raw, RawParseUtils.committer(raw, 0));
    int message = RawParseUtils.commitMessage(raw, 0);
    String subject = "";
    List<CommitIdentity> coAuthors = List.of();
    if (message >= 0) {
      int subjectEnd = RawParseUtils.endOfParagraph(raw, message);
      subject = subject(charset, raw, message, subjectEnd);
      coAuthors = coAuthors(charset, raw, subjectEnd, author);
    }
    return new ChangeCommit(
        CommitSha.of(commit.name()),
        author,
        committer,
        coAuthors,
        pullRequest(subject),
        subject,
        Instant.ofEpochSecond(commit.getCommitTime()));
  }

  /**
   * The pull request a subject names: GitHub's squash subjects end with {@code (#123)}, its merge
   * subjects start with {@code Merge pull request #123 from org/branch}.
   */
  static Optional<Integer> pullRequest(String subject) {
    if (subject.startsWith(MERGE_PULL_REQUEST)) {
      int start = MERGE_PULL_REQUEST.length();
      int end = digitsFrom(subject, start);
      if (end > start && subject.startsWith(" from ", end)) {
        return number(subject, start, end);
      }
      return Optional.empty();
    }
    if (subject.endsWith(")")) {
      int close = subject.length() - 1;
      int start = subject.lastIndexOf("(#", close);
      if (start >= 0 && digitsFrom(subject, start + 2) == close) {
        return number(subject, start + 2, close);
      }
    }
    return Optional.empty();
  }

  private static int digitsFrom(String text, int start) {
    int end = start;
    while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
      end++;
    }
    return end;
  }

  private static Optional<Integer> number(String text, int start, int end) {
    if (end == start || end - start > MAX_DIGITS) {
      return Optional.empty();
    }
    int number = Integer.parseInt(text, start, end, 10);
    return number > 0 ? Optional.of(number) : Optional.empty();
  }

  /** A commit names its encoding only when it is not UTF-8; an unknown one is read as UTF-8. */
  private static Charset charset(byte[] raw) {
    if (RawParseUtils.encoding(raw, 0) < 0) {
      return UTF_8;
    }
    try {
      return RawParseUtils.parseEncoding(raw);
    } catch (RuntimeException e) {
      return UTF_8;
    }
  }

  /** {@code Name <email> 1700000000 +0000}, from just after the header's name. */
  private static CommitIdentity identity(Charset charset, byte[] raw, int start) {
    if (start < 0) {
      return new CommitIdentity("", "");
    }
    int end = RawParseUtils.nextLF(raw, start) - 1;
    int lt = indexOf(raw, start, end, (byte) '<');
    if (lt < 0) {
      return new CommitIdentity(RawParseUtils.decode(charset, raw, start, end).strip(), "");
    }
    int gt = indexOf(raw, lt + 1, end, (byte) '>');
    String name = RawParseUtils.decode(charset, raw, start, lt).strip();
    String email = RawParseUtils.decode(charset, raw, lt + 1, gt < 0 ? end : gt);
    return new CommitIdentity(name, email);
  }

  /** The first paragraph on one line, as {@code git log --format=%s} shows it. */
  private static String subject(Charset charset, byte[] raw, int start, int end) {
    String text = RawParseUtils.decode(charset, raw, start, end);
    if (text.indexOf('\n') < 0) {
      return text.strip();
    }
    StringBuilder subject = new StringBuilder(text.length());
    for (String line : text.split("\r?\n", -1)) {
      String stripped = line.strip();
      if (!stripped.isEmpty()) {
        if (subject.length() > 0) {
          subject.append(' ');
        }
        subject.append(stripped);
      }
    }
    return subject.toString();
  }

  /**
   * The {@code Co-authored-by: Name <email>} lines of the trailer block, the message's last
   * paragraph when it is not its subject, with the key in any case. A line without a name or an
   * email in angle brackets is not a trailer git or GitHub would read, and is skipped; so is a
   * co-author named twice or the author named again.
   */
  private static List<CommitIdentity> coAuthors(
      Charset charset, byte[] raw, int subjectEnd, CommitIdentity author) {
    int end = raw.length;
    while (end > subjectEnd && isSpace(raw[end - 1])) {
      end--;
    }
    if (end <= subjectEnd) {
      return List.of();
    }
    int blockStart = end;
    while (blockStart > subjectEnd) {
      int lineStart = lineStart(raw, blockStart - 1, subjectEnd);
      if (isBlank(raw, lineStart, blockStart)) {
        break;
      }
      blockStart = lineStart;
    }
    List<CommitIdentity> coAuthors = null;
    for (int line = blockStart; line < end; ) {
      int next = Math.min(RawParseUtils.nextLF(raw, line), end);
      CommitIdentity coAuthor = coAuthor(charset, raw, line, next);
      if (coAuthor != null && !sameEmail(coAuthor, author)) {
        if (coAuthors == null) {
          coAuthors = new ArrayList<>(2);
        }
        if (coAuthors.stream().noneMatch(known -> sameEmail(known, coAuthor))) {
          coAuthors.add(coAuthor);
        }
      }
      line = next;
    }
    return coAuthors == null ? List.of() : coAuthors;
  }

  private static CommitIdentity coAuthor(Charset charset, byte[] raw, int start, int end) {
    if (end - start <= CO_AUTHORED_BY.length) {
      return null;
    }
    for (int i = 0; i < CO_AUTHORED_BY.length; i++) {
      if (lowerAscii(raw[start + i]) != CO_AUTHORED_BY[i]) {
        return null;
      }
    }
    int colon = start + CO_AUTHORED_BY.length;
    while (colon < end && (raw[colon] == ' ' || raw[colon] == '\t')) {
      colon++;
    }
    if (colon >= end || raw[colon] != ':') {
      return null;
    }
    String value = RawParseUtils.decode(charset, raw, colon + 1, end).strip();
    int lt = value.lastIndexOf('<');
    if (lt <= 0 || !value.endsWith(">")) {
      return null;
    }
    String name = value.substring(0, lt).strip();
    String email = value.substring(lt + 1, value.length() - 1).strip();
    if (name.isEmpty()
        || email.isEmpty()
        || email.indexOf('<') >= 0
        || email.chars().anyMatch(Character::isWhitespace)) {
      return null;
    }
    return new CommitIdentity(name, email);
  }

  private static boolean sameEmail(CommitIdentity left, CommitIdentity right) {
    return left.email().toLowerCase(Locale.ROOT).equals(right.email().toLowerCase(Locale.ROOT));
  }

  /** The start of the line holding {@code position}, not before {@code floor}. */
  private static int lineStart(byte[] raw, int position, int floor) {
    int start = position;
    while (start > floor && raw[start - 1] != '\n') {
      start--;
    }
    return start;
  }

  private static boolean isBlank(byte[] raw, int start, int end) {
    for (int i = start; i < end; i++) {
      if (!isSpace(raw[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  private static byte lowerAscii(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
  }

  private static int indexOf(byte[] raw, int start, int end, byte wanted) {
    for (int i = start; i < end; i++) {
      if (raw[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
