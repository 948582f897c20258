package dev.slipway.cli;

import dev.slipway.quickstart.Quickstart;
import dev.slipway.quickstart.QuickstartSettings;
import dev.slipway.quickstart.QuickstartTimings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway quickstart}: a whole Slipway on this machine, with a show to watch. */
@Command(
    name = "quickstart",
    description = {
      "Start Slipway with an example configuration, a local manifests repository and a simulated"
          + " fleet, then play CI and tell what happens: builds arrive, staging deploys them on its"
          + " own, a bad build is rolled back by a revert commit. Keeps running until Ctrl-C.",
      "Exit 8 (with --exit-when-done) when the show did not go as it should."
    })
final class QuickstartCommand implements Callable<Integer> {
  /** How fast the show runs; tests use the fast pace. */
  enum Pace {
    standard,
    fast
  }

  @Option(
      names = "--dir",
      defaultValue = "slipway-quickstart",
      description =
          "The folder for the repositories, configuration, data and token; made if missing,"
              + " carried on from if an earlier quickstart made it (default ${DEFAULT-VALUE})")
  Path directory;

  @Option(
      names = "--fresh",
      description = "Empty the folder first (only one an earlier quickstart made) and start over")
  boolean fresh;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "The API's port on 127.0.0.1, 0 for any free one (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--fleet-port",
      defaultValue = "0",
      description = "The simulated fleet's port on 127.0.0.1 (default: any free one)")
  int fleetPort;

  @Option(
      names = "--exit-when-done",
      description = "Stop once the show is over instead of running until Ctrl-C")
  boolean exitWhenDone;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit")
  boolean help;

  @Option(names = "--pace", hidden = true, defaultValue = "standard")
  Pace pace;

  @Option(
      names = "--program",
      hidden = true,
      defaultValue = "${env:SLIPWAY_PROGRAM:-slipway}",
      description = "How the user starts Slipway, for the commands the quickstart suggests")
  String program;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    QuickstartSettings settings =
        new QuickstartSettings(
            directory,
            fresh,
            port,
            fleetPort,
            program,
            pace == Pace.fast ? QuickstartTimings.fast() : QuickstartTimings.standard());
    Quickstart quickstart = Quickstart.start(settings, out, err);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              quickstart.close();
              stopped.countDown();
            },
            "slipway-quickstart-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean good;
    try {
      good = quickstart.play(SlipwayCommand::execute);
    } catch (RuntimeException e) {
      if (quickstart.isClosed()) {
        // Ctrl-C during the show: the shutdown hook is stopping everything, which is not an error.
        stopped.await();
        return ExitCodes.OK;
      }
      stopQuietly(quickstart, hook);
      throw e;
    }
    if (exitWhenDone) {
      Runtime.getRuntime().removeShutdownHook(hook);
      quickstart.close();
      out.println("Stopped Slipway and the fleet, as --exit-when-done asks.");
      out.flush();
      return good ? ExitCodes.OK : ExitCodes.NOT_GOOD;
    }
    out.println();
    out.println(
        "Slipway and the fleet keep running; press Ctrl-C to stop them. Run the quickstart again"
            + " to carry on from here, or with --fresh to start over.");
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  private static void stopQuietly(Quickstart quickstart, Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already exiting; the hook stops everything.
      return;
    }
    quickstart.close();
  }
}
