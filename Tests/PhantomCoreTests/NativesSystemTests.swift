// NativesSystemTests.swift — the natives of boot, io.tty, mutex, cond, sema and
// connection (NativesSystem.swift), the scheduler around the blocking ones
// (Scheduler.swift) and the restart list (INTERNAL.md §6), each driven by assembled
// Phantom code running in VM threads.

import Testing
import PhantomTestSupport
@testable import PhantomCore

// MARK: - Writing test classes

/// An operand pushed by `invoke`: a string constant, an int, a field of `this`, a local
/// cell of the frame, or null.
private enum Operand {
    case s(String)
    case i(Int)
    case f(Int)
    case l(Int)
    case null
    /// Nothing: the value is on the stack already.
    case top

    var code: String {
        switch self {
        case .s(let text): return "    sconst_bin \"\(text)\"\n"
        case .i(let value): return "    iconst_32bit \(value)\n    i2o\n"
        case .f(let field): return "    os_load8 \(field)\n"
        case .l(let cell): return "    os_get32 \(cell)\n"
        case .null: return "    summon_null\n"
        case .top: return ""
        }
    }
}

/// The call instruction for `ordinal` with `count` arguments.
private func callInstruction(_ ordinal: Int, _ count: Int) -> String {
    let hex = String(ordinal, radix: 16, uppercase: true)
    return "call_\(hex.count < 2 ? "0" + hex : hex) n=\(count)"
}

/// `target.<ordinal>(args…)`; the result is dropped, stored in local `into`, or (keep)
/// left on the stack.
private func invoke(_ target: Operand, _ ordinal: Int, _ args: Operand..., into: Int? = nil, keep: Bool = false) -> String {
    var code = target.code + args.map(\.code).joined() + "    \(callInstruction(ordinal, args.count))\n"
    if let into { code += "    os_set32 \(into)\n" } else if !keep { code += "    os_drop\n" }
    return code
}

/// `new <class>` into local `cell`.
private func make(_ className: String, into cell: Int) -> String {
    "    summon_by_name \"\(className)\"\n    new\n    os_set32 \(cell)\n"
}

/// A class with `fields` and a method 8 (one argument, `locals` local cells after it)
/// running `body` and returning `result`.
private func testClass(_ name: String, fields: [String] = [], locals: Int = 0, _ body: String..., result: Operand = .null)
    -> String
{
    var text = ".class \(name)\n" + fields.map { ".field \($0)\n" }.joined()
    text += ".method run ordinal 8 args 1\n    arg_count 1\n"
    if locals > 0 { text += "    stack_reserve obj=\(locals) int=0\n" }
    return text + body.joined() + result.code + "    ret\n.end\n"
}

/// What a native call through the harness did.
private enum Outcome: Equatable {
    case value(Ref)
    case thrown(String)
}

/// The harness for `target.<ordinal>(a0…)`: target and arguments come from fields, a
/// thrown string is caught into field `thrown` and run returns null.
private func harness(_ name: String, ordinal: Int, count: Int) -> String {
    """
    .class \(name)
    .field target
    .field a0
    .field a1
    .field a2
    .field thrown
    .method run ordinal 8 args 1
        arg_count 1
        summon_string_class
        push_catcher caught
    \((0...count).map { "    os_load8 \($0)\n" }.joined())    \(callInstruction(ordinal, count))
        pop_catcher
        ret
    caught:
        os_save8 4
        summon_null
        ret
    .end
    """
}

// MARK: - Running them

/// Runs slices until every thread ended, or until the live ones wait with no deadline
/// (the fake clock jumps to deadlines). Returns the final state.
@discardableResult
private func settle(_ vm: VM<TestPlatform>, maxSlices: Int = 1_000_000) -> SchedulerState {
    var slices = 0
    while slices < maxSlices {
        switch vm.runSlice() {
        case .ran:
            slices += 1
        case .idle(let deadline, let console):
            guard let deadline else { return .idle(deadline: nil, console: console) }
            vm.platform.idle(until: deadline, console: console)
        case .done:
            return .done
        }
    }
    return .ran
}

/// A test world plus the references the test holds (for `verify`).
private final class Sys {
    let world: TestWorld
    var held: [Ref] = []
    var vm: VM<TestPlatform> { world.vm }
    var platform: TestPlatform { world.platform }
    var boot: Ref { vm.bootObject }

    init(_ sources: String...) throws { world = try TestWorld(sources) }

    /// Keeps an owned reference until the end of the test.
    @discardableResult
    func keep(_ ref: Ref) -> Ref {
        if ref.isObject { held.append(ref) }
        return ref
    }

    /// A new object of internal class `id`, made as `new` makes it.
    func new(_ id: Int) throws -> Ref {
        guard case .value(let object) = vm.newInternalObject(id) else { throw VMError("new failed") }
        return keep(object)
    }

    func string(_ text: String) throws -> Ref { keep(try vm.makeString(text)) }

    /// Starts `name`.8(argument) in a new thread, on a new instance whose first fields
    /// are `fields`. The thread is kept.
    @discardableResult
    func start(_ name: String, fields: [Ref] = [], argument: Ref = .null) throws -> Ref {
        let object = try world.instance(name)
        defer { vm.heap.release(object) }
        for (slot, value) in fields.enumerated() { vm.heap.store(object, slot: slot, value) }
        return keep(try vm.startThread(target: object, argument: argument))
    }

    /// Calls `target.<ordinal>(args…)` from a harness thread and runs the world until it
    /// settles. A value result is borrowed from the (kept) thread.
    func call(_ target: Ref, _ ordinal: Int, _ args: Ref...) throws -> Outcome {
        let name = ".test.call\(ordinal).\(args.count)"
        if try vm.findClass(name) == nil {
            try vm.install(Assembler.assembleClass(harness(name, ordinal: ordinal, count: args.count)))
        }
        let object = try world.instance(name)
        defer { vm.heap.release(object) }
        for (slot, value) in ([target] + args).enumerated() { vm.heap.store(object, slot: slot, value) }
        let thread = keep(try vm.startThread(target: object, argument: .null))
        settle(vm)
        #expect(vm.threadState(thread) == ThreadState.finished, "\(vm.reports)")
        let thrown = vm.heap.load(object, slot: 4)
        if !thrown.isNull { return .thrown(vm.text(of: thrown)) }
        return .value(vm.threadResult(thread))
    }

    /// The text of a string outcome ("" for anything else).
    func text(_ outcome: Outcome) -> String {
        guard case .value(let value) = outcome, vm.isString(value) else { return "" }
        return vm.text(of: value)
    }

    func int(_ value: Int) -> Outcome { .value(Ref(int: value)) }

    var restartList: [Ref] {
        let list = vm.rootSlot(RootSlot.restartList)
        return (0..<vm.arraySize(list)).map { vm.arrayGet(list, $0) }
    }

    func verify() { world.verify(holding: held) }
}

/// A snapshot disk for one world.
private struct Disk {
    let device = MemoryBlockDevice()
    let snapshotter: Snapshotter<MemoryBlockDevice>

    init(_ vm: VM<TestPlatform>) throws {
        snapshotter = Snapshotter(space: vm.heap.space, store: try Store.create(on: device, imageID: 3))
    }

    func snapshot() throws { _ = try snapshotter.snapshot(time: 1) }

    /// A new VM attached to what the disk holds, as a fresh process would see it.
    func recover(_ platform: TestPlatform) throws -> VM<TestPlatform> {
        let space = Space(capacityPages: 4096)
        _ = try Snapshotter.recover(device: device, into: space, eager: true)
        return try VM(heap: Heap(attaching: space), platform: platform)
    }
}

// MARK: - Shared test classes

/// lock m; print name "<"; wait on c; print name ">"; unlock m (throws if the wait did
/// not give the mutex back). Fields: mutex, cond, boot, name.
private let waiter = testClass(
    ".test.waiter", fields: ["mutex", "cond", "boot", "name"],
    invoke(.f(0), 8),
    invoke(.f(2), 16, .f(3), .s("<")),
    invoke(.f(1), 8, .f(0)),
    invoke(.f(2), 16, .f(3), .s(">")),
    invoke(.f(0), 9),
    result: .f(3))

/// lock m; print name "+"; sleep `ms`; print name "-"; unlock m. Fields: mutex, boot,
/// name, ms.
private let locker = testClass(
    ".test.locker", fields: ["mutex", "boot", "name", "ms"],
    invoke(.f(0), 8),
    invoke(.f(1), 16, .f(2), .s("+")),
    invoke(.f(1), 21, .f(3)),
    invoke(.f(1), 16, .f(2), .s("-")),
    invoke(.f(0), 9),
    result: .f(2))

@Suite struct NativesSystemTests {
    // MARK: - Boot object (INTERNAL.md §4)

    @Test func bootOrdinals9To15AreInvalid() throws {
        let sys = try Sys()
        for ordinal in 9...15 {
            #expect(try sys.call(sys.boot, ordinal) == .thrown("invalid syscall called"))
        }
        sys.verify()
    }

    @Test func bootLoadClassUsesTheProviderAndReportsFailures() throws {
        let loaded = try Assembler.assembleClass("""
            .class .test.loaded
            .method hello ordinal 16 args 0
                arg_count 0
                sconst_bin "loaded ok"
                ret
            .end
            """).serialize()
        let sys = try Sys(testClass(
            ".test.loader", locals: 0,
            "    os_get32 0\n    sconst_bin \".test.loaded\"\n    call_08 n=1\n    new\n    call_10 n=0\n",
            result: .top))
        var asked: [String] = []
        sys.vm.classProvider = { name in
            asked.append(name)
            switch name {
            case ".test.loaded": return loaded
            case ".test.bad": return [1, 2, 3]
            default: return nil
            }
        }
        // A thread loads the class through boot.8, instantiates it and calls it.
        let thread = try sys.start(".test.loader", argument: sys.boot)
        #expect(settle(sys.vm) == .done)
        #expect(sys.vm.text(of: sys.vm.threadResult(thread)) == "loaded ok")
        // Loaded once: the second load comes from the class cache.
        let again = try sys.call(sys.boot, 8, try sys.string(".test.loaded"))
        guard case .value(let cls) = again else { Issue.record("loadClass threw: \(again)"); return }
        #expect(sys.vm.className(cls) == ".test.loaded")
        #expect(asked.filter { $0 == ".test.loaded" }.count == 1)
        // Internal classes load too.
        guard case .value(let stringClass) = try sys.call(sys.boot, 8, try sys.string(".internal.string")) else {
            Issue.record("no .internal.string")
            return
        }
        #expect(stringClass == sys.vm.classes[ClassID.string])
        // Failures.
        #expect(try sys.call(sys.boot, 8, try sys.string(".test.missing")) == .thrown(".test.missing - class load error"))
        let bad = try sys.call(sys.boot, 8, try sys.string(".test.bad"))
        guard case .thrown(let message) = bad else { Issue.record("bad class loaded: \(bad)"); return }
        #expect(message.hasPrefix(".test.bad - class load error: "))
        #expect(try sys.call(sys.boot, 8, Ref(int: 3)) == .thrown("not a string arg"))
        #expect(try sys.call(sys.boot, 8) == .thrown("sys: need more parameters"))
        sys.verify()
    }

    @Test func bootPrintWritesEveryArgumentInSourceOrder() throws {
        let sys = try Sys()
        #expect(try sys.call(sys.boot, 16, try sys.string("a"), Ref(int: 42), try sys.string("c")) == .value(.null))
        #expect(sys.platform.text == "a42c")
        #expect(try sys.call(sys.boot, 16) == .value(.null))
        #expect(sys.platform.text == "a42c")
        sys.verify()
    }

    @Test func bootSetClassLoaderStoresRootSlot18() throws {
        let sys = try Sys()
        let loader = try sys.new(ClassID.directory)
        #expect(try sys.call(sys.boot, 17, loader) == .value(.null))
        #expect(sys.vm.rootSlot(RootSlot.userClassLoader) == loader)
        #expect(try sys.call(sys.boot, 17) == .thrown("sys: need more parameters"))
        sys.verify()
    }

    @Test func bootStartThreadRunsMethod8WithTheBootObject() throws {
        let sys = try Sys(
            testClass(
                ".test.parent",
                "    os_get32 0\n    summon_by_name \".test.child\"\n    new\n    call_12 n=1\n    os_drop\n",
                result: .s("parent")),
            testClass(".test.child", invoke(.l(0), 16, .s("child")), result: .l(0)))
        let parent = try sys.start(".test.parent", argument: sys.boot)
        #expect(sys.vm.runSlice() == .ran)
        #expect(sys.vm.threadState(parent) == ThreadState.finished)
        #expect(sys.vm.text(of: sys.vm.threadResult(parent)) == "parent")
        let threads = sys.vm.threads
        #expect(threads.count == 2)
        let child = sys.keep(try #require(threads.last))
        sys.vm.heap.retain(child)
        #expect(sys.vm.threadState(child) == ThreadState.runnable)
        #expect(settle(sys.vm) == .done)
        // The child printed through its argument and returned it: the boot object.
        #expect(sys.platform.text == "child")
        #expect(sys.vm.threadResult(child) == sys.boot)
        // An object without a one-argument method 8 cannot start.
        let refused = try sys.call(sys.boot, 18, try sys.string("x"))
        guard case .thrown(let message) = refused else { Issue.record("started: \(refused)"); return }
        #expect(message.contains("no bytecode method 8"))
        sys.verify()
    }

    @Test func bootCreateBinaryAndScreenBackground() throws {
        let sys = try Sys()
        guard case .value(let binary) = try sys.call(sys.boot, 19, Ref(int: 16)) else {
            Issue.record("no binary")
            return
        }
        #expect(sys.vm.classOf(binary) == sys.vm.classes[ClassID.binary])
        #expect(sys.vm.bytes(of: binary) == [UInt8](repeating: 0, count: 16))
        #expect(try sys.call(sys.boot, 19, Ref(int: -1)) == .thrown("not an integer arg"))
        #expect(try sys.call(sys.boot, 19, try sys.string("8")) == .thrown("not an integer arg"))
        let bitmap = try sys.new(ClassID.bitmap)
        #expect(try sys.call(sys.boot, 20, bitmap) == .value(.null))
        #expect(try sys.call(sys.boot, 20, binary) == .thrown("not a bitmap"))
        sys.verify()
    }

    @Test func bootSleepReallySleeps() throws {
        let sys = try Sys()
        let start = sys.platform.now
        #expect(try sys.call(sys.boot, 21, Ref(int: 500)) == .value(.null))
        #expect(sys.platform.now == start + 500)
        #expect(sys.platform.idleCalls == [start + 500])
        // Nothing to wait for: no idling.
        #expect(try sys.call(sys.boot, 21, Ref(int: 0)) == .value(.null))
        #expect(try sys.call(sys.boot, 21, Ref(int: -5)) == .value(.null))
        #expect(sys.platform.idleCalls == [start + 500])
        #expect(try sys.call(sys.boot, 21, try sys.string("1")) == .thrown("not an integer arg"))
        sys.verify()
    }

    @Test func bootOsInterfaceIsWhatThreadGetOsInterfaceReturns() throws {
        let sys = try Sys(testClass(
            ".test.os",
            "    summon_by_name \".internal.world\"\n    new\n    call_08 n=0\n    call_0E n=0\n", result: .top))
        let interface = try sys.string("the OS")
        #expect(try sys.call(sys.boot, 22, interface) == .value(.null))
        #expect(sys.vm.rootSlot(RootSlot.osInterface) == interface)
        let thread = try sys.start(".test.os")
        settle(sys.vm)
        #expect(sys.vm.threadResult(thread) == interface)
        sys.verify()
    }

    @Test func bootKernelEnvironmentAndReboot() throws {
        let sys = try Sys()
        guard case .value(let environment) = try sys.call(sys.boot, 23) else {
            Issue.record("no environment")
            return
        }
        #expect(sys.vm.classOf(environment) == sys.vm.classes[ClassID.array])
        let lines = (0..<sys.vm.arraySize(environment)).map { sys.vm.text(of: sys.vm.arrayGet(environment, $0)) }
        #expect(lines == [
            "root.shell=.ru.dz.phantom.system.shell", "root.init=.ru.dz.phantom.system.init",
            "root.boot=.ru.dz.phantom.system.boot",
        ])
        #expect(try sys.call(sys.boot, 24) == .thrown("reboot is not supported"))
        sys.verify()
    }

    // MARK: - Console (INTERNAL.md §3.7)

    @Test func ttyOutputAndWindowCalls() throws {
        let sys = try Sys()
        let tty = try sys.new(ClassID.tty)
        let hello = try sys.string("hello")
        #expect(try sys.call(tty, 17, hello) == .value(.null))
        #expect(sys.platform.text == "hello")
        #expect(try sys.call(tty, 17, Ref(int: 1)) == .thrown("not a string arg"))
        #expect(try sys.call(tty, 17) == .thrown("sys: need more parameters"))
        #expect(try sys.call(tty, 18, try sys.string("dump me")) == .value(.null))
        #expect(sys.platform.diagnostics.contains("dump me"))
        // gotoxy, clear, setcolor, moveWindow, setTitle, setbgcolor: checked, no effect.
        #expect(try sys.call(tty, 19, Ref(int: 1), Ref(int: 2)) == .value(.null))
        #expect(try sys.call(tty, 19, Ref(int: 1)) == .thrown("sys: need more parameters"))
        #expect(try sys.call(tty, 19, Ref(int: 1), hello) == .thrown("not an integer arg"))
        #expect(try sys.call(tty, 20) == .value(.null))
        #expect(try sys.call(tty, 21, Ref(int: 0xFF0000)) == .value(.null))
        #expect(try sys.call(tty, 21, hello) == .thrown("not an integer arg"))
        #expect(try sys.call(tty, 22) == .thrown("not implemented"))
        #expect(try sys.call(tty, 23) == .thrown("not implemented"))
        #expect(try sys.call(tty, 24, Ref(int: 10), Ref(int: 20)) == .value(.null))
        #expect(try sys.call(tty, 24) == .thrown("sys: need more parameters"))
        #expect(try sys.call(tty, 25, try sys.string("title")) == .value(.null))
        #expect(try sys.call(tty, 25, Ref(int: 3)) == .thrown("not a string arg"))
        #expect(try sys.call(tty, 26, Ref(int: -1)) == .value(.null))
        #expect(try sys.call(tty, 26) == .thrown("sys: need more parameters"))
        for ordinal in 27...31 {
            #expect(try sys.call(tty, ordinal) == .thrown("invalid syscall called"))
        }
        #expect(sys.text(try sys.call(tty, 5)) == "tty window")
        #expect(sys.platform.text == "hello")
        // Registered on the restart list by its first native, once.
        #expect(sys.restartList == [tty])
        sys.verify()
    }

    @Test func ttyMadeByNewRegistersOnFirstUse() throws {
        let sys = try Sys(testClass(
            ".test.ttyuser", locals: 1,
            make(".internal.io.tty", into: 1),
            invoke(.l(1), 17, .s("hi")),
            result: .l(1)))
        let thread = try sys.start(".test.ttyuser")
        settle(sys.vm)
        let tty = sys.vm.threadResult(thread)
        #expect(sys.vm.classOf(tty) == sys.vm.classes[ClassID.tty])
        #expect(sys.platform.text == "hi")
        #expect(sys.restartList == [tty])
        #expect(sys.vm.heap.load(tty, slot: TtySlot.registered) == Ref(int: 1))
        _ = try sys.call(tty, 20)
        #expect(sys.restartList == [tty])
        sys.verify()
    }

    @Test func getwcBlocksThenReadsInputThenEndsWithEmptyString() throws {
        // r = t.getwc(); then three times r = r.concat(t.getwc())
        let more = "    os_get32 2\n    os_get32 1\n    call_10 n=0\n    call_0A n=1\n    os_set32 2\n"
        let sys = try Sys(testClass(
            ".test.reader", locals: 2,
            make(".internal.io.tty", into: 1),
            invoke(.l(1), 16, into: 2),
            more, more, more,
            result: .l(2)))
        let thread = try sys.start(".test.reader")
        #expect(settle(sys.vm) == .idle(deadline: nil, console: true))
        #expect(sys.vm.threadState(thread) == ThreadState.console)
        sys.platform.input = Array("h".utf8)
        #expect(settle(sys.vm) == .idle(deadline: nil, console: true))
        sys.platform.input = Array("i".utf8)
        #expect(settle(sys.vm) == .idle(deadline: nil, console: true))
        #expect(sys.vm.threadState(thread) == ThreadState.console)
        sys.platform.inputEnded = true
        #expect(settle(sys.vm) == .done)
        // Two bytes, then "" at the end of input (twice).
        #expect(sys.vm.text(of: sys.vm.threadResult(thread)) == "hi")
        #expect(sys.vm.heap.load(thread, slot: ThreadSlot.waitingOn).isNull)
        #expect(sys.vm.heap.load(thread, slot: ThreadSlot.blockCount) == Ref(int: 3))
        sys.verify()
    }

    // MARK: - Mutex, cond, sema (INTERNAL.md §3.10)

    @Test func mutexContentionHandsOverLIFO() throws {
        let sys = try Sys(locker)
        let mutex = try sys.new(ClassID.mutex)
        let a = try sys.start(".test.locker", fields: [mutex, sys.boot, try sys.string("A"), Ref(int: 100)])
        let b = try sys.start(".test.locker", fields: [mutex, sys.boot, try sys.string("B"), Ref(int: 0)])
        let c = try sys.start(".test.locker", fields: [mutex, sys.boot, try sys.string("C"), Ref(int: 0)])
        for _ in 0..<3 { #expect(sys.vm.runSlice() == .ran) }
        // A holds the mutex and sleeps; B then C queued behind it.
        #expect(sys.vm.heap.load(mutex, slot: SyncSlot.owner) == a)
        #expect(sys.vm.threadState(a) == ThreadState.sleeping)
        #expect(sys.vm.threadState(b) == ThreadState.blocked)
        #expect(sys.vm.threadState(c) == ThreadState.blocked)
        #expect(sys.vm.heap.load(b, slot: ThreadSlot.waitingOn) == mutex)
        #expect(sys.platform.text == "A+")
        #expect(settle(sys.vm) == .done)
        // The most recent waiter (C) gets it first.
        #expect(sys.platform.text == "A+A-C+C-B+B-")
        #expect(sys.vm.heap.load(mutex, slot: SyncSlot.owner).isNull)
        #expect(sys.vm.reports.isEmpty)
        sys.verify()
    }

    @Test func mutexOwnershipErrorsAndTrylock() throws {
        let sys = try Sys(testClass(".test.holder", fields: ["mutex"], invoke(.f(0), 8)))
        let mutex = try sys.new(ClassID.mutex)
        // Unlocking a free mutex, or one another thread holds.
        #expect(try sys.call(mutex, 9) == .thrown("mutex unlock - not owner"))
        let holder = try sys.start(".test.holder", fields: [mutex])
        settle(sys.vm)
        #expect(sys.vm.heap.load(mutex, slot: SyncSlot.owner) == holder)
        #expect(try sys.call(mutex, 9) == .thrown("mutex unlock - not owner"))
        #expect(try sys.call(mutex, 10) == sys.int(0))
        #expect(sys.vm.heap.load(mutex, slot: SyncSlot.owner) == holder)
        // trylock on a free mutex takes it.
        let free = try sys.new(ClassID.mutex)
        #expect(try sys.call(free, 10) == sys.int(1))
        #expect(!sys.vm.heap.load(free, slot: SyncSlot.owner).isNull)
        sys.verify()
    }

    @Test func mutexRelockByOwnerThrowsInsteadOfSucceeding() throws {
        // Before the fix the second lock succeeded and the first unlock then freed the
        // mutex in the middle of the outer critical section.
        let sys = try Sys("""
            .class .test.relock
            .field mutex
            .method run ordinal 8 args 1
                arg_count 1
            \(invoke(.f(0), 8))    summon_string_class
                push_catcher caught
            \(invoke(.f(0), 8))    pop_catcher
                sconst_bin "relocked"
                ret
            caught:
                ret
            .end
            """)
        let mutex = try sys.new(ClassID.mutex)
        let thread = try sys.start(".test.relock", fields: [mutex])
        settle(sys.vm)
        #expect(sys.vm.text(of: sys.vm.threadResult(thread)) == "mutex lock - already owner")
        #expect(sys.vm.heap.load(mutex, slot: SyncSlot.owner) == thread)
        sys.verify()
    }

    @Test func condWaitSignalBroadcastReacquireTheMutex() throws {
        let sys = try Sys(
            waiter,
            testClass(
                ".test.signaller", fields: ["mutex", "cond", "boot"],
                invoke(.f(0), 8), invoke(.f(1), 11), invoke(.f(2), 21, .i(10)), invoke(.f(2), 16, .s("S")),
                invoke(.f(0), 9)),
            testClass(
                ".test.broadcaster", fields: ["mutex", "cond", "boot"],
                invoke(.f(0), 8), invoke(.f(1), 10), invoke(.f(2), 16, .s("B")), invoke(.f(0), 9)))
        let mutex = try sys.new(ClassID.mutex)
        let cond = try sys.new(ClassID.cond)
        let w1 = try sys.start(".test.waiter", fields: [mutex, cond, sys.boot, try sys.string("W1")])
        let w2 = try sys.start(".test.waiter", fields: [mutex, cond, sys.boot, try sys.string("W2")])
        #expect(settle(sys.vm) == .idle(deadline: nil, console: false))
        #expect(sys.platform.text == "W1<W2<")
        // Both wait on the cond; waiting released the mutex.
        #expect(sys.vm.threadState(w1) == ThreadState.blocked)
        #expect(sys.vm.threadState(w2) == ThreadState.blocked)
        #expect(sys.vm.heap.load(mutex, slot: SyncSlot.owner).isNull)

        // signal wakes the most recent waiter, W2, while the signaller holds the mutex
        // and sleeps: W2 queues for the mutex and gets it when the signaller unlocks.
        let s = try sys.start(".test.signaller", fields: [mutex, cond, sys.boot])
        #expect(sys.vm.runSlice() == .ran)  // the signaller: lock, signal, sleep
        #expect(sys.vm.threadState(w2) == ThreadState.runnable)
        #expect(sys.vm.runSlice() == .ran)  // W2: signalled, the mutex is taken
        #expect(sys.vm.threadState(w2) == ThreadState.blocked)
        #expect(sys.vm.heap.load(w2, slot: ThreadSlot.waitingOn) == WakeMarker.signalled)
        #expect(sys.vm.heap.load(mutex, slot: SyncSlot.owner) == s)
        #expect(sys.vm.threadState(w1) == ThreadState.blocked)
        #expect(settle(sys.vm) == .idle(deadline: nil, console: false))
        #expect(sys.platform.text == "W1<W2<SW2>")
        #expect(sys.vm.threadState(w2) == ThreadState.finished)
        #expect(sys.vm.threadState(w1) == ThreadState.blocked)

        // broadcast wakes every waiter; each takes the mutex in turn.
        let w3 = try sys.start(".test.waiter", fields: [mutex, cond, sys.boot, try sys.string("W3")])
        #expect(settle(sys.vm) == .idle(deadline: nil, console: false))
        try sys.start(".test.broadcaster", fields: [mutex, cond, sys.boot])
        #expect(settle(sys.vm) == .done)
        let text = sys.platform.text
        #expect(text.hasPrefix("W1<W2<SW2>W3<B"))
        #expect(text.contains("W1>") && text.contains("W3>"))
        #expect(sys.vm.threadState(w1) == ThreadState.finished)
        #expect(sys.vm.threadState(w3) == ThreadState.finished)
        #expect(sys.vm.heap.load(mutex, slot: SyncSlot.owner).isNull)
        #expect(sys.vm.reports.isEmpty)
        sys.verify()
    }

    @Test func condErrors() throws {
        let sys = try Sys()
        let mutex = try sys.new(ClassID.mutex)
        let cond = try sys.new(ClassID.cond)
        #expect(try sys.call(cond, 8, cond) == .thrown("cond.wait needs a mutex"))
        #expect(try sys.call(cond, 8) == .thrown("sys: need more parameters"))
        #expect(try sys.call(cond, 8, mutex) == .thrown("cond wait - mutex not owned"))
        #expect(try sys.call(cond, 9, mutex, Ref(int: 10)) == .thrown("timed wait not impl"))
        // Signal and broadcast with nobody waiting do nothing.
        #expect(try sys.call(cond, 10) == .value(.null))
        #expect(try sys.call(cond, 11) == .value(.null))
        sys.verify()
    }

    @Test func semaphoreCountsAndBlocks() throws {
        let sys = try Sys(testClass(
            ".test.acquirer", fields: ["sema", "boot"], invoke(.f(0), 8), invoke(.f(1), 16, .s("got"))))
        let sema = try sys.new(ClassID.sema)
        func value() -> Ref { sys.vm.heap.load(sema, slot: SyncSlot.value) }
        // No permit: acquire blocks until a release hands one over.
        let first = try sys.start(".test.acquirer", fields: [sema, sys.boot])
        #expect(settle(sys.vm) == .idle(deadline: nil, console: false))
        #expect(sys.vm.threadState(first) == ThreadState.blocked)
        #expect(try sys.call(sema, 11) == .value(.null))
        #expect(sys.vm.threadState(first) == ThreadState.finished)
        #expect(sys.platform.text == "got")
        #expect(value().isNull || value() == Ref(int: 0))
        // Releases with nobody waiting count up; acquire counts down; zero clears.
        _ = try sys.call(sema, 11)
        _ = try sys.call(sema, 11)
        #expect(value() == Ref(int: 2))
        #expect(try sys.call(sema, 8) == .value(.null))
        #expect(value() == Ref(int: 1))
        #expect(try sys.call(sema, 10) == .value(.null))
        #expect(value() == Ref(int: 0))
        let second = try sys.start(".test.acquirer", fields: [sema, sys.boot])
        #expect(settle(sys.vm) == .idle(deadline: nil, console: false))
        #expect(sys.vm.threadState(second) == ThreadState.blocked)
        #expect(try sys.call(sema, 9, Ref(int: 5)) == .thrown("timed acquire not impl"))
        _ = try sys.call(sema, 11)
        #expect(sys.vm.threadState(second) == ThreadState.finished)
        #expect(sys.platform.text == "gotgot")
        sys.verify()
    }

    // MARK: - Connections (INTERNAL.md §7)

    @Test func connectionArgumentsAndPrefixes() throws {
        let sys = try Sys()
        let connection = try sys.new(ClassID.connection)
        #expect(try sys.call(connection, 8, try sys.string("xyz:abc")) == sys.int(Errno.nomem))
        #expect(try sys.call(connection, 8, try sys.string("ab")) == sys.int(Errno.nomem))
        #expect(try sys.call(connection, 8, try sys.string("tmr")) == sys.int(Errno.nomem))
        #expect(try sys.call(connection, 8, Ref(int: 1)) == .thrown("connection.connect: not a string arg"))
        #expect(try sys.call(connection, 8) == .thrown("sys: need more parameters"))
        let long = try sys.string("fio:" + String(repeating: "x", count: 1020))
        #expect(try sys.call(connection, 8, long) == .thrown("string arg too long"))
        let longest = try sys.string("xyz:" + String(repeating: "x", count: 1019))
        #expect(try sys.call(connection, 8, longest) == sys.int(Errno.nomem))
        // Still not connected.
        #expect(try sys.call(connection, 9) == sys.int(Errno.nxio))
        #expect(try sys.call(connection, 10, Ref(int: 0)) == sys.int(Errno.nxio))
        #expect(try sys.call(connection, 11, Ref(int: 1), Ref(int: 0)) == sys.int(Errno.nxio))
        #expect(try sys.call(connection, 13, .null, Ref(int: 0)) == .thrown("connection is not connected"))
        #expect(try sys.call(connection, 11, Ref(int: 1)) == .thrown("sys: need more parameters"))
        #expect(sys.restartList.isEmpty)
        // setCallback says whether one was set before.
        let target = try sys.new(ClassID.directory)
        #expect(try sys.call(connection, 12, target, Ref(int: 16)) == sys.int(0))
        #expect(try sys.call(connection, 12, target, Ref(int: 17)) == sys.int(1))
        #expect(try sys.call(connection, 12, target, target) == .thrown("not an integer arg"))
        sys.verify()
    }

    @Test func connectAndDisconnectMaintainTheRestartList() throws {
        let sys = try Sys()
        let first = try sys.new(ClassID.connection)
        let second = try sys.new(ClassID.connection)
        #expect(try sys.call(first, 8, try sys.string("fio:/a")) == sys.int(0))
        #expect(sys.restartList == [first])
        // Connecting again (here to another back end) keeps one entry.
        #expect(try sys.call(first, 8, try sys.string("stt:")) == sys.int(0))
        #expect(sys.restartList == [first])
        #expect(try sys.call(second, 8, try sys.string("tmr:")) == sys.int(0))
        #expect(sys.restartList == [first, second])
        #expect(try sys.call(first, 9) == sys.int(0))
        #expect(sys.restartList == [.null, second])
        #expect(try sys.call(first, 9) == sys.int(Errno.nxio))
        #expect(try sys.call(first, 8, try sys.string("tmr:")) == sys.int(0))
        #expect(sys.restartList == [.null, second, first])
        sys.verify()
    }

    @Test func timerBlockSleepsForOpMilliseconds() throws {
        let sys = try Sys()
        let timer = try sys.new(ClassID.connection)
        #expect(try sys.call(timer, 8, try sys.string("tmr:")) == sys.int(0))
        let start = sys.platform.now
        #expect(try sys.call(timer, 13, .null, Ref(int: 250)) == .value(.null))
        #expect(sys.platform.now == start + 250)
        #expect(sys.platform.idleCalls == [start + 250])
        #expect(try sys.call(timer, 13, .null, Ref(int: 0)) == .value(.null))
        #expect(sys.platform.now == start + 250)
        #expect(try sys.call(timer, 13, .null, .null) == .thrown("not an integer arg"))
        // invoke: op 0 only, and only with a callback.
        #expect(try sys.call(timer, 11, Ref(int: 10), Ref(int: 5)) == sys.int(Errno.inval))
        #expect(try sys.call(timer, 11, Ref(int: 10), Ref(int: 0)) == sys.int(Errno.inval))
        sys.verify()
    }

    @Test func timerInvokeFiresTheCallbackThreadAtTheDeadline() throws {
        // The callback records its argument, then sleeps itself: before the fix the
        // callback thread kept the timer's deadline in wakeAt, so this sleep returned
        // at once.
        let sys = try Sys("""
            .class .test.tick
            .field boot
            .field payload
            .method tick ordinal 16 args 1
                arg_count 1
                os_get32 0
                os_save8 1
            \(invoke(.f(0), 16, .s("tick")))\(invoke(.f(0), 21, .i(300)))\(invoke(.f(0), 16, .s("tock")))    summon_null
                ret
            .end
            """)
        let callback = sys.keep(try sys.world.instance(".test.tick"))
        sys.vm.heap.store(callback, slot: 0, sys.boot)
        let timer = try sys.new(ClassID.connection)
        #expect(try sys.call(timer, 8, try sys.string("tmr:")) == sys.int(0))
        #expect(try sys.call(timer, 12, callback, Ref(int: 16)) == sys.int(0))
        let start = sys.platform.now
        let threadsBefore = sys.vm.threads.count
        #expect(try sys.call(timer, 11, Ref(int: 500), Ref(int: 0)) == sys.int(0))
        // The harness returned at once; the callback thread fired at the deadline.
        #expect(sys.platform.text == "ticktock")
        #expect(sys.platform.idleCalls == [start + 500, start + 800])
        #expect(sys.platform.now == start + 800)
        #expect(sys.vm.heap.load(callback, slot: 1) == Ref(int: Int((start + 500) & 0x3FFF_FFFF)))
        #expect(threadsBefore == 0)
        #expect(sys.vm.threads.isEmpty || sys.vm.threads.allSatisfy { sys.vm.threadEnded($0) })
        #expect(sys.vm.reports.isEmpty)
        sys.verify()
    }

    @Test func timerDisconnectCancelsAnArmedCallback() throws {
        let sys = try Sys("""
            .class .test.tick
            .field boot
            .method tick ordinal 16 args 1
                arg_count 1
            \(invoke(.f(0), 16, .s("tick")))    summon_null
                ret
            .end
            """)
        let callback = sys.keep(try sys.world.instance(".test.tick"))
        sys.vm.heap.store(callback, slot: 0, sys.boot)
        let timer = try sys.new(ClassID.connection)
        _ = try sys.call(timer, 8, try sys.string("tmr:"))
        _ = try sys.call(timer, 12, callback, Ref(int: 16))
        // Arm it from a thread without letting the world run to the deadline.
        try sys.vm.install(Assembler.assembleClass(harness(".test.arm", ordinal: 11, count: 2)))
        let arm = try sys.start(".test.arm", fields: [timer, Ref(int: 500), Ref(int: 0)])
        #expect(sys.vm.runSlice() == .ran)
        #expect(sys.vm.threadResult(arm) == Ref(int: 0))
        let armed = try #require(sys.vm.threads.first { !sys.vm.threadEnded($0) })
        sys.vm.heap.retain(armed)
        sys.keep(armed)
        #expect(sys.vm.threadState(armed) == ThreadState.sleeping)
        #expect(try sys.call(timer, 9) == sys.int(0))
        #expect(settle(sys.vm) == .done)
        #expect(sys.platform.text == "")
        #expect(sys.vm.threadState(armed) == ThreadState.finished)
        #expect(sys.vm.threads.isEmpty)
        sys.verify()
    }

    @Test func statisticsConnection() throws {
        let sys = try Sys()
        let stats = try sys.new(ClassID.connection)
        #expect(try sys.call(stats, 8, try sys.string("stt:")) == sys.int(0))
        for op in 0...5 {
            #expect(try sys.call(stats, 13, Ref(int: 0), Ref(int: op)) == sys.int(0))
        }
        #expect(try sys.call(stats, 13, Ref(int: 0), Ref(int: 6)) == sys.int(-Errno.inval))
        #expect(try sys.call(stats, 13, Ref(int: -1), Ref(int: 0)) == sys.int(-Errno.inval))
        #expect(try sys.call(stats, 13, .null, Ref(int: 0)) == sys.int(-Errno.inval))
        #expect(try sys.call(stats, 11, Ref(int: 0), Ref(int: 0)) == sys.int(Errno.inval))
        sys.verify()
    }

    @Test func fileConnectionWritesSeeksAndReadsAtItsPosition() throws {
        let sys = try Sys()
        let file = try sys.new(ClassID.connection)
        #expect(try sys.call(file, 8, try sys.string("fio:/data/f")) == sys.int(0))
        #expect(try sys.call(file, 13, try sys.string("hello"), Ref(int: 1)) == sys.int(5))
        #expect(try sys.call(file, 13, try sys.string(" world"), Ref(int: 1)) == sys.int(6))
        #expect(sys.platform.files["/data/f"] == Array("hello world".utf8))
        #expect(sys.vm.heap.load(file, slot: ConnectionSlot.position) == Ref(int: 11))
        #expect(try sys.call(file, 13, Ref(int: 1), Ref(int: 2)) == sys.int(0))
        #expect(sys.text(try sys.call(file, 13, Ref(int: 4), Ref(int: 0))) == "ello")
        #expect(sys.text(try sys.call(file, 13, Ref(int: 100), Ref(int: 0))) == " world")
        #expect(sys.text(try sys.call(file, 13, Ref(int: 100), Ref(int: 0))) == "")
        #expect(sys.vm.heap.load(file, slot: ConnectionSlot.position) == Ref(int: 11))
        // Any other op seeks too; 16 is not supported.
        #expect(try sys.call(file, 13, Ref(int: 0), Ref(int: 7)) == sys.int(0))
        #expect(sys.text(try sys.call(file, 13, Ref(int: 5), Ref(int: 0))) == "hello")
        #expect(try sys.call(file, 13, Ref(int: 0), Ref(int: 16)) == sys.int(-Errno.nosys))
        // Writing over the middle.
        #expect(try sys.call(file, 13, Ref(int: 6), Ref(int: 2)) == sys.int(0))
        #expect(try sys.call(file, 13, try sys.string("W"), Ref(int: 1)) == sys.int(1))
        #expect(sys.platform.files["/data/f"] == Array("hello World".utf8))
        // Bad arguments, invoke, a missing file.
        #expect(try sys.call(file, 13, try sys.string("x"), Ref(int: 0)) == .thrown("not an integer arg"))
        #expect(try sys.call(file, 13, Ref(int: 3), Ref(int: 1)) == .thrown("not a string arg"))
        #expect(try sys.call(file, 13, Ref(int: -1), Ref(int: 2)) == .thrown("not an integer arg"))
        #expect(try sys.call(file, 11, Ref(int: 0), Ref(int: 0)) == sys.int(Errno.inval))
        // connect creates a missing file; a platform error comes back as -errno.
        let missing = try sys.new(ClassID.connection)
        #expect(try sys.call(missing, 8, try sys.string("fio:/new")) == sys.int(0))
        #expect(sys.platform.files["/new"] == [])
        #expect(sys.text(try sys.call(missing, 13, Ref(int: 4), Ref(int: 0))) == "")
        sys.platform.files["/new"] = nil
        #expect(try sys.call(missing, 13, Ref(int: 4), Ref(int: 0)) == sys.int(-Errno.noent))
        sys.verify()
    }

    @Test func fileReadsAreCappedAtOneMebibyte() throws {
        // Before the fix the whole count went to the platform (the host allocates a
        // buffer of that size, up to 2 GiB from one Phantom int).
        let sys = try Sys()
        sys.platform.files["/big"] = [UInt8](repeating: 7, count: FileLimit.maxRead + 10)
        let file = try sys.new(ClassID.connection)
        _ = try sys.call(file, 8, try sys.string("fio:/big"))
        guard case .value(let chunk) = try sys.call(file, 13, Ref(int: 0x7FFF_FFFF), Ref(int: 0)) else {
            Issue.record("read failed")
            return
        }
        #expect(sys.vm.heap.byteCount(chunk) == FileLimit.maxRead)
        #expect(sys.text(try sys.call(file, 13, Ref(int: 0x7FFF_FFFF), Ref(int: 0))).utf8.count == 10)
        sys.verify()
    }

    // MARK: - Persistence

    @Test func mutexWaiterResumesAfterRecovery() throws {
        let sys = try Sys(locker)
        let disk = try Disk(sys.vm)
        let mutex = try sys.new(ClassID.mutex)
        let a = try sys.start(".test.locker", fields: [mutex, sys.boot, try sys.string("A"), Ref(int: 1000)])
        let b = try sys.start(".test.locker", fields: [mutex, sys.boot, try sys.string("B"), Ref(int: 0)])
        #expect(sys.vm.runSlice() == .ran)
        #expect(sys.vm.runSlice() == .ran)
        #expect(sys.vm.threadState(a) == ThreadState.sleeping)
        #expect(sys.vm.threadState(b) == ThreadState.blocked)
        try disk.snapshot()

        // After the restart A wakes, unlocks, and B — parked in lock — gets the mutex.
        let platform = TestPlatform()
        platform.now = sys.platform.now + 100
        let vm = try disk.recover(platform)
        #expect(vm.threadState(b) == ThreadState.blocked)
        #expect(vm.heap.load(mutex, slot: SyncSlot.owner) == a)
        #expect(settle(vm) == .done)
        #expect(platform.text == "A-B+B-")
        #expect(vm.text(of: vm.threadResult(a)) == "A")
        #expect(vm.text(of: vm.threadResult(b)) == "B")
        #expect(vm.heap.load(mutex, slot: SyncSlot.owner).isNull)
        #expect(vm.reports.isEmpty)
        #expect(vm.heap.verify(externalRefs: sys.held).isEmpty)
    }

    @Test func condWaiterResumesAfterRecovery() throws {
        let sys = try Sys(
            waiter,
            testClass(
                ".test.late", fields: ["mutex", "cond", "boot"],
                invoke(.f(2), 21, .i(1000)), invoke(.f(0), 8), invoke(.f(1), 11), invoke(.f(2), 16, .s("S")),
                invoke(.f(0), 9)))
        let disk = try Disk(sys.vm)
        let mutex = try sys.new(ClassID.mutex)
        let cond = try sys.new(ClassID.cond)
        let w = try sys.start(".test.waiter", fields: [mutex, cond, sys.boot, try sys.string("W")])
        let s = try sys.start(".test.late", fields: [mutex, cond, sys.boot])
        #expect(sys.vm.runSlice() == .ran)
        #expect(sys.vm.runSlice() == .ran)
        #expect(sys.vm.threadState(w) == ThreadState.blocked)
        #expect(sys.vm.threadState(s) == ThreadState.sleeping)
        try disk.snapshot()

        let platform = TestPlatform()
        platform.now = sys.platform.now
        let vm = try disk.recover(platform)
        #expect(settle(vm) == .done)
        // The waiter woke on the signal and unlocked the mutex it got back.
        #expect(platform.text == "SW>")
        #expect(vm.threadState(w) == ThreadState.finished)
        #expect(vm.text(of: vm.threadResult(w)) == "W")
        #expect(vm.reports.isEmpty)
        #expect(vm.heap.verify(externalRefs: sys.held).isEmpty)
    }

    @Test func restartListIsRebuiltAndConnectionsContinue() throws {
        // t = new tty; t.putws("x"); c = new connection; c.connect("fio:/f");
        // c.write("hello"); c.seek(0); r = c.read(2); d = new connection;
        // d.connect("tmr:"); d.disconnect(); boot.sleep(1000); return r + c.read(3)
        let sys = try Sys(testClass(
            ".test.restarter", fields: ["boot"], locals: 4,
            make(".internal.io.tty", into: 1),
            invoke(.l(1), 17, .s("x")),
            make(".internal.connection", into: 2),
            invoke(.l(2), 8, .s("fio:/f")),
            invoke(.l(2), 13, .s("hello"), .i(1)),
            invoke(.l(2), 13, .i(0), .i(2)),
            invoke(.l(2), 13, .i(2), .i(0), into: 4),
            make(".internal.connection", into: 3),
            invoke(.l(3), 8, .s("tmr:")),
            invoke(.l(3), 9),
            invoke(.f(0), 21, .i(1000)),
            "    os_get32 4\n", invoke(.l(2), 13, .i(3), .i(0), keep: true), "    call_0A n=1\n", result: .top))
        let disk = try Disk(sys.vm)
        let thread = try sys.start(".test.restarter", fields: [sys.boot])
        #expect(sys.vm.runSlice() == .ran)
        #expect(sys.vm.threadState(thread) == ThreadState.sleeping)
        let before = sys.restartList
        #expect(before.count == 3)
        #expect(before[2] == .null)
        let tty = before[0]
        let file = before[1]
        #expect(sys.vm.classOf(tty) == sys.vm.classes[ClassID.tty])
        #expect(sys.vm.classOf(file) == sys.vm.classes[ClassID.connection])
        #expect(sys.vm.heap.load(file, slot: ConnectionSlot.position) == Ref(int: 2))
        // Entries without a restart function: a user object and a string.
        let stranger = sys.keep(try sys.world.instance(".test.restarter"))
        try sys.vm.arrayAppend(sys.vm.rootSlot(RootSlot.restartList), stranger)
        try sys.vm.arrayAppend(sys.vm.rootSlot(RootSlot.restartList), try sys.string("s"))
        let oldList = sys.vm.rootSlot(RootSlot.restartList)
        try disk.snapshot()

        let platform = TestPlatform()
        platform.now = sys.platform.now
        platform.files = sys.platform.files
        let vm = try disk.recover(platform)
        // A fresh list: the tty and the connected file, in order; the rest skipped.
        let list = vm.rootSlot(RootSlot.restartList)
        #expect(list != oldList)
        #expect((0..<vm.arraySize(list)).map { vm.arrayGet(list, $0) } == [tty, file])
        #expect(platform.diagnostics.count == 2)
        #expect(platform.diagnostics.allSatisfy { $0.hasPrefix("restart list: skipping") })
        #expect(platform.diagnostics.first?.contains(".test.restarter") == true)
        // The file connection reads on where it was.
        #expect(settle(vm) == .done)
        #expect(vm.text(of: vm.threadResult(thread)) == "hello")
        #expect(vm.heap.load(file, slot: ConnectionSlot.position) == Ref(int: 5))
        #expect(vm.heap.verify(externalRefs: sys.held).isEmpty)

        // Recovering the same snapshot again gives the same list (nothing accumulates).
        let again = try disk.recover(TestPlatform())
        let list2 = again.rootSlot(RootSlot.restartList)
        #expect((0..<again.arraySize(list2)).map { again.arrayGet(list2, $0) } == [tty, file])
    }

    @Test func armedTimerFiresAfterRecovery() throws {
        let sys = try Sys("""
            .class .test.tick
            .field boot
            .field payload
            .method tick ordinal 16 args 1
                arg_count 1
                os_get32 0
                os_save8 1
            \(invoke(.f(0), 16, .s("tick")))    summon_null
                ret
            .end
            """)
        let disk = try Disk(sys.vm)
        let callback = sys.keep(try sys.world.instance(".test.tick"))
        sys.vm.heap.store(callback, slot: 0, sys.boot)
        let timer = try sys.new(ClassID.connection)
        _ = try sys.call(timer, 8, try sys.string("tmr:"))
        _ = try sys.call(timer, 12, callback, Ref(int: 16))
        let start = sys.platform.now
        // Arm it from a thread without letting the world run to the deadline.
        try sys.vm.install(Assembler.assembleClass(harness(".test.arm", ordinal: 11, count: 2)))
        let arm = try sys.start(".test.arm", fields: [timer, Ref(int: 5000), Ref(int: 0)])
        #expect(sys.vm.runSlice() == .ran)
        #expect(sys.vm.threadResult(arm) == Ref(int: 0))
        try disk.snapshot()

        let platform = TestPlatform()
        platform.now = start + 1000
        let vm = try disk.recover(platform)
        #expect(vm.rootSlot(RootSlot.restartList) != .null)
        #expect(settle(vm) == .done)
        #expect(platform.text == "tick")
        #expect(platform.idleCalls == [start + 5000])
        #expect(vm.heap.load(callback, slot: 1) == Ref(int: Int((start + 5000) & 0x3FFF_FFFF)))
        #expect(vm.heap.verify(externalRefs: sys.held).isEmpty)
    }
}
