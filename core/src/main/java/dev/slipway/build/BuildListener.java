package dev.slipway.build;

import dev.slipway.identity.Actor;
import org.jdbi.v3.core.Handle;

/**
 * Told of each newly registered build inside the registering transaction, so what it does (such as
 * requesting automatic promotions) is committed with the build or not at all.
 */
@FunctionalInterface
public interface BuildListener {
  void registered(Handle handle, Build build, Actor actor);
}
