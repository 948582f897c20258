package dev.slipway.change;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.slipway.build.CommitSha;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * Reads a change set's commits from the raw bytes of git commits. Change sets run to tens of
 * thousands of commits, so it decodes only what it keeps, in one pass over the headers: the author
 * and committer without their time zones, the subject, and only the {@code Co-authored-by:} lines
 * of the message's trailer block, where JGit's own accessors would decode every identity and the
 * whole message. The few people of a long range are decoded once each. One reader serves one walk,
 * on one thread.
 */
final class CommitReader {
  private static final byte[] CO_AUTHORED_BY = "co-authored-by".getBytes(UTF_8);
  private static final byte[] AUTHOR = "author ".getBytes(UTF_8);
  private static final byte[] COMMITTER = "committer ".getBytes(UTF_8);
  private static final byte[] ENCODING = "encoding ".getBytes(UTF_8);
  private static final String MERGE_PULL_REQUEST = "Merge pull request #";

  /** Pull-request numbers are at most this many digits, so they fit an int. */
  private static final int MAX_DIGITS = 9;

  /** Identities by the bytes of their {@code Name <email>}, for the commit's charset. */
  private final Map<IdentityBytes, CommitIdentity> identities = new HashMap<>();

  ChangeCommit read(RevCommit commit) {
    byte[] raw = commit.getRawBuffer();
    int author = -1;
    int committer = -1;
    int encoding = -1;
    int position = 0;
    // Headers end at the first empty line; the message follows it.
    while (position < raw.length && raw[position] != '\n') {
      if (author < 0 && RawParseUtils.match(raw, position, AUTHOR) >= 0) {
        author = position + AUTHOR.length;
      } else if (committer < 0 && RawParseUtils.match(raw, position, COMMITTER) >= 0) {
        committer = position + COMMITTER.length;
      } else if (encoding < 0 && RawParseUtils.match(raw, position, ENCODING) >= 0) {
        encoding = position + ENCODING.length;
      }
      position = RawParseUtils.nextLF(raw, position);
    }
    Charset charset = encoding < 0 ? UTF_8 : charset(raw);
    int message = position < raw.length ? position + 1 : -1;
    String subject = "";
    List<CommitIdentity> coAuthors = List.of();
    CommitIdentity authorIdentity = identity(charset, raw, author);
    if (message >= 0) {
      int subjectEnd = RawParseUtils.endOfParagraph(raw, message);
      subject = subject(charset, raw, message, subjectEnd);
      coAuthors = coAuthors(charset, raw, subjectEnd, authorIdentity);
    }
    return new ChangeCommit(
        CommitSha.of(commit.name()),
        authorIdentity,
        identity(charset, raw, committer),
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
    try {
      return RawParseUtils.parseEncoding(raw);
    } catch (RuntimeException e) {
      return UTF_8;
    }
  }

  /** {@code Name <email> 1700000000 +0000}, from just after the header's name. */
  private CommitIdentity identity(Charset charset, byte[] raw, int start) {
    if (start < 0) {
      return new CommitIdentity("", "");
    }
    int end = RawParseUtils.nextLF(raw, start) - 1;
    int gt = lastIndexOf(raw, start, end, (byte) '>');
    int identityEnd = gt < 0 ? end : gt + 1;
    IdentityBytes key = new IdentityBytes(raw, start, identityEnd, charset);
    CommitIdentity known = identities.get(key);
    if (known != null) {
      return known;
    }
    CommitIdentity identity = decodeIdentity(charset, raw, start, identityEnd);
    identities.put(key.copy(), identity);
    return identity;
  }

  private static CommitIdentity decodeIdentity(Charset charset, byte[] raw, int start, int end) {
    int lt = indexOf(raw, start, end, (byte) '<');
    if (lt < 0) {
      return new CommitIdentity(decode(charset, raw, start, end).strip(), "");
    }
    int gt = indexOf(raw, lt + 1, end, (byte) '>');
    String name = decode(charset, raw, start, lt).strip();
    String email = decode(charset, raw, lt + 1, gt < 0 ? end : gt);
    return new CommitIdentity(name, email);
  }

  /** Text as JGit decodes it (falling back when it is not valid), plain ASCII without a decoder. */
  private static String decode(Charset charset, byte[] raw, int start, int end) {
    for (int i = start; i < end; i++) {
      if (raw[i] < 0) {
        return RawParseUtils.decode(charset, raw, start, end);
      }
    }
    return new String(raw, start, end - start, StandardCharsets.ISO_8859_1);
  }

  /** The first paragraph on one line, as {@code git log --format=%s} shows it. */
  private static String subject(Charset charset, byte[] raw, int start, int end) {
    String text = decode(charset, raw, start, end);
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
    String value = decode(charset, raw, colon + 1, end).strip();
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
    return left.email().equalsIgnoreCase(right.email());
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

  private static int lastIndexOf(byte[] raw, int start, int end, byte wanted) {
    for (int i = end - 1; i >= start; i--) {
      if (raw[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  /** The bytes of an identity in a commit's buffer, compared by content. */
  private static final class IdentityBytes {
    private final byte[] raw;
    private final int start;
    private final int end;
    private final Charset charset;
    private final int hash;

    IdentityBytes(byte[] raw, int start, int end, Charset charset) {
      this.raw = raw;
      this.start = start;
      this.end = end;
      this.charset = charset;
      int h = charset.hashCode();
      for (int i = start; i < end; i++) {
        h = 31 * h + raw[i];
      }
      this.hash = h;
    }

    /** A key that keeps its own bytes rather than the commit's whole buffer. */
    IdentityBytes copy() {
      return new IdentityBytes(Arrays.copyOfRange(raw, start, end), 0, end - start, charset);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof IdentityBytes that
          && hash == that.hash
          && charset.equals(that.charset)
          && Arrays.equals(raw, start, end, that.raw, that.start, that.end);
    }

    @Override
    public int hashCode() {
      return hash;
    }
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
