// NativesValuesTests.swift — tests of the natives of void (the defaults), int, long,
// float, double and string (NativesValues.swift): every method's result or thrown
// message, the edges of substring/charAt/atoi, "%f" against glibc's printf, float
// parsing against Swift's correctly rounded parser, parseJson trees and errors, and
// after each test a verify() of the heap to prove no count was leaked or lost.

#if canImport(Glibc)
import Glibc
#endif
import PhantomTestSupport
@testable import PhantomCore
import Testing

/// A test world with helpers that call natives and hold what they return; `finish()`
/// releases everything and returns the problems verify() finds.
private final class World {
    let vm: VM<TestPlatform>
    private var held: [Ref] = []

    init(pages: Int = 4096) throws {
        vm = try makeTestVM(pages: pages).0
    }

    var heap: Heap { vm.heap }

    @discardableResult
    func hold(_ value: Ref) -> Ref {
        if value.isObject { held.append(value) }
        return value
    }

    func string(_ text: String) throws -> Ref { hold(try vm.makeString(text)) }
    func string(bytes: [UInt8]) throws -> Ref { hold(try vm.makeString(bytes)) }
    func long(_ value: Int64) throws -> Ref { hold(try vm.makeLong(value)) }
    func float(_ value: Float) throws -> Ref { hold(try vm.makeFloat(value)) }
    func double(_ value: Double) throws -> Ref { hold(try vm.makeDouble(value)) }

    /// A user class (tableID −1) named `name`, and one instance of it with two slots.
    func userObject(_ name: String = ".test.point") throws -> (cls: Ref, object: Ref) {
        let cls = hold(try heap.allocate(slots: ClassSlot.count, class: vm.classes[ClassID.class]))
        let nameString = try vm.makeString(name)
        heap.store(cls, slot: ClassSlot.name, nameString)
        heap.release(nameString)
        heap.store(cls, slot: ClassSlot.parent, vm.classes[ClassID.void])
        heap.store(cls, slot: ClassSlot.tableID, Ref(int: -1))
        // Held after the class, so released before it (instances do not count their class).
        return (cls, hold(try heap.allocate(slots: 2, class: cls)))
    }

    /// What a native did, with its value held.
    func run(_ table: Int, _ ordinal: Int, _ this: Ref, _ args: [Ref] = []) -> NativeResult {
        let result = vm.testNative(table, ordinal, this: this, args)
        switch result {
        case .value(let value), .thrown(let value): hold(value)
        case .block: break
        }
        return result
    }

    /// `defaultNative` called directly, as the interpreter does for user objects.
    func runDefault(_ table: Int, _ ordinal: Int, _ this: Ref, _ args: [Ref] = []) -> NativeResult {
        let cells = UnsafeMutablePointer<UInt64>.allocate(capacity: max(args.count, 1))
        defer { cells.deallocate() }
        for (i, arg) in args.enumerated() { cells[i] = arg.raw }
        let result = vm.defaultNative(table, ordinal, this, NativeArgs(base: cells, count: args.count))
        if case .value(let value) = result { hold(value) }
        if case .thrown(let value) = result { hold(value) }
        return result
    }

    /// The returned value; records an issue if the native threw.
    func value(_ result: NativeResult, sourceLocation: SourceLocation = #_sourceLocation) -> Ref {
        switch result {
        case .value(let value): return value
        case .thrown(let error):
            Issue.record("threw \(describe(error))", sourceLocation: sourceLocation)
            return .null
        case .block:
            Issue.record("blocked", sourceLocation: sourceLocation)
            return .null
        }
    }

    /// The thrown string, or nil if the native did not throw.
    func thrown(_ result: NativeResult) -> String? {
        if case .thrown(let error) = result { return describe(error) }
        return nil
    }

    func text(_ result: NativeResult, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        describe(value(result, sourceLocation: sourceLocation))
    }

    func int(_ result: NativeResult, sourceLocation: SourceLocation = #_sourceLocation) -> Int? {
        let result = value(result, sourceLocation: sourceLocation)
        return result.isInt ? result.intValue : nil
    }

    /// A string's text, an int's value, or the class name of anything else.
    func describe(_ value: Ref) -> String {
        if value.isInt { return "int \(value.intValue)" }
        if vm.isString(value) { return vm.text(of: value) }
        return "<\(vm.className(vm.classOf(value)))>"
    }

    func isClass(_ value: Ref, _ id: Int) -> Bool { vm.classOf(value) == vm.classes[id] }

    /// Releases everything held (newest first) and verifies the heap.
    func finish() -> [String] {
        for value in held.reversed() { heap.release(value) }
        held = []
        return heap.verify()
    }
}

/// A deterministic generator for the randomized cross-checks (xorshift64*).
private struct TestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

#if canImport(Glibc)
/// glibc's printf("%f") of `value`, the reference for our formatter.
private func cFormat(_ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 400)
    _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%f", $0) }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
#endif

@Suite struct NativesValuesTests {
    // MARK: - Defaults

    @Test func nullUsesTheVoidDefaults() throws {
        let world = try World()
        let vm = world.vm
        #expect(world.value(world.run(ClassID.void, 0, .null)) == .null)
        #expect(world.value(world.run(ClassID.void, 1, .null)) == .null)
        #expect(world.value(world.run(ClassID.void, 2, .null)) == vm.classes[ClassID.void])
        #expect(world.thrown(world.run(ClassID.void, 3, .null)) == "void clone called")
        #expect(world.int(world.run(ClassID.void, 4, .null, [.null])) == 1)
        #expect(world.int(world.run(ClassID.void, 4, .null, [Ref(int: 0)])) == 0)
        #expect(world.thrown(world.run(ClassID.void, 4, .null)) == "sys: need more parameters")
        #expect(world.text(world.run(ClassID.void, 5, .null)) == "(void)")
        #expect(world.text(world.run(ClassID.void, 6, .null)) == "<void>")
        #expect(world.text(world.run(ClassID.void, 7, .null)) == "(void)")
        for ordinal in 8...13 {
            #expect(world.thrown(world.run(ClassID.void, ordinal, .null)) == "invalid syscall called")
        }
        #expect(world.int(world.run(ClassID.void, 14, .null)) == 0)
        #expect(world.int(world.run(ClassID.void, 15, .null)) == 0)
        #expect(world.finish() == [])
    }

    @Test func getClassReturnsAnOwnedReference() throws {
        let world = try World()
        let vm = world.vm
        let stringClass = vm.classes[ClassID.string]
        let before = vm.heap.refCount(stringClass)
        let s = try world.string("x")
        #expect(world.value(world.run(ClassID.string, 2, s)) == stringClass)
        #expect(vm.heap.refCount(stringClass) == before + 1)
        #expect(world.value(world.run(ClassID.int, 2, Ref(int: 7))) == vm.classes[ClassID.int])
        #expect(world.finish() == [])
        #expect(vm.heap.refCount(stringClass) == before)
    }

    @Test func internalObjectsShowTheirFixedText() throws {
        let world = try World()
        let vm = world.vm
        let array = world.hold(try vm.makeArray())
        let directory = world.hold(try vm.makeDirectory())
        let binary = world.hold(try vm.heap.allocate(bytes: 4, class: vm.classes[ClassID.binary]))
        #expect(world.text(world.runDefault(ClassID.array, 5, array)) == "array")
        #expect(world.text(world.runDefault(ClassID.directory, 5, directory)) == "(directory)")
        #expect(world.text(world.runDefault(ClassID.binary, 5, binary)) == "(binary)")
        #expect(world.text(world.runDefault(ClassID.class, 5, vm.classes[ClassID.tty])) == "class")
        #expect(world.text(world.runDefault(ClassID.boot, 5, vm.bootObject)) == "bootstrap")
        // The VM's own classless objects count as void.
        #expect(world.text(world.runDefault(ClassID.void, 5, vm.root)) == "(void)")
        #expect(world.text(world.runDefault(ClassID.array, 6, array)) == "<void>")
        // Only the value classes and user objects have setImmutable.
        #expect(world.thrown(world.runDefault(ClassID.array, 14, array)) == "invalid syscall called")
        #expect(!vm.heap.isImmutable(array))
        // hashCode of a raw object: PJW over its data bytes.
        #expect(world.int(world.runDefault(ClassID.binary, 15, binary)) == 0)
        #expect(world.finish() == [])
    }

    @Test func userObjectsUseTheVoidDefaultsForEveryOrdinal() throws {
        let world = try World()
        let vm = world.vm
        let (cls, object) = try world.userObject(".test.point")
        let (_, other) = try world.userObject(".test.other")
        #expect(world.value(world.runDefault(-1, 0, object)) == .null)
        #expect(world.value(world.runDefault(-1, 2, object)) == cls)
        #expect(world.thrown(world.runDefault(-1, 3, object)) == "void clone called")
        #expect(world.int(world.runDefault(-1, 4, object, [object])) == 1)
        #expect(world.int(world.runDefault(-1, 4, object, [other])) == 0)
        #expect(world.text(world.runDefault(-1, 5, object)) == "(.test.point)")
        #expect(world.text(world.runDefault(-1, 6, object)) == "<void>")
        #expect(world.thrown(world.runDefault(-1, 8, object)) == "invalid syscall called")
        // hashCode: PJW over the 8 little-endian bytes of the offset (identity).
        let offsetBytes = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(object.offset) >> (8 * $0)) }
        let expected = Int(Int32(bitPattern: VM<TestPlatform>.pjwHash(offsetBytes)))
        #expect(world.int(world.runDefault(-1, 15, object)) == expected)
        #expect(world.int(world.runDefault(-1, 15, object)) != world.int(world.runDefault(-1, 15, other)))
        #expect(world.int(world.runDefault(-1, 14, object)) == 0)
        #expect(vm.heap.isImmutable(object))
        #expect(vm.displayBytes(object) == Array("(.test.point)".utf8))
        #expect(world.finish() == [])
    }

    @Test func hashCodeIsPJWOverTheDataArea() throws {
        let world = try World()
        // By hand: bytes 01 00 00 00 give h = 1, 16, 256, 4096.
        #expect(world.int(world.run(ClassID.int, 15, Ref(int: 1))) == 4096)
        let intBytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        let minusOne = Int(Int32(bitPattern: VM<TestPlatform>.pjwHash(intBytes)))
        #expect(world.int(world.run(ClassID.int, 15, Ref(int: -1))) == minusOne)
        let s = try world.string("abc")
        let stringBytes: [UInt8] = [3, 0, 0, 0, 0x61, 0x62, 0x63]
        #expect(world.int(world.run(ClassID.string, 15, s)) == Int(VM<TestPlatform>.pjwHash(stringBytes)))
        let long = try world.long(0x0102)
        #expect(world.int(world.run(ClassID.long, 15, long)) == Int(VM<TestPlatform>.pjwHash([2, 1, 0, 0, 0, 0, 0, 0])))
        let float = try world.float(1)
        let floatBytes: [UInt8] = [0, 0, 0x80, 0x3F]
        #expect(world.int(world.run(ClassID.float, 15, float)) == Int(VM<TestPlatform>.pjwHash(floatBytes)))
        #expect(world.finish() == [])
    }

    @Test func setImmutableMarksValueObjects() throws {
        let world = try World()
        let s = try world.string("x")
        let long = try world.long(5)
        #expect(world.int(world.run(ClassID.string, 14, s)) == 0)
        #expect(world.int(world.run(ClassID.long, 14, long)) == 0)
        #expect(world.int(world.run(ClassID.int, 14, Ref(int: 3))) == 0)
        #expect(world.vm.heap.isImmutable(long))
        #expect(world.finish() == [])
    }

    // MARK: - Numbers

    @Test func ints() throws {
        let world = try World()
        let three = Ref(int: 3)
        #expect(world.value(world.run(ClassID.int, 3, three)) == three)
        #expect(world.int(world.run(ClassID.int, 4, three, [Ref(int: 3)])) == 1)
        #expect(world.int(world.run(ClassID.int, 4, three, [Ref(int: 4)])) == 0)
        #expect(world.int(world.run(ClassID.int, 4, three, [try world.long(3)])) == 0)
        #expect(world.int(world.run(ClassID.int, 4, three, [.null])) == 0)
        #expect(world.thrown(world.run(ClassID.int, 4, three)) == "sys: need more parameters")
        #expect(world.text(world.run(ClassID.int, 5, Ref(int: -42))) == "-42")
        #expect(world.text(world.run(ClassID.int, 5, Ref(int: Int(Int32.min)))) == "-2147483648")
        for value in [0, 9, 10, -1, 99, 100, Int(Int32.max)] {
            #expect(world.text(world.run(ClassID.int, 5, Ref(int: value))) == String(value))
        }
        #expect(world.text(world.run(ClassID.int, 6, Ref(int: 7))) == "<int>7</int>")
        #expect(world.text(world.run(ClassID.int, 7, three)) == "(void)")
        #expect(world.thrown(world.run(ClassID.int, 9, three)) == "invalid syscall called")
        #expect(world.finish() == [])
    }

    @Test func longs() throws {
        let world = try World()
        let vm = world.vm
        let big = try world.long(Int64.min)
        let copy = world.value(world.run(ClassID.long, 3, big))
        #expect(copy != big && world.isClass(copy, ClassID.long))
        #expect(Int64(bitPattern: vm.raw64(of: copy)) == Int64.min)
        #expect(vm.heap.isImmutable(copy))
        #expect(world.int(world.run(ClassID.long, 4, big, [copy])) == 1)
        #expect(world.int(world.run(ClassID.long, 4, big, [try world.long(0)])) == 0)
        #expect(world.int(world.run(ClassID.long, 4, try world.long(1), [Ref(int: 1)])) == 0)
        #expect(world.int(world.run(ClassID.long, 4, try world.long(1), [try world.double(1)])) == 0)
        #expect(world.text(world.run(ClassID.long, 5, big)) == "-9223372036854775808")
        #expect(world.text(world.run(ClassID.long, 5, try world.long(Int64.max))) == "9223372036854775807")
        #expect(world.text(world.run(ClassID.long, 5, try world.long(0))) == "0")
        #expect(world.text(world.run(ClassID.long, 6, try world.long(Int64.max))) == "<long>9223372036854775807</long>")
        #expect(world.finish() == [])
    }

    @Test func floatsAndDoubles() throws {
        let world = try World()
        let vm = world.vm
        let half = try world.float(3.5)
        #expect(world.text(world.run(ClassID.float, 5, half)) == "3.500000")
        #expect(world.text(world.run(ClassID.float, 6, half)) == "<float>3.500000</float>")
        #expect(world.text(world.run(ClassID.float, 5, try world.float(0.1))) == "0.100000")
        #expect(world.text(world.run(ClassID.float, 5, try world.float(.greatestFiniteMagnitude)))
            == "340282346638528859811704183484516925440.000000")
        let small = try world.double(-0.0001)
        #expect(world.text(world.run(ClassID.double, 5, small)) == "-0.000100")
        #expect(world.text(world.run(ClassID.double, 6, small)) == "<double>-0.000100</double>")
        let copy = world.value(world.run(ClassID.double, 3, small))
        #expect(copy != small && world.isClass(copy, ClassID.double))
        #expect(world.int(world.run(ClassID.double, 4, small, [copy])) == 1)
        #expect(Double(bitPattern: vm.raw64(of: copy)) == -0.0001)
        let floatCopy = world.value(world.run(ClassID.float, 3, half))
        #expect(world.isClass(floatCopy, ClassID.float) && Float(bitPattern: vm.raw32(of: floatCopy)) == 3.5)
        // Numeric comparison, as C's ==: NaN equals nothing, zeros of both signs are equal.
        let nan = try world.double(.nan)
        #expect(world.int(world.run(ClassID.double, 4, nan, [nan])) == 0)
        #expect(world.int(world.run(ClassID.double, 4, try world.double(0), [try world.double(-0.0)])) == 1)
        #expect(world.int(world.run(ClassID.float, 4, try world.float(1), [try world.double(1)])) == 0)
        #expect(world.int(world.run(ClassID.float, 4, try world.float(1), [try world.float(1)])) == 1)
        #expect(world.finish() == [])
    }

    /// double.16 sqrt (our extension): IEEE's correctly rounded root, a new box; only
    /// doubles have it.
    @Test func doubleSquareRoot() throws {
        let world = try World()
        let vm = world.vm
        for (a, root) in [(2.0, 2.0.squareRoot()), (1e-300, 1e-150), (0.0, 0.0), (-0.0, -0.0), (.infinity, .infinity)] {
            let result = world.value(world.run(ClassID.double, 16, try world.double(a)))
            #expect(world.isClass(result, ClassID.double))
            #expect(Double(bitPattern: vm.raw64(of: result)) == root)
            #expect(Double(bitPattern: vm.raw64(of: result)).sign == root.sign)
        }
        let negative = world.value(world.run(ClassID.double, 16, try world.double(-1)))
        #expect(Double(bitPattern: vm.raw64(of: negative)).isNaN)
        #expect(world.thrown(world.run(ClassID.float, 16, try world.float(4)))?.contains("no method 16") == true)
        #expect(world.thrown(world.run(ClassID.long, 16, try world.long(4)))?.contains("no method 16") == true)
        #expect(world.finish() == [])
    }

    @Test(arguments: [
        (0.0, "0.000000"), (-0.0, "-0.000000"), (1.0, "1.000000"), (3.5, "3.500000"),
        (-0.0001, "-0.000100"), (123456.789, "123456.789000"), (1e20, "100000000000000000000.000000"),
        (0.0000005, "0.000000"), (0.0000015, "0.000002"), (0.9999995, "1.000000"), (0.99999949, "0.999999"),
        (0.0078125, "0.007812"), (0.0234375, "0.023438"), (2.5e-7, "0.000000"), (-1e-9, "-0.000000"),
        (Double.leastNonzeroMagnitude, "0.000000"), (Double.infinity, "inf"), (-Double.infinity, "-inf"),
        (Double.nan, "nan"),
        (9007199254740993.0, "9007199254740992.000000"), (1e-6, "0.000001"),
    ])
    func fixedFormat(value: Double, expected: String) throws {
        let world = try World()
        #expect(world.text(world.run(ClassID.double, 5, try world.double(value))) == expected)
        #expect(world.finish() == [])
    }

    #if canImport(Glibc)
    @Test func fixedFormatMatchesGlibc() throws {
        let world = try World()
        let vm = world.vm
        #expect(cFormat(-3.5) == "-3.500000")  // the reference itself works
        var random = TestRandom(state: 0x9E37_79B9_7F4A_7C15)
        var values: [Double] = [.greatestFiniteMagnitude, .leastNormalMagnitude, 1e300, 1e-300, 0.5e-6, 1.5e-6]
        for _ in 0..<1500 {
            values.append(Double(bitPattern: random.next()))
            // Magnitudes where the six digits matter, and exact ties of 2^-k.
            let scale = Double(sign: .plus, exponent: -random.below(80), significand: 1)
            let scaled = Double(Int64(bitPattern: random.next()) >> 11) * scale
            values.append(scaled)
        }
        for k in 1...30 { values.append(Double(2 * random.below(1 << 20) + 1) / Double(1 << k)) }
        var mismatches = 0
        for value in values where !value.isNaN {
            let box = try vm.makeDouble(value)
            defer { vm.heap.release(box) }
            let ours = world.text(world.run(ClassID.double, 5, box))
            let theirs = cFormat(value)
            if ours != theirs {
                mismatches += 1
                if mismatches < 5 { Issue.record("\(value.bitPattern): ours \(ours), glibc \(theirs)") }
            }
        }
        #expect(mismatches == 0)
        #expect(world.finish() == [])
    }
    #endif

    // MARK: - Strings: basic methods

    @Test func substring() throws {
        let world = try World()
        let hello = try world.string("hello")
        let empty = try world.string("")
        func sub(_ this: Ref, _ args: [Ref]) -> NativeResult { world.run(ClassID.string, 8, this, args) }
        #expect(world.text(sub(hello, [Ref(int: 1), Ref(int: 3)])) == "ell")
        #expect(world.text(sub(hello, [Ref(int: 1), Ref(int: 100)])) == "ello")
        #expect(world.text(sub(hello, [Ref(int: 0), Ref(int: 0)])) == "")
        #expect(world.text(sub(hello, [Ref(int: 4), Ref(int: 1)])) == "o")
        #expect(world.thrown(sub(hello, [Ref(int: 5), Ref(int: 1)])) == "string.substring index is out of bounds")
        #expect(world.thrown(sub(hello, [Ref(int: -1), Ref(int: 1)])) == "string.substring index is out of bounds")
        #expect(world.thrown(sub(empty, [Ref(int: 0), Ref(int: 0)])) == "string.substring index is out of bounds")
        #expect(world.thrown(sub(hello, [Ref(int: 1), Ref(int: -1)])) == "string.substring length is negative")
        #expect(world.thrown(sub(hello, [hello, Ref(int: 1)])) == "not an integer arg")
        #expect(world.thrown(sub(hello, [Ref(int: 1)])) == "sys: need more parameters")
        #expect(world.finish() == [])
    }

    @Test func charAtLengthAndConcat() throws {
        let world = try World()
        let word = try world.string("h\u{E9}")  // 'h', 0xC3, 0xA9
        #expect(world.int(world.run(ClassID.string, 9, word, [Ref(int: 0)])) == 0x68)
        #expect(world.int(world.run(ClassID.string, 9, word, [Ref(int: 1)])) == 0xC3)
        #expect(world.int(world.run(ClassID.string, 9, word, [Ref(int: 2)])) == 0xA9)
        let outOfBounds = "string.charAt index is out of bounds"
        #expect(world.thrown(world.run(ClassID.string, 9, word, [Ref(int: 3)])) == outOfBounds)
        #expect(world.thrown(world.run(ClassID.string, 9, word, [Ref(int: -1)])) == outOfBounds)
        #expect(world.thrown(world.run(ClassID.string, 9, word, [.null])) == "not an integer arg")
        #expect(world.thrown(world.run(ClassID.string, 9, word)) == "sys: need more parameters")
        #expect(world.int(world.run(ClassID.string, 11, word)) == 3)
        #expect(world.int(world.run(ClassID.string, 11, try world.string(""))) == 0)
        let foo = try world.string("foo")
        let joined = world.value(world.run(ClassID.string, 10, foo, [try world.string("bar")]))
        #expect(world.describe(joined) == "foobar" && world.vm.heap.isImmutable(joined))
        #expect(world.text(world.run(ClassID.string, 10, foo, [try world.string("")])) == "foo")
        #expect(world.thrown(world.run(ClassID.string, 10, foo, [Ref(int: 1)])) == "not a string arg")
        #expect(world.thrown(world.run(ClassID.string, 10, foo, [.null])) == "not a string arg")
        #expect(world.thrown(world.run(ClassID.string, 13, foo)) == "invalid syscall called")
        #expect(world.finish() == [])
    }

    @Test func strstr() throws {
        let world = try World()
        let text = try world.string("hello world")
        func find(_ needle: String) throws -> Int? {
            world.int(world.run(ClassID.string, 12, text, [try world.string(needle)]))
        }
        #expect(try find("o") == 4)
        #expect(try find("world") == 6)
        #expect(try find("hello world") == 0)
        #expect(try find("") == 0)
        #expect(try find("xyz") == -1)
        #expect(try find("hello world!") == -1)
        #expect(try find("ld") == 9)
        #expect(world.thrown(world.run(ClassID.string, 12, text, [Ref(int: 0)])) == "not a string arg")
        #expect(world.finish() == [])
    }

    @Test func stringIdentityMethods() throws {
        let world = try World()
        let vm = world.vm
        let abc = try world.string("abc")
        let before = vm.heap.refCount(abc)
        #expect(world.value(world.run(ClassID.string, 5, abc)) == abc)
        #expect(vm.heap.refCount(abc) == before + 1)
        let copy = world.value(world.run(ClassID.string, 3, abc))
        #expect(copy != abc && world.describe(copy) == "abc")
        #expect(world.int(world.run(ClassID.string, 4, abc, [copy])) == 1)
        #expect(world.int(world.run(ClassID.string, 4, abc, [try world.string("abd")])) == 0)
        #expect(world.int(world.run(ClassID.string, 4, abc, [try world.string("ab")])) == 0)
        #expect(world.int(world.run(ClassID.string, 4, abc, [.null])) == 0)
        #expect(world.int(world.run(ClassID.string, 4, abc, [Ref(int: 0)])) == 0)
        #expect(world.int(world.run(ClassID.string, 15, abc)) == world.int(world.run(ClassID.string, 15, copy)))
        #expect(world.text(world.run(ClassID.string, 6, abc)) == "<void>")
        #expect(world.finish() == [])
    }

    // MARK: - Strings: conversions

    @Test(arguments: [
        ("42", 42), ("  -17abc", -17), ("+8", 8), ("abc", 0), ("", 0), ("\t\n\u{0B}\u{0C}\r 12", 12),
        ("- 5", 0), ("--5", 0), ("2147483647", 2_147_483_647), ("2147483648", -2_147_483_648),
        ("4294967297", 1), ("-2147483649", 2_147_483_647), ("007", 7), ("1e3", 1), ("12 34", 12),
    ])
    func toInt(text: String, expected: Int) throws {
        let world = try World()
        #expect(world.int(world.run(ClassID.string, 16, try world.string(text))) == expected)
        #expect(world.finish() == [])
    }

    @Test func toLong() throws {
        let world = try World()
        let vm = world.vm
        for (text, expected) in [
            ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min), (" 123x", 123),
            ("9223372036854775808", Int64.min), ("x", 0), ("4294967296", 4_294_967_296),
        ] {
            let result = world.value(world.run(ClassID.string, 17, try world.string(text)))
            #expect(world.isClass(result, ClassID.long), "\(text)")
            #expect(Int64(bitPattern: vm.raw64(of: result)) == expected, "\(text)")
        }
        #expect(world.finish() == [])
    }

    @Test func toFloat() throws {
        let world = try World()
        let vm = world.vm
        func parse(_ text: String) throws -> Float {
            let result = world.value(world.run(ClassID.string, 18, try world.string(text)))
            #expect(world.isClass(result, ClassID.float), "\(text)")
            return Float(bitPattern: vm.raw32(of: result))
        }
        #expect(try parse("3.5") == 3.5)
        #expect(try parse("  -1e3xyz") == -1000)
        #expect(try parse("abc") == 0)
        #expect(try parse(".5") == 0.5)
        #expect(try parse("5.") == 5)
        #expect(try parse("1e") == 1)
        #expect(try parse("1e+") == 1)
        #expect(try parse("0.1") == 0.1)
        #expect(try parse("inf") == .infinity)
        #expect(try parse("-Infinity") == -.infinity)
        #expect(try parse("NaN").isNaN)
        #expect(try parse("1e40") == .infinity)
        #expect(try parse("1e-50") == 0)
        #expect(try parse("-1e-50").sign == .minus)
        #expect(try parse("3.4028235e38") == .greatestFiniteMagnitude)
        #expect(try parse("1.4e-45") == .leastNonzeroMagnitude)
        #expect(try parse("1.17549435e-38") == .leastNormalMagnitude)
        #expect(try parse("16777217") == 16_777_216)  // a tie, to even
        #expect(try parse("16777219") == 16_777_220)
        #expect(world.finish() == [])
    }

    @Test func toDoubleEdges() throws {
        let world = try World()
        let vm = world.vm
        func parse(_ text: String) throws -> Double {
            let result = world.value(world.run(ClassID.string, 19, try world.string(text)))
            #expect(world.isClass(result, ClassID.double), "\(text)")
            return Double(bitPattern: vm.raw64(of: result))
        }
        #expect(try parse("-2.5e1") == -25)
        #expect(try parse("0.1") == 0.1)
        #expect(try parse("9007199254740993") == 9_007_199_254_740_992)
        #expect(try parse("1.7976931348623157e308") == .greatestFiniteMagnitude)
        #expect(try parse("1.7976931348623159e308") == .infinity)
        #expect(try parse("4.9406564584124654e-324") == .leastNonzeroMagnitude)
        #expect(try parse("2.4703282292062327e-324") == 0)
        #expect(try parse("2.4703282292062328e-324") == .leastNonzeroMagnitude)
        #expect(try parse("2.2250738585072011e-308") == Double(bitPattern: 0x000F_FFFF_FFFF_FFFF))  // largest subnormal
        #expect(try parse("1e99999999999999999999") == .infinity)
        #expect(try parse("1e-99999999999999999999") == 0)
        #expect(try parse("0e500") == 0)
        #expect(try parse("0." + String(repeating: "0", count: 400) + "1e401") == 1)
        // Beyond 800 significant digits a nonzero tail still breaks a tie upwards:
        // 2^53 + 1 followed by many zeros then a 1 is just above the halfway point.
        let tie = "9007199254740993" + String(repeating: "0", count: 900)
        #expect(try parse(tie + "e-900") == 9_007_199_254_740_992)
        #expect(try parse(tie + "1e-901") == 9_007_199_254_740_994)
        #expect(world.finish() == [])
    }

    @Test func toDoubleMatchesSwiftsParser() throws {
        let world = try World()
        let vm = world.vm
        var random = TestRandom(state: 0x1234_5678_9ABC_DEF1)
        var mismatches = 0
        for round in 0..<3000 {
            let text: String
            if round % 2 == 0 {
                // The shortest text of a random double: hard cases sit near halfway points.
                var value = Double(bitPattern: random.next())
                if !value.isFinite { value = 1 }
                text = "\(value)"
            } else {
                let digits = (0..<(1 + random.below(30))).map { _ in String(random.below(10)) }.joined()
                let point = random.below(digits.count + 1)
                text = "\(digits.prefix(point)).\(digits.dropFirst(point))e\(random.below(700) - 350)"
            }
            let result = world.value(world.run(ClassID.string, 19, try world.string(text)))
            let ours = vm.raw64(of: result)
            let theirs = Double(text)?.bitPattern
            let floatResult = world.value(world.run(ClassID.string, 18, try world.string(text)))
            let oursFloat = vm.raw32(of: floatResult)
            let theirsFloat = Float(text)?.bitPattern
            if ours != theirs || oursFloat != theirsFloat {
                mismatches += 1
                if mismatches < 5 {
                    Issue.record("\(text): ours \(ours) \(oursFloat), Swift \(theirs ?? 0) \(theirsFloat ?? 0)")
                }
            }
        }
        #expect(mismatches == 0)
        #expect(world.finish() == [])
    }

    // MARK: - parseJson

    @Test func parseJsonBuildsATree() throws {
        let world = try World()
        let vm = world.vm
        let source = """
             {"a": 1, "b": [true, false, null, "x\\n\\u00e9\\ud83d\\ude00\\/"], "c": {"d": -2.5e1, "e": []},
              "big": 3000000000, "huge": 1e400, "neg": -2147483648, "wide": 99999999999999999999, "a": 2} \t\r\n
            """
        let tree = world.value(world.run(ClassID.string, 20, try world.string(source)))
        #expect(world.isClass(tree, ClassID.directory))
        #expect(vm.directoryCount(tree) == 7)
        let a = try #require(vm.directoryGet(tree, Array("a".utf8)))  // the last of a repeated key
        #expect(world.isClass(a, ClassID.long) && vm.raw64(of: a) == 2)
        let list = try #require(vm.directoryGet(tree, Array("b".utf8)))
        #expect(world.isClass(list, ClassID.array) && vm.arraySize(list) == 4)
        #expect(vm.arrayGet(list, 0) == Ref(int: 1))
        #expect(vm.arrayGet(list, 1) == Ref(int: 0))
        #expect(vm.arrayGet(list, 2) == .null)
        #expect(vm.bytes(of: vm.arrayGet(list, 3)) == Array("x\n\u{E9}\u{1F600}/".utf8))
        let inner = try #require(vm.directoryGet(tree, Array("c".utf8)))
        let d = try #require(vm.directoryGet(inner, Array("d".utf8)))
        #expect(world.isClass(d, ClassID.double) && Double(bitPattern: vm.raw64(of: d)) == -25)
        let e = try #require(vm.directoryGet(inner, Array("e".utf8)))
        #expect(world.isClass(e, ClassID.array) && vm.arraySize(e) == 0)
        let big = try #require(vm.directoryGet(tree, Array("big".utf8)))
        #expect(world.isClass(big, ClassID.long) && vm.raw64(of: big) == 3_000_000_000)
        let huge = try #require(vm.directoryGet(tree, Array("huge".utf8)))
        #expect(Double(bitPattern: vm.raw64(of: huge)) == .infinity)
        let neg = try #require(vm.directoryGet(tree, Array("neg".utf8)))
        #expect(world.isClass(neg, ClassID.long) && vm.raw64(of: neg) == UInt64(bitPattern: -2_147_483_648))
        let wide = try #require(vm.directoryGet(tree, Array("wide".utf8)))
        #expect(world.isClass(wide, ClassID.double) && Double(bitPattern: vm.raw64(of: wide)) == 1e20)
        #expect(world.finish() == [])
    }

    @Test func parseJsonLeaves() throws {
        let world = try World()
        func parse(_ text: String) throws -> Ref { world.value(world.run(ClassID.string, 20, try world.string(text))) }
        let answer = try parse("42")
        #expect(world.isClass(answer, ClassID.long) && world.vm.raw64(of: answer) == 42)
        let zero = try parse(" -0 ")
        #expect(world.isClass(zero, ClassID.long) && world.vm.raw64(of: zero) == 0)
        #expect(try parse("null") == .null)
        #expect(try parse("true") == Ref(int: 1))
        #expect(world.describe(try parse("\"\"")) == "")
        #expect(world.isClass(try parse("1.0"), ClassID.double))
        #expect(world.isClass(try parse("1E2"), ClassID.double))
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(world.isClass(try parse(deep), ClassID.array))
        #expect(world.finish() == [])
    }

    @Test(arguments: [
        ("", "json: unexpected end at 0"), ("   ", "json: unexpected end at 3"),
        ("[1,]", "json: unexpected character at 3"), ("{\"a\" 1}", "json: expected ':' at 5"),
        ("[1 2]", "json: expected ',' or ']' at 3"), ("{\"a\":1 \"b\":2}", "json: expected ',' or '}' at 7"),
        ("01", "json: trailing characters at 1"), ("1.", "json: invalid number at 2"),
        ("-", "json: invalid number at 1"), ("1e+", "json: invalid number at 3"),
        (".5", "json: unexpected character at 0"),
        ("\"abc", "json: unexpected end at 4"), ("\"\\x\"", "json: invalid escape at 2"),
        ("\"\\u12G4\"", "json: invalid unicode escape at 5"), ("\"\\ud800\"", "json: unpaired surrogate at 1"),
        ("\"\\ud800\\u0041\"", "json: unpaired surrogate at 1"), ("\"\\udc00\"", "json: unpaired surrogate at 1"),
        ("tru", "json: unexpected character at 0"), ("nul", "json: unexpected character at 0"),
        ("{\"a\":1,}", "json: expected a string key at 7"), ("{1:2}", "json: expected a string key at 1"),
        ("\"a\u{1}b\"", "json: control character in string at 2"), ("[[[", "json: unexpected end at 3"),
        ("{\"a\":[1,{\"b\":[\"c\",}]}", "json: unexpected character at 18"),
        ("[1] x", "json: trailing characters at 4"),
        ("'a'", "json: unexpected character at 0"),
    ])
    func parseJsonErrors(text: String, expected: String) throws {
        let world = try World()
        #expect(world.thrown(world.run(ClassID.string, 20, try world.string(text))) == expected)
        // The partial tree was released.
        #expect(world.finish() == [])
    }

    @Test func parseJsonLimitsNesting() throws {
        let world = try World()
        let text = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(world.thrown(world.run(ClassID.string, 20, try world.string(text))) == "json: nesting too deep at 256")
        #expect(world.finish() == [])
    }

    // MARK: - Display and memory

    @Test func displayBytes() throws {
        let world = try World()
        let vm = world.vm
        func shown(_ value: Ref) -> String { String(decoding: vm.displayBytes(value), as: UTF8.self) }
        #expect(shown(try world.string("raw \u{1}")) == "raw \u{1}")
        #expect(shown(Ref(int: -5)) == "-5")
        #expect(shown(.null) == "(void)")
        #expect(shown(try world.long(1 << 40)) == "1099511627776")
        #expect(shown(try world.float(1.5)) == "1.500000")
        #expect(shown(try world.double(-2)) == "-2.000000")
        #expect(shown(world.hold(try vm.makeArray())) == "array")
        #expect(shown(vm.classes[ClassID.string]) == "class")
        #expect(world.finish() == [])
    }

    @Test func allocationFailureThrowsOutOfMemory() throws {
        let world = try World(pages: 64)
        let vm = world.vm
        let s = try world.string("abc")
        let json = try world.string("[1, [\"x\"]]")
        let long = try world.long(1)
        // Fill the space, large blocks first, then every smaller size class.
        for size in [4096, 1024, 256, 64, 16, 0] {
            while let filler = try? vm.heap.allocate(bytes: size) { world.hold(filler) }
        }
        #expect(world.thrown(world.run(ClassID.string, 10, s, [s])) == "out of memory")
        #expect(world.thrown(world.run(ClassID.string, 20, json)) == "out of memory")
        #expect(world.thrown(world.run(ClassID.long, 3, long)) == "out of memory")
        #expect(world.finish() == [])
    }
}
