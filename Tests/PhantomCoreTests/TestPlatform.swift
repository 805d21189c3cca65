// TestPlatform.swift — a scripted platform for VM tests: console output is collected,
// console input comes from a queue, the wall clock is a number the test moves (idle
// jumps it to the deadline), files live in a dictionary.

@testable import PhantomCore

/// A `Platform` whose every effect the test can see and steer.
final class TestPlatform: Platform {
    /// Everything written to the console.
    var output: [UInt8] = []
    /// Bytes the console will deliver; nil entries would mean end of input.
    var input: [UInt8] = []
    var inputEnded = false
    /// The fake wall clock, in ms.
    var now: Int64 = 1_000_000
    var diagnostics: [String] = []
    var files: [String: [UInt8]] = [:]
    /// How often `idle` was called, and the deadlines it was given.
    var idleCalls: [Int64?] = []

    var text: String { String(decoding: output, as: UTF8.self) }

    func consoleWrite(_ bytes: [UInt8]) { output += bytes }

    func consoleRead(max: Int) -> [UInt8]? {
        if input.isEmpty { return inputEnded ? nil : [] }
        let chunk = Array(input.prefix(max))
        input.removeFirst(chunk.count)
        return chunk
    }

    func wallClockMilliseconds() -> Int64 { now }

    func idle(until deadline: Int64?, console: Bool) {
        idleCalls.append(deadline)
        if let deadline, deadline > now { now = deadline }
    }

    func diagnostic(_ text: String) { diagnostics.append(text) }

    func fileRead(path: String, offset: Int, count: Int) -> Result<[UInt8], PlatformError> {
        guard let file = files[path] else { return .failure(PlatformError(errno: 2)) }
        guard offset < file.count else { return .success([]) }
        return .success(Array(file[offset..<min(file.count, offset + count)]))
    }

    func fileWrite(path: String, offset: Int, bytes: [UInt8]) -> Result<Int, PlatformError> {
        var file = files[path] ?? []
        if file.count < offset + bytes.count { file += [UInt8](repeating: 0, count: offset + bytes.count - file.count) }
        file.replaceSubrange(offset..<offset + bytes.count, with: bytes)
        files[path] = file
        return .success(bytes.count)
    }
}

/// A fresh world in a fresh space of `pages` pages.
func makeTestVM(pages: Int = 4096) throws -> (VM<TestPlatform>, TestPlatform) {
    let space = Space(capacityPages: pages)
    let heap = try Heap(formatting: space)
    let platform = TestPlatform()
    return (try VM(heap: heap, platform: platform), platform)
}

extension VM {
    /// Calls a native directly with `args` (borrowed: the test keeps its references).
    func testNative(_ table: Int, _ ordinal: Int, this: Ref, _ args: [Ref]) -> NativeResult {
        let cells = UnsafeMutablePointer<UInt64>.allocate(capacity: max(args.count, 1))
        defer { cells.deallocate() }
        for (i, arg) in args.enumerated() { cells[i] = arg.raw }
        return callNative(table: table, ordinal: ordinal, this: this, NativeArgs(base: cells, count: args.count))
    }
}
