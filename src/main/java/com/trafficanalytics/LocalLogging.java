package com.trafficanalytics;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Console logging for a run on this machine: one short line per message, and Beam's own
 * step-by-step INFO messages left out so that the progress and summary lines stay readable. On
 * Dataflow (and in the template launcher) logging is left as the environment sets it up.
 */
final class LocalLogging {
  // Held strongly: java.util.logging keeps only weak references to configured loggers.
  private static final Logger ROOT = Logger.getLogger("");
  private static final Logger BEAM = Logger.getLogger("org.apache.beam");
  private static final Logger BEAM_FILE_SINK = Logger.getLogger("org.apache.beam.sdk.io.FileBasedSink");

  static void configure() {
    ConsoleHandler handler = new ConsoleHandler();
    handler.setFormatter(
        new Formatter() {
          @Override
          public String format(LogRecord record) {
            return "traffic-analytics: " + record.getLevel().getName().toLowerCase() + ": "
                + formatMessage(record) + System.lineSeparator();
          }
        });
    for (var existing : ROOT.getHandlers()) {
      ROOT.removeHandler(existing);
    }
    ROOT.addHandler(handler);
    BEAM.setLevel(Level.WARNING);
    // Beam warns that the temporary folder it has just removed cannot be matched: harmless.
    BEAM_FILE_SINK.setLevel(Level.SEVERE);
  }

  private LocalLogging() {}
}
