package dev.slipway.certification;

/** What an owner said about a commit. */
public enum CertificationStatus {
  /** The owner vouches for the commit going out. */
  CERTIFIED,
  /** The owner holds the commit back, with a reason, until they lift the hold. */
  HELD
}
