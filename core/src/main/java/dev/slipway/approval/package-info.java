/**
 * The {@code approval} gate and approving promotions: people holding a role approve a waiting
 * promotion, and it starts once enough of them have.
 */
package dev.slipway.approval;
