/**
 * Where Slipway keeps its state: the embedded H2 file database by default, PostgreSQL in
 * production, one set of migrations for both.
 */
package dev.slipway.storage;
