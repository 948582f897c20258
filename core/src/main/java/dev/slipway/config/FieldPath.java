package dev.slipway.config;

import static java.util.Objects.requireNonNull;

import com.networknt.schema.JsonNodePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a value sits in the configuration: the keys and list indexes from the top of the file. It
 * reads as people write it, {@code environments.staging.components.api.targets[0].key}.
 */
final class FieldPath {
  static final FieldPath ROOT = new FieldPath(List.of());

  /** Each a {@link String} key or an {@link Integer} list index. */
  private final List<Object> segments;

  private FieldPath(List<Object> segments) {
    this.segments = List.copyOf(segments);
  }

  /** The path a schema validator reports an instance at. */
  static FieldPath of(JsonNodePath path) {
    FieldPath result = ROOT;
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      result =
          element instanceof Integer index ? result.index(index) : result.child(element.toString());
    }
    return result;
  }

  FieldPath child(String key) {
    requireNonNull(key, "key is null");
    return append(key);
  }

  FieldPath index(int index) {
    return append(index);
  }

  /**
   * A path relative to this one, written as a plugin names its fields: {@code repository}, {@code
   * author.email}, {@code headers[0].name}.
   */
  FieldPath resolve(String relative) {
    FieldPath result = this;
    for (String part : relative.split("\\.", -1)) {
      int bracket = part.indexOf('[');
      String key = bracket < 0 ? part : part.substring(0, bracket);
      if (!key.isEmpty()) {
        result = result.child(key);
      }
      while (bracket >= 0) {
        int close = part.indexOf(']', bracket);
        if (close < 0) {
          return result;
        }
        try {
          result = result.index(Integer.parseInt(part.substring(bracket + 1, close)));
        } catch (NumberFormatException e) {
          return result;
        }
        bracket = part.indexOf('[', close);
      }
    }
    return result;
  }

  Optional<FieldPath> parent() {
    return segments.isEmpty()
        ? Optional.empty()
        : Optional.of(new FieldPath(segments.subList(0, segments.size() - 1)));
  }

  boolean isRoot() {
    return segments.isEmpty();
  }

  private FieldPath append(Object segment) {
    List<Object> longer = new ArrayList<>(segments.size() + 1);
    longer.addAll(segments);
    longer.add(segment);
    return new FieldPath(longer);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FieldPath path && segments.equals(path.segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (Object segment : segments) {
      if (segment instanceof Integer index) {
        text.append('[').append(index).append(']');
      } else {
        if (text.length() > 0) {
          text.append('.');
        }
        text.append(segment);
      }
    }
    return text.toString();
  }
}
