/**
 * Reading test reports (JUnit XML in its dialects, mochawesome JSON, Locust CSV statistics, an exit
 * code with a log) as streams: each test case or endpoint is handed to a listener as it is read, so
 * memory stays flat whatever the size of the file. {@link
 * dev.slipway.evidence.report.ReportFormats} finds a format by name or tells it from a report's
 * first bytes; {@link dev.slipway.evidence.report.LoadThresholds} judges a load test's statistics.
 */
package dev.slipway.evidence.report;
