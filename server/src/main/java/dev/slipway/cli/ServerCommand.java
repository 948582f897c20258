package dev.slipway.cli;

import dev.slipway.Slipway;
import dev.slipway.api.ApiServer;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway server}: runs the API and the promotion engine until stopped. */
@Command(name = "server", description = "Run the Slipway server (API and promotion engine).")
final class ServerCommand implements Callable<Integer> {
  @Mixin LocalOptions local;

  @Option(
      names = "--host",
      defaultValue = "${env:SLIPWAY_HOST:-127.0.0.1}",
      description = "Address to listen on (env SLIPWAY_HOST; default ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:SLIPWAY_PORT:-8080}",
      description =
          "Port to listen on, 0 for any free one (env SLIPWAY_PORT; default ${DEFAULT-VALUE})")
  int port;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Running running = Running.start(local, host, port, Clock.systemUTC());
    spec.commandLine()
        .getOut()
        .println(
            "Slipway listening on http://"
                + host
                + ":"
                + running.api().port()
                + " (configuration "
                + local.config
                + ", database "
                + running.slipway().database().settings().describe()
                + ")");
    spec.commandLine().getOut().flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.close();
                  stopped.countDown();
                },
                "slipway-shutdown"));
    stopped.await();
    return ExitCodes.OK;
  }

  /** A started server: the domain and its API. */
  record Running(Slipway slipway, ApiServer api) implements AutoCloseable {
    static Running start(LocalOptions local, String host, int port, Clock clock) {
      Slipway slipway = Slipway.open(local.settings(clock));
      try {
        ApiServer api = ApiServer.start(slipway, host, port);
        slipway.start();
        return new Running(slipway, api);
      } catch (RuntimeException e) {
        slipway.close();
        throw e;
      }
    }

    @Override
    public void close() {
      try {
        api.close();
      } finally {
        slipway.close();
      }
    }
  }
}
