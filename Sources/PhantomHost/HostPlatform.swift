// HostPlatform.swift — the VM's platform on Linux (PhantomHost).
//
// PhantomCore/Platform.swift says what the VM needs; this gives it a Linux process:
// stdout for console output, stdin (non-blocking, via poll) for console input, the
// realtime clock for deadlines, poll() to wait while every VM thread is parked, and
// pread/pwrite for `fio:` connections. Operator messages go to stderr.

#if canImport(Glibc)
import Glibc
#endif
import PhantomCore

/// The Linux platform: one per running world, used from the interpreter thread only.
public final class HostPlatform: Platform {
    /// Console bytes are written here (stdout unless a test redirects it).
    private let outputDescriptor: Int32
    private let inputDescriptor: Int32
    /// Set once stdin reported end of file.
    private var inputEnded = false

    /// Polled too while idle: readable when someone wants the world's attention.
    public var wakeDescriptor: Int32 = -1
    /// Sees console output (isDiagnostic false) and operator messages (true) first;
    /// returns true when it took them (the control channel's attached programs).
    public var route: ((_ bytes: [UInt8], _ isDiagnostic: Bool) -> Bool)?

    public init(output: Int32 = STDOUT_FILENO, input: Int32 = STDIN_FILENO) {
        outputDescriptor = output
        inputDescriptor = input
    }

    public func consoleWrite(_ bytes: [UInt8]) {
        if let route, route(bytes, false) { return }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(outputDescriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return  // a closed pipe: output is lost, the world goes on
            }
            offset += written
        }
    }

    public func consoleRead(max: Int) -> [UInt8]? {
        if inputEnded { return nil }
        guard ready(inputDescriptor, timeoutMilliseconds: 0) else { return [] }
        var buffer = [UInt8](repeating: 0, count: max)
        let count = buffer.withUnsafeMutableBytes { read(inputDescriptor, $0.baseAddress, max) }
        if count == 0 {
            inputEnded = true
            return nil
        }
        if count < 0 { return errno == EAGAIN || errno == EINTR ? [] : nil }
        return Array(buffer.prefix(count))
    }

    public func wallClockMilliseconds() -> Int64 { Int64(wallClockNanoseconds() / 1_000_000) }

    public func idle(until deadline: Int64?, console: Bool) {
        var timeout: Int32 = -1
        if let deadline {
            let wait = deadline - wallClockMilliseconds()
            if wait <= 0 { return }
            timeout = Int32(clamping: wait)
        } else if !console && wakeDescriptor < 0 {
            return
        }
        var entries: [pollfd] = []
        if console && !inputEnded { entries.append(pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0)) }
        if wakeDescriptor >= 0 { entries.append(pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)) }
        _ = poll(&entries, nfds_t(entries.count), timeout)
    }

    public func diagnostic(_ text: String) {
        if let route, route(Array((text + "\n").utf8), true) { return }
        let line = Array((text + "\n").utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    public func fileRead(path: String, offset: Int, count: Int) -> Result<[UInt8], PlatformError> {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return .failure(PlatformError(errno: errno)) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: count)
        let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        guard got >= 0 else { return .failure(PlatformError(errno: errno)) }
        return .success(Array(buffer.prefix(got)))
    }

    public func fileWrite(path: String, offset: Int, bytes: [UInt8]) -> Result<Int, PlatformError> {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return .failure(PlatformError(errno: errno)) }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
        guard written >= 0 else { return .failure(PlatformError(errno: errno)) }
        return .success(written)
    }

    /// True when `fd` has input (or end of file) within the timeout.
    private func ready(_ fd: Int32, timeoutMilliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, timeoutMilliseconds) > 0
    }
}
