// VerifierTests.swift — the bytecode verifier (Verifier.swift): real-looking methods it
// must accept (BYTECODE.md §10, the §6 try/catch pattern, loops, the legacy prologue, a
// switch, an internal stub, dynamic_invoke, :long arithmetic) with their stack limits;
// one method per kind of rejection with its IP and reason; and a seeded fuzz of random
// bytes and mutated valid methods that must never trap and must always name an IP
// inside the code.

import PhantomCore
import Testing

// MARK: - Building code

/// A little assembler for test methods: opcodes and operands by hand, rel32 operands by
/// label (the displacement counts from the field's own address, BYTECODE.md §1).
private struct Code {
    var bytes: [UInt8] = []
    var labels: [(name: String, ip: Int)] = []
    var fixups: [(field: Int, label: String)] = []

    static func be32(_ value: Int32) -> [UInt8] {
        let v = UInt32(bitPattern: value)
        return [UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]
    }

    mutating func op(_ opcode: Opcode, _ operands: [UInt8] = []) {
        bytes.append(opcode.rawValue)
        bytes += operands
    }

    mutating func op(_ opcode: Opcode, i32 value: Int32) { op(opcode, Code.be32(value)) }

    mutating func op(_ opcode: Opcode, to label: String) {
        bytes.append(opcode.rawValue)
        refer(to: label)
    }

    /// A rel32 field here, pointing at `label`.
    mutating func refer(to label: String) {
        fixups.append((bytes.count, label))
        bytes += [0, 0, 0, 0]
    }

    mutating func string(_ opcode: Opcode, _ text: String) {
        op(opcode, Code.be32(Int32(text.utf8.count)) + Array(text.utf8))
    }

    mutating func label(_ name: String) { labels.append((name, bytes.count)) }

    func build() -> [UInt8] {
        var out = bytes
        for fixup in fixups {
            let target = labels.first { $0.name == fixup.label }!.ip
            out.replaceSubrange(fixup.field..<fixup.field + 4, with: Code.be32(Int32(target - fixup.field)))
        }
        return out
    }
}

private func verify(
    _ code: [UInt8], args: Int = 0, fields: Int = 4, constants: [Int32] = [0, 1],
    maxOrdinal: Int = BytecodeVerifier.defaultMaxOrdinal, sys: Bool = false
) throws(VerifyError) -> VerifiedMethod {
    try BytecodeVerifier.verify(
        code: code, argCount: args, fieldCount: fields, constantIDs: constants, maxOrdinal: maxOrdinal,
        allowSys: sys)
}

/// The rejection of `code`, or nil if it was accepted.
private func rejection(
    _ code: [UInt8], args: Int = 0, fields: Int = 4, maxOrdinal: Int = BytecodeVerifier.defaultMaxOrdinal,
    sys: Bool = false
) -> VerifyError? {
    do {
        _ = try verify(code, args: args, fields: fields, maxOrdinal: maxOrdinal, sys: sys)
        return nil
    } catch {
        return error
    }
}

// MARK: - Accepted methods

/// `phantom.util.hashmap.pos` as the 2019 plc compiles it (BYTECODE.md §10).
private let hashmapPos: [UInt8] = [
    0x73, 0x01, 0x29, 0x01, 0x00, 0x1E, 0x00, 0x00, 0x00, 0x00, 0xAF, 0x00,
    0x41, 0x14, 0x01, 0x41, 0x57, 0x40, 0x08, 0x08,
]

/// plc's try/catch (BYTECODE.md §6): `try { this.f0(); } catch (string e) { }; return e`.
private let tryCatch: [UInt8] = {
    var c = Code()
    c.op(.argCount, [0])
    c.op(.stackReserve, [1, 0])
    c.op(.summonStringClass)
    c.op(.pushCatcher, to: "H")
    c.op(.summonThis)
    c.op(.shortCall0)
    c.op(.osDrop)
    c.op(.popCatcher)
    c.op(.jmp, to: "END")
    c.label("H")
    c.op(.osSet32, i32: 0)
    c.label("END")
    c.op(.osGet32, i32: 0)
    c.op(.ret)
    return c.build()
}()

/// `for (i = 0; i < 10; i++) {}` with an int local, as jz/jmp.
private let loop: [UInt8] = {
    var c = Code()
    c.op(.argCount, [0])
    c.op(.stackReserve, [0, 1])
    c.label("L")
    c.op(.isGet32, i32: 0)
    c.op(.iconst8bit, [10])
    c.op(.ilt)
    c.op(.jz, to: "END")
    c.op(.isGet32, i32: 0)
    c.op(.iconst1)
    c.op(.isum)
    c.op(.isSet32, i32: 0)
    c.op(.jmp, to: "L")
    c.label("END")
    c.op(.summonNull)
    c.op(.ret)
    return c.build()
}()

/// The ≤2017 prologue for one argument, locals made with summon_null and os_push_null.
private let legacyPrologue: [UInt8] = {
    var c = Code()
    c.op(.iconst32bit, i32: 1)
    c.op(.isublu)
    c.op(.jz, to: "OK")
    c.string(.sconstBin, "arg count: 1 in C")
    c.op(.throw)
    c.label("OK")
    c.op(.summonNull)
    c.op(.osPushNull)
    c.op(.osGet32, i32: 0)
    c.op(.osSet32, i32: 2)
    c.op(.osGet32, i32: 2)
    c.op(.ret)
    return c.build()
}()

/// A two-entry switch with its fall-through default.
private let switchMethod: [UInt8] = {
    var c = Code()
    c.op(.argCount, [0])
    c.op(.iconst8bit, [1])
    c.op(.switch, Code.be32(2) + Code.be32(0) + Code.be32(1))
    c.refer(to: "A")
    c.refer(to: "B")
    c.op(.summonNull)
    c.op(.ret)
    c.label("A")
    c.op(.summonThis)
    c.op(.ret)
    c.label("B")
    c.op(.constPool, i32: 1)
    c.op(.ret)
    return c.build()
}()

/// plc's dynamic call `this.foo(a0, a1)` by name (BYTECODE.md §3.7).
private let dynamicCall: [UInt8] = {
    var c = Code()
    c.op(.argCount, [2])
    c.op(.osGet32, i32: 0)
    c.op(.osGet32, i32: 1)
    c.op(.iconst32bit, i32: 2)
    c.op(.iconst8bit, [7])  // an int temporary above the count, gone before the call
    c.op(.i2o)
    c.op(.osDrop)
    c.op(.summonThis)
    c.string(.sconstBin, "foo")
    c.op(.dynamicInvoke)
    c.op(.ret)
    return c.build()
}()

/// long arithmetic in a two-cell local: `l = l + 5L; return l as object`.
private let longMath: [UInt8] = {
    var c = Code()
    c.op(.argCount, [0])
    c.op(.stackReserve, [0, 2])
    c.op(.prefixLong); c.op(.isGet32, i32: 0)
    c.op(.iconst32bit, i32: 5)
    c.op(.prefixLong); c.op(.fromi)
    c.op(.prefixLong); c.op(.isum)
    c.op(.prefixLong); c.op(.isSet32, i32: 0)
    c.op(.prefixLong); c.op(.isGet32, i32: 0)
    c.op(.prefixLong); c.op(.i2o)
    c.op(.ret)
    return c.build()
}()

/// The valid methods, with their argument counts: the seeds of the mutation fuzz.
private let validMethods: [(code: [UInt8], args: Int)] = [
    (hashmapPos, 1), (tryCatch, 0), (loop, 0), (legacyPrologue, 1), (switchMethod, 0),
    (dynamicCall, 2), (longMath, 0), ([0x0F, 0x05, 0x08], 2),
]

@Suite struct VerifierTests {
    @Test func acceptsTheHashmapExample() throws {
        let method = try verify(hashmapPos, args: 1)
        #expect(method.maxObjectDepth == 3)
        #expect(method.maxIntDepth == 2)
        #expect(method.maxCatcherDepth == 0)
        // plc's second ret at 19 is unreachable, so it is not an instruction start.
        #expect(method.instructionStarts == [0, 2, 5, 10, 12, 13, 15, 16, 17, 18])
        #expect(method.handlers.isEmpty)
    }

    @Test func acceptsTryCatch() throws {
        let method = try verify(tryCatch)
        #expect(method.maxCatcherDepth == 1)
        #expect(method.maxObjectDepth == 2)
        // The handler starts after push_catcher popped the class: local + thrown object.
        #expect(method.handlers == [.init(target: 20, objectDepth: 2, intDepth: 0)])
    }

    @Test func acceptsALoop() throws {
        let method = try verify(loop)
        #expect(method.maxIntDepth == 3)
        #expect(method.maxObjectDepth == 1)
    }

    @Test func acceptsTheLegacyPrologue() throws {
        let method = try verify(legacyPrologue, args: 1)
        #expect(method.maxIntDepth == 2)
        #expect(method.maxObjectDepth == 4)
    }

    @Test func acceptsASwitch() throws {
        let method = try verify(switchMethod)
        #expect(method.instructionStarts == [0, 2, 4, 25, 26, 27, 28, 29, 34])
    }

    @Test func acceptsAnInternalStubOnlyWithSys() throws {
        let method = try verify([0x0F, 0x05, 0x08], args: 2, sys: true)
        #expect(method.maxObjectDepth == 2)
        #expect(rejection([0x0F, 0x05, 0x08], args: 2)?.description == "IP 0: sys outside an internal-class stub")
    }

    @Test func acceptsDynamicInvokeWithAConstantCount() throws {
        let method = try verify(dynamicCall, args: 2)
        #expect(method.maxObjectDepth == 6)
        #expect(method.maxIntDepth == 2)
    }

    @Test func acceptsLongArithmetic() throws {
        let method = try verify(longMath)
        #expect(method.maxIntDepth == 6)
        #expect(method.instructionStarts.prefix(5) == [0, 2, 5, 6, 11])
    }

    @Test func acceptsTheEncodingLimits() throws {
        // 257 full stack_reserves reach 65 535 object cells exactly.
        var code: [UInt8] = []
        for _ in 0..<257 { code += [0x29, 0xFF, 0x00] }
        code.append(0x08)
        #expect(try verify(code).maxObjectDepth == 65_535)
        code.removeLast()
        code += [0x37, 0x08]
        #expect(rejection(code)?.description == "IP 771: stack deeper than 65535 cells")
    }

    // MARK: - Rejections

    /// One rejected method, with the IP and reason it must be rejected for.
    struct Bad: CustomTestStringConvertible, Sendable {
        let name: String
        let code: [UInt8]
        let args: Int
        let sys: Bool
        let expected: String
        var testDescription: String { name }

        init(_ name: String, _ code: [UInt8], args: Int = 0, sys: Bool = false, _ expected: String) {
            self.name = name
            self.code = code
            self.args = args
            self.sys = sys
            self.expected = expected
        }
    }

    static let bad: [Bad] = [
        Bad("empty", [], "IP 0: the method has no code"),
        Bad("unknown opcode", [0x00, 0x1D], "IP 1: unknown opcode 0x1D"),
        Bad("unimplemented", [0x00, 0x02, 0x08], "IP 1: skipz is not implemented"),
        Bad("copy", [0x19, 0x08], "IP 0: copy is not implemented"),
        Bad("truncated", [0x00, 0x23, 0x00, 0x00], "IP 1: iconst_32bit needs 5 bytes, the code has 3 left"),
        Bad("off the end", [0x00, 0x37], "IP 1: execution runs off the end of the code"),
        Bad("jz off the end", [0x20, 0x05, 0xFF, 0xFF, 0xFF, 0xFE], "IP 1: execution runs off the end of the code"),
        Bad("jump outside", [0x06, 0, 0, 0, 9], "IP 0: jump target 10 outside the code (5 bytes)"),
        Bad("jump backwards outside", [0x06, 0xFF, 0xFF, 0xFF, 0xF0], "IP 0: jump target -15 outside the code (5 bytes)"),
        Bad("jump into operands", [0x06, 0, 0, 0, 1, 0x08], "IP 0: jump target 2 inside an instruction"),
        Bad("operands over an instruction", [0x06, 0, 0, 0, 5, 0x23, 0x06, 0xFF, 0xFF, 0xFF, 0xFE, 0x08],
            "IP 5: operands overlap the instruction at IP 6"),
        Bad("branch into operands", [0x20, 0x05, 0, 0, 0, 5, 0x23, 0x08, 0, 0, 0, 0x08],
            "IP 7: jumps into the middle of an instruction"),
        Bad("jump after prefix", [0x5C, 0x20, 0x06, 0xFF, 0xFF, 0xFF, 0xFE], "IP 2: jump target 1 follows a type prefix"),
        Bad("float bitwise", [0x20, 0x20, 0x5D, 0x48, 0x08], "IP 3: ior takes no float prefix"),
        Bad("double shift", [0x20, 0x20, 0x5E, 0x70, 0x08], "IP 3: ishl takes no double prefix"),
        Bad("prefix twice", [0x5C, 0x5C, 0x20, 0x08], "IP 1: type prefix follows a type prefix"),
        Bad("prefix at end", [0x00, 0x5C], "IP 1: type prefix at the end of the code"),
        Bad("merge mismatch", [0x20, 0x05, 0, 0, 0, 5, 0x37, 0x08],
            "IP 6: stack depths disagree at IP 7: objects 0 vs 1, ints 1 vs 1"),
        Bad("object underflow", [0x13, 0x08], "IP 0: object stack underflow (depth 0, pops 1)"),
        Bad("int underflow", [0x11, 0x11, 0x08], "IP 1: integer stack underflow (depth 0, pops 1)"),
        Bad("long underflow", [0x5C, 0x11, 0x08], "IP 1: integer stack underflow (depth 1, pops 2)"),
        Bad("os_get32 above top", [0x1E, 0, 0, 0, 1, 0x08], args: 1, "IP 0: object slot 1 out of range (depth 1)"),
        Bad("os_get32 negative", [0x1E, 0xFF, 0xFF, 0xFF, 0xFF, 0x08], args: 1,
            "IP 0: object slot -1 out of range (depth 1)"),
        Bad("os_set32 popped slot", [0x37, 0x1F, 0, 0, 0, 0, 0x08], "IP 1: object slot 0 out of range (depth 0)"),
        Bad("is_get32 long half", [0x5C, 0x26, 0, 0, 0, 0, 0x08], "IP 1: integer slot 0 out of range (depth 1, width 2)"),
        Bad("os_pull32 deep", [0x1C, 0, 0, 0, 1, 0x08], args: 1, "IP 0: object stack underflow (depth 1, pops 2)"),
        Bad("os_pull32 negative", [0x1C, 0x80, 0, 0, 0, 0x08], args: 1, "IP 0: negative os_pull32 depth -2147483648"),
        Bad("field", [0x14, 4, 0x08], "IP 0: field 4 out of range (the class has 4)"),
        Bad("field 32", [0x37, 0x17, 0, 1, 0, 0, 0x08], "IP 1: field 65536 out of range (the class has 4)"),
        Bad("int field", [0x51, 9, 0x08], "IP 0: field 9 out of range (the class has 4)"),
        Bad("constant", [0x28, 0, 0, 0, 2, 0x08], "IP 0: constant 2 not in the pool"),
        Bad("ordinal negative", [0x31, 0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0x08],
            "IP 1: ordinal -1 out of range (0 ..< 65536)"),
        Bad("argument count negative", [0x31, 0x0D, 3, 0x80, 0, 0, 0, 0x08], "IP 1: negative argument count -2147483648"),
        Bad("too many arguments", [0x31, 0x37, 0xA2, 2, 0x08], "IP 2: object stack underflow (depth 2, pops 3)"),
        Bad("static_invoke without class", [0x31, 0x6E, 0, 0, 0, 16, 0, 0, 0, 0, 0x08],
            "IP 1: object stack underflow (depth 1, pops 2)"),
        Bad("pop_catcher empty", [0x2E, 0x08], "IP 0: pop_catcher with no catcher pushed"),
        Bad("pop_catcher twice", [0x3A, 0x2D, 0, 0, 0, 6, 0x2E, 0x2E, 0x08], "IP 7: pop_catcher with no catcher pushed"),
        Bad("catchers in a loop", [0x3A, 0x2D, 0, 0, 0, 9, 0x06, 0xFF, 0xFF, 0xFF, 0xF9, 0x08],
            "IP 1: more than 255 catchers"),
        Bad("handler depth", [0x3A, 0x2D, 0, 0, 0, 9, 0x06, 0, 0, 0, 4, 0x08],
            "IP 6: stack depths disagree at IP 11: objects 1 vs 0, ints 1 vs 1"),
        Bad("sys later", [0x00, 0x0F, 0x05, 0x08], sys: true, "IP 1: sys not at IP 0"),
        Bad("jump to sys", [0x0F, 0x05, 0x06, 0xFF, 0xFF, 0xFF, 0xFD], sys: true, "IP 2: jump back to the sys at IP 0"),
        Bad("dynamic count unknown", [0x20, 0x20, 0x42, 0x31, 0x31, 0x6F, 0x08],
            "IP 5: dynamic_invoke needs a constant argument count on the integer stack"),
        Bad("dynamic count overwritten", [0x20, 0x21, 0x27, 0, 0, 0, 1, 0x31, 0x31, 0x6F, 0x08],
            "IP 9: dynamic_invoke needs a constant argument count on the integer stack"),
        Bad("dynamic too few", [0x22, 3, 0x31, 0x31, 0x6F, 0x08], "IP 4: object stack underflow (depth 2, pops 5)"),
        Bad("switch divisor 0", [0x20, 0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08], "IP 1: switch with divisor 0"),
        Bad("switch target", [0x20, 0x07, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0x08],
            "IP 1: jump target 14 inside an instruction"),
    ]

    @Test(arguments: bad)
    func rejects(_ bad: Bad) {
        let error = rejection(bad.code, args: bad.args, sys: bad.sys)
        #expect(error?.description == bad.expected)
    }

    @Test func rejectsOrdinalsAtTheirLimit() {
        #expect(rejection([0x31, 0xBF, 0, 0x08], maxOrdinal: 32) == nil)
        #expect(rejection([0x31, 0xBF, 0, 0x08], maxOrdinal: 31)?.description == "IP 1: ordinal 31 out of range (0 ..< 31)")
    }

    @Test func rejectsOversizedCode() {
        let code = [UInt8](repeating: 0, count: BytecodeVerifier.maxCodeSize + 1)
        #expect(rejection(code)?.description == "IP 0: code of 1048577 bytes exceeds the limit of 1048576")
    }

    @Test func unreachableBytesAreNotChecked() {
        #expect(rejection([0x08, 0x1D, 0x02, 0xFF]) == nil)
    }

    @Test func catcherDepthsMayDifferWhereTryIsLeftByAJump() throws {
        // `try { if (…) break; } catch …`: the break skips pop_catcher.
        var c = Code()
        c.op(.summonStringClass)
        c.op(.pushCatcher, to: "H")
        c.op(.iconst0)
        c.op(.jz, to: "OUT")
        c.op(.popCatcher)
        c.op(.jmp, to: "OUT")
        c.label("H")
        c.op(.osDrop)
        c.label("OUT")
        var popped = c
        c.op(.ret)
        let method = try verify(c.build())
        #expect(method.maxCatcherDepth == 1)
        #expect(method.handlers == [.init(target: 18, objectDepth: 1, intDepth: 1)])
        // Only one path reaches OUT with a catcher left, so none may be popped there.
        popped.op(.popCatcher)
        popped.op(.ret)
        #expect(rejection(popped.build())?.description == "IP 19: pop_catcher with no catcher pushed")
    }

    // MARK: - Fuzz

    /// Checks one verification: a rejection names an IP inside the code and a reason; an
    /// acceptance is internally consistent. Returns false on a violation.
    private static func sane(_ code: [UInt8], _ random: inout SeededRandom) -> Bool {
        let args = random.below(4)
        do {
            let method = try BytecodeVerifier.verify(
                code: code, argCount: args, fieldCount: random.below(5), constantIDs: [0, 1],
                maxOrdinal: 64, allowSys: random.chance(percent: 20))
            for _ in 0..<3 {
                if let problem = method.randomWalk(code: code, args: args, steps: 500, random: &random) {
                    Issue.record("\(problem) in verified code \(code)")
                    return false
                }
            }
            return method.instructionStarts.first == 0
                && method.instructionStarts.allSatisfy { $0 < code.count }
                && method.maxObjectDepth <= BytecodeVerifier.maxStackDepth
                && method.maxIntDepth <= BytecodeVerifier.maxStackDepth
                && method.maxCatcherDepth <= BytecodeVerifier.maxCatcherDepth
                && method.handlers.allSatisfy { method.instructionStarts.contains($0.target) }
        } catch {
            return error.ip >= 0 && error.ip < max(code.count, 1) && !error.reason.isEmpty
        }
    }

    /// Opcode bytes weighted toward the ones that make control flow and stack effects.
    private static func randomByte(_ random: inout SeededRandom) -> UInt8 {
        switch random.below(4) {
        case 0: UInt8(truncatingIfNeeded: random.next())
        case 1: [0x05, 0x06, 0x07, 0x08, 0x2D, 0x2E, 0x2F, 0x5C, 0x5D, 0x5E, 0x6F, 0x0F][random.below(12)]
        case 2: UInt8(random.below(4))
        default: Opcode.allCases[random.below(Opcode.allCases.count)].rawValue
        }
    }

    @Test func fuzzRandomBytes() {
        var random = SeededRandom(seed: 0x5EED_0003)
        var failures = 0, accepted = 0
        for _ in 0..<50_000 {
            let count = 1 + random.below(48)
            var code: [UInt8] = []
            for _ in 0..<count { code.append(Self.randomByte(&random)) }
            if random.chance(percent: 50) { code.append(0x08) }
            if !Self.sane(code, &random) { failures += 1 }
            if (try? BytecodeVerifier.verify(code: code, argCount: 1, fieldCount: 4)) != nil { accepted += 1 }
        }
        #expect(failures == 0)
        #expect(accepted > 100)
    }

    @Test func fuzzMutatedMethods() {
        var random = SeededRandom(seed: 0x5EED_0004)
        var failures = 0, accepted = 0
        for _ in 0..<60_000 {
            var code = validMethods[random.below(validMethods.count)].code
            for _ in 0..<(1 + random.below(3)) {
                let at = random.below(code.count)
                switch random.below(5) {
                case 0: code[at] = Self.randomByte(&random)
                case 1: code[at] ^= UInt8(1) << UInt8(random.below(8))
                case 2: code.insert(Self.randomByte(&random), at: at)
                case 3: if code.count > 1 { code.remove(at: at) }
                default: code[at] = code[at] &+ (random.chance(percent: 50) ? 1 : 255)
                }
            }
            if !Self.sane(code, &random) { failures += 1 }
            if (try? BytecodeVerifier.verify(code: code, argCount: 1, fieldCount: 4, constantIDs: [0, 1])) != nil {
                accepted += 1
            }
        }
        #expect(failures == 0)
        #expect(accepted > 1_000)
    }

    @Test func everyValidSeedIsAccepted() {
        for (code, args) in validMethods {
            let sys = code.first == Opcode.sys.rawValue
            #expect(rejection(code, args: args, sys: sys) == nil)
        }
    }
}
