/**
 * Owners and certification: who owns each commit a release brings (its author and co-authors,
 * mapped to people by their addresses, or a component's team for bots' commits), their
 * certifications and holds, which attach to commits and so carry over to later cuts, and the {@code
 * certification} gate that waits for them.
 */
package dev.slipway.certification;
