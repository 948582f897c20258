package dev.slipway.target.kubernetes;

import static java.util.Objects.requireNonNull;

/** One workload of a cluster, by kind, namespace and name. */
record Workload(WorkloadKind kind, String namespace, String name) {
  Workload {
    requireNonNull(kind, "kind is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(name, "name is null");
  }

  /** {@code deployment notify/api}, as people and {@code kubectl} name it. */
  String description() {
    return kind.noun() + " " + namespace + "/" + name;
  }

  @Override
  public String toString() {
    return description();
  }
}
