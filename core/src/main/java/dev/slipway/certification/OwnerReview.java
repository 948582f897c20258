package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One owner of one commit, and what they said about it.
 *
 * @param owner the owner
 * @param word their certification or hold; empty while they have said nothing
 */
public record OwnerReview(Owner owner, Optional<Certification> word) {
  public OwnerReview {
    requireNonNull(owner, "owner is null");
    requireNonNull(word, "word is null");
  }

  public boolean certified() {
    return word.filter(w -> w.status() == CertificationStatus.CERTIFIED).isPresent();
  }

  public boolean held() {
    return word.filter(w -> w.status() == CertificationStatus.HELD).isPresent();
  }
}
