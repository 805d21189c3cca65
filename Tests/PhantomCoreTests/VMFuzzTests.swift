// VMFuzzTests.swift — fuzzing the verifier together with the interpreter: generated
// methods (random bytes, random instructions, mutations of valid methods, random
// well-formed programs) are installed in a world as class `.fuzz.cN`; a rejection
// must name an IP inside the code and a reason; an accepted method runs as a thread
// for a bounded number of slices, then the space must pass `verify()`. The generator
// and the runner are shared with `phantom-fuzz vm` (Sources/PhantomCore/VerifiedWalk.swift).
// See Docs/Fuzzing.md.

import Testing
import PhantomTestSupport
@testable import PhantomCore

/// A world for many cases: recreated every `casesPerWorld` cases, so the space (one
/// class per case) never fills and a failure replays from the world's first case.
fileprivate struct FuzzWorld {
    static let pages = 1024
    static let casesPerWorld = 32
    let generator: VMFuzzGenerator
    var vm: VM<TestPlatform>
    var cases = 0
    var worlds = 0

    init(_ generator: VMFuzzGenerator) throws {
        self.generator = generator
        vm = try FuzzWorld.make(generator, collectOften: false)
    }

    /// Every other world runs the cycle collector after every few dozen releases, so
    /// that it runs in the middle of slices, natives and unwinding.
    static func make(_ generator: VMFuzzGenerator, collectOften: Bool) throws -> VM<TestPlatform> {
        let (vm, _) = try makeTestVM(pages: pages)
        if collectOften { vm.heap.cycleCollectionThreshold = VMFuzzLimits.frequentCollection }
        try vm.installFuzzBase(generator)
        return vm
    }

    mutating func run(_ input: VMFuzzInput, limits: VMFuzzLimits) throws -> VMFuzzResult {
        if cases == FuzzWorld.casesPerWorld {
            worlds += 1
            vm = try FuzzWorld.make(generator, collectOften: worlds % 2 == 1)
            cases = 0
        }
        cases += 1
        return vm.runFuzzCase(input, name: ".fuzz.c\(cases)", generator: generator, limits: limits)
    }
}

/// Counts of one fuzz loop, by outcome and by kind of input.
fileprivate struct Tally: CustomStringConvertible {
    var outcomes = [Int](repeating: 0, count: VMFuzzOutcome.allCases.count)
    var accepted = [Int](repeating: 0, count: VMFuzzKind.allCases.count)
    var generated = [Int](repeating: 0, count: VMFuzzKind.allCases.count)
    var violations: [String] = []

    mutating func add(_ input: VMFuzzInput, _ result: VMFuzzResult, seed: UInt64, index: Int) {
        outcomes[result.outcome.rawValue] += 1
        generated[input.kind.rawValue] += 1
        if result.outcome != .rejected { accepted[input.kind.rawValue] += 1 }
        if let violation = result.violation, violations.count < 5 {
            violations.append("seed \(seed) case \(index) (\(input.kind.name)): \(violation)\n  code \(input.code)"
                + "\n  replay: VMFuzzTests.replay(seed: \(seed), index: \(index))")
        }
    }

    var total: Int { outcomes.reduce(0, +) }
    var description: String {
        VMFuzzOutcome.allCases.map { "\($0.name) \(outcomes[$0.rawValue])" }.joined(separator: ", ") + "; accepted "
            + VMFuzzKind.allCases.map { "\($0.name) \(accepted[$0.rawValue])/\(generated[$0.rawValue])" }
            .joined(separator: ", ")
    }
}

@Suite struct VMFuzzTests {
    static let generator: VMFuzzGenerator = {
        do { return try VMFuzzGenerator() } catch { fatalError("the VM fuzz corpus does not assemble: \(error)") }
    }()

    /// One case of `seed`'s stream: every case draws from its own generator, so a failing
    /// case replays alone (its world from case `index - index % casesPerWorld` on).
    static func input(seed: UInt64, index: Int) -> VMFuzzInput {
        var r = SeededRandom(seed: seed ^ (UInt64(index) &* 0xD6E8_FEB8_6659_FD93))
        return generator.generate(&r)
    }

    /// Runs `count` cases of `seed`, verifying the space after every accepted one.
    fileprivate static func fuzz(seed: UInt64, count: Int) throws -> Tally {
        var world = try FuzzWorld(generator)
        var tally = Tally()
        for index in 0..<count {
            let input = input(seed: seed, index: index)
            let result = try world.run(input, limits: VMFuzzLimits())
            tally.add(input, result, seed: seed, index: index)
        }
        return tally
    }

    /// Reruns case `index` of `seed`'s stream after the cases before it in its world,
    /// as `fuzz` ran it: a violation reported by `fuzzAcceptedMethodsRunCleanly` replays
    /// with this.
    fileprivate static func replay(seed: UInt64, index: Int) throws -> (VMFuzzInput, VMFuzzResult) {
        var world = try FuzzWorld(generator)
        let first = index - index % FuzzWorld.casesPerWorld
        world.worlds = first / FuzzWorld.casesPerWorld
        world.vm = try FuzzWorld.make(generator, collectOften: world.worlds % 2 == 1)
        var last: (VMFuzzInput, VMFuzzResult)?
        for i in first...index {
            let input = input(seed: seed, index: i)
            last = (input, try world.run(input, limits: VMFuzzLimits()))
        }
        return try #require(last)
    }

    @Test func aCaseReplaysInItsWorld() throws {
        var world = try FuzzWorld(Self.generator)
        var outcomes: [VMFuzzOutcome] = []
        for index in 0..<80 { outcomes.append(try world.run(Self.input(seed: 9, index: index), limits: VMFuzzLimits()).outcome) }
        for index in [0, 31, 45, 79] {
            #expect(try Self.replay(seed: 9, index: index).1.outcome == outcomes[index])
        }
    }

    @Test func everySeedIsAcceptedAndRuns() throws {
        var world = try FuzzWorld(Self.generator)
        for (i, code) in Self.generator.seeds.enumerated() {
            for argument in 0..<5 {
                let result = try world.run(VMFuzzInput(code: code, kind: .mutatedSeed, argument: argument), limits: VMFuzzLimits())
                #expect(result.outcome != .rejected, "seed \(i): \(result.message)")
                #expect(result.violation == nil, "seed \(i) argument \(argument): \(result.violation ?? "")")
            }
        }
    }

    @Test func structuredProgramsMostlyVerify() throws {
        var accepted = 0
        var firstRejections: [String] = []
        for index in 0..<2_000 {
            var r = SeededRandom(seed: 0x57A7_0000 ^ UInt64(index))
            let code = VMFuzzGenerator.structured(&r)
            do {
                _ = try BytecodeVerifier.verify(code: code, argCount: 1, fieldCount: 4, constantIDs: [0, 1, 77])
                accepted += 1
            } catch {
                if firstRejections.count < 3 {
                    firstRejections.append("\(error)\n" + ((try? Disassembler.listing(code)) ?? "\(code)"))
                }
            }
        }
        #expect(accepted >= 1_990, "\(accepted) of 2000; \(firstRejections.joined(separator: "\n\n"))")
    }

    @Test func rejectionsAreCheckedForTheirShape() throws {
        // The harness's own check: a reason with an IP inside the code passes, others not.
        let good = LoadError(className: ".fuzz.c1", message: "method run (ordinal 8): IP 3: unknown opcode 0x1D")
        #expect(VM<TestPlatform>.checkRejection(good, codeSize: 4) == nil)
        #expect(VM<TestPlatform>.checkRejection(good, codeSize: 3) != nil)
        let bare = LoadError(className: ".fuzz.c1", message: "method run (ordinal 8): IP 0: ")
        #expect(VM<TestPlatform>.checkRejection(bare, codeSize: 4) != nil)
        #expect(VM<TestPlatform>.isInternalFault("thread 3: opcode 2 reached the interpreter in x"))
        #expect(!VM<TestPlatform>.isInternalFault("thread 3: uncaught exception"))
    }

    /// 4 × 26 000 = 104 000 cases, in four tests so that they run in parallel.
    @Test(arguments: [UInt64(0x7F00_0001), 0x7F00_0002, 0x7F00_0003, 0x7F00_0004])
    func fuzzAcceptedMethodsRunCleanly(seed: UInt64) throws {
        let tally = try Self.fuzz(seed: seed, count: 26_000)
        #expect(tally.violations.isEmpty, "\(tally.violations.joined(separator: "\n"))")
        #expect(tally.total == 26_000)
        // The loop must reach the interpreter often, and every way a run can end.
        let ran = tally.outcomes[VMFuzzOutcome.finished.rawValue] + tally.outcomes[VMFuzzOutcome.failed.rawValue]
            + tally.outcomes[VMFuzzOutcome.cutOff.rawValue]
        #expect(ran > 26_000 / 4, "\(tally)")
        #expect(tally.outcomes[VMFuzzOutcome.finished.rawValue] > 1_000, "\(tally)")
        #expect(tally.outcomes[VMFuzzOutcome.failed.rawValue] > 1_000, "\(tally)")
        #expect(tally.outcomes[VMFuzzOutcome.cutOff.rawValue] > 100, "\(tally)")
        print("VMFuzzTests seed \(seed): \(tally)")
    }

    // MARK: - Regressions found by the fuzz

    /// A thread's first frame starts on a new thread's small stacks (64 object cells, 64
    /// int cells, 16 catchers: Scheduler.swift, makeThread). Calls make room for the frame
    /// they enter, but nothing entered the first one: a method needing more read and
    /// wrote past the stack objects (found by this fuzz: a host crash in `Heap.release`).
    /// Fixed by `roomForBottomFrame` (InterpreterSupport.swift). These methods use the
    /// top cells of frames at, and past, the small stacks' sizes.
    @Test(arguments: [
        // arg + 61 reserved + 1 pushed = 63 object cells (64 with the target).
        "stack_reserve obj=61 int=0\n    os_get32 0\n    os_set32 61\n    os_get32 61\n    ret",
        // 1 + 62 reserved + 1 pushed = 64 int cells (arg_count took the entry int).
        "iconst_8bit 9\n    stack_reserve obj=0 int=62\n    is_get32 0\n    i2o\n    ret",
        String(repeating: "summon_string_class\n    push_catcher H\n    ", count: 16) + "sconst_bin \"x\"\n    throw\nH:  ret",
        "stack_reserve obj=200 int=0\n    sconst_bin \"x\"\n    os_set32 150\n    os_get32 150\n    ret",
        "stack_reserve obj=0 int=100\n    iconst_32bit -1\n    is_set32 90\n    is_get32 90\n    i2o\n    ret",
        String(repeating: "summon_string_class\n    push_catcher H\n    ", count: 40) + "sconst_bin \"x\"\n    throw\nH:  ret",
    ])
    func bottomFrameHasRoomForItsMethod(body: String) throws {
        let code = try Assembler.assemble("arg_count 1\n    " + body)
        let method = try BytecodeVerifier.verify(code: code, argCount: 1, fieldCount: 4)
        var world = try FuzzWorld(Self.generator)
        let result = try world.run(VMFuzzInput(code: code, kind: .structured, argument: 0), limits: VMFuzzLimits())
        #expect(result.outcome == .finished, "\(result.outcome.name) \(result.message)")
        #expect(result.violation == nil, "\(result.violation ?? "")")

        // While it runs (it spins at the end), its stacks hold the verified maxima.
        let spinning = try Assembler.assemble("arg_count 1\n    " + body.replacingLastRet())
        let test = try TestWorld("""
            .class .fuzz.big
            .method run ordinal 8 args 1
                arg_count 1
                \(body.replacingLastRet())
            .end
            """, pages: 256)
        #expect(try BytecodeVerifier.verify(code: spinning, argCount: 1, fieldCount: 0).maxObjectDepth
            >= method.maxObjectDepth)
        let thread = try test.start(".fuzz.big")
        test.vm.run(maxSlices: 2)
        #expect(!test.vm.threadEnded(thread))
        let heap = test.vm.heap
        #expect(heap.slotCount(heap.load(thread, slot: ThreadSlot.ostack)) >= 1 + method.maxObjectDepth)
        #expect(heap.byteCount(heap.load(thread, slot: ThreadSlot.istack)) / 4 >= method.maxIntDepth)
        #expect(heap.byteCount(heap.load(thread, slot: ThreadSlot.estack)) / CatcherField.size >= method.maxCatcherDepth)
        #expect(test.vm.stackRoomProblem(thread) == nil)
        test.verify(holding: [thread])
        heap.release(thread)
    }

    /// The harness's check of that room sees a first frame without it, as the bug left
    /// it (here: a new thread whose frame is made to look as if it had run).
    @Test func theRoomCheckSeesAFrameWithoutRoom() throws {
        let test = try TestWorld("""
            .class .fuzz.big
            .method run ordinal 8 args 1
                arg_count 1
                stack_reserve obj=200 int=0
            Z:  jmp Z
            .end
            """, pages: 256)
        let thread = try test.start(".fuzz.big")
        #expect(test.vm.stackRoomProblem(thread) == nil)  // not run yet
        let frames = test.vm.heap.load(thread, slot: ThreadSlot.frames)
        test.vm.heap.space.store32(frames.offset + ObjectHeader.size + FrameField.ip, 2)
        #expect(test.vm.stackRoomProblem(thread) == "frame 0 of 1 needs 202/1/0 cells, the thread's stacks hold 64/64/16")
        test.vm.heap.space.store32(frames.offset + ObjectHeader.size + FrameField.ip, 0)
        test.vm.run(maxSlices: 1)
        #expect(test.vm.stackRoomProblem(thread) == nil)
        test.vm.heap.release(thread)
    }
}

private extension String {
    /// The body with its final `ret` (the main path's, or the handler's) replaced by an
    /// endless loop.
    func replacingLastRet() -> String {
        guard hasSuffix("ret") else { return self }
        return String(dropLast(3)) + "nop\nZ:  jmp Z"
    }
}
