// TestPlatform.swift — a scripted platform for VM tests: console output is collected,
// console input comes from a queue, the wall clock is a number the test moves (idle
// jumps it to the deadline), files live in a dictionary.

import PhantomCore

/// A `Platform` whose every effect the test can see and steer.
public final class TestPlatform: Platform {
    public init() {}

    /// Everything written to the console.
    public var output: [UInt8] = []
    /// Bytes the console will deliver; nil entries would mean end of input.
    public var input: [UInt8] = []
    public var inputEnded = false
    /// The fake wall clock, in ms.
    public var now: Int64 = 1_000_000
    public var diagnostics: [String] = []
    public var files: [String: [UInt8]] = [:]
    /// How often `idle` was called, and the deadlines it was given.
    public var idleCalls: [Int64?] = []

    public var text: String { String(decoding: output, as: UTF8.self) }

    public func consoleWrite(_ bytes: [UInt8]) { output += bytes }

    public func consoleRead(max: Int) -> [UInt8]? {
        if input.isEmpty { return inputEnded ? nil : [] }
        let chunk = Array(input.prefix(max))
        input.removeFirst(chunk.count)
        return chunk
    }

    public func wallClockMilliseconds() -> Int64 { now }

    public func idle(until deadline: Int64?, console: Bool) {
        idleCalls.append(deadline)
        if let deadline, deadline > now { now = deadline }
    }

    public func diagnostic(_ text: String) { diagnostics.append(text) }

    public func fileRead(path: String, offset: Int, count: Int) -> Result<[UInt8], PlatformError> {
        guard let file = files[path] else { return .failure(PlatformError(errno: 2)) }
        guard offset < file.count else { return .success([]) }
        return .success(Array(file[offset..<min(file.count, offset + count)]))
    }

    public func fileWrite(path: String, offset: Int, bytes: [UInt8]) -> Result<Int, PlatformError> {
        var file = files[path] ?? []
        if file.count < offset + bytes.count { file += [UInt8](repeating: 0, count: offset + bytes.count - file.count) }
        file.replaceSubrange(offset..<offset + bytes.count, with: bytes)
        files[path] = file
        return .success(bytes.count)
    }
}

/// A fresh world in a fresh space of `pages` pages.
public func makeTestVM(pages: Int = 4096) throws -> (VM<TestPlatform>, TestPlatform) {
    let space = Space(capacityPages: pages)
    let heap = try Heap(formatting: space)
    let platform = TestPlatform()
    return (try VM(heap: heap, platform: platform), platform)
}
