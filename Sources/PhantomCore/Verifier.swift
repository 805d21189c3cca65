// Verifier.swift — the bytecode verifier (PhantomCore, VM layer).
//
// Every method passes here before it can run. The instruction set comes from
// Opcodes.swift (`Opcode.info`, `InstructionDecoder`, `Instruction.objectStackChange`,
// `intStackChange(prefix:)`); the parameters come from the class file (ClassFile.swift);
// the interpreter relies on the invariants and rules below and checks nothing else.
// The reference VM has no verifier (BYTECODE.md §1): this one decides what we accept.
//
// Method. An abstract interpretation over the control-flow graph from IP 0, with a
// worklist. The abstract state at an instruction start is the depth of the object
// stack, the depth of the integer stack (both in cells, counted from the frame's
// bottom), the range of possible catcher-stack depths, and the integer-stack cells
// that hold a known constant (only what dynamic_invoke needs). A type prefix and the
// instruction after it are checked as one unit.
//
// Invariants of verified code (what the interpreter may rely on):
//  1. Every instruction reachable from IP 0 decodes, is implemented (status reference,
//     compilerOnly or legacy) and lies wholly inside the code; no two reachable
//     instructions overlap; execution never runs past the last byte.
//  2. Every jump, branch, switch and catcher target is the start of a reachable
//     instruction, and never the instruction right after a type prefix.
//  3. At each instruction start the object-stack and integer-stack depths are the
//     same on every path; no instruction pops below the frame's bottom; neither depth
//     exceeds `maxStackDepth`; the frame starts with `argCount` objects and one int.
//  4. Absolute slots (os_get32/os_set32/is_get32/is_set32) lie below the current
//     depth (after the instruction's own pops); os_pull32 d finds d + 1 cells.
//  5. Field operands are below `fieldCount`; const_pool ids are in `constantIDs`;
//     call ordinals lie in 0 ..< maxOrdinal and argument counts in 0 ... the cells
//     present below `this` (and the class, for static_invoke).
//  6. pop_catcher never runs with an empty catcher stack; the catcher stack never
//     holds more than `maxCatcherDepth` entries.
//  7. A type prefix is followed by a non-prefix instruction; :float and :double never
//     precede a long-only (bitwise, logical, shift) instruction.
//  8. `sys` appears only when allowed (internal-class stubs), only at IP 0, and IP 0
//     is then no jump target: it runs on the untouched entry frame.
//  9. dynamic_invoke finds on the integer-stack top a constant n ≥ 0 pushed by an
//     unprefixed iconst_* (or is_dup of one), with n + 2 objects below.
//
// Rules for what depends on run-time values, and what they ask of the interpreter:
//  - Entry: the frame holds exactly `argCount` argument cells. The interpreter must
//    check at the call that the caller's n equals the callee's declared count (and
//    throw "invalid arg count" otherwise), a compare per call.
//  - `sys` (invariant 8): at IP 0 the int top is the caller's n == argCount and the
//    object stack holds exactly those n cells; the native pops them and pushes one.
//  - dynamic_invoke (invariant 9): n is known statically, so its depths are exact.
//  - static_invoke with a null `this`: the reference pops one more object (§3.6), an
//    effect no static depth can follow; the interpreter must throw instead.
//  - Handlers. A caught throw enters its handler with the depths recorded in
//    `VerifiedMethod.handlers`: those at its push_catcher (after popping the class),
//    plus the thrown object. The interpreter trims or fills (null / 0) both stacks to
//    those depths and removes the matched catcher and every newer one, so the handler
//    starts with the catcher depth that preceded its push_catcher. (The reference
//    trims nothing and never pops a catcher, BYTECODE.md §6; this is what plc's
//    try/catch means.) Catcher depths may differ between merging paths, because plc
//    leaves try blocks by jumps that skip pop_catcher; we keep their range.
//  - `ret` pops the top or yields null on an empty stack; no underflow is possible.
//
// Limits, so that frames can be preallocated: code of at most `maxCodeSize` bytes
// (1 MiB), at most `maxStackDepth` cells (65 535) on each stack, at most
// `maxCatcherDepth` catchers (255).

/// The bytecode verifier: `verify` checks one method and either returns what the
/// interpreter needs to run it (its stack limits and instruction starts) or names the
/// first fault found. Named `BytecodeVerifier` because `Verifier` is the space checker.
public enum BytecodeVerifier {
    /// The largest method accepted, in bytes.
    public static let maxCodeSize = 1 << 20
    /// The deepest either stack of a frame may grow, in cells.
    public static let maxStackDepth = 65_535
    /// The most catchers a frame may hold at once.
    public static let maxCatcherDepth = 255
    /// The default bound on call ordinals (a method table of 64 Ki entries).
    public static let defaultMaxOrdinal = 65_536

    /// Verifies `code`, a method taking `argCount` arguments in a class whose objects
    /// have `fieldCount` slots and whose constant pool holds `constantIDs`. Ordinals
    /// must be below `maxOrdinal`; `sys` is accepted only with `allowSys`.
    public static func verify(
        code: [UInt8], argCount: Int, fieldCount: Int, constantIDs: [Int32] = [],
        maxOrdinal: Int = defaultMaxOrdinal, allowSys: Bool = false
    ) throws(VerifyError) -> VerifiedMethod {
        guard !code.isEmpty else { throw VerifyError(ip: 0, reason: "the method has no code") }
        guard code.count <= maxCodeSize else {
            throw VerifyError(ip: 0, reason: "code of \(code.count) bytes exceeds the limit of \(maxCodeSize)")
        }
        guard argCount >= 0, argCount <= maxStackDepth else {
            throw VerifyError(ip: 0, reason: "argument count \(argCount) out of range")
        }
        var walk = MethodWalk(
            code: code, argCount: argCount, fieldCount: fieldCount,
            constantIDs: constantIDs.sorted(), maxOrdinal: maxOrdinal, allowSys: allowSys)
        return try walk.run()
    }
}

/// What verification found out about an accepted method: enough for the interpreter to
/// allocate a frame once and to enter handlers without checks.
public struct VerifiedMethod: Equatable, Sendable {
    /// A handler entry: where a push_catcher sends a throw, and the depths the
    /// interpreter sets before jumping there (the object depth counts the thrown one).
    public struct Handler: Equatable, Sendable {
        public let target: Int
        public let objectDepth: Int
        public let intDepth: Int

        public init(target: Int, objectDepth: Int, intDepth: Int) {
            self.target = target
            self.objectDepth = objectDepth
            self.intDepth = intDepth
        }
    }

    /// The most cells the object stack ever holds, arguments included.
    public let maxObjectDepth: Int
    /// The most cells the integer stack ever holds, the entry count included.
    public let maxIntDepth: Int
    /// The most catchers ever pushed at once.
    public let maxCatcherDepth: Int
    /// The IP of every reachable instruction, in order; a prefixed instruction counts
    /// its prefix and itself, as the interpreter steps over them.
    public let instructionStarts: [Int]
    /// Every handler entry, ordered by target.
    public let handlers: [Handler]
}

/// Why a method was rejected: the IP of the offending instruction and a reason.
public struct VerifyError: Error, Equatable, Sendable, CustomStringConvertible {
    public let ip: Int
    public let reason: String

    public init(ip: Int, reason: String) {
        self.ip = ip
        self.reason = reason
    }

    public var description: String { "IP \(ip): \(reason)" }
}

// MARK: - Abstract state

/// An integer-stack cell known to hold `value`.
private struct KnownInt: Equatable {
    let slot: Int
    let value: Int32
}

/// What the verifier knows at one instruction start (see the file comment).
private struct FrameState: Equatable {
    var objects: Int
    var ints: Int
    var catchersLow: Int
    var catchersHigh: Int
    /// At most `FrameState.knownLimit` entries, ordered by slot.
    var known: [KnownInt]

    static let knownLimit = 8

    /// Joins `other` into self at a merge point; nil when the depths disagree, else
    /// whether self changed.
    mutating func merge(_ other: FrameState) -> Bool? {
        guard objects == other.objects, ints == other.ints else { return nil }
        var changed = false
        if other.catchersLow < catchersLow { catchersLow = other.catchersLow; changed = true }
        if other.catchersHigh > catchersHigh { catchersHigh = other.catchersHigh; changed = true }
        let kept = known.filter { other.known.contains($0) }
        if kept.count != known.count { known = kept; changed = true }
        return changed
    }

    /// The integer stack pops `pops` cells and pushes `pushes` unknown ones.
    mutating func changeInts(pops: Int, pushes: Int) {
        ints -= pops
        known.removeAll { $0.slot >= ints }
        ints += pushes
    }

    /// Records that cell `slot` holds `value`, forgetting the oldest fact if full.
    mutating func remember(slot: Int, value: Int32) {
        known.removeAll { $0.slot == slot }
        known.append(KnownInt(slot: slot, value: value))
        if known.count > FrameState.knownLimit { known.removeFirst() }
    }

    func value(at slot: Int) -> Int32? {
        known.first { $0.slot == slot }?.value
    }
}

/// What a byte of the code turned out to be, as the walk decodes instructions.
private enum ByteRole: UInt8 {
    case unseen, start, prefixed, operand
}

// MARK: - The walk

/// One verification: the worklist, the states and the facts gathered on the way.
private struct MethodWalk {
    let decoder: InstructionDecoder<[UInt8]>
    let argCount: Int
    let fieldCount: Int
    let constantIDs: [Int32]
    let maxOrdinal: Int
    let allowSys: Bool

    var roles: [ByteRole]
    var states: [FrameState?]
    var worklist: [Int] = []
    var maxObjects = 0
    var maxInts = 0
    var maxCatchers = 0
    var handlers: [VerifiedMethod.Handler] = []

    init(code: [UInt8], argCount: Int, fieldCount: Int, constantIDs: [Int32], maxOrdinal: Int, allowSys: Bool) {
        decoder = InstructionDecoder(code)
        self.argCount = argCount
        self.fieldCount = fieldCount
        self.constantIDs = constantIDs
        self.maxOrdinal = maxOrdinal
        self.allowSys = allowSys
        roles = Array(repeating: .unseen, count: code.count)
        states = Array(repeating: nil, count: code.count)
    }

    mutating func run() throws(VerifyError) -> VerifiedMethod {
        let entry = FrameState(objects: argCount, ints: 1, catchersLow: 0, catchersHigh: 0, known: [])
        states[0] = entry
        maxObjects = argCount
        maxInts = 1
        worklist.append(0)
        while let ip = worklist.popLast() {
            guard let state = states[ip] else { continue }
            try step(at: ip, state)
        }
        var starts: [Int] = []
        for ip in 0..<roles.count where roles[ip] == .start || roles[ip] == .prefixed {
            starts.append(ip)
        }
        return VerifiedMethod(
            maxObjectDepth: maxObjects, maxIntDepth: maxInts, maxCatcherDepth: maxCatchers,
            instructionStarts: starts, handlers: handlers.sorted { $0.target < $1.target })
    }

    // MARK: Decoding and byte roles

    /// Decodes the instruction at `ip` and claims its bytes as `role`.
    mutating func decode(at ip: Int, as role: ByteRole) throws(VerifyError) -> Instruction {
        let instruction: Instruction
        do {
            instruction = try decoder.decode(at: ip)
        } catch {
            throw VerifyError(ip: error.offset, reason: Self.reason(error))
        }
        switch roles[ip] {
        case .unseen, role: roles[ip] = role
        case .operand: throw VerifyError(ip: ip, reason: "jumps into the middle of an instruction")
        case .start, .prefixed:
            throw VerifyError(ip: ip, reason: "jumps to the instruction after a type prefix")
        }
        for byte in ip + 1 ..< instruction.next {
            guard roles[byte] == .unseen || roles[byte] == .operand else {
                throw VerifyError(ip: ip, reason: "operands overlap the instruction at IP \(byte)")
            }
            roles[byte] = .operand
        }
        return instruction
    }

    static func reason(_ error: DecodeError) -> String {
        switch error {
        case .unknownOpcode(let byte, _): "unknown opcode 0x\(Disassembler.hex(byte))"
        case .truncated(let opcode, _, let needed, let available):
            "\(opcode.info.mnemonic) needs \(needed) bytes, the code has \(available) left"
        case .negativeLength(let opcode, _, let length):
            "\(opcode.info.mnemonic) has a negative string length \(length)"
        case .outsideCode(_, let size): "outside the code (\(size) bytes)"
        }
    }

    // MARK: One instruction

    /// Checks the instruction (or prefix pair) at `ip` from `before` and propagates the
    /// state after it to its successors.
    mutating func step(at ip: Int, _ before: FrameState) throws(VerifyError) {
        var instruction = try decode(at: ip, as: .start)
        var prefix: TypePrefix? = nil
        if let type = instruction.opcode.typePrefix {
            guard instruction.next < decoder.size else {
                throw VerifyError(ip: ip, reason: "type prefix at the end of the code")
            }
            prefix = type
            instruction = try decode(at: instruction.next, as: .prefixed)
            if instruction.opcode.typePrefix != nil {
                throw VerifyError(ip: instruction.ip, reason: "type prefix follows a type prefix")
            }
            if instruction.opcode.info.prefix == .longOnly, type != .long {
                throw VerifyError(
                    ip: instruction.ip,
                    reason: "\(instruction.opcode.info.mnemonic) takes no \(type == .float ? "float" : "double") prefix")
            }
        }
        let after = try execute(instruction, prefix: prefix, before)
        maxObjects = max(maxObjects, after.objects)
        maxInts = max(maxInts, after.ints)
        maxCatchers = max(maxCatchers, after.catchersHigh)
        try flow(instruction, after)
    }

    /// The state after `instruction`, or why it cannot run from `state`.
    func execute(_ instruction: Instruction, prefix: TypePrefix?, _ state: FrameState) throws(VerifyError) -> FrameState {
        let ip = instruction.ip, opcode = instruction.opcode, info = opcode.info
        let name = info.mnemonic
        func fail(_ reason: String) -> VerifyError { VerifyError(ip: ip, reason: reason) }

        switch info.status {
        case .reference, .compilerOnly, .legacy: break
        case .unimplemented: throw fail("\(name) is not implemented")
        }
        var s = state
        let operand: Int32? = if case .int(let value) = instruction.operands { value } else { nil }

        // Operand and run-time rules that the stack-effect table cannot express.
        switch opcode {
        case .sys:
            guard allowSys else { throw fail("sys outside an internal-class stub") }
            guard ip == 0 else { throw fail("sys not at IP 0") }
            s.objects = 1
            s.changeInts(pops: 1, pushes: 0)
            return s
        case .dynamicInvoke:
            guard s.ints >= 1 else { throw fail("integer stack underflow (depth 0, pops 1)") }
            guard let n = s.value(at: s.ints - 1), n >= 0 else {
                throw fail("dynamic_invoke needs a constant argument count on the integer stack")
            }
            guard Int(n) + 2 <= s.objects else {
                throw fail("object stack underflow (depth \(s.objects), pops \(Int(n) + 2))")
            }
            s.objects -= Int(n) + 1
            s.changeInts(pops: 1, pushes: 0)
            return s
        case .popCatcher:
            guard s.catchersLow >= 1 else { throw fail("pop_catcher with no catcher pushed") }
            s.catchersLow -= 1
            s.catchersHigh -= 1
        case .pushCatcher:
            guard s.catchersHigh < BytecodeVerifier.maxCatcherDepth else {
                throw fail("more than \(BytecodeVerifier.maxCatcherDepth) catchers")
            }
        case .osLoad8, .osLoad32, .osSave8, .osSave32, .isLoad8, .isSave8:
            let field = Int(operand ?? -1)
            guard field >= 0, field < fieldCount else {
                throw fail("field \(field) out of range (the class has \(fieldCount))")
            }
        case .constPool:
            guard let id = operand, Self.contains(constantIDs, id) else {
                throw fail("constant \(operand ?? -1) not in the pool")
            }
        case .switch:
            if case .table(_, let divisor, _) = instruction.operands, divisor == 0 {
                throw fail("switch with divisor 0")
            }
        case .osPull32:
            guard let depth = operand, depth >= 0 else { throw fail("negative os_pull32 depth \(operand ?? -1)") }
        default:
            break
        }
        if case .call(let ordinal, let count) = instruction.operands {
            guard ordinal >= 0, Int(ordinal) < maxOrdinal else {
                throw fail("ordinal \(ordinal) out of range (0 ..< \(maxOrdinal))")
            }
            guard count >= 0 else { throw fail("negative argument count \(count)") }
        }

        // Depths, from the table.
        guard let objectChange = instruction.objectStackChange,
            let intChange = instruction.intStackChange(prefix: prefix)
        else { throw fail("\(name) has no known stack effect") }
        guard objectChange.pops <= s.objects else {
            throw fail("object stack underflow (depth \(s.objects), pops \(objectChange.pops))")
        }
        guard intChange.pops <= s.ints else {
            throw fail("integer stack underflow (depth \(s.ints), pops \(intChange.pops))")
        }
        s.objects += objectChange.pushes - objectChange.pops
        let width = info.prefix == .ignored ? 1 : (prefix?.cellWidth ?? 1)
        let topBefore = state.ints > 0 ? state.value(at: state.ints - 1) : nil
        s.changeInts(pops: intChange.pops, pushes: intChange.pushes)
        guard s.objects <= BytecodeVerifier.maxStackDepth, s.ints <= BytecodeVerifier.maxStackDepth else {
            throw fail("stack deeper than \(BytecodeVerifier.maxStackDepth) cells")
        }

        // Absolute slots address the cells left after the instruction's own pops.
        switch opcode {
        case .osGet32, .osSet32:
            let slot = Int(operand ?? -1)
            let below = state.objects - objectChange.pops
            guard slot >= 0, slot < below else {
                throw fail("object slot \(slot) out of range (depth \(below))")
            }
        case .isGet32, .isSet32:
            let slot = Int(operand ?? -1)
            let below = state.ints - intChange.pops
            guard slot >= 0, slot + width <= below else {
                throw fail("integer slot \(slot) out of range (depth \(below), width \(width))")
            }
            if opcode == .isSet32 { s.known.removeAll { $0.slot >= slot && $0.slot < slot + width } }
        default:
            break
        }

        // Known constants, for dynamic_invoke.
        if prefix == nil || info.prefix == .ignored {
            switch (opcode, instruction.operands) {
            case (.iconst0, _): s.remember(slot: s.ints - 1, value: 0)
            case (.iconst1, _): s.remember(slot: s.ints - 1, value: 1)
            case (.iconst8bit, .int(let v)), (.iconst32bit, .int(let v)): s.remember(slot: s.ints - 1, value: v)
            case (.isDup, _): if let v = topBefore { s.remember(slot: s.ints - 1, value: v) }
            default: break
            }
        }
        if opcode == .pushCatcher {
            s.catchersLow += 1
            s.catchersHigh += 1
        }
        return s
    }

    // MARK: Successors

    /// Sends `after` to every instruction that can follow `instruction`.
    mutating func flow(_ instruction: Instruction, _ after: FrameState) throws(VerifyError) {
        let ip = instruction.ip
        switch instruction.opcode.info.flow {
        case .next:
            try fallThrough(instruction, after)
        case .branch:
            try jump(from: ip, to: target(instruction), after)
            try fallThrough(instruction, after)
        case .jump:
            try jump(from: ip, to: target(instruction), after)
        case .table:
            if case .table(_, _, let targets) = instruction.operands {
                for target in targets { try jump(from: ip, to: target, after) }
            }
            try fallThrough(instruction, after)
        case .exit:
            break
        case .catcher:
            // The handler starts from the state before the push (the class popped, the
            // thrown object pushed), with the catcher removed.
            let target = target(instruction)
            var entry = after
            entry.objects += 1
            entry.catchersLow -= 1
            entry.catchersHigh -= 1
            entry.known = []
            maxObjects = max(maxObjects, entry.objects)
            try jump(from: ip, to: target, entry)
            if !handlers.contains(where: { $0.target == target }) {
                handlers.append(.init(target: target, objectDepth: entry.objects, intDepth: entry.ints))
            }
            try fallThrough(instruction, after)
        }
    }

    func target(_ instruction: Instruction) -> Int {
        if case .jump(let target) = instruction.operands { return target }
        return -1
    }

    mutating func fallThrough(_ instruction: Instruction, _ state: FrameState) throws(VerifyError) {
        guard instruction.next < decoder.size else {
            throw VerifyError(ip: instruction.ip, reason: "execution runs off the end of the code")
        }
        try enter(instruction.next, state, from: instruction.ip)
    }

    mutating func jump(from ip: Int, to target: Int, _ state: FrameState) throws(VerifyError) {
        guard target >= 0, target < decoder.size else {
            throw VerifyError(ip: ip, reason: "jump target \(target) outside the code (\(decoder.size) bytes)")
        }
        if target == 0, allowSys, decoder.code[0] == Opcode.sys.rawValue {
            throw VerifyError(ip: ip, reason: "jump back to the sys at IP 0")
        }
        switch roles[target] {
        case .operand: throw VerifyError(ip: ip, reason: "jump target \(target) inside an instruction")
        case .prefixed: throw VerifyError(ip: ip, reason: "jump target \(target) follows a type prefix")
        case .unseen, .start: break
        }
        try enter(target, state, from: ip)
    }

    /// Merges `state` into the instruction at `target`, queueing it when it changed.
    mutating func enter(_ target: Int, _ state: FrameState, from ip: Int) throws(VerifyError) {
        guard var existing = states[target] else {
            states[target] = state
            worklist.append(target)
            return
        }
        guard let changed = existing.merge(state) else {
            throw VerifyError(
                ip: ip,
                reason: "stack depths disagree at IP \(target): objects \(existing.objects) vs \(state.objects), "
                    + "ints \(existing.ints) vs \(state.ints)")
        }
        if changed {
            states[target] = existing
            worklist.append(target)
        }
    }

    static func contains(_ sorted: [Int32], _ id: Int32) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == id
    }
}
