// Progress.swift — the `phantom` command's progress line: while a large image is
// checked (FsckCommand.swift), loaded or snapshotted (HostedWorld, opened in
// BootCommand.swift), one line on stderr says how far the work has got.
//
// The jobs themselves report through PhantomCore's ProgressHook (Store.examine,
// Snapshotter.recover, Heap.verify, BackgroundSnapshotter.finish); this file only
// draws. The line shares the terminal with the log and the world's console, so it is
// erased before anything else is written, and it is never drawn for work that ends
// within `delay`: opening a small image looks exactly as it did before.

import PhantomHost

#if canImport(Glibc)
import Glibc
#endif

/// One line on stderr, `phantom: IMAGE: PHASE 1200/65536 (1%)`, redrawn in place with
/// "\r" at most every `interval` once a job has lasted `delay`, and erased when it
/// ends. When stderr is not a terminal it writes nothing, so tests and logs stay clean.
/// Used on one thread (the command's, which is also the VM thread).
final class ProgressLine {
    /// Work shorter than this shows nothing.
    static let delay: UInt64 = 300_000_000
    /// At most ten redraws a second: enough to see it move, too few to cost anything.
    static let interval: UInt64 = 100_000_000

    private let subject: String
    private let enabled: Bool
    /// When the job being reported began (its first report), nil between jobs.
    private var started: UInt64?
    private var drawnAt: UInt64 = 0
    /// True while a line is on the terminal (then `finish` has something to erase).
    private var shown = false

    /// A line about `subject` (the image path); drawn only if stderr is a terminal.
    init(_ subject: String, enabled: Bool = isatty(STDERR_FILENO) != 0) {
        self.subject = subject
        self.enabled = enabled
    }

    deinit { finish() }

    /// `phase` has done `done` units of `total`. With `counts` the line shows them, else
    /// only the percentage (for units that mean little to a reader, e.g. page reads).
    func update(_ phase: String, _ done: Int, _ total: Int, counts: Bool = false) {
        guard enabled, total > 0 else { return }
        let now = monotonicNanoseconds()
        guard let started else {
            self.started = now
            return
        }
        guard now - started >= Self.delay, now - drawnAt >= Self.interval else { return }
        drawnAt = now
        let percent = min(done, total) * 100 / total
        let amount = counts ? "\(done)/\(total) (\(percent)%)" : "\(percent)%"
        draw("phantom: \(subject): \(phase) \(amount)")
    }

    /// `update`, then `finish` once `done == total`: for jobs that end inside other code
    /// and are followed by a log line (the world's snapshots, HostedWorld.Progress).
    func report(_ phase: String, _ done: Int, _ total: Int) {
        update(phase, done, total)
        if done >= total { finish() }
    }

    /// Erases the line; the next report starts a new job (and waits `delay` again).
    func finish() {
        started = nil
        guard shown else { return }
        shown = false
        write("\r\u{1B}[K")
    }

    /// Replaces the line with `text`, cut to the terminal's width: a line that wrapped
    /// could not be redrawn in place.
    private func draw(_ text: String) {
        var size = winsize()
        let known = withUnsafeMutablePointer(to: &size) { ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), $0) } == 0 && size.ws_col > 0
        let width = max((known ? Int(size.ws_col) : 80) - 1, 10)
        write("\r" + String(text.prefix(width)) + "\u{1B}[K")
        shown = true
    }

    private func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in _ = Glibc.write(STDERR_FILENO, bytes.baseAddress, bytes.count) }
    }
}
