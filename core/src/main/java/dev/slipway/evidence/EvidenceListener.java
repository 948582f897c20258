package dev.slipway.evidence;

/** Told of every run stored, after its transaction committed. */
@FunctionalInterface
public interface EvidenceListener {
  void runStored(EvidenceRun run);
}
