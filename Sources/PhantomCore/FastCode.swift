// FastCode.swift — pre-decoded forms of hot instructions (PhantomCore, VM layer).
//
// The interpreter (Interpreter.swift) runs bytecode as the class file has it: one byte
// of opcode, big-endian operands, type prefixes as separate instructions. That costs a
// decode per instruction and a prefix dispatch per long or double operation. For the
// instructions that dominate loops and arithmetic, each code object also gets a table
// of `FastInst`, one entry per bytecode offset, built once per process on first use:
//
//   - an entry at the offset of an instruction the table knows holds its operands
//     decoded and the IP after it (`next`);
//   - a prefix with the instruction it types becomes one entry (`ladd`, `dget`, …);
//   - a few common sequences become one entry (`linc`: local += constant; `jlt_ll`:
//     if !(local < local) goto T; …), placed at the offset of their first instruction;
//   - every other offset says `slow`: the bytecode switch runs it as before.
//
// The IP stays a bytecode offset, so frames, snapshots, line maps and exceptions never
// see the table: it is volatile, rebuilt after a restart, and a jump into the middle
// of a fused sequence lands on the entry of the instruction there, which does what
// that instruction alone does. Nothing fused can throw, so an exception's IP is always
// that of a real instruction. Backward jumps inside fused entries count against the
// slice budget as the plain ones do.

/// What a fast entry does (`slow`: nothing; the bytecode switch runs the instruction).
enum FastOp: UInt8 {
    case slow = 0
    // Ints: locals, constants, arithmetic, comparisons, jumps.
    case iget, iset, iconst, iadd, imul, isubTB, isubBT, ior, iand, ixor
    case ige, ile, igt, ilt, jz, jmp
    // Fused int sequences: a = local, b = local or constant, c = jump target.
    // With them, a loop's step and test: local a += 1 (a `linc`), then the compare-and-
    // branch it jumps back to, on the same local: if a < b (or <=) go to `next` (the
    // loop body), else to c. Every op from jgeLC on compares with a constant.
    case jgeLL, jleLL, jgtLL, jltLL, incJltLL, incJleLL
    case jgeLC, jleLC, jgtLC, jltLC, incJltLC, incJleLC
    /// local a += b (is_get32 a; iconst b; isum; is_set32 a).
    case linc
    /// local a = b (iconst b; is_set32 a).
    case lsetConst
    /// long local a += int local b (prefix_long is_get32 a; is_get32 b; prefix_long
    /// fromi; prefix_long isum; prefix_long is_set32 a).
    case laddInt
    // Longs and doubles (two cells): prefixed locals, constants, arithmetic, compares.
    /// A typed constant: the int sign-extended to 64 bits, for long and double alike
    /// (the prefixed iconst of BYTECODE.md pushes the integer's bits).
    case wget, wset, wconst
    case ladd, lmul, lsubTB, lsubBT, lfromi, lge, lle, lgt, llt
    case dadd, dmul, dsubTB, dsubBT, ddivTB, ddivBT, dfromi, dge, dle, dgt, dlt
    /// prefix_double i2o; call 16 n=0; prefix_double o2i: the double's sqrt native on the
    /// value itself. The box just made is a `.internal.double`, whose method 16 is
    /// always that native (an internal class's methods are its natives), so no box is
    /// needed on either side.
    case dsqrt
    // Object cells (run by the main loop, which owns the heap). `oint` (os_get32 a;
    // o2i) and `o2i` take the fast way only for an int cell; anything else (a box,
    // null) runs the bytecode switch's instruction.
    case osget, oint, o2i, i2o, this
    /// summon_null (or os_push_null): a null cell.
    case pushNull
    /// os_drop: the top cell released.
    case drop
    /// os_pull32 a: the cell a below the top, pushed again (retained).
    case pull
    /// summon_null; os_eq; jz c (a = 0), or summon_null; os_neq; jz c (a = 1): the top
    /// cell popped and released; jump to c if it is not null (a = 0) or is null (a = 1).
    case jumpNull
    /// os_load8/32 a: field a of `this`, pushed (retained). Run by the main loop.
    case fieldLoad
    /// os_save8/32 a: the top cell into field a of `this`, unless `this` is immutable
    /// (the bytecode switch then throws). Run by the main loop.
    case fieldSave
    /// summon_by_name whose class was found once: a and b hold the class reference's
    /// low and high words. Written by the main loop after the first lookup (a loaded
    /// class is never replaced, so the answer holds for the life of the process).
    case summon
    // Long and double boxes (b: the box's class id, ClassID.long or .double). Each takes
    // the fast way only for a box of exactly that class (anything else converts or
    // throws, which the bytecode switch does):
    /// os_load8/32 a; prefix o2i: the field's box, unboxed onto the int stack.
    case unboxField
    /// os_get32 a; prefix o2i: a local's box, unboxed.
    case unboxLocal
    /// prefix o2i.
    case unbox
    /// prefix i2o.
    case box
    /// prefix i2o; os_save8/32 a: when the field holds a box of the class that nothing
    /// else references (count 1), its value is overwritten in place; no allocation.
    case boxToField
    /// prefix i2o; ret: when the caller goes on with an unbox of the same class (a
    /// `call; prefix o2i`), the value goes straight onto its int stack; no box is made.
    case boxRet
    // Operand-fused arithmetic (c: the operation, `IntOp` or `DoubleOp`): one entry
    // instead of two or three for the commonest expression shapes.
    /// is_get32 a; <int op>: top = top op local a.
    case iopL
    /// iconst b; <int op>: top = top op b.
    case iopK
    /// prefix_double is_get32 a; prefix_double <op>: top = top op local a.
    case dopL
    /// prefix_double is_get32 a; prefix_double is_get32 b; prefix_double <op>: push a op b.
    case dopLL
    /// iconst b; prefix_double fromi; prefix_double <op>: top = top op Double(b).
    case dopK
    /// An int expression, [x] y op [sink], as the compiler writes them: operands from
    /// int locals, constants, int object cells (`os_get32; o2i`) or int fields
    /// (`os_load8; o2i`), the first one possibly already on the stack; the result
    /// pushed, stored in a local, tested by a jz, pushed as an object cell (`i2o`) or
    /// stored in a field (`i2o; os_save8`). a and b: the operands; c: `ExprShape`.
    case expr
    /// summon_null; ret: when the caller goes on with an `os_drop` (a void method's
    /// result dropped), it goes on past it; no cell is pushed and dropped.
    case retNull
    /// i2o; ret: when the caller goes on with an int `o2i` (a `call; o2i`), the int goes
    /// straight onto its int stack; no cell is pushed and popped.
    case intRet
    // Calls and frames.
    /// A virtual call (short_call_n, call_8bit, call_32bit, call_nn): a = ordinal, b = count.
    case call
    case ret
    /// arg_count a.
    case argCount
    /// stack_reserve: a object cells, b int cells.
    case reserve
}

/// The int operations an operand-fused entry applies (`t`: the top operand).
enum IntOp: UInt8 {
    case add, mul, subTB, subBT, or, and, xor, ge, le, gt, lt

    init?(_ opcode: Opcode) {
        switch opcode {
        case .isum: self = .add
        case .imul: self = .mul
        case .isubul: self = .subTB
        case .isublu: self = .subBT
        case .ior: self = .or
        case .iand: self = .and
        case .ixor: self = .xor
        case .ige: self = .ge
        case .ile: self = .le
        case .igt: self = .gt
        case .ilt: self = .lt
        default: return nil
        }
    }

    /// `b op t`, with t the operand that was on top.
    @inline(__always) static func apply(_ raw: Int32, _ b: Int32, _ t: Int32) -> Int32 {
        switch IntOp(rawValue: UInt8(truncatingIfNeeded: raw)) ?? .add {
        case .add: return b &+ t
        case .mul: return b &* t
        case .subTB: return t &- b
        case .subBT: return b &- t
        case .or: return b | t
        case .and: return b & t
        case .xor: return b ^ t
        case .ge: return b >= t ? 1 : 0
        case .le: return b <= t ? 1 : 0
        case .gt: return b > t ? 1 : 0
        case .lt: return b < t ? 1 : 0
        }
    }
}

/// The double operations an operand-fused entry applies (all IEEE, none throws).
enum DoubleOp: UInt8 {
    case add, mul, subTB, subBT, divTB, divBT

    /// The first four are IntOp's, with the same raw values.
    init?(_ opcode: Opcode) {
        switch opcode {
        case .idivul: self = .divTB
        case .idivlu: self = .divBT
        default:
            guard let op = IntOp(opcode), op.rawValue <= IntOp.subBT.rawValue else { return nil }
            self.init(rawValue: op.rawValue)
        }
    }

    @inline(__always) static func apply(_ raw: Int32, _ b: Double, _ t: Double) -> Double {
        switch DoubleOp(rawValue: UInt8(truncatingIfNeeded: raw)) ?? .add {
        case .add: return b + t
        case .mul: return b * t
        case .subTB: return t - b
        case .subBT: return b - t
        case .divTB: return t / b
        case .divBT: return b / t
        }
    }
}

/// The shape of a `FastOp.expr` entry, packed into its c: the operation (bits 0–3), where
/// the two operands come from (4–6, 7–9), where the result goes (10–12) and the sink's
/// operand (13–31: a local, a field or a jump target).
struct ExprShape {
    enum Source: UInt32 { case local, constant, cell, field, top }
    enum Sink: UInt32 { case push, local, jumpIfZero, cell, field }

    var op: IntOp
    var first: Source
    var second: Source
    var sink: Sink
    var sinkOperand: Int32

    static let maxSinkOperand: Int32 = (1 << 19) - 1

    var packed: Int32 {
        Int32(bitPattern: UInt32(op.rawValue) | first.rawValue << 4 | second.rawValue << 7 | sink.rawValue << 10
            | UInt32(sinkOperand) << 13)
    }

    @inline(__always) static func op(_ c: Int32) -> Int32 { c & 15 }
    @inline(__always) static func first(_ c: Int32) -> UInt32 { UInt32(bitPattern: c) >> 4 & 7 }
    @inline(__always) static func second(_ c: Int32) -> UInt32 { UInt32(bitPattern: c) >> 7 & 7 }
    @inline(__always) static func sink(_ c: Int32) -> UInt32 { UInt32(bitPattern: c) >> 10 & 7 }
    @inline(__always) static func sinkOperand(_ c: Int32) -> Int { Int(UInt32(bitPattern: c) >> 13) }
}

/// Where an expression entry reads its operands (a frame's locals and object cells).
struct ExprFrame {
    let ist: UnsafeMutablePointer<Int32>
    let base: Int
    let os: UnsafeMutablePointer<UInt64>
    let osBase: Int

    /// Operand `x` from `source` (not `top`); nil if an object cell or field holds no int.
    @inline(__always) func operand(_ source: UInt32, _ x: Int32, heap: Heap) -> Int32? {
        switch source {
        case ExprShape.Source.local.rawValue: return ist[base &+ Int(x)]
        case ExprShape.Source.constant.rawValue: return x
        case ExprShape.Source.cell.rawValue:
            let value = Ref(raw: os[osBase &+ Int(x)])
            return value.isInt ? Int32(truncatingIfNeeded: value.intValue) : nil
        default:
            let value = heap.load(Ref(raw: os[osBase &- 1]), slot: Int(x))
            return value.isInt ? Int32(truncatingIfNeeded: value.intValue) : nil
        }
    }
}

/// One pre-decoded entry; see the file comment.
struct FastInst {
    var op: FastOp = .slow
    var a: Int32 = 0
    var b: Int32 = 0
    var c: Int32 = 0
    /// The IP after the instruction (or the fused sequence).
    var next: Int32 = 0
}

/// What a call site found last time: the receiver's class and the method it gave — a
/// native (its table and index), or bytecode with what entering it needs. A loaded class
/// and its code never change, so the answer holds for the life of the process whenever
/// the receiver has that class again (`FastCodeCache.sites`; `cls` 0: nothing yet).
struct CallSite {
    var cls: UInt64 = 0
    /// The native's index (`sys k`), or -1 for bytecode.
    var native = -1
    /// The native table of the receiver's class.
    var table = 0
    var code = 0
    var bytes: UnsafePointer<UInt8>? = nil
    var fast: UnsafePointer<FastInst>? = nil
    var maxObjects = 0
    var maxInts = 0
    var maxCatchers = 0
    /// For a method that only returns one of its fields (`getter`, -1 if not): the
    /// field, and 0 if it is returned as it is, or the box class (ClassID.long or
    /// .double) if it is unboxed and boxed again on the way (`getterBox`).
    var getter = -1
    var getterBox = 0
    /// The method starts with `arg_count n` where n is this site's count: entered past
    /// it, without the count.
    var skipsArgCount = false

    /// The field a method's bytecode just returns — `arg_count 0; os_load8 f; ret`, or
    /// with `prefix o2i; prefix i2o` of one box class before the ret — and that class
    /// (0 for the plain form); nil for any other method.
    static func getter(_ code: UnsafePointer<UInt8>, size: Int) -> (field: Int, box: Int)? {
        guard size >= 5, code[0] == Opcode.argCount.rawValue, code[1] == 0, code[2] == Opcode.osLoad8.rawValue else {
            return nil
        }
        let field = Int(code[3])
        if code[4] == Opcode.ret.rawValue { return (field, 0) }
        guard size >= 9, code[4] == code[6], code[5] == Opcode.o2i.rawValue, code[7] == Opcode.i2o.rawValue,
            code[8] == Opcode.ret.rawValue
        else { return nil }
        switch code[4] {
        case Opcode.prefixLong.rawValue: return (field, ClassID.long)
        case Opcode.prefixDouble.rawValue: return (field, ClassID.double)
        default: return nil
        }
    }
}

/// A caller's bytecode and fast table, kept by the call for its return
/// (`Registers.callers`).
struct CallerCode {
    var code: UnsafePointer<UInt8>
    var fast: UnsafePointer<FastInst>
}

/// The fast tables of the code objects this process has run, by code object offset.
/// Code objects are pinned (their classes live in the class cache), so an offset names
/// one code object for the life of the process.
final class FastCodeCache {
    private static let slots = 4096
    private var keys: UnsafeMutablePointer<Int>
    private var values: UnsafeMutablePointer<UnsafePointer<FastInst>>
    private var all: [Int: UnsafeMutablePointer<FastInst>] = [:]
    /// One `slow` entry, for registers that have no code yet.
    let empty: UnsafePointer<FastInst>
    /// The call sites of every table built, each `call` entry's c indexing one. Moves
    /// when it grows (while a table is built), so it is read afresh for each call.
    private(set) var sites: UnsafeMutablePointer<CallSite>
    private var siteCount = 0
    private var siteCapacity = 64
    /// One `CallerCode` per frame of the running thread (`Registers.callers`).
    private(set) var callers: UnsafeMutablePointer<CallerCode>
    private var callerCapacity = 0
    private var retiredCallers: [UnsafeMutablePointer<CallerCode>] = []

    init() {
        let entry = UnsafeMutablePointer<FastInst>.allocate(capacity: 1)
        entry.initialize(to: FastInst())
        empty = UnsafePointer(entry)
        keys = .allocate(capacity: Self.slots)
        keys.initialize(repeating: -1, count: Self.slots)
        values = .allocate(capacity: Self.slots)
        values.initialize(repeating: empty, count: Self.slots)
        sites = .allocate(capacity: siteCapacity)
        sites.initialize(repeating: CallSite(), count: siteCapacity)
        callers = .allocate(capacity: 0)
    }

    /// Room for `frames` entries in `callers` (their contents are not kept). A smaller
    /// buffer is kept until the cache goes: registers loaded before (a running thread
    /// whose native loads another thread) may still point into it.
    func reserveCallers(_ frames: Int) {
        guard frames > callerCapacity else { return }
        retiredCallers.append(callers)
        callerCapacity = max(frames, callerCapacity * 2)
        callers = .allocate(capacity: callerCapacity)
    }

    deinit {
        for table in all.values { table.deallocate() }
        UnsafeMutablePointer(mutating: empty).deallocate()
        keys.deallocate()
        values.deallocate()
        sites.deallocate()
        callers.deallocate()
        for buffer in retiredCallers { buffer.deallocate() }
    }

    /// The table of the code object at `code` whose `size` bytes of bytecode are at `bytes`.
    @inline(__always) func table(code: Int, bytes: UnsafePointer<UInt8>, size: Int) -> UnsafePointer<FastInst> {
        let slot = (code &>> 4) & (Self.slots &- 1)
        if keys[slot] == code { return values[slot] }
        return miss(code: code, slot: slot, bytes: bytes, size: size)
    }

    private func miss(code: Int, slot: Int, bytes: UnsafePointer<UInt8>, size: Int) -> UnsafePointer<FastInst> {
        let table: UnsafeMutablePointer<FastInst>
        if let known = all[code] {
            table = known
        } else {
            table = FastCodeCache.build(UnsafeBufferPointer(start: bytes, count: size))
            for ip in 0..<size where table[ip].op == .call { table[ip].c = Int32(newSite()) }
            all[code] = table
        }
        keys[slot] = code
        values[slot] = UnsafePointer(table)
        return UnsafePointer(table)
    }

    private func newSite() -> Int {
        if siteCount == siteCapacity {
            let bigger = UnsafeMutablePointer<CallSite>.allocate(capacity: siteCapacity * 2)
            bigger.moveInitialize(from: sites, count: siteCount)
            bigger.advanced(by: siteCount).initialize(repeating: CallSite(), count: siteCapacity * 2 - siteCount)
            sites.deallocate()
            sites = bigger
            siteCapacity *= 2
        }
        siteCount += 1
        return siteCount - 1
    }

    /// Builds the table of one method's (verified) bytecode.
    static func build(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeMutablePointer<FastInst> {
        let table = UnsafeMutablePointer<FastInst>.allocate(capacity: bytes.count + 1)
        table.initialize(repeating: FastInst(), count: bytes.count + 1)
        let list: [Instruction]
        do { list = try InstructionDecoder(bytes).decodeAll() } catch { return table }
        for k in list.indices {
            if let entry = translate(list, k) { table[list[k].ip] = entry }
        }
        // A jmp to a fused compare-and-branch (a while loop's back edge) becomes a copy
        // of it: the loop then costs one entry less per turn. Its `next` (where it goes
        // when the comparison holds) lies behind it, and runFast counts that jump
        // against the budget like any backward jump.
        for instruction in list where instruction.opcode == .jmp {
            guard case .jump(let target) = instruction.operands, target >= 0, target < bytes.count else { continue }
            let head = table[target]
            if head.op.rawValue >= FastOp.jgeLL.rawValue && head.op.rawValue <= FastOp.incJleLC.rawValue {  // (no inc entries yet)
                table[instruction.ip] = head
            }
        }
        // i = i + 1 followed by the jump back to `while (i < n)`: one entry.
        for instruction in list where table[instruction.ip].op == .linc && table[instruction.ip].b == 1 {
            let step = table[instruction.ip]
            guard step.next >= 0, Int(step.next) < bytes.count else { continue }
            let test = table[Int(step.next)]
            guard test.a == step.a, test.next <= step.next else { continue }
            let op: FastOp
            switch test.op {
            case .jltLL: op = .incJltLL
            case .jleLL: op = .incJleLL
            case .jltLC: op = .incJltLC
            case .jleLC: op = .incJleLC
            default: continue
            }
            table[instruction.ip] = FastInst(op: op, a: step.a, b: test.b, c: test.c, next: test.next)
        }
        return table
    }

    /// The entry for the instruction `list[k]` (with what follows it), nil if none.
    private static func translate(_ list: [Instruction], _ k: Int) -> FastInst? {
        func at(_ i: Int) -> Instruction? { k + i < list.count ? list[k + i] : nil }
        let first = list[k]
        // Fused int sequences first (longest first).
        if let a = local(first), let second = at(1), let third = at(2), let fourth = at(3) {
            if let b = constant(second), third.opcode == .isum, fourth.opcode == .isSet32,
                case .int(let target) = fourth.operands, target == a
            {
                return FastInst(op: .linc, a: a, b: b, next: Int32(fourth.next))
            }
            if let kind = comparison(third), case .jump(let target) = fourth.operands, fourth.opcode == .jz {
                if let b = local(second) {
                    let op: FastOp = [.jgeLL, .jleLL, .jgtLL, .jltLL][kind]
                    return FastInst(op: op, a: a, b: b, c: Int32(target), next: Int32(fourth.next))
                }
                if let b = constant(second) {
                    let op: FastOp = [.jgeLC, .jleLC, .jgtLC, .jltLC][kind]
                    return FastInst(op: op, a: a, b: b, c: Int32(target), next: Int32(fourth.next))
                }
            }
        }
        if first.opcode == .prefixLong, let get = at(1), get.opcode == .isGet32, case .int(let a) = get.operands,
            let int = at(2), let b = local(int), let p1 = at(3), p1.opcode == .prefixLong, let from = at(4),
            from.opcode == .fromi, let p2 = at(5), p2.opcode == .prefixLong, let add = at(6), add.opcode == .isum,
            let p3 = at(7), p3.opcode == .prefixLong, let set = at(8), set.opcode == .isSet32,
            case .int(let target) = set.operands, target == a
        {
            return FastInst(op: .laddInt, a: a, b: b, next: Int32(set.next))
        }
        if let entry = expression(list, k) { return entry }
        if first.opcode == .osGet32, case .int(let a) = first.operands, let second = at(1), second.opcode == .o2i {
            return FastInst(op: .oint, a: a, next: Int32(second.next))
        }
        if first.opcode == .prefixDouble, at(1)?.opcode == .i2o, let call = at(2), case .call(16, 0) = call.operands,
            at(3)?.opcode == .prefixDouble, let unbox = at(4), unbox.opcode == .o2i
        {
            return FastInst(op: .dsqrt, next: Int32(unbox.next))
        }
        if let entry = boxing(first, at(1), at(2)) { return entry }
        if let entry = operandFused(first, at(1), at(2), at(3), at(4), at(5)) { return entry }
        if let b = constant(first), let second = at(1), second.opcode == .isSet32, case .int(let a) = second.operands {
            return FastInst(op: .lsetConst, a: a, b: b, next: Int32(second.next))
        }
        // A type prefix with the instruction it types.
        if first.opcode == .prefixLong || first.opcode == .prefixDouble, let typed = at(1) {
            if let entry = prefixed(long: first.opcode == .prefixLong, typed) { return entry }
            return nil
        }
        let next = Int32(first.next)
        switch first.opcode {
        case .isGet32: if case .int(let a) = first.operands { return FastInst(op: .iget, a: a, next: next) }
        case .isSet32: if case .int(let a) = first.operands { return FastInst(op: .iset, a: a, next: next) }
        case .iconst0, .iconst1, .iconst8bit, .iconst32bit:
            if let value = constant(first) { return FastInst(op: .iconst, a: value, next: next) }
        case .isum: return FastInst(op: .iadd, next: next)
        case .imul: return FastInst(op: .imul, next: next)
        case .isubul: return FastInst(op: .isubTB, next: next)
        case .isublu: return FastInst(op: .isubBT, next: next)
        case .ior: return FastInst(op: .ior, next: next)
        case .iand: return FastInst(op: .iand, next: next)
        case .ixor: return FastInst(op: .ixor, next: next)
        case .ige: return FastInst(op: .ige, next: next)
        case .ile: return FastInst(op: .ile, next: next)
        case .igt: return FastInst(op: .igt, next: next)
        case .ilt: return FastInst(op: .ilt, next: next)
        case .osGet32: if case .int(let a) = first.operands { return FastInst(op: .osget, a: a, next: next) }
        case .i2o:
            if let ret = at(1), ret.opcode == .ret { return FastInst(op: .intRet, next: Int32(ret.next)) }
            return FastInst(op: .i2o, next: next)
        case .summonThis: return FastInst(op: .this, next: next)
        case .summonNull, .osPushNull:
            if let ret = at(1), ret.opcode == .ret { return FastInst(op: .retNull, next: Int32(ret.next)) }
            if let eq = at(1), eq.opcode == .osEq || eq.opcode == .osNeq, let jz = at(2), jz.opcode == .jz,
                case .jump(let target) = jz.operands
            {
                return FastInst(op: .jumpNull, a: eq.opcode == .osEq ? 0 : 1, c: Int32(target), next: Int32(jz.next))
            }
            return FastInst(op: .pushNull, next: next)
        case .osDrop: return FastInst(op: .drop, next: next)
        case .osPull32: if case .int(let a) = first.operands { return FastInst(op: .pull, a: a, next: next) }
        case .osLoad8, .osLoad32: if case .int(let a) = first.operands { return FastInst(op: .fieldLoad, a: a, next: next) }
        case .osSave8, .osSave32: if case .int(let a) = first.operands { return FastInst(op: .fieldSave, a: a, next: next) }
        case .o2i: return FastInst(op: .o2i, next: next)
        case .shortCall0, .shortCall1, .shortCall2, .shortCall3, .call8bit, .call32bit,
            .call00, .call01, .call02, .call03, .call04, .call05, .call06, .call07,
            .call08, .call09, .call0A, .call0B, .call0C, .call0D, .call0E, .call0F,
            .call10, .call11, .call12, .call13, .call14, .call15, .call16, .call17,
            .call18, .call19, .call1A, .call1B, .call1C, .call1D, .call1E, .call1F:
            if case .call(let ordinal, let count) = first.operands {
                return FastInst(op: .call, a: ordinal, b: count, next: next)
            }
        case .ret: return FastInst(op: .ret, next: next)
        case .argCount: if case .int(let a) = first.operands { return FastInst(op: .argCount, a: a, next: next) }
        case .stackReserve:
            if case .reserve(let objects, let ints) = first.operands {
                return FastInst(op: .reserve, a: Int32(objects), b: Int32(ints), next: next)
            }
        case .jz: if case .jump(let target) = first.operands { return FastInst(op: .jz, c: Int32(target), next: next) }
        case .jmp: if case .jump(let target) = first.operands { return FastInst(op: .jmp, c: Int32(target), next: next) }
        default: break
        }
        return nil
    }

    /// The operand-fused arithmetic entries (`FastOp.iopL` …), nil if none fits.
    private static func operandFused(
        _ i0: Instruction, _ i1: Instruction?, _ i2: Instruction?, _ i3: Instruction?, _ i4: Instruction?,
        _ i5: Instruction?
    ) -> FastInst? {
        func doubleOp(_ prefix: Instruction?, _ op: Instruction?) -> DoubleOp? {
            guard prefix?.opcode == .prefixDouble, let op else { return nil }
            return DoubleOp(op.opcode)
        }
        if let a = local(i0), let i1, let op = IntOp(i1.opcode) {
            return FastInst(op: .iopL, a: a, c: Int32(op.rawValue), next: Int32(i1.next))
        }
        if let b = constant(i0), let i1 {
            if let op = IntOp(i1.opcode) { return FastInst(op: .iopK, b: b, c: Int32(op.rawValue), next: Int32(i1.next)) }
            if i1.opcode == .prefixDouble, i2?.opcode == .fromi, let op = doubleOp(i3, i4), let i4 {
                return FastInst(op: .dopK, b: b, c: Int32(op.rawValue), next: Int32(i4.next))
            }
        }
        guard i0.opcode == .prefixDouble, let i1, let a = local(i1) else { return nil }
        if let op = doubleOp(i2, i3), let i3 {
            return FastInst(op: .dopL, a: a, c: Int32(op.rawValue), next: Int32(i3.next))
        }
        if i2?.opcode == .prefixDouble, let b = i3.flatMap(local), let op = doubleOp(i4, i5), let i5 {
            return FastInst(op: .dopLL, a: a, b: b, c: Int32(op.rawValue), next: Int32(i5.next))
        }
        return nil
    }

    /// The entries that box and unbox longs and doubles (see `FastOp.unboxField`).
    private static func boxing(_ first: Instruction, _ second: Instruction?, _ third: Instruction?) -> FastInst? {
        func boxClass(_ prefix: Instruction?) -> Int32? {
            switch prefix?.opcode {
            case .prefixLong: return Int32(ClassID.long)
            case .prefixDouble: return Int32(ClassID.double)
            default: return nil
            }
        }
        switch first.opcode {
        case .osLoad8, .osLoad32, .osGet32:
            guard case .int(let a) = first.operands, let b = boxClass(second), let third, third.opcode == .o2i else {
                return nil
            }
            return FastInst(op: first.opcode == .osGet32 ? .unboxLocal : .unboxField, a: a, b: b, next: Int32(third.next))
        case .prefixLong, .prefixDouble:
            guard let b = boxClass(first), let second else { return nil }
            if second.opcode == .o2i { return FastInst(op: .unbox, b: b, next: Int32(second.next)) }
            guard second.opcode == .i2o else { return nil }
            if let third, third.opcode == .osSave8 || third.opcode == .osSave32, case .int(let a) = third.operands {
                return FastInst(op: .boxToField, a: a, b: b, next: Int32(third.next))
            }
            if let third, third.opcode == .ret { return FastInst(op: .boxRet, b: b, next: Int32(third.next)) }
            return FastInst(op: .box, b: b, next: Int32(second.next))
        default:
            return nil
        }
    }

    /// The fused entry of a long or double prefix and the instruction it types.
    private static func prefixed(long: Bool, _ typed: Instruction) -> FastInst? {
        let next = Int32(typed.next)
        switch typed.opcode {
        case .isGet32: if case .int(let a) = typed.operands { return FastInst(op: .wget, a: a, next: next) }
        case .isSet32: if case .int(let a) = typed.operands { return FastInst(op: .wset, a: a, next: next) }
        case .iconst0, .iconst1, .iconst8bit, .iconst32bit:
            if let value = constant(typed) { return FastInst(op: .wconst, a: value, next: next) }
        case .isum: return FastInst(op: long ? .ladd : .dadd, next: next)
        case .imul: return FastInst(op: long ? .lmul : .dmul, next: next)
        case .isubul: return FastInst(op: long ? .lsubTB : .dsubTB, next: next)
        case .isublu: return FastInst(op: long ? .lsubBT : .dsubBT, next: next)
        case .idivul: return long ? nil : FastInst(op: .ddivTB, next: next)
        case .idivlu: return long ? nil : FastInst(op: .ddivBT, next: next)
        case .fromi: return FastInst(op: long ? .lfromi : .dfromi, next: next)
        case .ige: return FastInst(op: long ? .lge : .dge, next: next)
        case .ile: return FastInst(op: long ? .lle : .dle, next: next)
        case .igt: return FastInst(op: long ? .lgt : .dgt, next: next)
        case .ilt: return FastInst(op: long ? .llt : .dlt, next: next)
        default: break
        }
        return nil
    }

    /// The slot of an is_get32.
    /// The `FastOp.expr` entry for the sequence at `list[k]`, nil if there is none or it
    /// would be a plain `iopL`/`iopK`.
    private static func expression(_ list: [Instruction], _ k: Int) -> FastInst? {
        func at(_ i: Int) -> Instruction? { i < list.count ? list[i] : nil }
        /// An operand at `i`: where from, its operand, how many instructions.
        func source(_ i: Int) -> (ExprShape.Source, Int32, Int)? {
            guard let first = at(i) else { return nil }
            if let a = local(first) { return (.local, a, 1) }
            if let value = constant(first) { return (.constant, value, 1) }
            guard let second = at(i + 1), second.opcode == .o2i, case .int(let a) = first.operands else { return nil }
            switch first.opcode {
            case .osGet32: return (.cell, a, 2)
            case .osLoad8, .osLoad32: return (.field, a, 2)
            default: return nil
            }
        }
        var x: (ExprShape.Source, Int32, Int) = (.top, 0, 0)
        guard var y = source(k) else { return nil }
        if let second = source(k + y.2) {
            x = y
            y = second
        }
        let opIndex = k + x.2 + y.2
        guard let opInstruction = at(opIndex), let op = IntOp(opInstruction.opcode) else { return nil }
        var sink: ExprShape.Sink = .push
        var sinkOperand: Int32 = 0
        var last = opInstruction
        if let after = at(opIndex + 1) {
            switch after.opcode {
            case .isSet32:
                if case .int(let d) = after.operands { (sink, sinkOperand, last) = (.local, d, after) }
            case .jz:
                if case .jump(let target) = after.operands { (sink, sinkOperand, last) = (.jumpIfZero, Int32(target), after) }
            case .i2o:
                (sink, last) = (.cell, after)
                if let save = at(opIndex + 2), save.opcode == .osSave8 || save.opcode == .osSave32,
                    case .int(let f) = save.operands
                {
                    (sink, sinkOperand, last) = (.field, f, save)
                }
            default:
                break
            }
        }
        guard sinkOperand >= 0 && sinkOperand <= ExprShape.maxSinkOperand else { return nil }
        if x.0 == .top && (y.0 == .local || y.0 == .constant) && sink == .push { return nil }
        let shape = ExprShape(op: op, first: x.0, second: y.0, sink: sink, sinkOperand: sinkOperand)
        return FastInst(op: .expr, a: x.1, b: y.1, c: shape.packed, next: Int32(last.next))
    }

    private static func local(_ instruction: Instruction) -> Int32? {
        guard instruction.opcode == .isGet32, case .int(let slot) = instruction.operands else { return nil }
        return slot
    }

    /// The value an int constant instruction pushes.
    private static func constant(_ instruction: Instruction) -> Int32? {
        switch instruction.opcode {
        case .iconst0: return 0
        case .iconst1: return 1
        case .iconst8bit, .iconst32bit:
            if case .int(let value) = instruction.operands { return value }
            return nil
        default: return nil
        }
    }

    /// 0…3 for ige, ile, igt, ilt.
    private static func comparison(_ instruction: Instruction) -> Int? {
        switch instruction.opcode {
        case .ige: return 0
        case .ile: return 1
        case .igt: return 2
        case .ilt: return 3
        default: return nil
        }
    }
}

/// A long or double in two int-stack cells, high word first (BYTECODE.md §2), read
/// with one 64-bit load: on a little-endian machine the halves come out swapped.
@inline(__always) func loadWide(_ cells: UnsafeMutablePointer<Int32>) -> Int64 {
    let word = UnsafeRawPointer(cells).loadUnaligned(as: UInt64.self)
    return Int64(bitPattern: (word &<< 32) | (word &>> 32))
}

@inline(__always) func storeWide(_ cells: UnsafeMutablePointer<Int32>, _ value: Int64) {
    let word = UInt64(bitPattern: value)
    UnsafeMutableRawPointer(cells).storeBytes(of: (word &<< 32) | (word &>> 32), as: UInt64.self)
}

/// Copies the two cells of a long or double.
@inline(__always) func copyWide(from: UnsafeMutablePointer<Int32>, to: UnsafeMutablePointer<Int32>) {
    UnsafeMutableRawPointer(to).storeBytes(of: UnsafeRawPointer(from).loadUnaligned(as: UInt64.self), as: UInt64.self)
}

/// The registers `runFast` moves, with the stack and jump steps on them.
struct FastRegisters {
    let ist: UnsafeMutablePointer<Int32>
    var ip: Int
    var sp: Int
    var osp: Int
    /// The slice budget left.
    var left: Int

    @inline(__always) mutating func push(_ v: Int32) {
        ist[sp] = v
        sp &+= 1
    }

    @inline(__always) mutating func pop() -> Int32 {
        sp &-= 1
        return ist[sp]
    }

    @inline(__always) mutating func lpush(_ v: Int64) {
        storeWide(ist + sp, v)
        sp &+= 2
    }

    @inline(__always) mutating func lpop() -> Int64 {
        sp &-= 2
        return loadWide(ist + sp)
    }

    @inline(__always) mutating func dpush(_ v: Double) { lpush(Int64(bitPattern: v.bitPattern)) }
    @inline(__always) mutating func dpop() -> Double { Double(bitPattern: UInt64(bitPattern: lpop())) }

    /// Jumps to `target`; false when a backward jump finds the budget spent.
    @inline(__always) mutating func jump(_ target: Int) -> Bool {
        if target <= ip {
            left &-= 1
            if left <= 0 {
                ip = target
                return false
            }
        }
        ip = target
        return true
    }
}

/// Runs fast entries that touch only the integer stack (ints, longs, doubles, locals,
/// jumps) or move object cells without allocating or freeing (os_get32, summon_this,
/// i2o, o2i of an int) from `r.ip` until one that is not such an entry: false if the slice budget
/// ran out at a backward jump (the IP is then the jump's target). Its own function
/// with its own locals, so that the few registers it needs stay in machine registers
/// (inside the big dispatch loop they were reloaded from the stack at every step).
@inline(never)
func runFast(_ r: inout Registers, budget: inout Int, heap: Heap) -> Bool {
    let fast = r.fast
    let ist = r.ist
    let base = r.isBase
    let os = r.os
    let osBase = r.osBase
    // The registers that change, in a struct whose methods work on them: nested
    // functions capturing local vars made the compiler box those vars (with a dynamic
    // exclusivity check at every entry) as soon as one more case used them.
    var f = FastRegisters(ist: ist, ip: r.ip, sp: r.isp, osp: r.osp, left: budget)
    defer {
        r.ip = f.ip
        r.isp = f.sp
        r.osp = f.osp
        budget = f.left
    }
    while true {
        let inst = fast[f.ip]
        switch inst.op {
        case .iget: f.push(ist[base &+ Int(inst.a)])
        case .iset: ist[base &+ Int(inst.a)] = f.pop()
        case .iconst: f.push(inst.a)
        case .iadd: let t = f.pop(); ist[f.sp &- 1] = ist[f.sp &- 1] &+ t
        case .imul: let t = f.pop(); ist[f.sp &- 1] = ist[f.sp &- 1] &* t
        case .isubTB: let t = f.pop(); ist[f.sp &- 1] = t &- ist[f.sp &- 1]
        case .isubBT: let t = f.pop(); ist[f.sp &- 1] = ist[f.sp &- 1] &- t
        case .ior: let t = f.pop(); ist[f.sp &- 1] |= t
        case .iand: let t = f.pop(); ist[f.sp &- 1] &= t
        case .ixor: let t = f.pop(); ist[f.sp &- 1] ^= t
        case .ige: let t = f.pop(); ist[f.sp &- 1] = ist[f.sp &- 1] >= t ? 1 : 0
        case .ile: let t = f.pop(); ist[f.sp &- 1] = ist[f.sp &- 1] <= t ? 1 : 0
        case .igt: let t = f.pop(); ist[f.sp &- 1] = ist[f.sp &- 1] > t ? 1 : 0
        case .ilt: let t = f.pop(); ist[f.sp &- 1] = ist[f.sp &- 1] < t ? 1 : 0
        case .jz:
            if f.pop() == 0 {
                if !f.jump(Int(inst.c)) { return false }
                continue
            }
        case .jmp:
            if !f.jump(Int(inst.c)) { return false }
            continue
        case .incJltLL, .incJleLL, .incJltLC, .incJleLC:
            ist[base &+ Int(inst.a)] &+= 1
            fallthrough
        case .jgeLL, .jleLL, .jgtLL, .jltLL, .jgeLC, .jleLC, .jgtLC, .jltLC:
            let a = ist[base &+ Int(inst.a)]
            let b = inst.op.rawValue >= FastOp.jgeLC.rawValue ? inst.b : ist[base &+ Int(inst.b)]
            let holds: Bool
            switch inst.op {
            case .jgeLL, .jgeLC: holds = a >= b
            case .jleLL, .jleLC, .incJleLL, .incJleLC: holds = a <= b
            case .jgtLL, .jgtLC: holds = a > b
            default: holds = a < b
            }
            if !f.jump(holds ? Int(inst.next) : Int(inst.c)) { return false }
            continue
        case .linc: ist[base &+ Int(inst.a)] &+= inst.b
        case .laddInt:
            let slot = base &+ Int(inst.a)
            storeWide(ist + slot, loadWide(ist + slot) &+ Int64(ist[base &+ Int(inst.b)]))
        case .lsetConst: ist[base &+ Int(inst.a)] = inst.b
        case .wget:
            copyWide(from: ist + (base &+ Int(inst.a)), to: ist + f.sp)
            f.sp &+= 2
        case .wset:
            f.sp &-= 2
            copyWide(from: ist + f.sp, to: ist + (base &+ Int(inst.a)))
        case .wconst: f.lpush(Int64(inst.a))
        case .expr:
            // Every check first (an int where an object cell or field is read, a
            // writable `this` with an int or null in the field written): a failed one
            // leaves the sequence to the bytecode switch, untouched.
            let c = inst.c
            let frame = ExprFrame(ist: ist, base: base, os: os, osBase: osBase)
            let firstSource = ExprShape.first(c)
            guard let t = frame.operand(ExprShape.second(c), inst.b, heap: heap),
                let b = firstSource == ExprShape.Source.top.rawValue
                    ? ist[f.sp &- 1] : frame.operand(firstSource, inst.a, heap: heap)
            else { return true }
            let sink = ExprShape.sink(c)
            if sink == ExprShape.Sink.field.rawValue {
                let this = Ref(raw: os[osBase &- 1])
                guard !heap.isImmutable(this), !heap.load(this, slot: ExprShape.sinkOperand(c)).isObject else { return true }
            }
            if firstSource == ExprShape.Source.top.rawValue { f.sp &-= 1 }
            let value = IntOp.apply(ExprShape.op(c), b, t)
            switch sink {
            case ExprShape.Sink.push.rawValue: f.push(value)
            case ExprShape.Sink.local.rawValue: ist[base &+ ExprShape.sinkOperand(c)] = value
            case ExprShape.Sink.jumpIfZero.rawValue:
                if value == 0 {
                    if !f.jump(ExprShape.sinkOperand(c)) { return false }
                    continue
                }
            case ExprShape.Sink.cell.rawValue:
                os[f.osp] = Ref(int: Int(value)).raw
                f.osp &+= 1
            default:
                // An int replaces an int or null: nothing to count.
                heap.store(Ref(raw: os[osBase &- 1]), slot: ExprShape.sinkOperand(c), Ref(int: Int(value)))
            }
        case .iopL: ist[f.sp &- 1] = IntOp.apply(inst.c, ist[f.sp &- 1], ist[base &+ Int(inst.a)])
        case .iopK: ist[f.sp &- 1] = IntOp.apply(inst.c, ist[f.sp &- 1], inst.b)
        case .dopL:
            let t = Double(bitPattern: UInt64(bitPattern: loadWide(ist + (base &+ Int(inst.a)))))
            let b = f.dpop()
            f.dpush(DoubleOp.apply(inst.c, b, t))
        case .dopLL:
            let b = Double(bitPattern: UInt64(bitPattern: loadWide(ist + (base &+ Int(inst.a)))))
            let t = Double(bitPattern: UInt64(bitPattern: loadWide(ist + (base &+ Int(inst.b)))))
            f.dpush(DoubleOp.apply(inst.c, b, t))
        case .dopK:
            let b = f.dpop()
            f.dpush(DoubleOp.apply(inst.c, b, Double(inst.b)))
        case .ladd: let t = f.lpop(); let b = f.lpop(); f.lpush(b &+ t)
        case .lmul: let t = f.lpop(); let b = f.lpop(); f.lpush(b &* t)
        case .lsubTB: let t = f.lpop(); let b = f.lpop(); f.lpush(t &- b)
        case .lsubBT: let t = f.lpop(); let b = f.lpop(); f.lpush(b &- t)
        case .lfromi: f.lpush(Int64(f.pop()))
        case .lge: let t = f.lpop(); let b = f.lpop(); f.push(b >= t ? 1 : 0)
        case .lle: let t = f.lpop(); let b = f.lpop(); f.push(b <= t ? 1 : 0)
        case .lgt: let t = f.lpop(); let b = f.lpop(); f.push(b > t ? 1 : 0)
        case .llt: let t = f.lpop(); let b = f.lpop(); f.push(b < t ? 1 : 0)
        case .dadd: let t = f.dpop(); let b = f.dpop(); f.dpush(b + t)
        case .dmul: let t = f.dpop(); let b = f.dpop(); f.dpush(b * t)
        case .dsubTB: let t = f.dpop(); let b = f.dpop(); f.dpush(t - b)
        case .dsubBT: let t = f.dpop(); let b = f.dpop(); f.dpush(b - t)
        case .ddivTB: let t = f.dpop(); let b = f.dpop(); f.dpush(t / b)
        case .ddivBT: let t = f.dpop(); let b = f.dpop(); f.dpush(b / t)
        case .dfromi: f.dpush(Double(f.pop()))
        case .dsqrt: f.dpush(f.dpop().squareRoot())
        case .dge: let t = f.dpop(); let b = f.dpop(); f.push(b >= t ? 1 : 0)
        case .dle: let t = f.dpop(); let b = f.dpop(); f.push(b <= t ? 1 : 0)
        case .dgt: let t = f.dpop(); let b = f.dpop(); f.push(b > t ? 1 : 0)
        case .dlt: let t = f.dpop(); let b = f.dpop(); f.push(b < t ? 1 : 0)
        // Object cells that hold or become ints, and borrowed cells: no allocation, and
        // the only counting is a retain (an object's count is never 0 while a cell
        // holds it, so a retain frees nothing).
        case .osget:
            let value = os[osBase &+ Int(inst.a)]
            heap.retain(Ref(raw: value))
            os[f.osp] = value
            f.osp &+= 1
        case .this:
            let value = os[osBase &- 1]
            heap.retain(Ref(raw: value))
            os[f.osp] = value
            f.osp &+= 1
        case .pull:
            let value = os[f.osp &- 1 &- Int(inst.a)]
            heap.retain(Ref(raw: value))
            os[f.osp] = value
            f.osp &+= 1
        case .pushNull:
            os[f.osp] = 0
            f.osp &+= 1
        case .drop:
            // Freeing what the cell held (if it was the last reference) touches no stack.
            f.osp &-= 1
            let value = os[f.osp]
            os[f.osp] = 0
            heap.release(Ref(raw: value))
        case .jumpNull:
            f.osp &-= 1
            let value = os[f.osp]
            os[f.osp] = 0
            heap.release(Ref(raw: value))
            if (value == 0) == (inst.a == 1) {
                if !f.jump(Int(inst.c)) { return false }
                continue
            }
        case .oint:
            let value = Ref(raw: os[osBase &+ Int(inst.a)])
            guard value.isInt else { return true }
            f.push(Int32(truncatingIfNeeded: value.intValue))
        case .o2i:
            let value = Ref(raw: os[f.osp &- 1])
            guard value.isInt else { return true }
            f.osp &-= 1
            os[f.osp] = 0
            f.push(Int32(truncatingIfNeeded: value.intValue))
        case .i2o:
            os[f.osp] = Ref(int: Int(f.pop())).raw
            f.osp &+= 1
        case .slow, .summon, .unboxField, .unboxLocal, .unbox, .box, .boxToField, .boxRet,
            .call, .ret, .argCount, .reserve, .fieldLoad, .fieldSave, .intRet, .retNull:
            return true
        }
        f.ip = Int(inst.next)
    }
}
