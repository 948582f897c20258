package dev.slipway.target.git;

import java.util.ArrayList;
import java.util.List;

/** Compares two versions of a file line by line, line endings included. */
final class Lines {
  private Lines() {}

  /** The 1-based numbers of the lines that differ; both texts must have the same line count. */
  static List<Integer> changed(String before, String after) {
    List<String> left = split(before);
    List<String> right = split(after);
    if (left.size() != right.size()) {
      throw new AssertionError(
          "line count changed from " + left.size() + " to " + right.size() + ":\n" + after);
    }
    List<Integer> changed = new ArrayList<>();
    for (int i = 0; i < left.size(); i++) {
      if (!left.get(i).equals(right.get(i))) {
        changed.add(i + 1);
      }
    }
    return changed;
  }

  /** Lines with their terminators kept, so a lost '\r' counts as a change. */
  private static List<String> split(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int newline = text.indexOf('\n', start);
      int end = newline < 0 ? text.length() : newline + 1;
      lines.add(text.substring(start, end));
      start = end;
    }
    return lines;
  }
}
