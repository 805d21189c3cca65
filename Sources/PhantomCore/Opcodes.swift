// Opcodes.swift — the Phantom VM instruction set, defined once (PhantomCore, VM layer).
//
// The bytecode is the original Phantom OS's (shared/docs/BYTECODE.md §4), a
// compatibility surface: class files from the original compiler must load here. This
// file is the only place that knows the encoding. `Opcode.info` has one line per opcode
// with its mnemonic, operand layout, stack effects, use of a type prefix, control flow
// and status; `InstructionDecoder` (below) reads instructions from that table, and the
// disassembler (Disassembler.swift), the verifier and the interpreter derive from it.
//
// Encoding. An instruction is one opcode byte followed by its operands. There is no
// alignment, and every multi-byte operand is big-endian two's complement.
//
//      IP       IP+1
//     +--------+-------------------------------+
//     | opcode | operands: 0 … n bytes         |
//     +--------+-------------------------------+
//
//   layout         bytes after the opcode                        opcodes
//   none           —                                             most
//   u8             [u8]  zero-extended                           iconst_8bit, os_load8, arg_count, sys …
//   u8u8           [u8 objects][u8 ints]                         stack_reserve
//   i32            [i32 · · · ]                                  os_get32, iconst_32bit, const_pool …
//   i64            [i64 · · · · · · · ]                          iconst_64bit
//   rel32          [i32 displacement]                            jz, jmp, djnz, push_catcher
//   str            [i32 N][N raw bytes]                          sconst_bin, summon_by_name
//   callShort      —   ordinal = opcode − 0x09, 0 arguments      short_call_0 … 3
//   callCount      [u8 n]   ordinal = opcode & 0x1F              call_00 … call_1F
//   callU8I32      [u8 ordinal][i32 n]                           call_8bit
//   callI32I32     [i32 ordinal][i32 n]                          call_32bit, static_invoke
//   debug          [u8 flags], then [i32 N][N bytes] if flags & 0x80
//   switchTable    [u32 N][i32 shift][u32 div][rel32 e0] … [rel32 e(N−1)]
//
// Jump targets. A rel32 counts from the address of the displacement field itself, not
// from the opcode or the next instruction (BYTECODE.md §1):
//
//      IP    IP+1           IP+5
//     +----+----+----+----+----+
//     | 05 | d3 | d2 | d1 | d0 |   jz:  target = (IP + 1) + d
//     +----+----+----+----+----+
//
// A switch entry likewise counts from its own address; a value outside the table falls
// through to the first byte after it (BYTECODE.md §8).
//
// Limits that come from the encoding: a u8 operand reaches 255 (so call_00 … call_1F
// pass at most 255 arguments, and stack_reserve reserves at most 255 cells per stack);
// i32 operands reach 2^31 − 1; the short forms encode ordinals 0 … 31 only.
//
// Stack effects are counted in cells. The object stack is never typed. On the integer
// stack, ops that a type prefix retypes count some operands in values: a value is one
// cell without a prefix or with :float, and two cells (high word first) with :long or
// :double. Prefixes (0x5C/0x5D/0x5E) decode as one-byte instructions of their own,
// exactly as the interpreter steps over them; the verifier pairs a prefix with the next
// instruction. Effects that depend on operands (calls, stack_reserve, os_pull32) are
// resolved by `Instruction.objectStackChange` and `Instruction.intStackChange(prefix:)`.

// MARK: - Opcodes

/// One Phantom VM opcode byte. Every opcode BYTECODE.md §4 names is here, including
/// the type prefixes, the removed `os_push_null` (0x5B, still in old class files) and
/// the named but never implemented ones, which `info.status` marks; bytes without a
/// name (0x1D, 0x80–0x9F, 0xC0–0xFF …) are not opcodes and fail to decode.
public enum Opcode: UInt8, CaseIterable, Sendable {
    case nop = 0x00, debug = 0x01, skipz = 0x02, skipnz = 0x03
    case djnz = 0x04, jz = 0x05, jmp = 0x06, `switch` = 0x07, ret = 0x08
    case shortCall0 = 0x09, shortCall1 = 0x0A, shortCall2 = 0x0B, shortCall3 = 0x0C
    case call8bit = 0x0D, call32bit = 0x0E, sys = 0x0F
    case isDup = 0x10, isDrop = 0x11, osDup = 0x12, osDrop = 0x13
    case osLoad8 = 0x14, osSave8 = 0x15, osLoad32 = 0x16, osSave32 = 0x17
    case new = 0x18, copy = 0x19, osCompose32 = 0x1A, osDecompose = 0x1B
    case osPull32 = 0x1C, osGet32 = 0x1E, osSet32 = 0x1F
    case iconst0 = 0x20, iconst1 = 0x21, iconst8bit = 0x22, iconst32bit = 0x23
    case sconstBin = 0x24, iconst64bit = 0x25, isGet32 = 0x26, isSet32 = 0x27
    case constPool = 0x28, stackReserve = 0x29, cast = 0x2B
    case pushCatcher = 0x2D, popCatcher = 0x2E, `throw` = 0x2F
    case summonThread = 0x30, summonThis = 0x31, summonNull = 0x37
    case summonClassClass = 0x38, summonIntClass = 0x39, summonStringClass = 0x3A
    case summonInterfaceClass = 0x3B, summonCodeClass = 0x3C, summonArrayClass = 0x3D
    case summonByName = 0x3F
    case i2o = 0x40, o2i = 0x41
    case isum = 0x42, imul = 0x43, isubul = 0x44, isublu = 0x45, idivul = 0x46, idivlu = 0x47
    case ior = 0x48, iand = 0x49, ixor = 0x4A, inot = 0x4B
    case logOr = 0x4C, logAnd = 0x4D, logXor = 0x4E, logNot = 0x4F
    case isLoad8 = 0x50, isSave8 = 0x51
    case ige = 0x52, ile = 0x53, igt = 0x54, ilt = 0x55, iremul = 0x56, iremlu = 0x57
    case osEq = 0x58, osNeq = 0x59, osIsNull = 0x5A, osPushNull = 0x5B
    case prefixLong = 0x5C, prefixFloat = 0x5D, prefixDouble = 0x5E
    case generalLock = 0x62, generalUnlock = 0x63
    case staticInvoke = 0x6E, dynamicInvoke = 0x6F
    case ishl = 0x70, ishr = 0x71, ushr = 0x72, argCount = 0x73
    case fromi = 0x74, froml = 0x75, fromf = 0x76, fromd = 0x77
    case call00 = 0xA0, call01 = 0xA1, call02 = 0xA2, call03 = 0xA3
    case call04 = 0xA4, call05 = 0xA5, call06 = 0xA6, call07 = 0xA7
    case call08 = 0xA8, call09 = 0xA9, call0A = 0xAA, call0B = 0xAB
    case call0C = 0xAC, call0D = 0xAD, call0E = 0xAE, call0F = 0xAF
    case call10 = 0xB0, call11 = 0xB1, call12 = 0xB2, call13 = 0xB3
    case call14 = 0xB4, call15 = 0xB5, call16 = 0xB6, call17 = 0xB7
    case call18 = 0xB8, call19 = 0xB9, call1A = 0xBA, call1B = 0xBB
    case call1C = 0xBC, call1D = 0xBD, call1E = 0xBE, call1F = 0xBF
}

// MARK: - The table

extension Opcode {
    /// Everything about this opcode but how to execute it. Read "o:" as the object stack
    /// and "i:" as the integer stack; see `StackEffect` and `Cells` for the notation.
    public var info: OpcodeInfo {
        let typed = PrefixUse.anyType, long = PrefixUse.longOnly
        let binary = StackEffect.typed(.values(2), .values(1))
        let compare = StackEffect.typed(.values(2), .cells(1))
        let unary = StackEffect.typed(.values(1), .values(1))
        let push = StackEffect.pushes(1), pop = StackEffect.pops(1)
        return switch self {
        // MARK: control flow and calls (BYTECODE.md §4.1)
        case .nop:          op("nop",          .none)
        case .debug:        op("debug",        .debug)
        // skipz/skipnz were never implemented and no operand is recorded; we decode them
        // without one, which only matters to a listing (the verifier rejects them).
        case .skipz:        op("skipz",        .none,  o: .unknown, i: .unknown, status: .unimplemented)
        case .skipnz:       op("skipnz",       .none,  o: .unknown, i: .unknown, status: .unimplemented)
        case .djnz:         op("djnz",         .rel32, i: .fixed(pops: 1, pushes: 1), flow: .branch)
        case .jz:           op("jz",           .rel32, i: pop, flow: .branch)
        case .jmp:          op("jmp",          .rel32, flow: .jump)
        case .switch:       op("switch",       .switchTable, i: pop, flow: .table)
        case .ret:          op("ret",          .none,  flow: .exit)  // the top, if any, is the result
        case .shortCall0:   op("short_call_0", .callShort,  o: .call(extra: 1))
        case .shortCall1:   op("short_call_1", .callShort,  o: .call(extra: 1))
        case .shortCall2:   op("short_call_2", .callShort,  o: .call(extra: 1))
        case .shortCall3:   op("short_call_3", .callShort,  o: .call(extra: 1))
        case .call8bit:     op("call_8bit",    .callU8I32,  o: .call(extra: 1))
        case .call32bit:    op("call_32bit",   .callI32I32, o: .call(extra: 1))
        // sys reads n from the integer stack and, on return, pops it and n objects.
        case .sys:          op("sys",          .u8,    o: .countOnIntStack(extra: 0), i: pop)
        // Pops class, this and n arguments. (If `this` is null the reference pops one
        // more object as `this`, BYTECODE.md §3.6; plc never produces that.)
        case .staticInvoke: op("static_invoke", .callI32I32, o: .call(extra: 2))
        case .dynamicInvoke: op("dynamic_invoke", .none, o: .countOnIntStack(extra: 2), i: pop)
        case .argCount:     op("arg_count",    .u8,    i: pop)
        case .stackReserve: op("stack_reserve", .u8u8, o: .reserve, i: .reserve)
        // MARK: object stack, fields, objects (§4.2)
        case .osDup:        op("os_dup",       .none,  o: .fixed(pops: 1, pushes: 2))
        case .osDrop:       op("os_drop",      .none,  o: pop)
        case .osPull32:     op("os_pull32",    .i32,   o: .pull)
        case .osGet32:      op("os_get32",     .i32,   o: push)
        case .osSet32:      op("os_set32",     .i32,   o: pop)
        case .osLoad8:      op("os_load8",     .u8,    o: push)
        case .osLoad32:     op("os_load32",    .i32,   o: push)
        case .osSave8:      op("os_save8",     .u8,    o: pop)
        case .osSave32:     op("os_save32",    .i32,   o: pop)
        case .isLoad8:      op("is_load8",     .u8,    i: push)
        case .isSave8:      op("is_save8",     .u8,    i: pop)
        case .new:          op("new",          .none,  o: .fixed(pops: 1, pushes: 1))
        case .cast:         op("cast",         .none,  o: .fixed(pops: 2, pushes: 1))
        case .osEq:         op("os_eq",        .none,  o: .pops(2), i: push)
        case .osNeq:        op("os_neq",       .none,  o: .pops(2), i: push)
        case .osIsNull:     op("os_isnull",    .none,  o: pop, i: push)
        case .generalLock:  op("general_lock", .none,  o: pop)
        case .generalUnlock: op("general_unlock", .none, o: pop)
        case .copy:         op("copy",         .none,  o: .unknown, i: .unknown, status: .unimplemented)
        case .osCompose32:  op("os_compose32", .i32,   o: .unknown, i: .unknown, status: .unimplemented)
        case .osDecompose:  op("os_decompose", .none,  o: .unknown, i: .unknown, status: .unimplemented)
        case .osPushNull:   op("os_push_null", .none,  o: push, status: .legacy)
        // MARK: constants and summons (§4.3)
        case .iconst0:      op("iconst_0",     .none,  i: .typed(.none, .values(1)), prefix: typed)
        case .iconst1:      op("iconst_1",     .none,  i: .typed(.none, .values(1)), prefix: typed)
        case .iconst8bit:   op("iconst_8bit",  .u8,    i: .typed(.none, .values(1)), prefix: typed)
        case .iconst32bit:  op("iconst_32bit", .i32,   i: .typed(.none, .values(1)), prefix: typed)
        case .iconst64bit:  op("iconst_64bit", .i64,   i: .pushes(2))
        case .sconstBin:    op("sconst_bin",   .str,   o: push)
        case .constPool:    op("const_pool",   .i32,   o: push)
        case .summonThread: op("summon_thread", .none, o: push)
        case .summonThis:   op("summon_this",  .none,  o: push)
        case .summonNull:   op("summon_null",  .none,  o: push)
        case .summonClassClass: op("summon_class_class", .none, o: push)
        case .summonIntClass: op("summon_int_class", .none, o: push)
        case .summonStringClass: op("summon_string_class", .none, o: push)
        case .summonInterfaceClass: op("summon_interface_class", .none, o: push)
        case .summonCodeClass: op("summon_code_class", .none, o: push)
        case .summonArrayClass: op("summon_array_class", .none, o: push)
        case .summonByName: op("summon_by_name", .str, o: push)
        // MARK: integer arithmetic (§4.4); t = top, b = below
        case .isum:         op("isum",         .none,  i: binary, prefix: typed)   // b + t
        case .imul:         op("imul",         .none,  i: binary, prefix: typed)   // b * t
        case .isubul:       op("isubul",       .none,  i: binary, prefix: typed)   // t - b
        case .isublu:       op("isublu",       .none,  i: binary, prefix: typed)   // b - t
        case .idivul:       op("idivul",       .none,  i: binary, prefix: typed)   // t / b
        case .idivlu:       op("idivlu",       .none,  i: binary, prefix: typed)   // b / t
        // Not in the reference interpreter, but plc emits 0x57 for `%`: we execute both
        // (b % t, t % b) and let a prefix type them like division, as plc would expect.
        case .iremul:       op("iremul",       .none,  i: binary, prefix: typed, status: .compilerOnly)
        case .iremlu:       op("iremlu",       .none,  i: binary, prefix: typed, status: .compilerOnly)
        case .ige:          op("ige",          .none,  i: compare, prefix: typed)  // comparisons push one int cell
        case .ile:          op("ile",          .none,  i: compare, prefix: typed)
        case .igt:          op("igt",          .none,  i: compare, prefix: typed)
        case .ilt:          op("ilt",          .none,  i: compare, prefix: typed)
        case .ior:          op("ior",          .none,  i: binary, prefix: long)
        case .iand:         op("iand",         .none,  i: binary, prefix: long)
        case .ixor:         op("ixor",         .none,  i: binary, prefix: long)
        case .inot:         op("inot",         .none,  i: unary, prefix: long)
        case .logOr:        op("log_or",       .none,  i: binary, prefix: long)
        case .logAnd:       op("log_and",      .none,  i: binary, prefix: long)
        case .logXor:       op("log_xor",      .none,  i: binary, prefix: long)
        case .logNot:       op("log_not",      .none,  i: unary, prefix: long)
        // Shifts: value on top (a value), count below it (always one cell).
        case .ishl:         op("ishl",         .none,  i: .typed(Cells(cells: 1, values: 1), .values(1)), prefix: long)
        case .ishr:         op("ishr",         .none,  i: .typed(Cells(cells: 1, values: 1), .values(1)), prefix: long)
        case .ushr:         op("ushr",         .none,  i: .typed(Cells(cells: 1, values: 1), .values(1)), prefix: long)
        // MARK: boxing and conversion (§4.5); the prefix names the target type
        case .i2o:          op("i2o",          .none,  o: push, i: .typed(.values(1), .none), prefix: typed)
        case .o2i:          op("o2i",          .none,  o: pop, i: .typed(.none, .values(1)), prefix: typed)
        case .fromi:        op("fromi",        .none,  i: .typed(.cells(1), .values(1)), prefix: typed)
        case .froml:        op("froml",        .none,  i: .typed(.cells(2), .values(1)), prefix: typed)
        case .fromf:        op("fromf",        .none,  i: .typed(.cells(1), .values(1)), prefix: typed)
        case .fromd:        op("fromd",        .none,  i: .typed(.cells(2), .values(1)), prefix: typed)
        // MARK: integer stack and locals (§4.6)
        case .isDup:        op("is_dup",       .none,  i: .typed(.values(1), .values(2)), prefix: typed)
        case .isDrop:       op("is_drop",      .none,  i: .typed(.values(1), .none), prefix: typed)
        case .isGet32:      op("is_get32",     .i32,   i: .typed(.none, .values(1)), prefix: typed)
        case .isSet32:      op("is_set32",     .i32,   i: .typed(.values(1), .none), prefix: typed)
        // MARK: type prefixes (§5)
        case .prefixLong:   op("prefix_long",  .none)
        case .prefixFloat:  op("prefix_float", .none)
        case .prefixDouble: op("prefix_double", .none)
        // MARK: exceptions (§6); push_catcher also pushes {class, target} on the catcher stack
        case .pushCatcher:  op("push_catcher", .rel32, o: pop, flow: .catcher)
        case .popCatcher:   op("pop_catcher",  .none)
        case .throw:        op("throw",        .none,  o: pop, flow: .exit)
        // MARK: short calls by ordinal: u8 argument count (§4.1)
        case .call00, .call01, .call02, .call03, .call04, .call05, .call06, .call07,
             .call08, .call09, .call0A, .call0B, .call0C, .call0D, .call0E, .call0F,
             .call10, .call11, .call12, .call13, .call14, .call15, .call16, .call17,
             .call18, .call19, .call1A, .call1B, .call1C, .call1D, .call1E, .call1F:
            op("call_" + Disassembler.hex(rawValue & 0x1F), .callCount, o: .call(extra: 1))
        }
    }

    /// One line of the table, with the common case as the default for every column.
    private func op(
        _ mnemonic: String, _ operands: OperandLayout,
        o: StackEffect = .unchanged, i: StackEffect = .unchanged,
        prefix: PrefixUse = .ignored, flow: Flow = .next, status: OpcodeStatus = .reference
    ) -> OpcodeInfo {
        OpcodeInfo(
            mnemonic: mnemonic, operands: operands, objectStack: o, intStack: i,
            prefix: prefix, flow: flow, status: status)
    }

    /// The type this opcode gives the next instruction, if it is a prefix.
    public var typePrefix: TypePrefix? {
        switch self {
        case .prefixLong: .long
        case .prefixFloat: .float
        case .prefixDouble: .double
        default: nil
        }
    }
}

// MARK: - What the table says

/// One row of the instruction-set table: what the decoder, disassembler and verifier
/// need to know about an opcode.
public struct OpcodeInfo: Equatable, Sendable {
    /// The original's name for the opcode (its `opcode_…` identifier without the
    /// prefix), as listings print it. One exception: the original's identifier for 0x0F
    /// is `sys_8bit`, but BYTECODE.md writes `sys`, and so do we.
    public let mnemonic: String
    public let operands: OperandLayout
    public let objectStack: StackEffect
    public let intStack: StackEffect
    public let prefix: PrefixUse
    public let flow: Flow
    public let status: OpcodeStatus
}

/// How the operand bytes after an opcode are laid out (drawn at the top of this file).
public enum OperandLayout: Equatable, Sendable {
    case none, u8, u8u8, i32, i64, rel32, str
    case callShort, callCount, callU8I32, callI32I32
    case debug, switchTable

    /// The operand bytes, or nil when a length or count inside them decides.
    public var fixedSize: Int? {
        switch self {
        case .none, .callShort: 0
        case .u8, .callCount: 1
        case .u8u8: 2
        case .i32, .rel32: 4
        case .callU8I32: 5
        case .i64, .callI32I32: 8
        case .str, .debug, .switchTable: nil
        }
    }
}

/// A count of integer-stack cells of which some are typed by a prefix: `cells` are one
/// cell whatever the prefix, each of `values` is `TypePrefix.cellWidth` cells.
public struct Cells: Equatable, Sendable {
    public let cells: Int
    public let values: Int

    public init(cells: Int, values: Int) {
        self.cells = cells
        self.values = values
    }

    public static let none = Cells(cells: 0, values: 0)
    public static func cells(_ n: Int) -> Cells { Cells(cells: n, values: 0) }
    public static func values(_ n: Int) -> Cells { Cells(cells: 0, values: n) }

    /// The cell count when a value is `width` cells wide.
    public func count(width: Int) -> Int { cells + values * width }
}

/// What an instruction does to the depth of one stack. Fixed effects are what the
/// instruction pops, then what it pushes; the others say how to compute that.
public enum StackEffect: Equatable, Sendable {
    /// Pops and pushes this many cells.
    case fixed(pops: Int, pushes: Int)
    /// Integer stack, retyped by a prefix: counts depend on the prefix's cell width.
    case typed(Cells, Cells)
    /// A call: pops the argument count from the operands plus `extra` (`this`, and for
    /// static_invoke the class), pushes the one result.
    case call(extra: Int)
    /// Pops as many objects as the integer-stack top says, plus `extra`, and pushes one
    /// result (sys, dynamic_invoke). Unknown until run time.
    case countOnIntStack(extra: Int)
    /// Pushes as many cells as stack_reserve's operand for this stack says.
    case reserve
    /// os_pull32 d copies the cell d below the top, so it needs d + 1 cells: modelled as
    /// popping d + 1 and pushing them back with the copy on top.
    case pull
    /// The opcode was never implemented, so its effect is not known.
    case unknown

    public static let unchanged = StackEffect.fixed(pops: 0, pushes: 0)
    public static func pops(_ n: Int) -> StackEffect { .fixed(pops: n, pushes: 0) }
    public static func pushes(_ n: Int) -> StackEffect { .fixed(pops: 0, pushes: n) }
}

/// How an opcode reacts to a preceding type prefix (BYTECODE.md §5).
public enum PrefixUse: Equatable, Sendable {
    /// Ignores a prefix (the reference VM prints "Unused type prefix").
    case ignored
    /// :long, :float and :double each retype it.
    case anyType
    /// :long retypes it; :float or :double is FATAL ("invalid float op").
    case longOnly
}

/// Where execution can go after an instruction; what a verifier walks.
public enum Flow: Equatable, Sendable {
    /// To the next instruction (calls return there too).
    case next
    /// To the rel32 target or the next instruction (jz, djnz).
    case branch
    /// To the rel32 target only (jmp).
    case jump
    /// To one of the switch table's targets, or past the table.
    case table
    /// Nowhere in this method (ret, throw).
    case exit
    /// To the next instruction; the rel32 target becomes a handler entry (push_catcher).
    case catcher
}

/// Which VMs run an opcode; the verifier decides what to accept from this.
public enum OpcodeStatus: Equatable, Sendable {
    /// The reference interpreter executes it.
    case reference
    /// plc emits it but the reference interpreter does not implement it (FATAL there);
    /// we execute it as its authors meant (iremul, iremlu).
    case compilerOnly
    /// Removed from the reference VM but present in old class files (os_push_null,
    /// which we run as summon_null).
    case legacy
    /// Named in the original's opcode list but never executable (FATAL everywhere) and
    /// never emitted. Decodes, so a listing can show it; the verifier rejects it.
    case unimplemented
}

/// A type prefix: the type the next instruction works on.
public enum TypePrefix: Equatable, Sendable {
    case long, float, double

    /// Integer-stack cells one value of this type takes.
    public var cellWidth: Int {
        switch self {
        case .long, .double: 2
        case .float: 1
        }
    }
}

// MARK: - Decoded instructions

/// An instruction's operands, decoded and with jump targets made absolute.
public enum Operands: Equatable, Sendable {
    case none
    /// A u8 (zero-extended) or i32 operand: a slot, field, count, constant or pool id.
    case int(Int32)
    /// iconst_64bit's operand.
    case long(Int64)
    /// stack_reserve: cells to push on the object and integer stacks.
    case reserve(objects: UInt8, ints: UInt8)
    /// Any call with its ordinal in the opcode or the operands (not dynamic_invoke).
    case call(ordinal: Int32, argCount: Int32)
    /// A rel32, as the absolute IP it reaches (may lie outside the code).
    case jump(target: Int)
    /// The raw bytes of a str operand (no encoding is implied).
    case string([UInt8])
    /// debug's flags, and the message that follows when flags & 0x80.
    case debug(flags: UInt8, message: [UInt8]?)
    /// switch: d = (x + shift) / divisor, unsigned; entry d jumps to targets[d], any
    /// other d falls through to the instruction's end.
    case table(shift: Int32, divisor: UInt32, targets: [Int])
}

/// One decoded instruction.
public struct Instruction: Equatable, Sendable {
    /// Where its opcode byte is.
    public let ip: Int
    public let opcode: Opcode
    /// Bytes from the opcode to the end of its operands.
    public let length: Int
    public let operands: Operands

    public init(ip: Int, opcode: Opcode, length: Int, operands: Operands) {
        self.ip = ip
        self.opcode = opcode
        self.length = length
        self.operands = operands
    }

    /// The IP of the instruction after this one.
    public var next: Int { ip + length }
}

/// A resolved stack effect: the cells an instruction pops, then the cells it pushes.
public struct StackChange: Equatable, Sendable {
    public let pops: Int
    public let pushes: Int

    public init(pops: Int, pushes: Int) {
        self.pops = pops
        self.pushes = pushes
    }
}

extension Instruction {
    /// What this instruction does to the object stack, or nil when that is decided at
    /// run time (sys, dynamic_invoke), unknown (never implemented opcodes) or the
    /// operands are invalid (a negative count).
    public var objectStackChange: StackChange? {
        resolve(opcode.info.objectStack, width: 1, reserved: { o, _ in o })
    }

    /// What this instruction does to the integer stack when it follows `prefix` (nil:
    /// no prefix), or nil as for `objectStackChange`. Opcodes that ignore prefixes give
    /// the same answer for every prefix.
    public func intStackChange(prefix: TypePrefix? = nil) -> StackChange? {
        let info = opcode.info
        let width = info.prefix == .ignored ? 1 : (prefix?.cellWidth ?? 1)
        return resolve(info.intStack, width: width, reserved: { _, i in i })
    }

    private func resolve(
        _ effect: StackEffect, width: Int, reserved: (UInt8, UInt8) -> UInt8
    ) -> StackChange? {
        switch (effect, operands) {
        case (.fixed(let pops, let pushes), _):
            return StackChange(pops: pops, pushes: pushes)
        case (.typed(let pops, let pushes), _):
            return StackChange(pops: pops.count(width: width), pushes: pushes.count(width: width))
        case (.call(let extra), .call(_, let argCount)) where argCount >= 0:
            return StackChange(pops: Int(argCount) + extra, pushes: 1)
        case (.reserve, .reserve(let objects, let ints)):
            return StackChange(pops: 0, pushes: Int(reserved(objects, ints)))
        case (.pull, .int(let depth)) where depth >= 0:
            return StackChange(pops: Int(depth) + 1, pushes: Int(depth) + 2)
        default:
            return nil
        }
    }
}

// MARK: - Decoding

/// Why bytes do not decode as an instruction. Every case names `offset`, the IP of the
/// instruction that failed.
public enum DecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The byte is not a Phantom opcode.
    case unknownOpcode(UInt8, at: Int)
    /// The code ends inside the operands: the instruction needs `needed` bytes (as far as
    /// its length fields could be read) and only `available` are left from its IP.
    case truncated(Opcode, at: Int, needed: Int, available: Int)
    /// A str operand's length field is negative.
    case negativeLength(Opcode, at: Int, length: Int32)
    /// The IP is not inside the code at all.
    case outsideCode(at: Int, codeSize: Int)

    /// The IP of the instruction that could not be decoded.
    public var offset: Int {
        switch self {
        case .unknownOpcode(_, let at), .truncated(_, let at, _, _),
            .negativeLength(_, let at, _), .outsideCode(let at, _):
            at
        }
    }

    public var description: String {
        switch self {
        case .unknownOpcode(let byte, let at):
            "IP \(at): unknown opcode 0x\(Disassembler.hex(byte))"
        case .truncated(let opcode, let at, let needed, let available):
            "IP \(at): \(opcode.info.mnemonic) needs \(needed) bytes, the code has \(available) left"
        case .negativeLength(let opcode, let at, let length):
            "IP \(at): \(opcode.info.mnemonic) has a negative string length \(length)"
        case .outsideCode(let at, let size):
            "IP \(at): outside the code (\(size) bytes)"
        }
    }
}

/// Reads instructions out of a method's code, one at a time and without trusting it:
/// any bytes give either an instruction or a `DecodeError`, never a trap. IPs count
/// from the collection's first byte.
public struct InstructionDecoder<Bytes: RandomAccessCollection>
where Bytes.Element == UInt8, Bytes.Index == Int {
    public let code: Bytes

    public init(_ code: Bytes) {
        self.code = code
    }

    /// The code size in bytes; IPs run from 0 to size − 1.
    public var size: Int { code.count }

    /// The instruction whose opcode is at `ip`.
    public func decode(at ip: Int) throws(DecodeError) -> Instruction {
        guard ip >= 0, ip < size else { throw .outsideCode(at: ip, codeSize: size) }
        let byte = self[ip]
        guard let opcode = Opcode(rawValue: byte) else { throw .unknownOpcode(byte, at: ip) }
        let layout = opcode.info.operands
        if let fixed = layout.fixedSize { try need(1 + fixed, opcode, at: ip) }
        let a = ip + 1
        let operands: Operands
        var end = a + (layout.fixedSize ?? 0)
        switch layout {
        case .none: operands = .none
        case .u8: operands = .int(Int32(self[a]))
        case .u8u8: operands = .reserve(objects: self[a], ints: self[a + 1])
        case .i32: operands = .int(int32(at: a))
        case .i64: operands = .long(Int64(bitPattern: uint64(at: a)))
        case .rel32: operands = .jump(target: a + Int(int32(at: a)))
        case .callShort: operands = .call(ordinal: Int32(opcode.rawValue - Opcode.shortCall0.rawValue), argCount: 0)
        case .callCount: operands = .call(ordinal: Int32(opcode.rawValue & 0x1F), argCount: Int32(self[a]))
        case .callU8I32: operands = .call(ordinal: Int32(self[a]), argCount: int32(at: a + 1))
        case .callI32I32: operands = .call(ordinal: int32(at: a), argCount: int32(at: a + 4))
        case .str:
            let bytes = try string(at: a, opcode, ip: ip)
            operands = .string(bytes)
            end = a + 4 + bytes.count
        case .debug:
            try need(2, opcode, at: ip)
            let flags = self[a]
            var message: [UInt8]? = nil
            end = a + 1
            if flags & 0x80 != 0 {
                let bytes = try string(at: a + 1, opcode, ip: ip)
                message = bytes
                end += 4 + bytes.count
            }
            operands = .debug(flags: flags, message: message)
        case .switchTable:
            try need(13, opcode, at: ip)
            let count = uint32(at: a)
            // Computed in Int64 so that a count near 2^32 cannot overflow a 32-bit Int.
            let length = 13 + 4 * Int64(count)
            guard length <= Int64(size - ip) else {
                throw .truncated(opcode, at: ip, needed: Int(exactly: length) ?? Int.max, available: size - ip)
            }
            let entries = a + 12
            var targets: [Int] = []
            targets.reserveCapacity(Int(count))
            for k in 0..<Int(count) {
                let entry = entries + 4 * k
                targets.append(entry + Int(int32(at: entry)))
            }
            operands = .table(shift: int32(at: a + 4), divisor: uint32(at: a + 8), targets: targets)
            end = entries + 4 * Int(count)
        }
        return Instruction(ip: ip, opcode: opcode, length: end - ip, operands: operands)
    }

    /// Every instruction from IP 0 to the end, in order; fails at the first one that
    /// does not decode.
    public func decodeAll() throws(DecodeError) -> [Instruction] {
        var result: [Instruction] = []
        var ip = 0
        while ip < size {
            let instruction = try decode(at: ip)
            result.append(instruction)
            ip = instruction.next
        }
        return result
    }

    // MARK: Bounds-checked reads (every caller has checked with `need` first)

    private subscript(ip: Int) -> UInt8 { code[code.startIndex + ip] }

    private func need(_ length: Int, _ opcode: Opcode, at ip: Int) throws(DecodeError) {
        if length > size - ip { throw .truncated(opcode, at: ip, needed: length, available: size - ip) }
    }

    private func uint32(at p: Int) -> UInt32 {
        UInt32(self[p]) << 24 | UInt32(self[p + 1]) << 16 | UInt32(self[p + 2]) << 8 | UInt32(self[p + 3])
    }

    private func int32(at p: Int) -> Int32 { Int32(bitPattern: uint32(at: p)) }

    private func uint64(at p: Int) -> UInt64 { UInt64(uint32(at: p)) << 32 | UInt64(uint32(at: p + 4)) }

    /// A str operand whose length field is at `p`, in an instruction starting at `ip`.
    private func string(at p: Int, _ opcode: Opcode, ip: Int) throws(DecodeError) -> [UInt8] {
        try need(p + 4 - ip, opcode, at: ip)
        let length = int32(at: p)
        guard length >= 0 else { throw .negativeLength(opcode, at: ip, length: length) }
        try need(p + 4 + Int(length) - ip, opcode, at: ip)
        let start = code.startIndex + p + 4
        return Array(code[start..<start + Int(length)])
    }
}

extension InstructionDecoder: Sendable where Bytes: Sendable {}
