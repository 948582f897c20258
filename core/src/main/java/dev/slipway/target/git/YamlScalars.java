package dev.slipway.target.git;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/** How a value is written as a YAML scalar so that it reads back as the same string. */
final class YamlScalars {
  private static final Resolver RESOLVER = new Resolver();

  /**
   * Characters that never need quoting in a plain scalar, in block or flow context. Deliberately
   * narrow: anything else is quoted, which is always correct.
   */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./+~][A-Za-z0-9_./+~:@=-]*");

  private YamlScalars() {}

  /**
   * Whether the value can be written unquoted and still read as this string. A short commit such as
   * {@code 1234567} or {@code 1e10000} would read as a number, {@code yes} as a boolean (YAML 1.1,
   * as Helm reads values), so those are quoted.
   */
  static boolean safeAsPlain(String value) {
    return PLAIN.matcher(value).matches()
        && !value.endsWith(":")
        && RESOLVER.resolve(NodeId.scalar, value, true).equals(Tag.STR);
  }

  /** The value as a double-quoted scalar, quotes included. */
  static String doubleQuoted(String value) {
    StringBuilder text = new StringBuilder(value.length() + 2).append('"');
    value
        .codePoints()
        .forEach(
            point -> {
              switch (point) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\t' -> text.append("\\t");
                case '\r' -> text.append("\\r");
                default -> {
                  if (point < 0x20 || point == 0x7f) {
                    text.append(String.format("\\x%02x", point));
                  } else {
                    text.appendCodePoint(point);
                  }
                }
              }
            });
    return text.append('"').toString();
  }

  /** The value as a single-quoted scalar, quotes included; a quote inside is doubled. */
  static String singleQuoted(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
