/**
 * Release notes: a release written out in Markdown for people, per component the commits with their
 * pull requests, their owners and what each said, and the gates with their outcomes.
 */
package dev.slipway.notes;
