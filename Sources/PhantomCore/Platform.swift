// Platform.swift — what the VM needs from the machine below it (PhantomCore, VM layer).
//
// The core never calls the operating system. Hosted mode implements this protocol in
// PhantomHost (stdin/stdout, host clocks, host files), bare metal in Kernel/ (COM1, the
// PIT, a disk), and tests with a scripted console and a fake clock. The VM is generic
// over its platform (`VM<P>`), so no existential appears in the core.
//
// Everything here is volatile: the platform keeps no state that must survive a
// restart. Persistent facts (a sleep's deadline, a file position) live in the space and
// are handed to the platform on every call.

/// Services of the machine the VM runs on. Calls come from the one interpreter thread.
public protocol Platform: AnyObject {
    /// Writes console output (the boot object's print, `.internal.io.tty`).
    func consoleWrite(_ bytes: [UInt8])
    /// Console input that is ready now, at most `max` bytes: an empty array when none
    /// is ready yet, nil once the input has ended for good.
    func consoleRead(max: Int) -> [UInt8]?
    /// Milliseconds since 1970-01-01 UTC. Sleep deadlines are kept in this clock, so a
    /// thread sleeping across a restart wakes at the same wall-clock moment.
    func wallClockMilliseconds() -> Int64
    /// Waits until `deadline` (wall-clock ms; nil for no deadline) or until console
    /// input is ready when `console` is true, whichever comes first. Called only when
    /// no VM thread can run.
    func idle(until deadline: Int64?, console: Bool)
    /// A line for the operator (an uncaught exception report, a VM warning), not for
    /// the program's console output.
    func diagnostic(_ text: String)
    /// Reads up to `count` bytes of the host file `path` from byte `offset`. Returns
    /// the bytes (fewer at the end of the file) or a negative errno.
    func fileRead(path: String, offset: Int, count: Int) -> Result<[UInt8], PlatformError>
    /// Writes `bytes` to the host file `path` at `offset`, creating the file if needed.
    /// Returns the number of bytes written or a negative errno.
    func fileWrite(path: String, offset: Int, bytes: [UInt8]) -> Result<Int, PlatformError>
}

/// An errno from the platform, handed to Phantom code as a negative int.
public struct PlatformError: Error, Equatable, Sendable {
    public let errno: Int32
    public init(errno: Int32) { self.errno = errno }
}
