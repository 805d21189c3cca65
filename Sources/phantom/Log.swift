// Log.swift — the `phantom` command's log (swift-log): one line per event on stderr,
// `phantom: message`, kept short because it shares the terminal with the world's console.
import Foundation
import Logging

/// Writes `phantom: message` lines to stderr, unbuffered, so that they interleave with
/// the world's console output in the order things happened.
struct PhantomLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let prefix = event.level >= .warning ? "phantom: \(event.level): " : "phantom: "
        FileHandle.standardError.write(Data((prefix + event.message.description + "\n").utf8))
    }
}

/// The command's logger: info by default, debug (every snapshot) with --verbose.
func makeLogger(verbose: Bool) -> Logger {
    var logger = Logger(label: "phantom") { _ in PhantomLogHandler() }
    logger.logLevel = verbose ? .debug : .info
    return logger
}
