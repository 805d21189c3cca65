// VerifiedWalk.swift — plays the interpreter's side of the verifier's rules along random
// paths through a verified method (PhantomCore, test support for VerifierTests and
// phantom-fuzz). The rules themselves are at the top of Verifier.swift. Below it, the
// generator and runner of the VM fuzz, which runs accepted methods in the interpreter
// itself (VMFuzzTests, `phantom-fuzz vm`; Docs/Fuzzing.md).

extension VerifiedMethod {
    /// True if `ip` is the start of a verified instruction (binary search).
    public func isInstructionStart(_ ip: Int) -> Bool {
        var low = 0, high = instructionStarts.count
        while low < high {
            let mid = (low + high) / 2
            if instructionStarts[mid] < ip { low = mid + 1 } else { high = mid }
        }
        return low < instructionStarts.count && instructionStarts[low] == ip
    }

    /// Runs an accepted method along a random path as the interpreter would (handler
    /// depths from `handlers`, a catch drops the matched catcher and newer ones), and
    /// returns the first place where verified code would underflow, exceed its verified
    /// limits, jump off an instruction start or pop an empty catcher stack.
    public func randomWalk(code: [UInt8], args: Int, steps: Int = 300, random r: inout SeededRandom) -> String? {
        let method = self
        let decoder = InstructionDecoder(code)
        var ip = 0, objects = args
        var ints: [Int32?] = [Int32(args)]
        var catchers: [Int] = []
        for _ in 0..<steps {
            guard method.isInstructionStart(ip) else { return "IP \(ip): not a verified instruction start" }
            guard let first = try? decoder.decode(at: ip) else { return "IP \(ip): start does not decode" }
            var instruction = first
            var prefix: TypePrefix? = nil
            if let type = first.opcode.typePrefix {
                prefix = type
                guard method.isInstructionStart(first.next), let next = try? decoder.decode(at: first.next) else {
                    return "IP \(ip): bad prefixed instruction"
                }
                instruction = next
            }
            if !catchers.isEmpty, r.chance(percent: 5) {
                let k = r.below(catchers.count)
                guard let handler = method.handlers.first(where: { $0.target == catchers[k] }) else {
                    return "IP \(ip): no handler entry for catcher target \(catchers[k])"
                }
                catchers.removeSubrange(k...)
                objects = handler.objectDepth
                ints = ints.count >= handler.intDepth
                    ? Array(ints.prefix(handler.intDepth))
                    : ints + Array(repeating: 0, count: handler.intDepth - ints.count)
                ip = handler.target
                continue
            }
            let opcode = instruction.opcode
            var objectChange = instruction.objectStackChange
            var intChange = instruction.intStackChange(prefix: prefix)
            if opcode == .sys || opcode == .dynamicInvoke {
                guard let top = ints.last, let n = top, n >= 0 else { return "IP \(ip): no count for \(opcode)" }
                objectChange = StackChange(pops: Int(n) + (opcode == .sys ? 0 : 2), pushes: 1)
                intChange = StackChange(pops: 1, pushes: 0)
            }
            guard let o = objectChange, let i = intChange else { return "IP \(ip): no stack effect" }
            guard o.pops <= objects else { return "IP \(ip): object stack underflow" }
            guard i.pops <= ints.count else { return "IP \(ip): integer stack underflow" }
            let popped = Array(ints.suffix(i.pops))
            objects += o.pushes - o.pops
            ints.removeLast(i.pops)
            guard objects <= method.maxObjectDepth else { return "IP \(ip): objects deeper than maxObjectDepth" }
            guard ints.count + i.pushes <= method.maxIntDepth else { return "IP \(ip): ints deeper than maxIntDepth" }
            let width = opcode.info.prefix == .ignored ? 1 : (prefix?.cellWidth ?? 1)
            var pushed = [Int32?](repeating: nil, count: i.pushes)
            var operand: Int32 = -1
            if case .int(let v) = instruction.operands { operand = v }
            switch opcode {
            case .iconst0 where prefix == nil: pushed = [0]
            case .iconst1 where prefix == nil: pushed = [1]
            case .iconst8bit where prefix == nil, .iconst32bit where prefix == nil: pushed = [operand]
            case .isDup where prefix == nil: pushed = popped + popped
            case .djnz: pushed = [popped[0].map { $0 &- 1 }]
            case .osGet32, .osSet32:
                guard operand >= 0, Int(operand) < objects - (opcode == .osGet32 ? 1 : 0) else {
                    return "IP \(ip): object slot outside the stack"
                }
            case .isGet32:
                guard operand >= 0, Int(operand) + width <= ints.count else { return "IP \(ip): int slot outside" }
                pushed = Array(ints[Int(operand)..<Int(operand) + width])
            case .isSet32:
                guard operand >= 0, Int(operand) + width <= ints.count, popped.count == width else {
                    return "IP \(ip): int slot outside"
                }
                ints.replaceSubrange(Int(operand)..<Int(operand) + width, with: popped)
            case .osPull32:
                guard operand >= 0, Int(operand) < objects else { return "IP \(ip): os_pull32 beyond the stack" }
            case .popCatcher:
                guard !catchers.isEmpty else { return "IP \(ip): pop_catcher on an empty catcher stack" }
                catchers.removeLast()
            case .pushCatcher:
                if case .jump(let target) = instruction.operands { catchers.append(target) }
                guard catchers.count <= method.maxCatcherDepth else { return "IP \(ip): too many catchers" }
            default: break
            }
            ints += pushed
            let taken: Bool
            switch opcode {
            case .jz: taken = popped[0].map { $0 == 0 } ?? r.chance(percent: 50)
            case .djnz: taken = pushed[0].map { $0 != 0 } ?? r.chance(percent: 50)
            default: taken = r.chance(percent: 50)
            }
            switch (opcode.info.flow, instruction.operands) {
            case (.exit, _): return nil
            case (.jump, .jump(let target)): ip = target
            case (.branch, .jump(let target)): ip = taken ? target : instruction.next
            case (.table, .table(_, _, let targets)):
                let pick = r.below(targets.count + 1)
                ip = pick < targets.count ? targets[pick] : instruction.next
            default: ip = instruction.next
            }
            guard ip >= 0, ip < code.count else { return "runs to IP \(ip), outside the code" }
        }
        return nil
    }
}

// MARK: - Running fuzzed methods in the VM (VMFuzzTests and `phantom-fuzz vm`)
//
// `VMFuzzGenerator` makes methods: random bytes, random instruction sequences,
// mutations of a corpus of valid methods, and random well-formed programs built from
// statements (calls, loops, try/catch, typed arithmetic, fields, strings, natives).
// `VM.runFuzzCase` puts one into a class `.fuzz.*` (a subclass of `.fuzz.base`, which
// holds helper methods), installs it, and if the loader accepts it runs it as a thread
// for a bounded number of slices, ends whatever threads are still alive, and checks
// the space with `Heap.verify`. A rejection must name the method, an IP inside its code
// and a reason.

/// Where a generated method came from.
public enum VMFuzzKind: Int, CaseIterable, Sendable {
    case randomBytes, randomInstructions, mutatedSeed, structured, mutatedStructured

    public var name: String {
        switch self {
        case .randomBytes: "random bytes"
        case .randomInstructions: "random instructions"
        case .mutatedSeed: "mutated seed"
        case .structured: "structured"
        case .mutatedStructured: "mutated structured"
        }
    }
}

/// One generated case: the code of `run` (ordinal 8, one argument) and what to pass it.
public struct VMFuzzInput: Sendable {
    public var code: [UInt8]
    public var kind: VMFuzzKind
    /// 0 the boot object, 1 an int, 2 null, 3 a string, 4 a `.fuzz.base` instance.
    public var argument: Int

    public init(code: [UInt8], kind: VMFuzzKind, argument: Int) {
        self.code = code
        self.kind = kind
        self.argument = argument
    }
}

/// The corpus and the generators of the VM fuzz.
public struct VMFuzzGenerator: Sendable {
    /// The class every case extends: fields, constants and helper methods at 16…25.
    public static let baseSource = """
        .class .fuzz.base
        .field a
        .field b
        .field c
        .field d
        .const 0 "base"
        .method zero ordinal 16 args 0
            arg_count 0
            const_pool 0
            ret
        .end
        .method id ordinal 17 args 1
            arg_count 1
            os_get32 0
            ret
        .end
        .method raise ordinal 18 args 1
            arg_count 1
            os_get32 0
            throw
        .end
        .method again ordinal 19 args 1
            arg_count 1
            summon_this
            os_get32 0
            call_08 n=1
            ret
        .end
        .method pair ordinal 20 args 2
            arg_count 2
            os_get32 0
            os_save8 0
            os_get32 1
            ret
        .end
        .method repeat ordinal 21 args 1
            arg_count 1
            stack_reserve obj=1 int=1
            os_get32 0
            o2i
            iconst_8bit 31
            iand
            is_set32 0
            sconst_bin "<"
            os_set32 1
        loop:
            is_get32 0
            jz done
            os_get32 1
            sconst_bin "ab"
            call_0A n=1
            os_set32 1
            is_get32 0
            iconst_1
            isublu
            is_set32 0
            jmp loop
        done:
            os_get32 1
            ret
        .end
        .method spawn ordinal 22 args 1
            arg_count 1
            os_get32 0
            summon_this
            call_12 n=1
            ret
        .end
        .method nap ordinal 23 args 1
            arg_count 1
            os_get32 0
            iconst_8bit 5
            i2o
            call_15 n=1
            ret
        .end
        .method field ordinal 24 args 0
            arg_count 0
            os_load8 1
            ret
        .end
        .method deadlock ordinal 25 args 0
            arg_count 0
            summon_by_name ".internal.mutex"
            new
            os_dup
            call_08 n=0
            os_drop
            os_dup
            call_08 n=0
            ret
        .end
        """

    /// The class of one case; `run` is replaced by the generated code.
    public static let caseSource = """
        .class .fuzz.case parent .fuzz.base
        .field a
        .field b
        .field c
        .field d
        .const 0 "zero"
        .const 1 "one\\n\\x00"
        .const 77 ""
        .method run ordinal 8 args 1
            arg_count 1
            ret
        .end
        """

    /// Valid methods (ordinal 8, one argument, fields 0…3, constants 0, 1, 77), the
    /// seeds of the mutations.
    public static let seedSources: [String] = [
        // Calls: helpers, natives of void, int and string, static and dynamic invokes.
        """
        arg_count 1
        summon_this
        call_10 n=0
        os_drop
        summon_this
        os_get32 0
        call_8bit ord=17 n=1
        os_drop
        summon_this
        iconst_8bit 7
        i2o
        sconst_bin "x"
        call_14 n=2
        os_drop
        summon_this
        short_call_2
        os_drop
        iconst_8bit 42
        i2o
        call_05 n=0
        os_drop
        sconst_bin "hello"
        iconst_1
        i2o
        iconst_8bit 3
        i2o
        call_32bit ord=8 n=2
        os_drop
        summon_this
        summon_by_name ".fuzz.base"
        static_invoke ord=16 n=0
        os_drop
        os_get32 0
        summon_this
        summon_by_name ".fuzz.base"
        static_invoke ord=17 n=1
        os_drop
        summon_by_name ".fuzz.base"
        new
        sconst_bin "zero"
        iconst_0
        dynamic_invoke
        ret
        """,
        // A for loop that builds a string and an array.
        """
        arg_count 1
        stack_reserve obj=2 int=1
        summon_by_name ".internal.container.array"
        new
        os_set32 1
        sconst_bin ""
        os_set32 2
        L:  is_get32 0
        iconst_8bit 12
        ilt
        jz END
        os_get32 2
        is_get32 0
        i2o
        call_05 n=0
        call_0A n=1
        os_set32 2
        os_get32 1
        os_get32 2
        is_get32 0
        i2o
        call_0B n=2
        os_drop
        is_get32 0
        iconst_1
        isum
        is_set32 0
        jmp L
        END: os_get32 1
        call_0C n=0
        os_drop
        os_get32 2
        ret
        """,
        // A djnz loop calling a helper, and a loop that never ends.
        """
        arg_count 1
        iconst_8bit 20
        L:  summon_this
        iconst_8bit 3
        i2o
        call_15 n=1
        os_drop
        djnz L
        is_drop
        os_get32 0
        os_isnull
        jz F
        summon_null
        ret
        F:  nop
        jmp F
        """,
        // try/catch: a caught division by zero, a throw through a helper, nested tries.
        """
        arg_count 1
        stack_reserve obj=1 int=0
        summon_string_class
        push_catcher H1
        iconst_1
        iconst_0
        idivlu
        is_drop
        pop_catcher
        jmp N1
        H1: os_set32 1
        N1: summon_by_name ".internal.void"
        push_catcher H2
        summon_int_class
        push_catcher H3
        summon_this
        os_get32 0
        call_12 n=1
        os_drop
        pop_catcher
        pop_catcher
        jmp N2
        H3: os_drop
        pop_catcher
        jmp N2
        H2: os_set32 1
        N2: summon_null
        push_catcher H4
        os_get32 1
        throw
        H4: os_drop
        os_get32 1
        ret
        """,
        // Typed arithmetic: long, float and double, conversions, boxes and compares.
        """
        arg_count 1
        stack_reserve obj=1 int=4
        iconst_32bit 123456789
        prefix_long
        fromi
        prefix_long
        iconst_8bit 77
        prefix_long
        imul
        prefix_long
        is_set32 0
        prefix_long
        is_get32 0
        iconst_8bit 3
        prefix_long
        ishl
        prefix_long
        i2o
        os_set32 1
        iconst_8bit 3
        prefix_double
        fromi
        iconst_8bit 7
        prefix_double
        fromi
        prefix_double
        idivlu
        prefix_double
        is_dup
        prefix_double
        i2o
        prefix_double
        o2i
        prefix_double
        ilt
        is_drop
        iconst_8bit 9
        prefix_float
        fromi
        prefix_float
        is_dup
        prefix_float
        isum
        fromf
        iconst_0
        prefix_long
        fromi
        froml
        isum
        i2o
        os_get32 1
        prefix_long
        o2i
        prefix_long
        inot
        prefix_long
        i2o
        call_05 n=0
        call_0A n=1
        ret
        """,
        // Fields of this, ints in fields, a new object of the base class.
        """
        arg_count 1
        os_get32 0
        os_save8 2
        iconst_8bit 5
        is_save8 3
        is_load8 3
        iconst_1
        isum
        is_save8 1
        os_load8 2
        os_isnull
        jz NN
        sconst_bin "null"
        os_save8 0
        NN: summon_this
        call_18 n=0
        os_drop
        summon_by_name ".fuzz.base"
        new
        iconst_8bit 4
        i2o
        sconst_bin "y"
        call_14 n=2
        os_drop
        os_load8 0
        ret
        """,
        // Strings: constants, concat, substring, charAt, find, length, hashCode, atoi.
        """
        arg_count 1
        const_pool 1
        const_pool 0
        call_0A n=1
        os_dup
        call_0B n=0
        os_drop
        os_dup
        iconst_1
        i2o
        call_09 n=1
        os_drop
        os_dup
        sconst_bin "ne"
        call_0C n=1
        os_drop
        os_dup
        call_0F n=0
        os_drop
        sconst_bin "-1234"
        call_10 n=0
        o2i
        i2o
        call_05 n=0
        call_0A n=1
        const_pool 77
        call_0A n=1
        ret
        """,
        // Threads and sync: spawn this, sleep, a mutex, the current thread.
        """
        arg_count 1
        summon_by_name ".internal.void"
        push_catcher H
        summon_this
        os_get32 0
        call_16 n=1
        os_drop
        os_get32 0
        summon_this
        call_12 n=1
        os_drop
        summon_by_name ".internal.mutex"
        new
        os_dup
        call_08 n=0
        os_drop
        call_09 n=0
        os_drop
        summon_thread
        call_0C n=0
        os_drop
        pop_catcher
        summon_null
        ret
        H:  ret
        """,
        // A switch, and recursion through a helper until the stack overflows.
        """
        arg_count 1
        os_get32 0
        call_0F n=0
        o2i
        iconst_8bit 3
        iand
        switch shift=0 div=1 [A, B, C]
        summon_null
        ret
        A:  summon_this
        os_get32 0
        call_13 n=1
        ret
        B:  summon_this
        iconst_8bit 9
        i2o
        call_15 n=1
        ret
        C:  summon_string_class
        push_catcher H
        summon_this
        os_get32 0
        call_08 n=1
        pop_catcher
        ret
        H:  ret
        """,
        // Casts, identity, containers, class statics, and an uncaught throw.
        """
        arg_count 1
        summon_this
        summon_by_name ".fuzz.base"
        cast
        os_get32 0
        os_eq
        is_drop
        summon_by_name ".internal.directory"
        new
        os_drop
        summon_int_class
        iconst_1
        i2o
        os_get32 0
        call_0A n=2
        os_drop
        iconst_8bit 40
        i2o
        summon_int_class
        cast
        throw
        """,
    ]

    public let seeds: [[UInt8]]
    public let base: ClassFile
    public let template: ClassFile

    /// Assembles the corpus; an error is a bug in the corpus.
    public init() throws(AssemblyError) {
        var seeds: [[UInt8]] = []
        for source in VMFuzzGenerator.seedSources { seeds.append(try Assembler.assemble(source)) }
        self.seeds = seeds
        base = try Assembler.assembleClass(VMFuzzGenerator.baseSource)
        template = try Assembler.assembleClass(VMFuzzGenerator.caseSource)
    }

    /// The class of one case: the template named `name` with `code` as `run`.
    public func caseClass(named name: String, code: [UInt8]) -> ClassFile {
        var file = template
        file.name = name
        file.methods[0].code = code
        return file
    }

    /// One case, drawn from `r`.
    public func generate(_ r: inout SeededRandom) -> VMFuzzInput {
        let argument = r.chance(percent: 50) ? 0 : 1 + r.below(4)
        var code: [UInt8]
        let kind: VMFuzzKind
        switch r.below(20) {
        case 0, 1:
            kind = .randomBytes
            code = []
            for _ in 0..<(1 + r.below(48)) { code.append(VMFuzzGenerator.randomByte(&r)) }
            if r.chance(percent: 50) { code.append(Opcode.ret.rawValue) }
        case 2, 3:
            kind = .randomInstructions
            code = r.chance(percent: 50) ? [Opcode.argCount.rawValue, 1] : []
            for _ in 0..<(1 + r.below(10)) { VMFuzzGenerator.randomInstruction(&r, into: &code) }
            if r.chance(percent: 60) { code.append(Opcode.ret.rawValue) }
        case 4...9:
            kind = .mutatedSeed
            code = seeds[r.below(seeds.count)]
            VMFuzzGenerator.mutate(&code, &r, donors: seeds)
        case 10...16:
            kind = .structured
            code = VMFuzzGenerator.structured(&r)
        default:
            kind = .mutatedStructured
            code = VMFuzzGenerator.structured(&r)
            VMFuzzGenerator.mutate(&code, &r, donors: seeds, edits: 1 + r.below(2))
        }
        return VMFuzzInput(code: code, kind: kind, argument: argument)
    }

    // MARK: Random bytes and instructions

    /// Opcode bytes weighted toward control flow, calls and stack effects.
    public static func randomByte(_ r: inout SeededRandom) -> UInt8 {
        switch r.below(4) {
        case 0: UInt8(truncatingIfNeeded: r.next())
        case 1: [0x05, 0x06, 0x07, 0x08, 0x2D, 0x2E, 0x2F, 0x5C, 0x5D, 0x5E, 0x6F, 0x0F, 0x04, 0x1C, 0x31, 0xA8][r.below(16)]
        case 2: UInt8(r.below(4))
        default: Opcode.allCases[r.below(Opcode.allCases.count)].rawValue
        }
    }

    static let interestingInts: [Int32] = [
        0, 1, -1, 2, 3, 4, 5, 8, 9, 13, 15, 16, 17, 21, 0x3F, 0x40, 0x7F, 0x80, 0xFF, Int32.max, Int32.min,
        0x1_0000, -5, -6, -10,
    ]

    static func be32(_ value: Int32) -> [UInt8] {
        let v = UInt32(bitPattern: value)
        return [UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8),
                UInt8(truncatingIfNeeded: v)]
    }

    /// One instruction of a random opcode with random (mostly small) operands.
    public static func randomInstruction(_ r: inout SeededRandom, into bytes: inout [UInt8]) {
        let opcode = Opcode.allCases[r.below(Opcode.allCases.count)]
        bytes.append(opcode.rawValue)
        func small(_ r: inout SeededRandom) -> UInt8 {
            r.chance(percent: 70) ? UInt8(r.below(6)) : UInt8(truncatingIfNeeded: r.next())
        }
        func i32(_ r: inout SeededRandom) -> [UInt8] {
            r.chance(percent: 70) ? be32(Int32(r.below(8)) - 2) : be32(interestingInts[r.below(interestingInts.count)])
        }
        switch opcode.info.operands {
        case .str:
            let n = r.below(6)
            bytes += be32(Int32(n))
            for _ in 0..<n { bytes.append(UInt8(truncatingIfNeeded: r.next())) }
        case .debug:
            let flags = UInt8(truncatingIfNeeded: r.next())
            bytes.append(flags)
            if flags & 0x80 != 0 {
                let n = r.below(6)
                bytes += be32(Int32(n))
                for _ in 0..<n { bytes.append(UInt8(truncatingIfNeeded: r.next())) }
            }
        case .switchTable:
            let n = r.below(4)
            bytes += be32(Int32(n)) + i32(&r) + i32(&r)
            for _ in 0..<n { bytes += i32(&r) }
        case .i32, .rel32: bytes += i32(&r)
        case .callI32I32: bytes += i32(&r) + i32(&r)
        case .callU8I32:
            bytes.append(small(&r))
            bytes += i32(&r)
        default:
            for _ in 0..<(opcode.info.operands.fixedSize ?? 0) { bytes.append(small(&r)) }
        }
    }

    /// Mutates `code` in place with `edits` edits (1–4 by default): bit flips, byte
    /// sets, nudges, inserts, deletes, interesting i32 values, splices from `donors`
    /// and inserted random instructions. The code keeps at least one byte.
    public static func mutate(_ code: inout [UInt8], _ r: inout SeededRandom, donors: [[UInt8]], edits: Int = 0) {
        for _ in 0..<(edits > 0 ? edits : 1 + r.below(4)) {
            let at = r.below(code.count + 1)
            switch r.below(9) {
            case 0 where at < code.count: code[at] ^= UInt8(1) << UInt8(r.below(8))
            case 1 where at < code.count: code[at] = randomByte(&r)
            case 2: code.insert(randomByte(&r), at: at)
            case 3 where at < code.count && code.count > 1: code.remove(at: at)
            case 4 where at < code.count: code[at] = code[at] &+ (r.chance(percent: 50) ? 1 : 255)
            case 5 where at + 4 <= code.count:
                code.replaceSubrange(at..<at + 4, with: be32(interestingInts[r.below(interestingInts.count)]))
            case 6:
                let donor = donors[r.below(donors.count)]
                guard !donor.isEmpty else { break }
                let from = r.below(donor.count)
                let length = 1 + r.below(min(16, donor.count - from))
                let chunk = donor[from..<from + length]
                if r.chance(percent: 50) {
                    code.insert(contentsOf: chunk, at: at)
                } else {
                    code.replaceSubrange(at..<min(code.count, at + length), with: chunk)
                }
            case 7:
                var extra: [UInt8] = []
                randomInstruction(&r, into: &extra)
                code.insert(contentsOf: extra, at: at)
            default:
                if code.count > 2, at < code.count {
                    let length = 1 + r.below(min(8, code.count - at))
                    if length < code.count { code.removeSubrange(at..<at + length) }
                }
            }
        }
        if code.isEmpty { code = [Opcode.ret.rawValue] }
    }

    // MARK: Well-formed programs

    /// A random method that mostly verifies: statements that keep the stack depths
    /// consistent on every path (see `StructuredWriter`).
    public static func structured(_ r: inout SeededRandom) -> [UInt8] {
        var w = StructuredWriter(random: r)
        if w.r.chance(percent: 85) {
            w.e.op(.argCount)
            w.e.u8(1)
            w.ints = 0
        }
        if w.r.chance(percent: 50) {
            // Most of it inside a catch-everything try, so that it runs past exceptions.
            w.tryCatch(catchAll: true, statements: 2 + w.r.below(16))
        } else {
            w.block(statements: 2 + w.r.below(16))
        }
        if w.r.chance(percent: 60) { w.pushObject() }
        w.e.op(.ret)
        r = w.r
        return w.e.finish()
    }
}

/// Bytes with labels: rel32 fields are patched by `finish`.
struct FuzzEmitter {
    var code: [UInt8] = []
    var labels: [Int] = []
    var fixups: [(field: Int, label: Int)] = []

    mutating func op(_ opcode: Opcode) { code.append(opcode.rawValue) }
    mutating func u8(_ value: UInt8) { code.append(value) }
    mutating func i32(_ value: Int32) { code += VMFuzzGenerator.be32(value) }
    mutating func str(_ bytes: [UInt8]) {
        i32(Int32(bytes.count))
        code += bytes
    }
    mutating func label() -> Int {
        labels.append(-1)
        return labels.count - 1
    }
    mutating func bind(_ label: Int) { labels[label] = code.count }
    /// A rel32 field at the current position pointing at `label`.
    mutating func target(_ label: Int) {
        fixups.append((code.count, label))
        i32(0)
    }
    mutating func jump(_ opcode: Opcode, _ label: Int) {
        op(opcode)
        target(label)
    }
    func finish() -> [UInt8] {
        var out = code
        for f in fixups {
            let to = labels[f.label] < 0 ? 0 : labels[f.label]
            out.replaceSubrange(f.field..<f.field + 4, with: VMFuzzGenerator.be32(Int32(to - f.field)))
        }
        return out
    }
}

/// Writes statements that keep the depths the verifier tracks consistent: every
/// statement leaves the stacks as deep as it found them or deeper, never pops what
/// an enclosing block owns, and every branch of a construct ends at the same depths.
struct StructuredWriter {
    var r: SeededRandom
    var e = FuzzEmitter()
    var objects = 1
    var ints = 1
    var nesting = 0
    var floorObjects = 0
    var floorInts = 0
    var steps = 0

    static let classNames: [String] = [
        ".internal.void", ".internal.int", ".internal.long", ".internal.float", ".internal.double",
        ".internal.string", ".internal.container.array", ".internal.directory", ".internal.binary",
        ".internal.mutex", ".internal.cond", ".internal.sema", ".internal.thread", ".internal.boot",
        ".internal.io.tty", ".internal.bitmap", ".internal.closure", ".internal.connection", ".internal.world",
        ".internal.class", ".internal.container.page", ".internal.tcp", ".fuzz.base", ".fuzz.nowhere",
    ]
    static let strings: [[UInt8]] = [
        [], Array("a".utf8), Array("hello".utf8), Array("42".utf8), Array("-7".utf8), Array("3.5".utf8),
        Array("run".utf8), Array("zero".utf8), Array("id".utf8), Array("[1,2,{\"a\":null}]".utf8),
        Array("tmr:".utf8), Array("fio:/f".utf8), [0xFF, 0x00, 0xC3],
    ]

    init(random: SeededRandom) { r = random }

    var roomy: Bool { objects < 40 && ints < 40 }

    // MARK: Values

    /// Pushes one object.
    mutating func pushObject(depth: Int = 0) {
        let deep = depth < 3 && roomy
        switch r.below(deep ? 20 : 12) {
        case 0: e.op(.summonNull)
        case 1: e.op(.summonThis)
        case 2, 3:
            if objects == 0 {
                e.op(.summonThis)
            } else {
                e.op(.osGet32)
                e.i32(Int32(r.chance(percent: 50) ? 0 : r.below(objects)))
            }
        case 4:
            e.op(.sconstBin)
            e.str(StructuredWriter.strings[r.below(StructuredWriter.strings.count)])
        case 5:
            e.op(.constPool)
            e.i32([0, 1, 77][r.below(3)])
        case 6:
            pushClass()
            return
        case 7: e.op(.summonThread)
        case 8 where objects > 0: e.op(.osDup)  // pops one, pushes two
        case 9 where objects > 0:
            e.op(.osPull32)
            e.i32(Int32(r.below(objects)))
        case 10: e.op(.osLoad8); e.u8(UInt8(r.below(4)))
        case 11:
            pushInt(depth: depth + 1)
            e.op(.i2o)
            ints -= 1
        case 12, 13:
            pushClass()
            e.op(.new)
            objects -= 1
        case 14, 15, 16:
            call(depth: depth + 1)
            return
        case 17: typed(depth: depth + 1, result: .box); return
        case 18:
            pushObject(depth: depth + 1)
            pushClass()
            e.op(.cast)
            objects -= 2
        default: e.op(.summonNull)
        }
        objects += 1
    }

    /// Pushes an object that is mostly a number (an int or a box).
    mutating func pushNumber(depth: Int) {
        switch r.below(10) {
        case 0...5:
            e.op(.iconst8bit)
            e.u8(UInt8(r.below(256)))
            e.op(.i2o)
            objects += 1
        case 6 where depth < 3, 7 where depth < 3: typed(depth: depth + 1, result: .box)
        default: pushObject(depth: depth)
        }
    }

    /// Pushes a class object (or, rarely, something that is not a class).
    mutating func pushClass() {
        switch r.below(12) {
        case 0: e.op(.summonClassClass)
        case 1: e.op(.summonIntClass)
        case 2: e.op(.summonStringClass)
        case 3: e.op(.summonArrayClass)
        case 4: e.op(.summonInterfaceClass)
        case 5: e.op(.summonCodeClass)
        case 6: e.op(.summonNull)
        default:
            e.op(.summonByName)
            e.str(Array(StructuredWriter.classNames[r.below(StructuredWriter.classNames.count)].utf8))
        }
        objects += 1
    }

    /// Pushes one int.
    mutating func pushInt(depth: Int = 0) {
        let deep = depth < 3 && roomy
        switch r.below(deep ? 16 : 6) {
        case 0: e.op(.iconst0)
        case 1: e.op(.iconst1)
        case 2: e.op(.iconst8bit); e.u8(UInt8(r.below(r.chance(percent: 80) ? 16 : 256)))
        case 3:
            e.op(.iconst32bit)
            e.i32(VMFuzzGenerator.interestingInts[r.below(VMFuzzGenerator.interestingInts.count)])
        case 4, 5:
            if ints > 0 {
                e.op(.isGet32)
                e.i32(Int32(r.below(ints)))
            } else {
                e.op(.iconst8bit)
                e.u8(3)
            }
        case 6: e.op(.isLoad8); e.u8(UInt8(r.below(4)))
        case 7, 8:
            if r.chance(percent: 60) {
                pushNumber(depth: depth + 1)
                e.op(.o2i)
            } else {
                pushObject(depth: depth + 1)
                e.op(.osIsNull)
            }
            objects -= 1
        case 9:
            pushObject(depth: depth + 1)
            pushObject(depth: depth + 1)
            e.op(r.chance(percent: 50) ? .osEq : .osNeq)
            objects -= 2
        case 10, 11, 12:
            pushInt(depth: depth + 1)
            pushInt(depth: depth + 1)
            let binary: [Opcode] = [
                .isum, .imul, .isubul, .isublu, .idivul, .idivlu, .iremul, .iremlu, .ior, .iand, .ixor,
                .logOr, .logAnd, .logXor, .ige, .ile, .igt, .ilt, .ishl, .ishr, .ushr,
            ]
            e.op(binary[r.below(binary.count)])
            ints -= 2
        case 13:
            pushInt(depth: depth + 1)
            e.op([Opcode.inot, .logNot][r.below(2)])
            ints -= 1
        case 14: typed(depth: depth + 1, result: r.chance(percent: 50) ? .compare : .convert); return
        default:
            pushObject(depth: depth + 1)
            e.op(.constPool)
            e.i32(0)
            e.op(.osEq)
            objects -= 1
        }
        ints += 1
    }

    enum TypedResult { case box, compare, convert }

    /// A long, float or double expression ending in a box (one object), a compare or a
    /// conversion to int (one int).
    mutating func typed(depth: Int, result: TypedResult) {
        let prefixes: [Opcode] = [.prefixLong, .prefixFloat, .prefixDouble]
        let pick = r.below(3)
        let prefix = prefixes[pick]
        let width = pick == 1 ? 1 : 2
        func value(_ w: inout StructuredWriter) {
            switch w.r.below(4) {
            case 0:
                w.e.op(prefix)
                w.e.op(.iconst8bit)
                w.e.u8(UInt8(w.r.below(256)))
            case 1:
                w.e.op(prefix)
                w.e.op(.iconst32bit)
                w.e.i32(VMFuzzGenerator.interestingInts[w.r.below(VMFuzzGenerator.interestingInts.count)])
            case 2:
                w.pushInt(depth: depth + 1)
                w.ints -= 1
                w.e.op(prefix)
                w.e.op(.fromi)
            default:
                w.pushNumber(depth: depth + 1)
                w.objects -= 1
                w.e.op(prefix)
                w.e.op(.o2i)
            }
            w.ints += width
        }
        value(&self)
        for _ in 0..<r.below(4) {
            switch r.below(6) {
            case 0, 1, 2:
                value(&self)
                let ops: [Opcode] = pick == 0
                    ? [.isum, .imul, .isubul, .isublu, .idivul, .idivlu, .iremul, .iremlu, .ior, .iand, .ixor, .logOr]
                    : [.isum, .imul, .isubul, .isublu, .idivul, .idivlu, .iremul, .iremlu]
                e.op(prefix)
                e.op(ops[r.below(ops.count)])
                ints -= width
            case 3:
                e.op(prefix)
                e.op(.isDup)
                e.op(prefix)
                e.op(.isum)
            case 4 where pick == 0:
                // A shifted long added in: the count goes below the value.
                e.op(.iconst8bit)
                e.u8(UInt8(r.below(70)))
                ints += 1
                value(&self)
                e.op(.prefixLong)
                e.op([Opcode.ishl, .ishr, .ushr][r.below(3)])
                ints -= 1
                e.op(.prefixLong)
                e.op(.isum)
                ints -= 2
            default:
                if pick == 0 {
                    e.op(.prefixLong)
                    e.op(r.chance(percent: 50) ? .inot : .logNot)
                }
            }
        }
        switch result {
        case .box:
            e.op(prefix)
            e.op(.i2o)
            ints -= width
            objects += 1
        case .compare:
            value(&self)
            e.op(prefix)
            e.op([Opcode.ige, .ile, .igt, .ilt][r.below(4)])
            ints -= 2 * width
            ints += 1
        case .convert:
            e.op([Opcode.fromi, .froml, .fromf, .fromd][pick == 0 ? 1 : pick == 1 ? 2 : 3])
            ints -= width
            ints += 1
        }
    }

    // MARK: Calls

    /// A call of some kind; pushes its result.
    mutating func call(depth: Int) {
        switch r.below(10) {
        case 0:
            // static_invoke: args, this, class.
            let n = r.below(3)
            for _ in 0..<n { pushObject(depth: depth + 1) }
            if r.chance(percent: 70) { e.op(.summonThis); objects += 1 } else { pushObject(depth: depth + 1) }
            if r.chance(percent: 70) {
                e.op(.summonByName)
                e.str(Array(".fuzz.base".utf8))
                objects += 1
            } else {
                pushClass()
            }
            e.op(.staticInvoke)
            e.i32(Int32(r.chance(percent: 80) ? 16 + r.below(10) : r.below(30)))
            e.i32(Int32(n))
            objects -= n + 1
        case 1:
            // dynamic_invoke: args, this, name; n on the int stack.
            let n = r.below(3)
            for _ in 0..<n { pushObject(depth: depth + 1) }
            if r.chance(percent: 60) { e.op(.summonThis); objects += 1 } else { pushObject(depth: depth + 1) }
            e.op(.sconstBin)
            e.str(Array(["run", "zero", "id", "pair", "nothing"][r.below(5)].utf8))
            e.op(.iconst8bit)
            e.u8(UInt8(n))
            e.op(.dynamicInvoke)
            objects -= n  // the name was not counted: n + 2 popped, one pushed
        default:
            // An ordinary call: this, then the arguments.
            let ordinal: Int
            let n: Int
            let onThis = r.chance(percent: 60)
            if onThis {
                e.op(.summonThis)
                objects += 1
                switch r.below(10) {
                case 0: ordinal = r.below(16); n = r.below(3)
                case 1: ordinal = 8; n = 1
                default:
                    ordinal = 16 + r.below(10)
                    n = [0, 1, 1, 1, 2, 1, 1, 1, 0, 0][ordinal - 16] + (r.chance(percent: 5) ? 1 : 0)
                }
            } else {
                pushObject(depth: depth + 1)
                ordinal = r.chance(percent: 70) ? 8 + r.below(17) : r.below(8)
                n = r.below(4)
            }
            for _ in 0..<n { pushObject(depth: depth + 1) }
            switch r.below(4) {
            case 0 where n == 0 && ordinal < 4: e.op(Opcode(rawValue: Opcode.shortCall0.rawValue + UInt8(ordinal))!)
            case 1:
                e.op(.call8bit)
                e.u8(UInt8(ordinal))
                e.i32(Int32(n))
            case 2:
                e.op(.call32bit)
                e.i32(Int32(ordinal))
                e.i32(Int32(n))
            default:
                if ordinal < 32 {
                    e.op(Opcode(rawValue: Opcode.call00.rawValue + UInt8(ordinal))!)
                    e.u8(UInt8(n))
                } else {
                    e.op(.call32bit)
                    e.i32(Int32(ordinal))
                    e.i32(Int32(n))
                }
            }
            objects -= n
        }
    }

    // MARK: Statements

    /// Pops one object this block owns, in some way.
    mutating func consumeObject() {
        switch r.below(8) {
        case 0, 1, 2: e.op(.osDrop)
        case 3 where objects >= 2:
            e.op(.osSet32)
            e.i32(Int32(r.below(objects - 1)))
        case 4: e.op(.osSave8); e.u8(UInt8(r.below(4)))
        case 5: e.op(r.chance(percent: 50) ? .generalLock : .generalUnlock)
        case 6:
            e.op(.o2i)
            ints += 1
            e.op(.isDrop)
            ints -= 1
        default: e.op(.osDrop)
        }
        objects -= 1
    }

    mutating func consumeInt() {
        switch r.below(4) {
        case 0 where ints >= 2:
            e.op(.isSet32)
            e.i32(Int32(r.below(ints - 1)))
        case 1: e.op(.isSave8); e.u8(UInt8(r.below(4)))
        default: e.op(.isDrop)
        }
        ints -= 1
    }

    /// Statements, then the depths dropped back to where the block began.
    mutating func block(statements: Int) {
        let (savedObjects, savedInts) = (floorObjects, floorInts)
        floorObjects = objects
        floorInts = ints
        for _ in 0..<statements { statement() }
        while objects > floorObjects { consumeObject() }
        while ints > floorInts { consumeInt() }
        floorObjects = savedObjects
        floorInts = savedInts
    }

    mutating func statement() {
        steps += 1
        let compound = nesting < 3 && steps < 60 && roomy
        switch r.below(compound ? 20 : 10) {
        case 0, 1: pushObject()
        case 2: pushInt()
        case 3, 4: call(depth: 0)
        case 5 where objects > floorObjects: consumeObject()
        case 6 where ints > floorInts: consumeInt()
        case 7:
            // A stack_reserve: more cells, nulls and zeros.
            let o = r.below(3), i = r.below(3)
            e.op(.stackReserve)
            e.u8(UInt8(o))
            e.u8(UInt8(i))
            objects += o
            ints += i
        case 8:
            // A conditional throw or return.
            pushInt()
            let skip = e.label()
            e.jump(.jz, skip)
            ints -= 1
            let (o, i) = (objects, ints)
            pushObject()
            e.op(r.chance(percent: 70) ? .throw : .ret)
            (objects, ints) = (o, i)
            e.bind(skip)
        case 9: typed(depth: 0, result: [.box, .compare, .convert][r.below(3)])
        case 10, 11: ifElse()
        case 12, 13: loop()
        case 14, 15, 16: tryCatch()
        case 17: switchStatement()
        case 18:
            // A nested block.
            nesting += 1
            block(statements: 1 + r.below(4))
            nesting -= 1
        default: call(depth: 0)
        }
    }

    mutating func ifElse() {
        pushInt()
        let otherwise = e.label(), end = e.label()
        e.jump(.jz, otherwise)
        ints -= 1
        nesting += 1
        block(statements: 1 + r.below(5))
        e.jump(.jmp, end)
        e.bind(otherwise)
        block(statements: r.below(4))
        nesting -= 1
        e.bind(end)
    }

    mutating func loop() {
        nesting += 1
        if r.chance(percent: 75) {
            // djnz n times (0 runs it 2^32 times: cut off by the slice limit).
            e.op(.iconst8bit)
            e.u8(UInt8(r.chance(percent: 95) ? 1 + r.below(12) : 0))
            ints += 1
            let top = e.label()
            e.bind(top)
            block(statements: 1 + r.below(5))
            e.jump(.djnz, top)
            e.op(.isDrop)
            ints -= 1
        } else {
            // while (int) { … }: often a counter in a slot, sometimes endless.
            let top = e.label(), end = e.label()
            e.bind(top)
            pushInt()
            e.jump(.jz, end)
            ints -= 1
            block(statements: 1 + r.below(4))
            e.jump(.jmp, top)
            e.bind(end)
        }
        nesting -= 1
    }

    /// try { block } catch (class) { handler }; `catchAll` catches every non-null throw.
    mutating func tryCatch(catchAll: Bool = false, statements: Int = 0) {
        switch catchAll ? 0 : r.below(8) {
        case 0, 1, 2, 3:
            e.op(.summonByName)
            e.str(Array(".internal.void".utf8))
            objects += 1
        case 4, 5: e.op(.summonStringClass); objects += 1
        default: pushClass()
        }
        let handler = e.label(), end = e.label()
        e.jump(.pushCatcher, handler)
        objects -= 1
        nesting += 1
        block(statements: statements > 0 ? statements : 1 + r.below(6))
        if r.chance(percent: 40) {
            // Throw at the end of the try block.
            pushObject()
            e.op(.throw)
            objects -= 1
        } else {
            e.op(.popCatcher)
            e.jump(.jmp, end)
        }
        e.bind(handler)
        objects += 1
        if r.chance(percent: 30), objects >= 2 {
            e.op(.osSet32)
            e.i32(Int32(r.below(objects - 1)))
        } else if r.chance(percent: 20) {
            e.op(.summonThis)
            e.op(.osPull32)
            e.i32(1)
            e.op(.call0A)  // this.10(thrown): a void native that throws again
            e.u8(1)
            e.op(.osDrop)
            e.op(.osDrop)
        } else {
            e.op(.osDrop)
        }
        objects -= 1
        nesting -= 1
        e.bind(end)
    }

    mutating func switchStatement() {
        pushInt()
        let n = 1 + r.below(4)
        e.op(.switch)
        e.i32(Int32(n))
        e.i32(Int32(r.below(3)) - 1)
        e.i32(Int32(r.chance(percent: 90) ? 1 : 2 + r.below(3)))
        ints -= 1
        let end = e.label()
        var cases: [Int] = []
        for _ in 0..<n {
            let l = e.label()
            cases.append(l)
            e.target(l)
        }
        nesting += 1
        block(statements: r.below(3))
        e.jump(.jmp, end)
        for l in cases {
            e.bind(l)
            block(statements: r.below(3))
            e.jump(.jmp, end)
        }
        nesting -= 1
        e.bind(end)
    }
}

/// How one case ended.
public enum VMFuzzOutcome: Int, CaseIterable, Sendable {
    /// The loader rejected the class (with a well-formed reason).
    case rejected
    /// The thread returned.
    case finished
    /// The thread ended with an uncaught exception.
    case failed
    /// The thread was still alive after the slice limit and was ended.
    case cutOff

    public var name: String {
        switch self {
        case .rejected: "rejected"
        case .finished: "finished"
        case .failed: "uncaught"
        case .cutOff: "cut off"
        }
    }
}

/// The bounds of one run.
public struct VMFuzzLimits: Sendable {
    /// `VM.sliceBudget` during the run.
    public var sliceBudget = 64
    /// Scheduler steps (slices run or idle waits) before the threads are ended.
    public var maxSteps = 24
    /// Check the whole space after the run.
    public var verify = true
    /// A `Heap.cycleCollectionThreshold` for worlds that should collect often.
    public static let frequentCollection = 32

    public init() {}
}

/// What one case did.
public struct VMFuzzResult: Sendable {
    public var outcome: VMFuzzOutcome
    /// The rejection, or the thread's uncaught-exception report, or "".
    public var message = ""
    /// A broken promise: a malformed rejection, a space that fails `verify`, verified
    /// code that the interpreter refused. Nil when all is well.
    public var violation: String?
    /// Slices run, threads ended by the harness.
    public var slices = 0
    public var threadsEnded = 0

    public init(outcome: VMFuzzOutcome) { self.outcome = outcome }
}

extension VM {
    /// Installs `.fuzz.base`, which every case class extends (once per world).
    public func installFuzzBase(_ generator: VMFuzzGenerator) throws(LoadError) {
        try install(generator.base)
    }

    /// Installs `input` as class `name` and, if it is accepted, runs `run(argument)` in a
    /// new thread within `limits`, ends every thread still alive and checks the space.
    public func runFuzzCase(
        _ input: VMFuzzInput, name: String, generator: VMFuzzGenerator, limits: VMFuzzLimits = VMFuzzLimits()
    ) -> VMFuzzResult {
        let file = generator.caseClass(named: name, code: input.code)
        let cls: Ref
        do {
            cls = try install(file)
        } catch {
            var result = VMFuzzResult(outcome: .rejected)
            result.message = error.message
            result.violation = VM.checkRejection(error, codeSize: input.code.count)
            return result
        }
        let code = methodCode(cls, 8)
        guard code != 0, codeField(code, CodeField.argCount) == 1 else {
            var result = VMFuzzResult(outcome: .rejected)
            result.violation = "the accepted class has no method 8 taking one argument"
            return result
        }
        let reportsBefore = reports.count
        let object: Ref
        switch instantiate(cls) {
        case .value(let made): object = made
        default:
            var result = VMFuzzResult(outcome: .rejected)
            result.violation = "cannot instantiate the accepted class (space full?)"
            return result
        }
        let argument: Ref
        do {
            switch input.argument {
            case 0: argument = bootObject; heap.retain(argument)
            case 1: argument = Ref(int: 5)
            case 2: argument = .null
            case 3: argument = try makeString("42")
            default: argument = (try findClass(".fuzz.base")).map { cls in
                if case .value(let made) = instantiate(cls) { return made }
                return .null
            } ?? .null
            }
        } catch {
            heap.release(object)
            var result = VMFuzzResult(outcome: .rejected)
            result.violation = "cannot make the argument"
            return result
        }
        let thread: Ref
        do {
            thread = try startThread(target: object, argument: argument)
        } catch {
            heap.release(object)
            heap.release(argument)
            var result = VMFuzzResult(outcome: .rejected)
            result.violation = "startThread refused an accepted method: \(error.message)"
            return result
        }
        heap.release(object)
        heap.release(argument)

        let savedBudget = sliceBudget
        sliceBudget = limits.sliceBudget
        var slices = 0
        var roomProblem: String?
        steps: for _ in 0..<limits.maxSteps {
            switch runSlice() {
            case .ran:
                slices += 1
                if roomProblem == nil {
                    for alive in threads { roomProblem = roomProblem ?? stackRoomProblem(alive) }
                }
            case .idle(let deadline, let console):
                if deadline == nil { break steps }
                platform.idle(until: deadline, console: console)
            case .done: break steps
            }
        }
        sliceBudget = savedBudget
        var result = VMFuzzResult(outcome: .finished)
        result.slices = slices
        switch threadState(thread) {
        case ThreadState.finished: result.outcome = .finished
        case ThreadState.failed: result.outcome = .failed
        default: result.outcome = .cutOff
        }
        if let roomProblem { result.violation = roomProblem }
        // Verified code must never reach the interpreter's internal faults.
        for report in reports[reportsBefore...] {
            if VM.isInternalFault(report) { result.violation = "the interpreter refused verified code: \(report)" }
        }
        if result.outcome == .failed, reports.count > reportsBefore { result.message = reports[reportsBefore] }
        // End what is still alive (this thread, threads it started), then reap them.
        for alive in threads where !threadEnded(alive) {
            var r = load(alive)
            _ = die(alive, &r, message: "ended by the fuzz harness")
            result.threadsEnded += 1
        }
        _ = runSlice()
        if limits.verify {
            let problems = heap.verify(externalRefs: [thread])
            if !problems.isEmpty, result.violation == nil { result.violation = "verify(): " + VM.joined(problems) }
        }
        heap.release(thread)
        return result
    }

    /// What the interpreter relies on between slices (InterpreterSupport.swift,
    /// `invoke` and `roomForBottomFrame`): every frame of a live thread has room for its
    /// method's verified maxima on the thread's stacks, and the depths lie within them.
    /// A thread whose only frame is still at IP 0 may not have run yet (its first slice
    /// makes the room), so its bottom frame is not checked.
    func stackRoomProblem(_ thread: Ref) -> String? {
        guard !threadEnded(thread) else { return nil }
        func int(_ slot: Int) -> Int { heap.load(thread, slot: slot).intValue }
        let frames = heap.load(thread, slot: ThreadSlot.frames)
        let objects = heap.slotCount(heap.load(thread, slot: ThreadSlot.ostack))
        let ints = heap.byteCount(heap.load(thread, slot: ThreadSlot.istack)) / 4
        let catchers = heap.byteCount(heap.load(thread, slot: ThreadSlot.estack)) / CatcherField.size
        let count = int(ThreadSlot.frameCount)
        guard count >= 1, count * FrameField.size <= heap.byteCount(frames) else {
            return "thread with \(count) frames in room for \(heap.byteCount(frames) / FrameField.size)"
        }
        guard int(ThreadSlot.osDepth) <= objects, int(ThreadSlot.isDepth) <= ints, int(ThreadSlot.esDepth) <= catchers
        else {
            return "thread depths \(int(ThreadSlot.osDepth))/\(int(ThreadSlot.isDepth))/\(int(ThreadSlot.esDepth)) "
                + "beyond its stacks of \(objects)/\(ints)/\(catchers) cells"
        }
        for f in 0..<count {
            let at = frames.offset + ObjectHeader.size + f * FrameField.size
            let code = Int(heap.space.load64(at + FrameField.code))
            if count == 1 && heap.space.load32(at + FrameField.ip) == 0 { continue }
            let needObjects = Int(heap.space.load32(at + FrameField.osBase)) + codeField(code, CodeField.maxObjects)
            let needInts = Int(heap.space.load32(at + FrameField.isBase)) + codeField(code, CodeField.maxInts)
            let needCatchers = Int(heap.space.load32(at + FrameField.esBase)) + codeField(code, CodeField.maxCatchers)
            if needObjects > objects || needInts > ints || needCatchers > catchers {
                return "frame \(f) of \(count) needs \(needObjects)/\(needInts)/\(needCatchers) cells, "
                    + "the thread's stacks hold \(objects)/\(ints)/\(catchers)"
            }
        }
        return nil
    }

    /// A rejection must read "method run (ordinal 8): IP n: reason", n inside the code.
    static func checkRejection(_ error: LoadError, codeSize: Int) -> String? {
        let prefix = "method run (ordinal 8): IP "
        let message = error.message
        guard message.hasPrefix(prefix) else { return "rejection without a method and IP: \(message)" }
        var digits = 0
        var ip = 0
        var rest = Substring(message).dropFirst(prefix.count)
        while let c = rest.utf8.first, c >= 0x30, c <= 0x39, digits < 9 {
            ip = ip * 10 + Int(c - 0x30)
            digits += 1
            rest = rest.dropFirst()
        }
        guard digits > 0, ip >= 0, ip < max(codeSize, 1) else { return "rejection IP outside the code: \(message)" }
        guard rest.hasPrefix(": "), rest.utf8.count > 2 else { return "rejection without a reason: \(message)" }
        return nil
    }

    /// The reports of `die` for faults verified code must never cause.
    static func isInternalFault(_ report: String) -> Bool {
        for marker in ["reached the interpreter", "sys executed outside"] {
            let m = Array(marker.utf8), t = Array(report.utf8)
            if t.count >= m.count {
                for start in 0...(t.count - m.count) where t[start] == m[0] && Array(t[start..<start + m.count]) == m {
                    return true
                }
            }
        }
        return false
    }

    static func joined(_ problems: [String]) -> String {
        var out = ""
        for (i, p) in problems.prefix(5).enumerated() { out += (i == 0 ? "" : "; ") + p }
        if problems.count > 5 { out += "; … \(problems.count) problems" }
        return out
    }
}
