/**
 * The {@code prometheus} check: a PromQL instant query through Prometheus' HTTP API, whose every
 * series must meet a threshold through the bake time (an error rate below 1 %, a p99 latency under
 * 500 ms).
 */
package dev.slipway.check.prometheus;
