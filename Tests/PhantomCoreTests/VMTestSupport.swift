// VMTestSupport.swift — running assembled classes in a fresh world, for VM tests.

import Testing
import PhantomTestSupport
@testable import PhantomCore

/// A world with classes installed from assembler text, and a way to run them.
struct TestWorld {
    let vm: VM<TestPlatform>
    let platform: TestPlatform

    init(_ sources: [String], pages: Int = 4096) throws {
        (vm, platform) = try makeTestVM(pages: pages)
        for source in sources { try vm.install(Assembler.assembleClass(source)) }
    }

    init(_ source: String, pages: Int = 4096) throws { try self.init([source], pages: pages) }

    /// A new instance of a user class (owned by the caller).
    func instance(_ name: String) throws -> Ref {
        let cls = try #require(try vm.findClass(name))
        guard case .value(let object) = vm.instantiate(cls) else { throw VMError("cannot instantiate \(name)") }
        return object
    }

    /// Starts `name`.8(argument) on a new instance in a new thread (owned by the caller).
    func start(_ name: String, argument: Ref = .null) throws -> Ref {
        let object = try instance(name)
        defer { vm.heap.release(object) }
        return try vm.startThread(target: object, argument: argument)
    }

    /// Runs `name`.8(argument) to its end and returns its result (borrowed from the
    /// thread, which stays alive in `kept`).
    func run(_ name: String, argument: Ref = .null, maxSlices: Int = 1_000_000) throws -> Ref {
        let thread = try start(name, argument: argument)
        vm.run(maxSlices: maxSlices)
        #expect(vm.threadEnded(thread))
        let result = vm.threadResult(thread)
        vm.heap.retain(result)
        vm.heap.release(thread)
        return result
    }

    /// The text of a string result.
    func text(_ value: Ref) -> String { vm.text(of: value) }

    /// Checks the whole space (refcounts included) with `held` still referenced by the test.
    func verify(holding held: [Ref] = []) {
        let problems = vm.heap.verify(externalRefs: held)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }
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
