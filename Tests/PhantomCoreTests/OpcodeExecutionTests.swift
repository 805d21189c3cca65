// OpcodeExecutionTests.swift — every opcode the interpreter implements, executed: each
// test assembles a class, runs its method 8 in a thread of a fresh world and checks the
// value it returns (ints through i2o; longs, floats and doubles through prefixed i2o
// boxes; strings; thrown strings caught by a catcher for .internal.object), then
// verifies the heap, so that a lost or leaked reference count fails the test too.
// Operand orders follow BYTECODE.md §4.4 and §5; exceptions, handler depths and stack
// growth follow Verifier.swift's rules and Docs/Compatibility.md.

@testable import PhantomCore
import Testing

// MARK: - Helpers

/// Assembler text with "|" as a line break, so that short programs fit on one line.
private func lines(_ text: String) -> String {
    text.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\n")
}

/// Class `name` whose method 8 (one argument) runs `body` after its `arg_count 1`;
/// `extra` adds fields, constants and more methods.
private func program(_ body: String, extra: String = "", name: String = ".test.t") -> String {
    lines("""
        .class \(name)
        .method run ordinal 8 args 1
        arg_count 1
        \(body)
        .end
        \(extra)
        """)
}

/// An `iconst_32bit` pushing the bits of a float, and an `iconst_64bit` pushing a double's.
private func f(_ x: Float) -> String { "iconst_32bit \(Int32(bitPattern: x.bitPattern))" }
private func d(_ x: Double) -> String { "iconst_64bit \(Int64(bitPattern: x.bitPattern))" }

/// Runs `.test.t` built from `body` and `extra` (after installing `classes`), reads its
/// result with `read`, releases it and verifies the heap.
private func runProgram<T>(
    _ body: String, extra: String = "", classes: [String] = [], argument: Ref = .null,
    _ read: (TestWorld, Ref) -> T
) throws -> T {
    let world = try TestWorld(classes.map(lines) + [program(body, extra: extra)], pages: 1024)
    let result = try world.run(".test.t", argument: argument)
    let value = read(world, result)
    world.vm.heap.release(result)
    world.verify()
    return value
}

/// The int that `body` leaves on the integer stack.
private func int(_ body: String, extra: String = "", classes: [String] = [], argument: Ref = .null) throws -> Int32? {
    try runProgram(body + "|i2o|ret", extra: extra, classes: classes, argument: argument) { _, result in
        result.isInt ? Int32(truncatingIfNeeded: result.intValue) : nil
    }
}

/// A box's payload, if `value` is a box of class `id`.
private func boxBits(_ world: TestWorld, _ value: Ref, _ id: Int) -> UInt64? {
    guard value.isObject, world.vm.heap.classOf(value) == world.vm.classes[id] else { return nil }
    return id == ClassID.float ? UInt64(world.vm.raw32(of: value)) : world.vm.raw64(of: value)
}

/// The long that `body` leaves on the integer stack (two cells).
private func long(_ body: String, extra: String = "") throws -> Int64? {
    try runProgram(body + "|prefix_long|i2o|ret", extra: extra) { world, result in
        boxBits(world, result, ClassID.long).map { Int64(bitPattern: $0) }
    }
}

/// The bits of the double that `body` leaves on the integer stack.
private func doubleBits(_ body: String) throws -> UInt64? {
    try runProgram(body + "|prefix_double|i2o|ret") { world, result in boxBits(world, result, ClassID.double) }
}

/// The bits of the float that `body` leaves on the integer stack.
private func floatBits(_ body: String) throws -> UInt32? {
    try runProgram(body + "|prefix_float|i2o|ret") { world, result in
        boxBits(world, result, ClassID.float).map { UInt32($0) }
    }
}

/// The text of the string `body` leaves on the object stack.
private func string(_ body: String, extra: String = "", classes: [String] = [], argument: Ref = .null) throws -> String? {
    try runProgram(body + "|ret", extra: extra, classes: classes, argument: argument) { world, result in
        world.vm.isString(result) ? world.text(result) : nil
    }
}

/// The text of the string `body` throws (caught by a catcher for any object), or
/// "no throw".
private func thrown(_ body: String, extra: String = "", classes: [String] = []) throws -> String? {
    let wrapped = """
        summon_by_name ".internal.object"
        push_catcher caught_
        \(body)
        sconst_bin "no throw"
        ret
        caught_:
        """
    return try string(wrapped, extra: extra, classes: classes)
}

// MARK: - Cases

/// Integer arithmetic, logic, comparisons, shifts (BYTECODE.md §4.4): `t` is the top,
/// `b` the cell below it.
private let integerCases: [(String, Int32)] = [
    ("iconst_8bit 7|iconst_8bit 3|isum", 10),
    ("iconst_32bit 2147483647|iconst_1|isum", Int32.min),
    ("iconst_8bit 6|iconst_8bit 7|imul", 42),
    ("iconst_32bit -3|iconst_8bit 5|imul", -15),
    ("iconst_32bit 65536|iconst_32bit 65536|imul", 0),
    ("iconst_8bit 10|iconst_8bit 3|isubul", -7),  // t − b
    ("iconst_8bit 10|iconst_8bit 3|isublu", 7),  // b − t
    ("iconst_32bit -2147483648|iconst_1|isublu", Int32.max),
    ("iconst_8bit 3|iconst_8bit 10|idivul", 3),  // t / b = 10 / 3
    ("iconst_8bit 10|iconst_8bit 3|idivul", 0),  // 3 / 10
    ("iconst_8bit 2|iconst_32bit -7|idivul", -3),
    ("iconst_1|iconst_0|idivul", 0),  // 0 / 1
    ("iconst_8bit 10|iconst_8bit 3|idivlu", 3),  // b / t
    ("iconst_32bit -7|iconst_8bit 2|idivlu", -3),
    ("iconst_0|iconst_1|idivlu", 0),
    ("iconst_8bit 3|iconst_8bit 10|iremul", 1),  // t % b = 10 % 3
    ("iconst_8bit 3|iconst_32bit -10|iremul", -1),
    ("iconst_8bit 10|iconst_8bit 3|iremlu", 1),  // b % t
    ("iconst_8bit 3|iconst_8bit 10|iremlu", 3),
    ("iconst_32bit -10|iconst_8bit 3|iremlu", -1),
    // Int32.min / −1 wraps; its remainder is 0.
    ("iconst_32bit -2147483648|iconst_32bit -1|idivlu", Int32.min),
    ("iconst_32bit -1|iconst_32bit -2147483648|idivul", Int32.min),
    ("iconst_32bit -2147483648|iconst_32bit -1|iremlu", 0),
    ("iconst_32bit -1|iconst_32bit -2147483648|iremul", 0),
    ("iconst_32bit 0xF0|iconst_32bit 0x0F|ior", 0xFF),
    ("iconst_32bit 0xFC|iconst_32bit 0x3F|iand", 0x3C),
    ("iconst_32bit 0xFF|iconst_32bit 0x0F|ixor", 0xF0),
    ("iconst_8bit 5|inot", -6),
    ("iconst_32bit -1|inot", 0),
    ("iconst_0|iconst_0|log_or", 0),
    ("iconst_0|iconst_8bit 5|log_or", 1),
    ("iconst_32bit -3|iconst_0|log_or", 1),
    ("iconst_8bit 2|iconst_8bit 3|log_or", 1),
    ("iconst_8bit 2|iconst_8bit 3|log_and", 1),
    ("iconst_8bit 2|iconst_0|log_and", 0),
    ("iconst_0|iconst_8bit 2|log_and", 0),
    ("iconst_0|iconst_0|log_and", 0),
    ("iconst_8bit 2|iconst_8bit 3|log_xor", 0),
    ("iconst_0|iconst_8bit 3|log_xor", 1),
    ("iconst_8bit 3|iconst_0|log_xor", 1),
    ("iconst_0|iconst_0|log_xor", 0),
    ("iconst_0|log_not", 1),
    ("iconst_8bit 7|log_not", 0),
    ("iconst_32bit -1|log_not", 0),
    ("iconst_8bit 5|iconst_8bit 3|ige", 1),  // b ≥ t
    ("iconst_8bit 3|iconst_8bit 5|ige", 0),
    ("iconst_8bit 4|iconst_8bit 4|ige", 1),
    ("iconst_32bit -1|iconst_1|ige", 0),
    ("iconst_8bit 3|iconst_8bit 5|ile", 1),  // b ≤ t
    ("iconst_8bit 5|iconst_8bit 3|ile", 0),
    ("iconst_8bit 4|iconst_8bit 4|ile", 1),
    ("iconst_8bit 5|iconst_8bit 3|igt", 1),  // b > t
    ("iconst_8bit 4|iconst_8bit 4|igt", 0),
    ("iconst_32bit -1|iconst_1|igt", 0),
    ("iconst_1|iconst_32bit -1|igt", 1),
    ("iconst_8bit 3|iconst_8bit 5|ilt", 1),  // b < t
    ("iconst_8bit 4|iconst_8bit 4|ilt", 0),
    ("iconst_32bit -1|iconst_1|ilt", 1),
    // Shifts: the value on top, the count below.
    ("iconst_8bit 4|iconst_1|ishl", 16),
    ("iconst_1|iconst_8bit 3|ishl", 6),
    ("iconst_8bit 31|iconst_1|ishl", Int32.min),
    ("iconst_8bit 33|iconst_1|ishl", 2),
    ("iconst_8bit 2|iconst_32bit -16|ishr", -4),
    ("iconst_8bit 28|iconst_32bit -1|ushr", 15),
    ("iconst_8bit 2|iconst_32bit -16|ushr", 0x3FFF_FFFC),
    // Constants and integer-stack ops.
    ("iconst_0", 0),
    ("iconst_1", 1),
    ("iconst_8bit 255", 255),
    ("iconst_8bit 0x80", 128),
    ("iconst_32bit -2147483648", Int32.min),
    ("iconst_32bit 0x7FFFFFFF", Int32.max),
    ("iconst_64bit 0x0000000500000007", 7),  // the low word is on top
    ("iconst_64bit 0x0000000500000007|is_drop", 5),
    ("iconst_64bit -1|isum", -2),
    ("iconst_8bit 9|is_dup|imul", 81),
    ("iconst_8bit 1|iconst_8bit 2|is_drop", 1),
    ("stack_reserve obj=0 int=2|iconst_8bit 5|is_set32 1|iconst_8bit 3|is_set32 0|is_get32 1|is_get32 0|isublu", 2),
    ("iconst_8bit 4|nop|debug 0x01|debug 0x81 \"Enabled debug\"|debug 0x82 \"Disabled debug\"|debug 0x02|nop|iconst_8bit 5|isum", 9),
    // jz pops and jumps on zero only.
    ("iconst_0|jz a|iconst_8bit 1|jmp e|a:|iconst_8bit 2|e:", 2),
    ("iconst_8bit 5|jz a|iconst_8bit 1|jmp e|a:|iconst_8bit 2|e:", 1),
    ("iconst_32bit -1|jz a|iconst_8bit 1|jmp e|a:|iconst_8bit 2|e:", 1),
    ("iconst_8bit 40|iconst_0|jz a|is_drop|iconst_0|a:", 40),
    // Typed comparisons push one int cell (the 40 below survives).
    ("iconst_8bit 40|iconst_64bit 0x100000000|iconst_64bit 1|prefix_long|igt|isum", 41),
    ("iconst_8bit 40|iconst_64bit 1|iconst_64bit 0x100000000|prefix_long|igt|isum", 40),
    ("iconst_8bit 40|iconst_64bit -1|iconst_64bit 0|prefix_long|ilt|isum", 41),
    ("iconst_8bit 40|iconst_64bit 5|iconst_64bit 5|prefix_long|ige|isum", 41),
    ("iconst_8bit 40|iconst_64bit 0x100000000|iconst_64bit 0x100000001|prefix_long|ile|isum", 41),
    ("iconst_8bit 40|iconst_64bit 0x100000001|iconst_64bit 0x100000000|prefix_long|ile|isum", 40),
    ("iconst_8bit 40|\(f(1.5))|\(f(2.5))|prefix_float|ilt|isum", 41),
    ("iconst_8bit 40|\(f(2.5))|\(f(1.5))|prefix_float|igt|isum", 41),
    ("\(f(.nan))|\(f(1))|prefix_float|ige", 0),
    ("\(f(.nan))|\(f(1))|prefix_float|ile", 0),
    ("\(f(-0.0))|\(f(0))|prefix_float|ige", 1),
    ("iconst_8bit 40|\(d(1))|\(d(2))|prefix_double|ilt|isum", 41),
    ("\(d(2))|\(d(1))|prefix_double|igt", 1),
    ("\(d(-1))|\(d(-1))|prefix_double|ige", 1),
    ("\(d(-1))|\(d(-2))|prefix_double|ile", 0),
    ("\(d(.nan))|\(d(.nan))|prefix_double|ile", 0),
    // To int: froml keeps the low word; fromf and fromd truncate and saturate.
    ("iconst_64bit 0x100000007|froml", 7),
    ("iconst_64bit 0x1FFFFFFFF|froml", -1),
    ("\(f(3.9))|fromf", 3),
    ("\(f(-3.9))|fromf", -3),
    ("\(f(.nan))|fromf", 0),
    ("\(f(1e10))|fromf", Int32.max),
    ("\(f(-1e10))|fromf", Int32.min),
    ("\(f(.infinity))|fromf", Int32.max),
    ("\(d(2.9))|fromd", 2),
    ("\(d(-2.9))|fromd", -2),
    ("\(d(.nan))|fromd", 0),
    ("\(d(1e20))|fromd", Int32.max),
    ("\(d(-1e20))|fromd", Int32.min),
    ("\(d(2147483647.9))|fromd", Int32.max),
    ("\(d(-2147483648.9))|fromd", Int32.min),
    ("\(d(-.infinity))|fromd", Int32.min),
    ("iconst_8bit 12|fromi", 12),  // unprefixed fromi is a no-op
    // o2i: ints, and boxes converted as their typed o2i would.
    ("iconst_32bit -77|i2o|o2i", -77),
    ("iconst_64bit 0x100000007|prefix_long|i2o|o2i", 7),
    ("\(d(-2.9))|prefix_double|i2o|o2i", -2),
    ("\(d(1e20))|prefix_double|i2o|o2i", Int32.max),
    ("\(f(3.5))|prefix_float|i2o|o2i", 3),
    // A prefix on an instruction it does not retype is ignored.
    ("iconst_8bit 6|prefix_double|nop", 6),
    ("iconst_8bit 6|sconst_bin \"s\"|prefix_long|os_drop", 6),
]

/// Long arithmetic and the long-only ops (BYTECODE.md §5).
private let longCases: [(String, Int64)] = [
    ("iconst_64bit 0x100000000|iconst_64bit 5|prefix_long|isum", 0x1_0000_0005),
    ("iconst_64bit 0xFFFFFFFF|iconst_64bit 1|prefix_long|isum", 0x1_0000_0000),
    ("iconst_64bit 0x7FFFFFFFFFFFFFFF|iconst_64bit 1|prefix_long|isum", Int64.min),
    ("iconst_64bit 3000000000|iconst_64bit 3|prefix_long|imul", 9_000_000_000),
    ("iconst_64bit 10|iconst_64bit 3|prefix_long|isubul", -7),
    ("iconst_64bit 10|iconst_64bit 3|prefix_long|isublu", 7),
    ("iconst_64bit 0|iconst_64bit 1|prefix_long|isublu", -1),
    ("iconst_64bit 3|iconst_64bit 10000000000|prefix_long|idivul", 3_333_333_333),
    ("iconst_64bit 10000000000|iconst_64bit 3|prefix_long|idivlu", 3_333_333_333),
    ("iconst_64bit 3|iconst_64bit 10000000001|prefix_long|iremul", 2),
    ("iconst_64bit 10000000001|iconst_64bit 3|prefix_long|iremlu", 2),
    ("iconst_64bit -9223372036854775808|iconst_64bit -1|prefix_long|idivlu", Int64.min),
    ("iconst_64bit -1|iconst_64bit -9223372036854775808|prefix_long|idivul", Int64.min),
    ("iconst_64bit -9223372036854775808|iconst_64bit -1|prefix_long|iremlu", 0),
    ("iconst_64bit 0x0F00000000000000|iconst_64bit 0xF0|prefix_long|ior", 0x0F00_0000_0000_00F0),
    ("iconst_64bit 0x0F000000000000FF|iconst_64bit 0x0F0000000000000F|prefix_long|iand", 0x0F00_0000_0000_000F),
    ("iconst_64bit 0x0F000000000000FF|iconst_64bit 0x0F0000000000000F|prefix_long|ixor", 0xF0),
    ("iconst_64bit 0x00000000FFFFFFFF|prefix_long|inot", -0x1_0000_0000),
    ("iconst_64bit 0|iconst_64bit 0x100000000|prefix_long|log_or", 1),
    ("iconst_64bit 0|iconst_64bit 0|prefix_long|log_or", 0),
    ("iconst_64bit 0x100000000|iconst_64bit 0x200000000|prefix_long|log_and", 1),
    ("iconst_64bit 0x100000000|iconst_64bit 0|prefix_long|log_and", 0),
    ("iconst_64bit 0x100000000|iconst_64bit 0x200000000|prefix_long|log_xor", 0),
    ("iconst_64bit 0|iconst_64bit 0x200000000|prefix_long|log_xor", 1),
    ("iconst_64bit 0x100000000|prefix_long|log_not", 0),
    ("iconst_64bit 0|prefix_long|log_not", 1),
    // Shifts: the 64-bit value on top, a one-cell count below.
    ("iconst_8bit 40|iconst_64bit 1|prefix_long|ishl", 1 << 40),
    ("iconst_8bit 65|iconst_64bit 1|prefix_long|ishl", 2),
    ("iconst_8bit 8|iconst_64bit -1099511627776|prefix_long|ishr", -0x1_0000_0000),
    ("iconst_8bit 60|iconst_64bit -1|prefix_long|ushr", 15),
    // Conversions to long.
    ("iconst_32bit -5|prefix_long|fromi", -5),
    ("iconst_32bit 2147483647|prefix_long|fromi", 2_147_483_647),
    ("iconst_64bit 0x123456789|prefix_long|froml", 0x1_2345_6789),
    ("\(f(3.75))|prefix_long|fromf", 3),
    ("\(f(-3.75))|prefix_long|fromf", -3),
    ("\(f(1e10))|prefix_long|fromf", 10_000_000_000),
    ("\(f(1e20))|prefix_long|fromf", Int64.max),
    ("\(f(-1e20))|prefix_long|fromf", Int64.min),
    ("\(f(.nan))|prefix_long|fromf", 0),
    ("\(d(1e15 + 0.5))|prefix_long|fromd", 1_000_000_000_000_000),
    ("\(d(-2.9))|prefix_long|fromd", -2),
    ("\(d(1e300))|prefix_long|fromd", Int64.max),
    ("\(d(-1e300))|prefix_long|fromd", Int64.min),
    ("\(d(-.infinity))|prefix_long|fromd", Int64.min),
    ("\(d(.nan))|prefix_long|fromd", 0),
    // Typed integer-stack ops move two cells; slot n holds the high word.
    ("stack_reserve obj=0 int=2|iconst_64bit 0x100000003|prefix_long|is_set32 0|prefix_long|is_get32 0|prefix_long|is_dup|prefix_long|isum",
     0x2_0000_0006),
    ("iconst_64bit 11|iconst_64bit 0x100000000|prefix_long|is_drop", 11),
    ("stack_reserve obj=0 int=2|iconst_64bit 0x500000007|prefix_long|is_set32 0|is_get32 0|prefix_long|fromi", 5),
    ("stack_reserve obj=0 int=2|iconst_64bit 0x500000007|prefix_long|is_set32 0|is_get32 1|prefix_long|fromi", 7),
    // Typed constants: the integer, sign-extended into two cells.
    ("prefix_long|iconst_0", 0),
    ("prefix_long|iconst_1", 1),
    ("prefix_long|iconst_8bit 200", 200),
    ("prefix_long|iconst_32bit -2", -2),
    ("prefix_long|iconst_32bit -2147483648", -2_147_483_648),
    ("iconst_64bit -9223372036854775808", Int64.min),
    ("iconst_64bit 0x123456789ABCDEF0", 0x1234_5678_9ABC_DEF0),
    // Typed o2i.
    ("iconst_32bit -9|i2o|prefix_long|o2i", -9),
    ("\(d(2.9))|prefix_double|i2o|prefix_long|o2i", 2),
    ("iconst_64bit 0x700000000|prefix_long|i2o|prefix_long|o2i", 0x7_0000_0000),
]

/// Float arithmetic and conversions (results compared bit for bit).
private let floatCases: [(String, Float)] = [
    ("\(f(1.5))|\(f(2.25))|prefix_float|isum", 3.75),
    ("\(f(1.5))|\(f(-2))|prefix_float|imul", -3),
    ("\(f(1))|\(f(3.5))|prefix_float|isubul", 2.5),  // t − b
    ("\(f(1))|\(f(3.5))|prefix_float|isublu", -2.5),  // b − t
    ("\(f(2))|\(f(7))|prefix_float|idivul", 3.5),  // t / b
    ("\(f(7))|\(f(2))|prefix_float|idivlu", 3.5),  // b / t
    ("\(f(1))|\(f(0))|prefix_float|idivlu", .infinity),
    ("\(f(7.5))|\(f(2))|prefix_float|iremlu", 1.5),
    ("\(f(2))|\(f(7.5))|prefix_float|iremul", 1.5),
    ("iconst_32bit 7|prefix_float|fromi", 7),
    ("iconst_32bit 16777217|prefix_float|fromi", 16_777_216),
    ("iconst_64bit 0x100000000|prefix_float|froml", 4_294_967_296),
    ("\(d(0.1))|prefix_float|fromd", 0.1),
    ("\(d(1e300))|prefix_float|fromd", .infinity),
    ("\(f(2.5))|prefix_float|fromf", 2.5),
    ("stack_reserve obj=0 int=1|\(f(2.5))|prefix_float|is_set32 0|prefix_float|is_get32 0|prefix_float|is_dup|prefix_float|imul",
     6.25),
    ("\(f(1))|\(f(2))|prefix_float|is_drop", 1),
    ("prefix_float|iconst_32bit 0x3FC00000", 1.5),  // the integer's bits, not converted
    ("prefix_float|iconst_1", Float(bitPattern: 1)),
    ("iconst_8bit 3|i2o|prefix_float|o2i", 3),
    ("\(d(-0.5))|prefix_double|i2o|prefix_float|o2i", -0.5),
]

/// Double arithmetic and conversions (results compared bit for bit).
private let doubleCases: [(String, UInt64)] = [
    ("\(d(0.1))|\(d(0.2))|prefix_double|isum", (0.1 + 0.2).bitPattern),
    ("\(d(1.5))|\(d(4))|prefix_double|imul", 6.0.bitPattern),
    ("\(d(1))|\(d(3.5))|prefix_double|isubul", 2.5.bitPattern),
    ("\(d(1))|\(d(3.5))|prefix_double|isublu", (-2.5).bitPattern),
    ("\(d(4))|\(d(1))|prefix_double|idivul", 0.25.bitPattern),
    ("\(d(1))|\(d(4))|prefix_double|idivlu", 0.25.bitPattern),
    ("\(d(-1))|\(d(0))|prefix_double|idivlu", (-Double.infinity).bitPattern),
    ("\(d(7.5))|\(d(2))|prefix_double|iremlu", 1.5.bitPattern),
    ("\(d(2))|\(d(7.5))|prefix_double|iremul", 1.5.bitPattern),
    ("iconst_32bit -7|prefix_double|fromi", (-7.0).bitPattern),
    ("iconst_64bit 9007199254740993|prefix_double|froml", 9_007_199_254_740_992.0.bitPattern),
    ("\(f(0.1))|prefix_double|fromf", Double(Float(0.1)).bitPattern),
    ("\(d(0.3))|prefix_double|fromd", 0.3.bitPattern),
    ("stack_reserve obj=0 int=2|\(d(1.25))|prefix_double|is_set32 0|prefix_double|is_get32 0|prefix_double|is_dup|prefix_double|isum",
     2.5.bitPattern),
    ("\(d(1))|\(d(2))|prefix_double|is_drop", 1.0.bitPattern),
    // Typed constants are integers, sign-extended into two cells, even under :double.
    ("prefix_double|iconst_32bit 1", 1),
    ("prefix_double|iconst_32bit -1", UInt64.max),
    ("prefix_double|iconst_0", 0),
    ("prefix_double|iconst_8bit 200", 200),
    ("iconst_8bit 3|i2o|prefix_double|o2i", 3.0.bitPattern),
    ("\(f(1.5))|prefix_float|i2o|prefix_double|o2i", 1.5.bitPattern),
    ("iconst_64bit -5|prefix_long|i2o|prefix_double|o2i", (-5.0).bitPattern),
]

/// Bodies that throw, and the string thrown.
private let throwCases: [(String, String)] = [
    ("iconst_1|iconst_0|idivlu", "division by zero"),
    ("iconst_0|iconst_1|idivul", "division by zero"),
    ("iconst_1|iconst_0|iremlu", "division by zero"),
    ("iconst_0|iconst_1|iremul", "division by zero"),
    ("iconst_64bit 1|iconst_64bit 0|prefix_long|idivlu", "division by zero"),
    ("iconst_64bit 0|iconst_64bit 1|prefix_long|idivul", "division by zero"),
    ("iconst_64bit 1|iconst_64bit 0|prefix_long|iremlu", "division by zero"),
    ("iconst_64bit 0|iconst_64bit 1|prefix_long|iremul", "division by zero"),
    ("sconst_bin \"x\"|o2i", "type assert failed"),
    ("sconst_bin \"x\"|prefix_long|o2i", "type assert failed"),
    ("sconst_bin \"x\"|prefix_float|o2i", "type assert failed"),
    ("sconst_bin \"x\"|prefix_double|o2i", "type assert failed"),
    ("summon_null|o2i", "null where an int was expected"),
    ("summon_by_name \".test.nothing\"", ".test.nothing - class load error"),
    ("summon_null|summon_string_class|cast", "cast to not parent"),
    ("sconst_bin \"x\"|summon_int_class|cast", "cast to not parent"),
    ("iconst_8bit 5|i2o|summon_string_class|cast", "cast to not parent"),
    ("summon_this|call_03 n=0", "void clone called"),  // a native's throw
    ("summon_this|call_8bit ord=200 n=0", "no method 200 in .test.t"),
]

/// `switch shift=S div=D [a, b, c] default e` on x: the entry reached, 99 for the default.
private let switchCases: [(Int32, Int32, Int32, Int32)] = [
    (0, 1, 0, 10), (0, 1, 1, 11), (0, 1, 2, 12), (0, 1, 3, 99), (0, 1, -1, 99),
    (-10, 2, 10, 10), (-10, 2, 11, 10), (-10, 2, 13, 11), (-10, 2, 15, 12), (-10, 2, 16, 99),
    (-10, 2, 9, 99),  // (9 − 10) is 0xFFFFFFFF unsigned: past the table
    (5, 3, 1, 12),
]

// MARK: - Tests

@Suite struct OpcodeExecutionTests {
    // MARK: Arithmetic, constants, conversions

    @Test(arguments: integerCases)
    func integerResult(_ code: String, _ expected: Int32) throws {
        #expect(try int(code) == expected)
    }

    @Test(arguments: longCases)
    func longResult(_ code: String, _ expected: Int64) throws {
        #expect(try long(code) == expected)
    }

    @Test(arguments: floatCases)
    func floatResult(_ code: String, _ expected: Float) throws {
        #expect(try floatBits(code) == expected.bitPattern)
    }

    @Test(arguments: doubleCases)
    func doubleResult(_ code: String, _ expected: UInt64) throws {
        #expect(try doubleBits(code) == expected)
    }

    @Test(arguments: throwCases)
    func throwsString(_ code: String, _ message: String) throws {
        #expect(try thrown(code) == message)
    }

    @Test func floatAndDoubleNaNResults() throws {
        let nanFloat = try #require(try floatBits("\(f(0))|\(f(0))|prefix_float|idivlu"))
        #expect(Float(bitPattern: nanFloat).isNaN)
        let nanDouble = try #require(try doubleBits("\(d(.infinity))|\(d(.infinity))|prefix_double|isublu"))
        #expect(Double(bitPattern: nanDouble).isNaN)
    }

    @Test func floatOrDoublePrefixOnLongOnlyOpIsRejected() throws {
        for op in ["ior", "log_not", "ishl"] {
            for prefix in ["prefix_float", "prefix_double"] {
                let source = program("iconst_1|iconst_1|\(prefix)|\(op)|i2o|ret")
                #expect(throws: LoadError.self) { try TestWorld(source, pages: 256) }
            }
        }
    }

    // MARK: Control flow

    @Test(arguments: switchCases)
    func switchTable(_ shift: Int32, _ div: Int32, _ x: Int32, _ expected: Int32) throws {
        let body = """
            iconst_32bit \(x)
            switch shift=\(shift) div=\(div) [a, b, c] default e
            e:
            iconst_8bit 99
            jmp out
            a:
            iconst_8bit 10
            jmp out
            b:
            iconst_8bit 11
            jmp out
            c:
            iconst_8bit 12
            out:
            """
        #expect(try int(body) == expected)
    }

    @Test func jmpForwardAndBackward() throws {
        // 1, then ×10+2 at fwd, then ×10+3 back at back: both jumps taken, nothing skipped twice.
        let body = """
            iconst_1
            jmp fwd
            back:
            iconst_8bit 10|imul|iconst_8bit 3|isum
            jmp out
            fwd:
            iconst_8bit 10|imul|iconst_8bit 2|isum
            jmp back
            out:
            """
        #expect(try int(body) == 123)
    }

    @Test func djnzDecrementsInPlaceAndLoops() throws {
        let body = """
            stack_reserve obj=0 int=1
            iconst_8bit 5               ; the counter stays on top
            loop:
            is_get32 0|iconst_8bit 10|isum|is_set32 0
            djnz loop
            iconst_32bit 1000|imul      ; the counter, now 0
            is_get32 0|isum
            """
        #expect(try int(body) == 50)
        // Falls through when the decrement reaches 0; the counter is not popped.
        #expect(try int("iconst_1|djnz skip|iconst_8bit 7|isum|skip:") == 7)
        #expect(try int("iconst_8bit 3|djnz skip|iconst_8bit 7|isum|skip:") == 2)
    }

    @Test func backwardJumpLoop() throws {
        let body = """
            stack_reserve obj=0 int=2
            iconst_32bit 1000|is_set32 0
            loop:
            is_get32 0
            jz done
            is_get32 1|is_get32 0|isum|is_set32 1
            is_get32 0|iconst_1|isublu|is_set32 0
            jmp loop
            done:
            is_get32 1
            """
        #expect(try int(body) == 500_500)
    }

    @Test func retWithEmptyStackReturnsNull() throws {
        let world = try TestWorld(program("os_drop|ret"), pages: 512)
        let result = try world.run(".test.t", argument: Ref(int: 3))
        #expect(result == .null)
        world.verify()
    }

    @Test func retReturnsTheTopAndRestoresTheCaller() throws {
        let extra = """
            .method empty ordinal 16 args 0
            arg_count 0
            iconst_8bit 9|iconst_8bit 9          ; ints left behind
            ret
            .end
            .method two ordinal 17 args 0
            arg_count 0
            sconst_bin "below"|sconst_bin "top"
            ret
            .end
            """
        let body = """
            iconst_8bit 5                        ; survives both calls
            sconst_bin "local"
            summon_this|call_10 n=0|os_isnull
            jz bad
            summon_this|call_11 n=0
            sconst_bin ":"|call_0A n=1|os_pull32 1|call_0A n=1
            i2o|call_05 n=0|call_0A n=1
            ret
            bad:
            sconst_bin "bad"
            """
        #expect(try string(body, extra: extra) == "top:local5")
    }

    // MARK: Calls

    @Test func callFormsDispatchByOrdinalWithArgumentsInOrder() throws {
        // .test.callee: ordinals 0 … 31 take one argument and return ordinal × 1000 + arg.
        var callee = ".class .test.callee\n"
        for k in 0..<32 {
            callee += ".method m\(k) ordinal \(k) args 1|arg_count 1|os_get32 0|o2i|iconst_32bit \(k * 1000)|isum|i2o|ret|.end\n"
        }
        callee += """
            .method three ordinal 40 args 3
            arg_count 3
            os_get32 0|o2i|iconst_8bit 100|imul
            os_get32 1|o2i|iconst_8bit 10|imul|isum
            os_get32 2|o2i|isum
            i2o|ret
            .end
            .method two ordinal 33 args 2
            arg_count 2
            os_get32 0|o2i|iconst_8bit 10|imul|os_get32 1|o2i|isum|i2o|ret
            .end
            .method none ordinal 41 args 0
            arg_count 0|iconst_8bit 77|i2o|ret
            .end
            """
        var body = ""
        for k in 0..<32 {
            let hex = String(k, radix: 16, uppercase: true)
            body += """
                summon_by_name ".test.callee"|new|iconst_8bit \(k)|i2o|call_\(k < 16 ? "0" : "")\(hex) n=1|o2i
                iconst_32bit \(k * 1000 + k)|isublu|jz ok\(k)|iconst_32bit \(1000 + k)|i2o|ret|ok\(k):

                """
        }
        body += """
            summon_by_name ".test.callee"|new
            iconst_1|i2o|iconst_8bit 2|i2o|iconst_8bit 3|i2o
            call_32bit ord=40 n=3|o2i                  ; 123
            summon_by_name ".test.callee"|new
            iconst_8bit 4|i2o|iconst_8bit 5|i2o
            call_8bit ord=33 n=2|o2i|isum               ; + 45
            summon_by_name ".test.callee"|new
            call_8bit ord=41 n=0|o2i|isum              ; + 77
            summon_by_name ".test.callee"|new
            iconst_8bit 6|i2o
            call_32bit ord=17 n=1|o2i|isum             ; + 17006
            """
        #expect(try int(body, classes: [callee]) == 123 + 45 + 77 + 17_006)
    }

    @Test func shortCalls() throws {
        var callee = ".class .test.short\n"
        for k in 0..<4 {
            callee += ".method s\(k) ordinal \(k) args 0|arg_count 0|iconst_8bit \(k + 1)|i2o|ret|.end\n"
        }
        let body = """
            summon_by_name ".test.short"|new|short_call_0|o2i
            summon_by_name ".test.short"|new|short_call_1|o2i|iconst_8bit 10|imul|isum
            summon_by_name ".test.short"|new|short_call_2|o2i|iconst_8bit 100|imul|isum
            summon_by_name ".test.short"|new|short_call_3|o2i|iconst_32bit 1000|imul|isum
            """
        #expect(try int(body, classes: [callee]) == 4321)
        // On an object whose class does not define them, they reach void's natives.
        #expect(try int("summon_null|short_call_2|summon_by_name \".internal.object\"|os_eq") == 1)
    }

    @Test func argumentCountMismatchThrows() throws {
        let extra = """
            .method one ordinal 16 args 1
            arg_count 1|os_get32 0|ret
            .end
            .method wrongPrologue ordinal 17 args 1
            arg_count 2|os_get32 0|ret
            .end
            """
        // The call passes 0 or 2 arguments to a method declared with 1.
        #expect(try thrown("summon_this|call_10 n=0", extra: extra) == "invalid arg count")
        #expect(try thrown("summon_this|iconst_1|i2o|iconst_1|i2o|call_10 n=2", extra: extra) == "invalid arg count")
        #expect(try thrown("summon_this|iconst_1|i2o|call_32bit ord=16 n=1|os_drop", extra: extra) == "no throw")
        // The prologue's own count disagrees with what the call passed (BYTECODE.md §3.3).
        #expect(try thrown("summon_this|iconst_1|i2o|call_11 n=1", extra: extra) == "invalid arg count")
    }

    @Test func staticInvokeCallsTheGivenClassesMethod() throws {
        let base = """
            .class .test.base
            .field v
            .method <init> ordinal 16 args 1
            arg_count 1|os_get32 0|os_save8 0|summon_null|ret
            .end
            .method who ordinal 17 args 0
            arg_count 0|iconst_1|i2o|ret
            .end
            .method get ordinal 18 args 0
            arg_count 0|os_load8 0|ret
            .end
            """
        let derived = """
            .class .test.derived parent .test.base
            .field v
            .method who ordinal 17 args 0
            arg_count 0|iconst_8bit 2|i2o|ret
            .end
            """
        let body = """
            summon_by_name ".test.derived"|new
            iconst_8bit 42|i2o
            os_pull32 1
            summon_by_name ".test.base"
            static_invoke ord=16 n=1          ; the constructor, as plc calls it
            os_drop
            os_dup|call_12 n=0|o2i|iconst_8bit 100|imul                                   ; 4200
            os_dup|summon_by_name ".test.base"|static_invoke ord=17 n=0|o2i|iconst_8bit 10|imul|isum   ; + 10
            call_11 n=0|o2i|isum                                                          ; + 2 (virtual)
            """
        #expect(try int(body, classes: [base, derived]) == 4212)
        // A native through static_invoke: string's length.
        #expect(try int("sconst_bin \"abc\"|summon_string_class|static_invoke ord=11 n=0|o2i") == 3)
        let other = ".class .test.other|.field x"
        #expect(
            try thrown("summon_by_name \".test.other\"|new|summon_by_name \".test.base\"|static_invoke ord=17 n=0",
                       classes: [base, other]) == "static_invoke: non-related class is given")
        #expect(try thrown("summon_null|summon_by_name \".test.base\"|static_invoke ord=17 n=0", classes: [base])
            == "static_invoke on null")
        #expect(try thrown("summon_by_name \".test.base\"|new|summon_by_name \".test.base\"|static_invoke ord=16 n=0",
                           classes: [base]) == "invalid arg count")
        #expect(try thrown("summon_by_name \".test.base\"|new|summon_by_name \".test.base\"|static_invoke ord=30 n=0",
                           classes: [base]) == "no method 30 in .test.base")
    }

    @Test func staticInvokeOfABlockingNativeRunsAgainAfterTheWakeUp() throws {
        // boot.21 sleep(ms) parks the thread; when it wakes, the static_invoke runs again
        // on the stack it started from (class on top, `this` above the argument).
        let body = """
            iconst_32bit 500|i2o
            os_get32 0
            summon_by_name ".internal.boot"
            static_invoke ord=21 n=1
            os_drop
            sconst_bin "woke"
            """
        let world = try TestWorld(program(body + "|ret"), pages: 512)
        let start = world.platform.now
        let result = try world.run(".test.t", argument: world.vm.bootObject)
        #expect(world.vm.isString(result) && world.text(result) == "woke")
        #expect(world.platform.now >= start + 500)
        #expect(world.vm.reports.isEmpty, "\(world.vm.reports)")
        world.vm.heap.release(result)
        world.verify()
    }

    @Test func dynamicInvokeFindsTheMethodByName() throws {
        let extra = """
            .method add ordinal 17 args 2
            arg_count 2
            os_get32 0|o2i|iconst_8bit 10|imul|os_get32 1|o2i|isum|i2o|ret
            .end
            .method noArgs ordinal 18 args 0
            arg_count 0|sconst_bin "none"|ret
            .end
            """
        #expect(try int("iconst_8bit 3|i2o|iconst_8bit 4|i2o|iconst_8bit 2|summon_this|sconst_bin \"add\"|dynamic_invoke|o2i",
                        extra: extra) == 34)
        #expect(try string("iconst_0|summon_this|sconst_bin \"noArgs\"|dynamic_invoke", extra: extra) == "none")
        #expect(try thrown("iconst_0|summon_this|sconst_bin \"missing\"|dynamic_invoke", extra: extra)
            == "dynamic invoke failed")
        #expect(try thrown("iconst_0|summon_null|sconst_bin \"noArgs\"|dynamic_invoke", extra: extra)
            == "dynamic invoke failed")
        #expect(try thrown("iconst_0|sconst_bin \"s\"|sconst_bin \"length\"|dynamic_invoke", extra: extra)
            == "dynamic invoke failed")
        // A name that is not a string.
        #expect(try thrown("iconst_0|summon_this|iconst_1|i2o|dynamic_invoke", extra: extra) == "dynamic invoke failed")
        // A wrong count for the method found.
        #expect(try thrown("iconst_0|summon_this|sconst_bin \"add\"|dynamic_invoke", extra: extra) == "invalid arg count")
    }

    // MARK: Object stack, locals, fields

    @Test func stackReserveGivesNullsAndZeros() throws {
        let body = """
            stack_reserve obj=2 int=3
            os_get32 0|o2i                      ; the argument, 5
            os_get32 1|os_isnull|isum
            os_get32 2|os_isnull|isum
            is_get32 0|isum|is_get32 2|isum
            """
        #expect(try int(body, argument: Ref(int: 5)) == 7)

        // Reserved cells are clean even where an earlier callee left values behind.
        let extra = """
            .method dirty ordinal 16 args 0
            arg_count 0
            iconst_8bit 7|iconst_8bit 7|iconst_8bit 7|iconst_8bit 7
            sconst_bin "a"|sconst_bin "b"|sconst_bin "c"
            ret
            .end
            .method clean ordinal 17 args 0
            arg_count 0
            stack_reserve obj=3 int=4
            is_get32 0|is_get32 1|isum|is_get32 2|isum|is_get32 3|isum
            os_get32 0|os_isnull|isum|os_get32 1|os_isnull|isum|os_get32 2|os_isnull|isum
            i2o|ret
            .end
            """
        #expect(try int("summon_this|call_10 n=0|os_drop|summon_this|call_11 n=0|o2i", extra: extra) == 3)
    }

    @Test func objectStackOps() throws {
        #expect(try int("sconst_bin \"a\"|os_dup|os_eq") == 1)
        #expect(try string("sconst_bin \"a\"|sconst_bin \"b\"|os_drop") == "a")
        #expect(try string("sconst_bin \"a\"|sconst_bin \"b\"|sconst_bin \"c\"|os_pull32 2") == "a")
        #expect(try string("sconst_bin \"a\"|sconst_bin \"b\"|sconst_bin \"c\"|os_pull32 0|os_drop|os_drop") == "b")
        #expect(try string("stack_reserve obj=1 int=0|sconst_bin \"x\"|os_set32 1|os_get32 1") == "x")
        // os_set32 replaces (and releases) what the slot held.
        #expect(try string("sconst_bin \"old\"|sconst_bin \"new\"|os_set32 1|os_get32 1|os_pull32 1|call_0A n=1") == "newnew")
        #expect(try int("os_get32 0|o2i", argument: Ref(int: 31)) == 31)
    }

    @Test func fieldsByEightAndThirtyTwoBitSlots() throws {
        var extra = ""
        for i in 0..<260 { extra += ".field f\(i)\n" }
        let body = """
            sconst_bin "zero"|os_save8 0
            sconst_bin "big"|os_save32 259
            sconst_bin "mid"|os_save8 255
            os_load32 0|os_load8 255|call_0A n=1|os_load32 259|call_0A n=1
            os_load8 1|os_isnull|i2o|call_05 n=0|call_0A n=1        ; untouched fields are null
            """
        #expect(try string(body, extra: extra) == "zeromidbig1")
        // is_save8 boxes the int into the field; is_load8 unboxes it (and boxes of other numbers).
        #expect(try int("iconst_32bit -77|is_save8 1|is_load8 1|os_load8 1|o2i|isum", extra: ".field a|.field b") == -154)
        #expect(try int("iconst_64bit 0x900000005|prefix_long|i2o|os_save8 0|is_load8 0", extra: ".field a") == 5)
        #expect(try thrown("is_load8 0", extra: ".field a") == "type assert failed")
        #expect(try thrown("sconst_bin \"s\"|os_save8 0|is_load8 0", extra: ".field a") == "type assert failed")
    }

    @Test func storesIntoAnImmutableObjectThrow() throws {
        let freeze = "summon_this|call_0E n=0|os_drop|"
        #expect(try thrown(freeze + "sconst_bin \"v\"|os_save8 0", extra: ".field a") == "store into an immutable object")
        #expect(try thrown(freeze + "sconst_bin \"v\"|os_save32 0", extra: ".field a") == "store into an immutable object")
        #expect(try thrown(freeze + "iconst_1|is_save8 0", extra: ".field a") == "store into an immutable object")
        // Loads still work.
        #expect(try int("iconst_8bit 8|is_save8 0|" + freeze + "is_load8 0", extra: ".field a") == 8)
    }

    @Test func newMakesUserAndInternalObjects() throws {
        let point = """
            .class .test.point
            .field x
            .field y
            .method isClean ordinal 16 args 0
            arg_count 0|os_load8 0|os_isnull|os_load8 1|os_isnull|log_and|i2o|ret
            .end
            """
        #expect(try int("summon_by_name \".test.point\"|new|call_10 n=0|o2i", classes: [point]) == 1)
        #expect(try int("summon_by_name \".test.point\"|new|summon_by_name \".test.point\"|new|os_eq", classes: [point]) == 0)
        #expect(try int("summon_array_class|new|call_0C n=0|o2i") == 0)
        let world = try TestWorld(program("summon_by_name \".internal.container.array\"|new|ret"), pages: 512)
        let array = try world.run(".test.t")
        #expect(world.vm.heap.classOf(array) == world.vm.classes[ClassID.array])
        world.vm.heap.release(array)
        world.verify()
        #expect(try string("summon_string_class|new|sconst_bin \"x\"|call_0A n=1") == "x")
        #expect(try thrown("sconst_bin \"not a class\"|new") == "new of something that is not a class")
    }

    @Test func castChecksTheClassChain() throws {
        let classes = [
            ".class .test.a|.field x",
            ".class .test.b parent .test.a|.field x",
            ".class .test.c|.field x",
        ]
        #expect(try int("summon_by_name \".test.a\"|new|summon_by_name \".test.a\"|cast|os_isnull", classes: classes) == 0)
        #expect(try int("summon_by_name \".test.b\"|new|os_dup|summon_by_name \".test.a\"|cast|os_eq", classes: classes) == 1)
        #expect(try int("summon_by_name \".test.b\"|new|summon_by_name \".internal.object\"|cast|os_isnull", classes: classes) == 0)
        #expect(try int("sconst_bin \"s\"|summon_string_class|cast|os_isnull") == 0)
        #expect(try thrown("summon_by_name \".test.a\"|new|summon_by_name \".test.b\"|cast", classes: classes)
            == "cast to not parent")
        #expect(try thrown("summon_by_name \".test.c\"|new|summon_by_name \".test.a\"|cast", classes: classes)
            == "cast to not parent")
        #expect(try thrown("summon_null|summon_by_name \".internal.object\"|cast") == "cast to not parent")
    }

    @Test func identityAndNullTests() throws {
        #expect(try int("sconst_bin \"a\"|sconst_bin \"a\"|os_eq") == 0)  // identity, not contents
        #expect(try int("sconst_bin \"a\"|sconst_bin \"a\"|os_neq") == 1)
        #expect(try int("sconst_bin \"a\"|os_dup|os_neq") == 0)
        #expect(try int("iconst_8bit 5|i2o|iconst_8bit 5|i2o|os_eq") == 1)  // ints are values
        #expect(try int("iconst_8bit 5|i2o|iconst_8bit 6|i2o|os_neq") == 1)
        #expect(try int("summon_null|os_isnull") == 1)
        #expect(try int("sconst_bin \"\"|os_isnull") == 0)
        #expect(try int("iconst_0|i2o|os_isnull") == 0)
        #expect(try int("stack_reserve obj=1 int=0|os_get32 1|summon_null|os_eq") == 1)
    }

    @Test func generalLockAndUnlockPopTheirObject() throws {
        #expect(try string("sconst_bin \"kept\"|sconst_bin \"l\"|general_lock|sconst_bin \"u\"|general_unlock") == "kept")
    }

    // MARK: Constants and summons

    @Test func stringConstants() throws {
        #expect(try int("sconst_bin \"hi\\n\\x00!\"|call_0B n=0|o2i") == 5)
        #expect(try string("sconst_bin \"\"|sconst_bin \"ab\"|call_0A n=1") == "ab")
        #expect(try string("const_pool 5", extra: ".const 0 \"zero\"|.const 5 \"five\"") == "five")
        #expect(try int("const_pool 0|const_pool 0|os_eq", extra: ".const 0 \"same\"") == 1)
        // An inherited method reads the pool of the class that defined it.
        let parent = ".class .test.cp|.const 0 \"parent\"|.method c ordinal 16 args 0|arg_count 0|const_pool 0|ret|.end"
        let child = ".class .test.cc parent .test.cp|.const 0 \"child\""
        #expect(try string("summon_by_name \".test.cc\"|new|call_10 n=0", classes: [parent, child]) == "parent")
    }

    @Test func summons() throws {
        let names = [
            ("summon_class_class", ".internal.class"), ("summon_int_class", ".internal.int"),
            ("summon_string_class", ".internal.string"), ("summon_interface_class", ".internal.interface"),
            ("summon_code_class", ".internal.code"), ("summon_array_class", ".internal.container.array"),
        ]
        for (op, name) in names {
            #expect(try int("\(op)|summon_by_name \"\(name)\"|os_eq") == 1, "\(op)")
        }
        #expect(try int("summon_int_class|summon_string_class|os_eq") == 0)
        #expect(try int("summon_this|call_02 n=0|summon_by_name \".test.t\"|os_eq") == 1)
        #expect(try int("summon_null|call_02 n=0|summon_by_name \".internal.object\"|os_eq") == 1)
        #expect(try int("summon_null|summon_by_name \".internal.void\"|os_eq") == 0)
        #expect(try int("summon_null|os_isnull") == 1)
        #expect(try int("os_push_null|os_isnull") == 1)  // legacy 0x5B, read as summon_null
        #expect(try int("summon_thread|summon_thread|os_eq") == 1)
        #expect(try int("summon_thread|summon_by_name \".internal.thread\"|cast|os_isnull") == 0)
        #expect(try int("summon_this|summon_this|os_eq|os_get32 0|summon_this|os_eq|isum", argument: Ref(int: 1)) == 1)

        // summon_thread is the running thread; summon_this the target object.
        let world = try TestWorld(program("summon_thread|ret"), pages: 512)
        let thread = try world.start(".test.t")
        world.vm.run()
        #expect(world.vm.threadResult(thread) == thread)
        world.vm.heap.store(thread, slot: ThreadSlot.result, .null)  // break the cycle
        world.verify(holding: [thread])
        world.vm.heap.release(thread)

        let other = try TestWorld(program("summon_this|ret"), pages: 512)
        let target = try other.instance(".test.t")
        let started = try other.vm.startThread(target: target, argument: .null)
        other.vm.run()
        #expect(other.vm.threadResult(started) == target)
        other.verify(holding: [target, started])
        other.vm.heap.release(started)
        other.vm.heap.release(target)
        other.verify()
    }

    @Test func summonByNameLoadsThroughTheClassProvider() throws {
        let world = try TestWorld(program("summon_by_name \".test.lazy\"|new|call_10 n=0|ret"), pages: 512)
        let lazy = try Assembler.assembleClass(
            lines(".class .test.lazy|.method m ordinal 16 args 0|arg_count 0|sconst_bin \"lazy\"|ret|.end"))
        world.vm.classProvider = { $0 == ".test.lazy" ? lazy.serialize() : nil }
        let result = try world.run(".test.t")
        #expect(world.text(result) == "lazy")
        world.vm.heap.release(result)
        world.verify()
    }

    // MARK: Exceptions

    @Test func catchByClassAndSuperclass() throws {
        let classes = [".class .test.err|.field x", ".class .test.suberr parent .test.err|.field x"]
        let body = """
            summon_by_name ".test.err"
            push_catcher h
            summon_by_name ".test.suberr"|new
            throw
            h:
            summon_by_name ".test.suberr"|cast     ; the object thrown
            os_isnull|iconst_8bit 10|isum
            """
        #expect(try int(body, classes: classes) == 10)
        // The newest matching catcher wins; one of another class is skipped.
        let newest = """
            summon_string_class|push_catcher outer
            summon_by_name ".internal.object"|push_catcher inner
            summon_int_class|push_catcher never
            sconst_bin "x"|throw
            never:|sconst_bin "never"|ret
            inner:|sconst_bin "inner"|ret
            outer:|sconst_bin "outer"
            """
        #expect(try string(newest) == "inner")
        // A popped catcher no longer catches.
        let popped = """
            summon_string_class|push_catcher outer
            summon_string_class|push_catcher inner
            pop_catcher
            sconst_bin "x"|throw
            inner:|sconst_bin "inner"|ret
            outer:|sconst_bin "outer"
            """
        #expect(try string(popped) == "outer")
    }

    @Test func anyValueButNullCanBeThrown() throws {
        // An int, caught by the int class.
        #expect(try int("summon_int_class|push_catcher h|iconst_8bit 42|i2o|throw|h:|o2i") == 42)
        // A catcher given something that is not a class catches nothing.
        let notAClass = """
            summon_by_name ".internal.object"|push_catcher outer
            sconst_bin "not a class"|push_catcher inner
            sconst_bin "x"|throw
            inner:|sconst_bin "inner"|ret
            outer:|sconst_bin "outer"
            """
        #expect(try string(notAClass) == "outer")
    }

    @Test func nonMatchingCatcherPassesTheThrowToTheCaller() throws {
        let extra = """
            .method thrower ordinal 16 args 0
            arg_count 0
            summon_int_class|push_catcher h
            sconst_bin "up"|throw
            h:|sconst_bin "wrong"|ret
            .end
            """
        let body = """
            summon_string_class|push_catcher h
            summon_this|call_10 n=0
            sconst_bin "no"|ret
            h:
            sconst_bin "!"|call_0A n=1
            """
        #expect(try string(body, extra: extra) == "up!")
    }

    @Test func rethrowInAHandlerGoesToTheOuterCatcher() throws {
        let body = """
            summon_string_class|push_catcher outer
            summon_string_class|push_catcher inner
            sconst_bin "a"|throw
            inner:
            sconst_bin "+in"|call_0A n=1|throw
            outer:
            sconst_bin "+out"|call_0A n=1
            """
        #expect(try string(body) == "a+in+out")
        // The same object thrown again.
        let same = """
            summon_string_class|push_catcher outer
            summon_string_class|push_catcher inner
            sconst_bin "b"|throw
            inner:|throw
            outer:|sconst_bin "!"|call_0A n=1
            """
        #expect(try string(same) == "b!")
    }

    @Test func handlersStartAtTheirRecordedDepths() throws {
        // Each round leaves junk on both stacks, in this frame and in the callee; the
        // handler trims it (1000 rounds would overflow untrimmed stacks, and verify()
        // would find the junk strings leaked).
        let extra = """
            .method thrower ordinal 16 args 0
            arg_count 0
            iconst_8bit 9|iconst_8bit 9
            sconst_bin "x"|sconst_bin "y"
            sconst_bin "boom"|throw
            .end
            """
        let body = """
            stack_reserve obj=0 int=1
            iconst_32bit 1000|is_set32 0
            loop:
            is_get32 0
            jz done
            summon_string_class|push_catcher h
            iconst_1|iconst_8bit 2|iconst_8bit 3
            sconst_bin "j1"|sconst_bin "j2"
            summon_this|call_10 n=0
            ret
            h:
            os_drop
            is_get32 0|iconst_1|isublu|is_set32 0
            jmp loop
            done:
            is_get32 0|iconst_8bit 77|isum
            """
        #expect(try int(body, extra: extra) == 77)

        // Cells popped since push_catcher are refilled: objects with null, ints with 0.
        let refill = """
            sconst_bin "keep"
            iconst_8bit 7|iconst_8bit 8
            summon_string_class|push_catcher h
            os_drop|os_drop
            is_drop|is_drop
            sconst_bin "boom"|throw
            h:
            os_drop
            os_isnull|os_isnull|isum          ; 2
            isum|isum                         ; + 0 + 0
            """
        #expect(try int(refill) == 2)
    }

    @Test func catchersOfAReturnedFrameAreGone() throws {
        // The callee returns with its catcher still pushed (as plc's try leaves them).
        let extra = """
            .method leaves ordinal 16 args 0
            arg_count 0
            summon_string_class|push_catcher h
            sconst_bin "ok"|ret
            h:|sconst_bin "callee handler"|ret
            .end
            """
        let body = """
            summon_string_class|push_catcher h
            summon_this|call_10 n=0|os_drop
            sconst_bin "late"|throw
            h:
            sconst_bin "!"|call_0A n=1
            """
        #expect(try string(body, extra: extra) == "late!")
    }

    @Test func nullThrownIsNeverCaught() throws {
        let body = """
            summon_by_name ".internal.object"|push_catcher h
            summon_null|throw
            h:|sconst_bin "caught"|ret
            """
        let world = try TestWorld(program(body), pages: 512)
        let thread = try world.start(".test.t")
        world.vm.run()
        #expect(world.vm.threadState(thread) == ThreadState.failed)
        #expect(world.vm.threadResult(thread) == .null)
        #expect(world.vm.reports.count == 1)
        #expect(world.vm.reports.first?.contains("uncaught exception .internal.void") == true)
        world.vm.heap.release(thread)
        world.verify()
    }

    @Test func uncaughtExceptionReportNamesClassMethodAndLine() throws {
        let source = lines("""
            .class .test.lines
            .method run ordinal 8 args 1
            arg_count 1                 ; IP 0
            sconst_bin "boom"           ; IP 2
            throw                       ; IP 11
            .end
            .method inner ordinal 16 args 0
            arg_count 0|sconst_bin "deep"|throw
            .end
            .method outer ordinal 9 args 1
            arg_count 1|summon_this|call_10 n=0|ret
            .end
            """)
        var file = try Assembler.assembleClass(source)
        file.lineMaps = [
            ClassFile.LineMap(ordinal: 8, entries: [.init(ip: 0, line: 10), .init(ip: 2, line: 11), .init(ip: 11, line: 12)])
        ]
        let world = try TestWorld([], pages: 512)
        try world.vm.install(file)
        let thread = try world.start(".test.lines")
        world.vm.run()
        #expect(world.vm.threadState(thread) == ThreadState.failed)
        #expect(world.vm.threadResult(thread).isObject)
        #expect(world.text(world.vm.threadResult(thread)) == "boom")
        let report = try #require(world.vm.reports.first)
        #expect(report.contains("uncaught exception .internal.string \"boom\""))
        #expect(report.contains(".test.lines.run (ordinal 8, line 12, IP 11)"))
        world.vm.heap.release(thread)

        // Without a line map: no line; the method that threw is named, not the bottom one.
        let object = try world.instance(".test.lines")
        let second = try world.vm.startThread(target: object, ordinal: 9, argument: .null)
        world.vm.heap.release(object)
        world.vm.run()
        #expect(world.vm.reports.count == 2)
        #expect(world.vm.reports.last?.contains("uncaught exception .internal.string \"deep\" in .test.lines.inner (ordinal 16, IP 11)") == true)
        world.vm.heap.release(second)
        world.verify()
    }

    // MARK: Stacks and threads

    @Test func deepRecursionGrowsTheStacks() throws {
        let extra = """
            .method down ordinal 16 args 1
            arg_count 1
            os_get32 0|o2i
            jz zero
            summon_this
            os_get32 0|o2i|iconst_1|isublu|i2o
            call_10 n=1
            o2i|iconst_1|isum|i2o
            ret
            zero:
            iconst_0|i2o|ret
            .end
            """
        let world = try TestWorld(program("summon_this|os_get32 0|call_10 n=1|ret", extra: extra))
        for depth in [5000, 60_000] {
            let result = try world.run(".test.t", argument: Ref(int: depth))
            #expect(result == Ref(int: depth))
        }
        // Slices that end every few calls, in the middle of the chain and of its growth.
        world.vm.sliceBudget = 3
        #expect(try world.run(".test.t", argument: Ref(int: 3000)) == Ref(int: 3000))
        world.verify()
    }

    @Test func infiniteRecursionThrowsACatchableStackOverflow() throws {
        let extra = """
            .method forever ordinal 17 args 0
            arg_count 0
            summon_this|call_11 n=0
            ret
            .end
            .method down ordinal 16 args 1
            arg_count 1
            os_get32 0|o2i
            jz zero
            summon_this
            os_get32 0|o2i|iconst_1|isublu|i2o
            call_10 n=1
            o2i|iconst_1|isum|i2o
            ret
            zero:
            iconst_0|i2o|ret
            .end
            """
        let body = """
            summon_string_class|push_catcher h
            summon_this|call_11 n=0
            ret
            h:
            summon_this|iconst_8bit 100|i2o|call_10 n=1     ; the thread goes on
            call_05 n=0|call_0A n=1
            ret
            """
        let world = try TestWorld(program(body, extra: extra))
        let result = try world.run(".test.t")
        #expect(world.text(result) == "stack overflow100")
        world.vm.heap.release(result)
        world.verify()
    }

    @Test func entryFrameGetsRoomForItsStacks() throws {
        // The bottom frame needs more than a new thread's first stack objects hold.
        var catchers = ""
        for _ in 0..<20 { catchers += "summon_string_class|push_catcher h|" }
        let body = """
            stack_reserve obj=200 int=200
            sconst_bin "deep"|os_set32 150
            iconst_32bit 1234|is_set32 180
            \(catchers)
            is_get32 180|iconst_32bit 1234|isublu|jz ok
            sconst_bin "bad int"|ret
            ok:
            sconst_bin "x"|throw
            h:
            os_drop|os_get32 150
            """
        #expect(try string(body) == "deep")
    }

    @Test func bottomFrameThatCannotGetItsStacksFails() throws {
        // 250 × 255 object cells (512 KB) do not fit in a 512 KB space: the thread ends with
        // a report before running anything, and nothing is corrupted.
        let body = String(repeating: "stack_reserve obj=255 int=0|", count: 250) + "summon_null|ret"
        let world = try TestWorld(program(body), pages: 128)
        let thread = try world.start(".test.t")
        world.vm.run()
        #expect(world.vm.threadState(thread) == ThreadState.failed)
        #expect(world.vm.reports.first?.contains("uncaught exception .internal.string \"stack overflow\"") == true)
        world.vm.heap.release(thread)
        world.verify()
    }

    @Test func manyArgumentsAndLocalsInACallee() throws {
        var push = ""
        for i in 0..<100 { push += "iconst_8bit \(i)|i2o|" }
        var sum = "iconst_0|"
        for i in 0..<100 { sum += "os_get32 \(i)|o2i|isum|" }
        let extra = """
            .method wide ordinal 16 args 100
            arg_count 100
            stack_reserve obj=100 int=150
            \(sum)
            i2o|ret
            .end
            """
        #expect(try int("summon_this|\(push)call_10 n=100|o2i", extra: extra) == 4950)
    }

    @Test func smallSlicesPreemptInfiniteLoops() throws {
        let source = lines("""
            .class .test.spin
            .field count
            .method run ordinal 8 args 1
            arg_count 1
            iconst_0|is_save8 0
            loop:
            is_load8 0|iconst_1|isum|is_save8 0
            jmp loop
            .end
            """)
        let world = try TestWorld(source, pages: 512)
        world.vm.sliceBudget = 50
        let a = try world.instance(".test.spin")
        let b = try world.instance(".test.spin")
        let ta = try world.vm.startThread(target: a, argument: .null)
        let tb = try world.vm.startThread(target: b, argument: .null)
        world.vm.run(maxSlices: 10)
        let countA = world.vm.heap.load(a, slot: 0).intValue
        let countB = world.vm.heap.load(b, slot: 0).intValue
        #expect(countA >= 200 && countB >= 200)
        #expect(abs(countA - countB) <= 60)
        #expect(!world.vm.threadEnded(ta) && !world.vm.threadEnded(tb))
        world.verify(holding: [a, b, ta, tb])
        for value in [ta, tb, a, b] { world.vm.heap.release(value) }
    }

    @Test func smallSlicesInterleaveLongLoopsAndCallsToTheEnd() throws {
        let source = lines("""
            .class .test.work
            .field count
            .method run ordinal 8 args 1
            arg_count 1
            stack_reserve obj=0 int=1
            iconst_0|is_save8 0
            iconst_32bit 3000|is_set32 0
            loop:
            is_get32 0
            jz done
            summon_this|call_10 n=0|os_drop                   ; calls count against the budget too
            is_get32 0|iconst_1|isublu|is_set32 0
            jmp loop
            done:
            os_load8 0|ret
            .end
            .method bump ordinal 16 args 0
            arg_count 0|is_load8 0|iconst_1|isum|is_save8 0|summon_null|ret
            .end
            """)
        let world = try TestWorld(source, pages: 512)
        world.vm.sliceBudget = 100
        let a = try world.instance(".test.work")
        let b = try world.instance(".test.work")
        let ta = try world.vm.startThread(target: a, argument: .null)
        let tb = try world.vm.startThread(target: b, argument: .null)
        world.vm.run(maxSlices: 6)
        #expect(world.vm.heap.load(a, slot: 0).intValue > 0)
        #expect(world.vm.heap.load(b, slot: 0).intValue > 0)
        #expect(!world.vm.threadEnded(ta) && !world.vm.threadEnded(tb))
        #expect(world.vm.run() == .done)
        #expect(world.vm.threadResult(ta) == Ref(int: 3000))
        #expect(world.vm.threadResult(tb) == Ref(int: 3000))
        world.verify(holding: [a, b, ta, tb])
        for value in [ta, tb, a, b] { world.vm.heap.release(value) }
        world.verify()
    }
}
