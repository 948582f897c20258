/**
 * Pages for people, served by the same server as the API: a test run's report, readable from a link
 * posted in chat. Pages only read; they are jte templates compiled at build time.
 */
package dev.slipway.web;
