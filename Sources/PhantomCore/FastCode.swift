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
    case jgeLL, jleLL, jgtLL, jltLL, jgeLC, jleLC, jgtLC, jltLC
    /// local a += b (is_get32 a; iconst b; isum; is_set32 a).
    case linc
    /// local a = b (iconst b; is_set32 a).
    case lsetConst
    // Longs and doubles (two cells): prefixed locals, constants, arithmetic, compares.
    /// A typed constant: the int sign-extended to 64 bits, for long and double alike
    /// (the prefixed iconst of BYTECODE.md pushes the integer's bits).
    case wget, wset, wconst
    case ladd, lmul, lsubTB, lsubBT, lfromi, lge, lle, lgt, llt
    case dadd, dmul, dsubTB, dsubBT, ddivTB, ddivBT, dfromi, dge, dle, dgt, dlt
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

    init() {
        let entry = UnsafeMutablePointer<FastInst>.allocate(capacity: 1)
        entry.initialize(to: FastInst())
        empty = UnsafePointer(entry)
        keys = .allocate(capacity: Self.slots)
        keys.initialize(repeating: -1, count: Self.slots)
        values = .allocate(capacity: Self.slots)
        values.initialize(repeating: empty, count: Self.slots)
    }

    deinit {
        for table in all.values { table.deallocate() }
        UnsafeMutablePointer(mutating: empty).deallocate()
        keys.deallocate()
        values.deallocate()
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
            all[code] = table
        }
        keys[slot] = code
        values[slot] = UnsafePointer(table)
        return UnsafePointer(table)
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
        return table
    }

    /// The entry for the instruction `list[k]` (with what follows it), nil if none.
    private static func translate(_ list: [Instruction], _ k: Int) -> FastInst? {
        func at(_ i: Int) -> Instruction? { k + i < list.count ? list[k + i] : nil }
        let first = list[k]
        // Fused int sequences first (longest first).
        if let a = local(first), let second = at(1), let third = at(2), let fourth = at(3) {
            if let b = constant(second), third.opcode == .isum, let target = local(fourth), fourth.opcode == .isSet32,
                target == a
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
        case .jz: if case .jump(let target) = first.operands { return FastInst(op: .jz, c: Int32(target), next: next) }
        case .jmp: if case .jump(let target) = first.operands { return FastInst(op: .jmp, c: Int32(target), next: next) }
        default: break
        }
        return nil
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
