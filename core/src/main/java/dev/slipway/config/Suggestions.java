package dev.slipway.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds what someone probably meant when they wrote a name that does not exist. */
final class Suggestions {
  private Suggestions() {}

  /**
   * The known name closest to the written one, if it is close enough to be a slip: a transposed,
   * missing, extra or wrong letter or two, or the same name in another case.
   */
  static Optional<String> closest(String written, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(written.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int allowed = Math.max(1, Math.min(3, written.length() / 3));
    return best != null && bestDistance <= allowed && !best.equals(written)
        ? Optional.of(best)
        : Optional.empty();
  }

  /**
   * The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
   * neighbouring letters each count one, since a swap is the commonest typing slip.
   */
  static int distance(String left, String right) {
    int[][] d = new int[left.length() + 1][right.length() + 1];
    for (int i = 0; i <= left.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= right.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= left.length(); i++) {
      for (int j = 1; j <= right.length(); j++) {
        int cost = left.charAt(i - 1) == right.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && left.charAt(i - 1) == right.charAt(j - 2)
            && left.charAt(i - 2) == right.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[left.length()][right.length()];
  }
}
