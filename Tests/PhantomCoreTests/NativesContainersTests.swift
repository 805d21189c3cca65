// NativesContainersTests.swift — the natives of NativesContainers.swift (array,
// binary, bitmap, directory, class, closure, thread, world, io, placeholders) and
// `newInternalObject`, called directly through `testNative`. Every test releases what
// it got back and ends with a clean heap verify, so the ownership rules of Natives.swift
// (borrowed arguments, owned results) are checked along with the values.

import Testing
import PhantomTestSupport
@testable import PhantomCore

/// Calling natives from tests: results are checked and unwrapped here.
extension VM where P == TestPlatform {
    /// The value a native returns (owned by the caller); records an issue on a throw.
    fileprivate func returned(
        _ table: Int, _ ordinal: Int, _ this: Ref, _ args: [Ref] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Ref {
        switch testNative(table, ordinal, this: this, args) {
        case .value(let value):
            return value
        case .thrown(let error):
            Issue.record("threw '\(isString(error) ? text(of: error) : "\(error)")'", sourceLocation: sourceLocation)
            heap.release(error)
            return .null
        case .block:
            Issue.record("blocked", sourceLocation: sourceLocation)
            return .null
        }
    }

    /// The int a native returns, or nil (with an issue) for anything else.
    fileprivate func returnedInt(
        _ table: Int, _ ordinal: Int, _ this: Ref, _ args: [Ref] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Int? {
        let value = returned(table, ordinal, this, args, sourceLocation: sourceLocation)
        guard value.isInt else {
            Issue.record("returned \(value), not an int", sourceLocation: sourceLocation)
            heap.release(value)
            return nil
        }
        return value.intValue
    }

    /// The message a native throws (the thrown string is released), or nil with an issue.
    fileprivate func thrownMessage(
        _ table: Int, _ ordinal: Int, _ this: Ref, _ args: [Ref] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> String? {
        switch testNative(table, ordinal, this: this, args) {
        case .value(let value):
            Issue.record("returned \(value) instead of throwing", sourceLocation: sourceLocation)
            heap.release(value)
            return nil
        case .thrown(let error):
            defer { heap.release(error) }
            return isString(error) ? text(of: error) : "\(error)"
        case .block:
            Issue.record("blocked", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// The object `new` makes of an internal class (owned).
    fileprivate func created(_ id: Int, sourceLocation: SourceLocation = #_sourceLocation) -> Ref {
        guard case .value(let object) = newInternalObject(id) else {
            Issue.record("new \(InternalClass.table[id].name) failed", sourceLocation: sourceLocation)
            return .null
        }
        return object
    }

    fileprivate func string(_ text: String) throws -> Ref { try makeString(text) }

    fileprivate func binary(_ bytes: [UInt8]) throws -> Ref {
        let object = try heap.allocate(bytes: bytes.count, class: classes[ClassID.binary])
        bytes.withUnsafeBytes { heap.storeBytes(object, at: 0, from: $0) }
        return object
    }

    /// The elements of an array, as stored (not retained).
    fileprivate func elements(_ array: Ref) -> [Ref] { (0..<arraySize(array)).map { arrayGet(array, $0) } }

    /// The texts of an array of strings.
    fileprivate func texts(_ array: Ref) -> [String] { elements(array).map { text(of: $0) } }
}

/// A PPM P6 file: `header` then the raster bytes.
private func ppm(_ header: String, _ raster: [UInt8]) -> [UInt8] { Array(header.utf8) + raster }

@Suite struct NativesContainersTests {
    // MARK: - Array

    @Test func arraySetGetAndSize() throws {
        let (vm, _) = try makeTestVM()
        let array = vm.created(ClassID.array)
        let hello = try vm.string("hello")
        #expect(vm.returnedInt(ClassID.array, 12, array) == 0)

        // set(value, index): value first; it is returned (owned) and stored.
        let back = vm.returned(ClassID.array, 11, array, [hello, Ref(int: 3)])
        #expect(back == hello)
        vm.heap.release(back)
        #expect(vm.returnedInt(ClassID.array, 12, array) == 4)
        for gap in 0..<3 { #expect(vm.returned(ClassID.array, 10, array, [Ref(int: gap)]) == .null) }
        let got = vm.returned(ClassID.array, 10, array, [Ref(int: 3)])
        #expect(got == hello)
        #expect(vm.heap.refCount(hello) == 3)  // ours, the array's, and `got`
        vm.heap.release(got)

        // Ints are tagged references; storing over an element releases the old one.
        #expect(vm.returned(ClassID.array, 11, array, [Ref(int: 42), Ref(int: 3)]) == Ref(int: 42))
        #expect(vm.heap.refCount(hello) == 1)
        #expect(vm.returnedInt(ClassID.array, 10, array, [Ref(int: 3)]) == 42)

        // Growth far past the capacity keeps the elements; the gap reads null.
        #expect(vm.returned(ClassID.array, 11, array, [Ref(int: 7), Ref(int: 100)]) == Ref(int: 7))
        #expect(vm.returnedInt(ClassID.array, 12, array) == 101)
        #expect(vm.returnedInt(ClassID.array, 10, array, [Ref(int: 3)]) == 42)
        #expect(vm.returned(ClassID.array, 10, array, [Ref(int: 50)]) == .null)
        #expect(vm.returnedInt(ClassID.array, 10, array, [Ref(int: 100)]) == 7)

        #expect(vm.heap.verify(externalRefs: [array, hello]) == [])
        vm.heap.release(array)
        vm.heap.release(hello)
        #expect(vm.heap.verify() == [])
    }

    @Test func arrayErrors() throws {
        let (vm, _) = try makeTestVM()
        let array = vm.created(ClassID.array)
        let word = try vm.string("x")
        _ = vm.returned(ClassID.array, 11, array, [Ref(int: 1), Ref(int: 0)])
        let outOfBounds = "array get - index is out of bounds"
        #expect(vm.thrownMessage(ClassID.array, 10, array, [Ref(int: 1)]) == outOfBounds)
        #expect(vm.thrownMessage(ClassID.array, 10, array, [Ref(int: -1)]) == outOfBounds)
        #expect(vm.thrownMessage(ClassID.array, 10, array, [word]) == "not an integer arg")
        #expect(vm.thrownMessage(ClassID.array, 10, array, []) == "sys: need more parameters")
        #expect(vm.thrownMessage(ClassID.array, 11, array, [word]) == "sys: need more parameters")
        #expect(vm.thrownMessage(ClassID.array, 11, array, [word, word]) == "not an integer arg")
        #expect(vm.thrownMessage(ClassID.array, 11, array, [word, Ref(int: -1)]) == "array set - index is out of bounds")
        #expect(vm.thrownMessage(ClassID.array, 11, array, [word, Ref(int: 1 << 40)]) == "out of memory")
        #expect(vm.thrownMessage(ClassID.array, 8, array) == "get iterator is not implemented yet")
        #expect(vm.thrownMessage(ClassID.array, 13, array) == "invalid syscall called")
        // Nothing above changed the array.
        #expect(vm.returnedInt(ClassID.array, 12, array) == 1)
        #expect(vm.heap.refCount(word) == 1)

        let frozen = vm.created(ClassID.array)
        vm.heap.makeImmutable(frozen)
        #expect(vm.thrownMessage(ClassID.array, 11, frozen, [word, Ref(int: 0)]) == "array is immutable")
        #expect(vm.returnedInt(ClassID.array, 12, frozen) == 0)

        for object in [array, word, frozen] { vm.heap.release(object) }
        #expect(vm.heap.verify() == [])
    }

    @Test func subarrayCopiesTheRange() throws {
        let (vm, _) = try makeTestVM()
        let array = vm.created(ClassID.array)
        var strings: [Ref] = []
        for i in 0..<10 {
            let s = try vm.string("s\(i)")
            strings.append(s)
            try vm.arrayAppend(array, s)
        }
        let middle = vm.returned(ClassID.array, 9, array, [Ref(int: 2), Ref(int: 5)])
        #expect(vm.texts(middle) == ["s2", "s3", "s4", "s5", "s6"])
        #expect(vm.heap.refCount(strings[2]) == 3)  // ours, the array's and the copy's
        #expect(vm.heap.refCount(strings[7]) == 2)
        // A copy: changing it leaves the original alone.
        _ = vm.returned(ClassID.array, 11, middle, [Ref(int: 0), Ref(int: 0)])
        #expect(vm.text(of: vm.arrayGet(array, 2)) == "s2")

        let all = vm.returned(ClassID.array, 9, array, [Ref(int: 0), Ref(int: 10)])
        #expect(vm.elements(all) == strings)
        let empty = vm.returned(ClassID.array, 9, array, [Ref(int: 10), Ref(int: 0)])
        #expect(vm.returnedInt(ClassID.array, 12, empty) == 0)

        let outOfBounds = "array subarray - index is out of bounds"
        for (base, length) in [(8, 3), (11, 0), (-1, 2), (0, -1), (0, 11), (Ref.intMax, 1)] {
            #expect(vm.thrownMessage(ClassID.array, 9, array, [Ref(int: base), Ref(int: length)]) == outOfBounds)
        }
        #expect(vm.thrownMessage(ClassID.array, 9, array, [Ref(int: 0)]) == "sys: need more parameters")

        #expect(vm.heap.verify(externalRefs: strings + [array, middle, all, empty]) == [])
        for object in strings + [array, middle, all, empty] { vm.heap.release(object) }
        #expect(vm.heap.verify() == [])
    }

    // MARK: - Binary

    @Test func binaryBytes() throws {
        let (vm, _) = try makeTestVM()
        let bin = try vm.binary([1, 2, 3, 4, 5, 6, 7, 8])
        #expect(vm.returnedInt(ClassID.binary, 8, bin, [Ref(int: 0)]) == 1)
        #expect(vm.returnedInt(ClassID.binary, 8, bin, [Ref(int: 7)]) == 8)
        #expect(vm.returned(ClassID.binary, 9, bin, [Ref(int: 3), Ref(int: 0x1FE)]) == .null)
        #expect(vm.returnedInt(ClassID.binary, 8, bin, [Ref(int: 3)]) == 0xFE)
        #expect(vm.returned(ClassID.binary, 9, bin, [Ref(int: 4), Ref(int: -1)]) == .null)
        #expect(vm.returnedInt(ClassID.binary, 8, bin, [Ref(int: 4)]) == 255)

        let outOfBounds = "binary index out of bounds"
        #expect(vm.thrownMessage(ClassID.binary, 8, bin, [Ref(int: 8)]) == outOfBounds)
        #expect(vm.thrownMessage(ClassID.binary, 8, bin, [Ref(int: -1)]) == outOfBounds)
        #expect(vm.thrownMessage(ClassID.binary, 9, bin, [Ref(int: 8), Ref(int: 0)]) == outOfBounds)
        #expect(vm.thrownMessage(ClassID.binary, 9, bin, [Ref(int: 0)]) == "sys: need more parameters")
        #expect(vm.thrownMessage(ClassID.binary, 8, bin, [.null]) == "not an integer arg")
        #expect(vm.bytes(of: bin) == [1, 2, 3, 0xFE, 0xFF, 6, 7, 8])

        let empty = vm.created(ClassID.binary)
        #expect(vm.heap.byteCount(empty) == 0)
        #expect(vm.thrownMessage(ClassID.binary, 8, empty, [Ref(int: 0)]) == outOfBounds)

        vm.heap.release(bin)
        vm.heap.release(empty)
        #expect(vm.heap.verify() == [])
    }

    @Test func binarySetRange() throws {
        let (vm, _) = try makeTestVM()
        let target = try vm.binary([UInt8](repeating: 0, count: 8))
        let source = try vm.binary([10, 11, 12, 13, 14])
        // setRange(from, toPos, fromPos, len)
        #expect(vm.returned(ClassID.binary, 10, target, [source, Ref(int: 2), Ref(int: 1), Ref(int: 3)]) == .null)
        #expect(vm.bytes(of: target) == [0, 0, 11, 12, 13, 0, 0, 0])
        // A zero-length copy at the very end is allowed; so is the whole source.
        #expect(vm.returned(ClassID.binary, 10, target, [source, Ref(int: 8), Ref(int: 5), Ref(int: 0)]) == .null)
        #expect(vm.returned(ClassID.binary, 10, target, [source, Ref(int: 3), Ref(int: 0), Ref(int: 5)]) == .null)
        #expect(vm.bytes(of: target) == [0, 0, 11, 10, 11, 12, 13, 14])
        // Overlapping copy within one binary behaves like memmove.
        #expect(vm.returned(ClassID.binary, 10, target, [target, Ref(int: 0), Ref(int: 2), Ref(int: 6)]) == .null)
        #expect(vm.bytes(of: target) == [11, 10, 11, 12, 13, 14, 13, 14])
        // A string is a valid source (same data layout as a binary in the original).
        let text = try vm.string("AB")
        #expect(vm.returned(ClassID.binary, 10, target, [text, Ref(int: 6), Ref(int: 0), Ref(int: 2)]) == .null)
        #expect(vm.bytes(of: target) == [11, 10, 11, 12, 13, 14, 65, 66])

        let dest = "binary copy dest index/len out of bounds"
        let src = "binary copy src index/len out of bounds"
        let cases: [(Int, Int, Int, String)] = [
            (7, 0, 2, dest), (9, 0, 0, dest), (-1, 0, 1, dest), (0, 0, -1, dest),
            (0, 4, 2, src), (0, 6, 0, src), (0, -1, 1, src), (0, 0, 6, src),
        ]
        for (to, fromPos, length, message) in cases {
            #expect(vm.thrownMessage(ClassID.binary, 10, target,
                [source, Ref(int: to), Ref(int: fromPos), Ref(int: length)]) == message, "\(to) \(fromPos) \(length)")
        }
        #expect(vm.thrownMessage(ClassID.binary, 10, target, [Ref(int: 1), Ref(int: 0), Ref(int: 0), Ref(int: 0)])
            == "not a binary arg")
        #expect(vm.thrownMessage(ClassID.binary, 10, target, [source, Ref(int: 0), Ref(int: 0)])
            == "sys: need more parameters")
        #expect(vm.bytes(of: target) == [11, 10, 11, 12, 13, 14, 65, 66])

        for object in [target, source, text] { vm.heap.release(object) }
        #expect(vm.heap.verify() == [])
    }

    // MARK: - Bitmap

    @Test func bitmapLoadsPPM() throws {
        let (vm, _) = try makeTestVM()
        let bitmap = vm.created(ClassID.bitmap)
        #expect(vm.heap.load(bitmap, slot: BitmapSlot.xsize) == Ref(int: 0))
        #expect(vm.heap.load(bitmap, slot: BitmapSlot.ysize) == Ref(int: 0))
        #expect(vm.heap.byteCount(vm.heap.load(bitmap, slot: BitmapSlot.image)) == 0)

        // 3×2, comments between tokens, trailing bytes ignored.
        let raster: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        let image = try vm.makeString(ppm("P6\n# made by hand\n3 # width\n2\n255\n", raster) + [99, 99])
        #expect(vm.returned(ClassID.bitmap, 8, bitmap, [image]) == .null)
        #expect(vm.heap.load(bitmap, slot: BitmapSlot.xsize) == Ref(int: 3))
        #expect(vm.heap.load(bitmap, slot: BitmapSlot.ysize) == Ref(int: 2))
        let pixels = vm.heap.load(bitmap, slot: BitmapSlot.image)
        #expect(vm.classOf(pixels) == vm.classes[ClassID.binary])
        #expect(vm.bytes(of: pixels) == [
            255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255,
            1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255,
        ])

        // Loading again replaces the image (the old one is freed: verify counts it).
        let small = try vm.makeString(ppm("P6 1 1 15\t", [15, 0, 5]))
        #expect(vm.returned(ClassID.bitmap, 8, bitmap, [small]) == .null)
        #expect(vm.bytes(of: vm.heap.load(bitmap, slot: BitmapSlot.image)) == [255, 0, 85, 255])
        #expect(vm.heap.load(bitmap, slot: BitmapSlot.xsize) == Ref(int: 1))

        // 16-bit samples (maxval > 255) are big-endian pairs.
        let deep = try vm.makeString(ppm("P6\r\n1 1\r\n65535\n", [0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00]))
        #expect(vm.returned(ClassID.bitmap, 8, bitmap, [deep]) == .null)
        #expect(vm.bytes(of: vm.heap.load(bitmap, slot: BitmapSlot.image)) == [255, 128, 0, 255])

        // An empty image is valid.
        let none = try vm.makeString(ppm("P6 0 0 255\n", []))
        #expect(vm.returned(ClassID.bitmap, 8, bitmap, [none]) == .null)
        #expect(vm.heap.byteCount(vm.heap.load(bitmap, slot: BitmapSlot.image)) == 0)

        #expect(vm.returned(ClassID.bitmap, 9, bitmap, [Ref(int: 0), Ref(int: 0), Ref(int: 0)]) == .null)
        for object in [bitmap, image, small, deep, none] { vm.heap.release(object) }
        #expect(vm.heap.verify() == [])
    }

    @Test(arguments: [
        ("P5 1 1 255\n", 3),          // a grey map, not P6
        ("P6 1 1 255\n", 2),          // raster too short
        ("P6 2 1 255\n", 5),
        ("P6 1 1 0\n", 3),            // maxval out of range
        ("P6 1 1 65536\n", 6),
        ("P6 1 1 255", 0),            // no whitespace after maxval
        ("P6 1 1 255#c\n", 3),
        ("P61 1 255\n", 3),           // magic runs into the width
        ("P6 1 1\n", 3),              // maxval missing
        ("P6 x 1 255\n", 3),
        ("P6 -1 1 255\n", 3),
        ("P6 99999999 1 255\n", 3),   // absurd width
        ("", 0),
        ("P", 0),
    ])
    func bitmapRejectsBadData(header: String, rasterBytes: Int) throws {
        let (vm, _) = try makeTestVM()
        let bitmap = vm.created(ClassID.bitmap)
        let data = try vm.makeString(ppm(header, [UInt8](repeating: 7, count: rasterBytes)))
        #expect(vm.thrownMessage(ClassID.bitmap, 8, bitmap, [data]) == "can not parse graphics data")
        // The bitmap is untouched.
        #expect(vm.heap.load(bitmap, slot: BitmapSlot.xsize) == Ref(int: 0))
        vm.heap.release(bitmap)
        vm.heap.release(data)
        #expect(vm.heap.verify() == [])
    }

    @Test func bitmapArgumentErrors() throws {
        let (vm, _) = try makeTestVM()
        let bitmap = vm.created(ClassID.bitmap)
        #expect(vm.thrownMessage(ClassID.bitmap, 8, bitmap, []) == "sys: need more parameters")
        #expect(vm.thrownMessage(ClassID.bitmap, 8, bitmap, [Ref(int: 6)]) == "not a string arg")
        #expect(vm.thrownMessage(ClassID.bitmap, 10, bitmap) == "invalid syscall called")
        vm.heap.release(bitmap)
        #expect(vm.heap.verify() == [])
    }

    // MARK: - Directory

    @Test func directoryBasics() throws {
        let (vm, _) = try makeTestVM()
        let dir = vm.created(ClassID.directory)
        let key = try vm.string("alpha")
        let sameKey = try vm.string("alpha")
        let one = try vm.string("one")
        let two = try vm.string("two")

        #expect(vm.returnedInt(ClassID.directory, 8, dir, [key, one]) == 0)
        #expect(vm.returnedInt(ClassID.directory, 8, dir, [sameKey, two]) == 17)  // EEXIST, old kept
        #expect(vm.heap.refCount(two) == 1)
        let got = vm.returned(ClassID.directory, 9, dir, [sameKey])
        #expect(got == one)
        vm.heap.release(got)
        #expect(vm.returnedInt(ClassID.directory, 11, dir) == 1)
        let missing = try vm.string("beta")
        #expect(vm.returned(ClassID.directory, 9, dir, [missing]) == .null)
        #expect(vm.returnedInt(ClassID.directory, 10, dir, [missing]) == 2)  // ENOENT
        #expect(vm.returnedInt(ClassID.directory, 10, dir, [sameKey]) == 0)
        #expect(vm.returnedInt(ClassID.directory, 11, dir) == 0)
        #expect(vm.heap.refCount(one) == 1)
        #expect(vm.returned(ClassID.directory, 9, dir, [key]) == .null)
        // Removed, so putting it again succeeds with the new value.
        #expect(vm.returnedInt(ClassID.directory, 8, dir, [key, two]) == 0)
        let again = vm.returned(ClassID.directory, 9, dir, [sameKey])
        #expect(again == two)
        vm.heap.release(again)
        // Ints are values too; the empty string is a key like any other.
        let blank = try vm.string("")
        #expect(vm.returnedInt(ClassID.directory, 8, dir, [blank, Ref(int: 5)]) == 0)
        #expect(vm.returnedInt(ClassID.directory, 9, dir, [blank]) == 5)

        let keys = vm.returned(ClassID.directory, 12, dir)
        #expect(Set(vm.texts(keys)) == ["alpha", ""])
        vm.heap.release(keys)

        #expect(vm.thrownMessage(ClassID.directory, 4, dir, [dir]) == "dir.equals: not implemented")
        #expect(vm.thrownMessage(ClassID.directory, 8, dir, [Ref(int: 1), one]) == "not a string arg")
        #expect(vm.thrownMessage(ClassID.directory, 8, dir, [key]) == "sys: need more parameters")
        #expect(vm.thrownMessage(ClassID.directory, 9, dir, [.null]) == "not a string arg")
        #expect(vm.thrownMessage(ClassID.directory, 10, dir, []) == "sys: need more parameters")
        #expect(vm.thrownMessage(ClassID.directory, 13, dir) == "invalid syscall called")

        let held = [dir, key, sameKey, one, two, missing, blank]
        #expect(vm.heap.verify(externalRefs: held) == [])
        for object in held { vm.heap.release(object) }
        #expect(vm.heap.verify() == [])
    }

    /// Many puts, gets and removes over a small key space, so the table grows and
    /// removals shift probe runs; every answer is compared with a Swift dictionary.
    @Test func directoryMatchesADictionaryModel() throws {
        let (vm, _) = try makeTestVM(pages: 16384)
        let dir = vm.created(ClassID.directory)
        var random = SeededRandom(seed: 0x5EED_D1C7)
        var model: [String: Int] = [:]
        var keys: [Ref] = []
        // Short keys with shared prefixes collide often in the low bits of the PJW hash.
        for i in 0..<300 { keys.append(try vm.string(i % 3 == 0 ? "k\(i)" : "key/\(i % 7)/\(i)")) }
        for step in 0..<6000 {
            let k = Int(random.next(upperBound: UInt64(keys.count)))
            let name = vm.text(of: keys[k])
            switch random.next(upperBound: UInt64(10)) {
            case 0...3:
                let expected = model[name] == nil ? 0 : 17
                #expect(vm.returnedInt(ClassID.directory, 8, dir, [keys[k], Ref(int: step)]) == expected)
                if model[name] == nil { model[name] = step }
            case 4...6:
                #expect(vm.returnedInt(ClassID.directory, 10, dir, [keys[k]]) == (model[name] == nil ? 2 : 0))
                model[name] = nil
            default:
                let value = vm.returned(ClassID.directory, 9, dir, [keys[k]])
                #expect(value == (model[name].map { Ref(int: $0) } ?? .null), "step \(step) key \(name)")
            }
            if step % 500 == 0 { #expect(vm.returnedInt(ClassID.directory, 11, dir) == model.count) }
        }
        // Every key the model holds is found, every other is absent.
        for key in keys {
            let value = vm.returned(ClassID.directory, 9, dir, [key])
            #expect(value == (model[vm.text(of: key)].map { Ref(int: $0) } ?? .null))
        }
        let listed = vm.returned(ClassID.directory, 12, dir)
        #expect(vm.texts(listed).sorted() == model.keys.sorted())
        #expect(vm.heap.slotCount(vm.heap.load(dir, slot: DirectorySlot.keys)) > 8)  // it grew
        vm.heap.release(listed)
        #expect(vm.heap.verify(externalRefs: keys + [dir]) == [])

        // Emptying it entirely leaves only our references to the keys.
        for name in model.keys {
            let key = try vm.string(name)
            #expect(vm.returnedInt(ClassID.directory, 10, dir, [key]) == 0)
            vm.heap.release(key)
        }
        #expect(vm.returnedInt(ClassID.directory, 11, dir) == 0)
        for key in keys { #expect(vm.heap.refCount(key) == 1) }
        for object in keys + [dir] { vm.heap.release(object) }
        #expect(vm.heap.verify() == [])
    }

    // MARK: - Class

    @Test func classStatics() throws {
        let (vm, _) = try makeTestVM()
        let cls = try vm.install(ClassFile(name: ".test.statics", objectSlots: 1))
        let internalClass = vm.classes[ClassID.directory]
        let value = try vm.string("static")
        for target in [cls, internalClass] {
            #expect(vm.returned(ClassID.class, 11, target, [Ref(int: 0)]) == .null)
            #expect(vm.returned(ClassID.class, 10, target, [Ref(int: 2), value]) == .null)
            let got = vm.returned(ClassID.class, 11, target, [Ref(int: 2)])
            #expect(got == value)
            vm.heap.release(got)
            #expect(vm.returned(ClassID.class, 11, target, [Ref(int: 1)]) == .null)
            #expect(vm.returned(ClassID.class, 11, target, [Ref(int: 3)]) == .null)
            #expect(vm.returned(ClassID.class, 11, target, [Ref(int: -1)]) == .null)
            #expect(vm.returned(ClassID.class, 10, target, [Ref(int: 0), Ref(int: 9)]) == .null)
            #expect(vm.returnedInt(ClassID.class, 11, target, [Ref(int: 0)]) == 9)
        }
        #expect(vm.heap.refCount(value) == 3)
        #expect(vm.thrownMessage(ClassID.class, 10, cls, [Ref(int: -1), value]) == "class static slot is out of bounds")
        #expect(vm.thrownMessage(ClassID.class, 10, cls, [Ref(int: 1 << 40), value]) == "out of memory")
        #expect(vm.thrownMessage(ClassID.class, 10, cls, [value, value]) == "not an integer arg")
        #expect(vm.thrownMessage(ClassID.class, 10, cls, [Ref(int: 0)]) == "sys: need more parameters")
        #expect(vm.thrownMessage(ClassID.class, 11, cls, []) == "sys: need more parameters")
        #expect(vm.thrownMessage(ClassID.class, 8, cls, [value, Ref(int: 1), value]) == "class.newClass is not supported")
        #expect(vm.thrownMessage(ClassID.class, 9, cls) == "invalid syscall called")

        // Statics are released with their value when overwritten.
        #expect(vm.returned(ClassID.class, 10, cls, [Ref(int: 2), .null]) == .null)
        #expect(vm.returned(ClassID.class, 10, internalClass, [Ref(int: 2), .null]) == .null)
        #expect(vm.heap.refCount(value) == 1)
        vm.heap.release(value)
        #expect(vm.heap.verify() == [])
    }

    @Test func classInstanceof() throws {
        let (vm, _) = try makeTestVM()
        let base = try vm.install(ClassFile(name: ".test.base", objectSlots: 1))
        let derived = try vm.install(ClassFile(name: ".test.derived", parent: ".test.base", objectSlots: 2))
        let other = try vm.install(ClassFile(name: ".test.other"))
        let instance = try vm.heap.allocate(slots: 2, class: derived)
        let text = try vm.string("s")
        func instanceOf(_ cls: Ref, _ object: Ref) -> Int? { vm.returnedInt(ClassID.class, 14, cls, [object]) }

        #expect(instanceOf(derived, instance) == 1)
        #expect(instanceOf(base, instance) == 1)
        #expect(instanceOf(other, instance) == 0)
        let token = vm.created(ClassID.void)
        #expect(instanceOf(derived, token) == 0)
        #expect(instanceOf(vm.classes[ClassID.void], token) == 1)
        vm.heap.release(token)
        #expect(instanceOf(vm.classes[ClassID.void], instance) == 1)
        #expect(instanceOf(vm.classes[ClassID.string], text) == 1)
        #expect(instanceOf(vm.classes[ClassID.int], Ref(int: 3)) == 1)
        #expect(instanceOf(vm.classes[ClassID.string], Ref(int: 3)) == 0)
        #expect(instanceOf(vm.classes[ClassID.void], .null) == 1)
        #expect(instanceOf(base, .null) == 0)
        #expect(vm.thrownMessage(ClassID.class, 14, base, []) == "sys: need more parameters")

        vm.heap.release(instance)
        vm.heap.release(text)
        #expect(vm.heap.verify() == [])
    }

    // MARK: - Closure

    @Test func closureSlots() throws {
        let (vm, _) = try makeTestVM()
        let closure = vm.created(ClassID.closure)
        let target = try vm.string("target")
        #expect(vm.returnedInt(ClassID.closure, 9, closure) == 0)
        #expect(vm.returned(ClassID.closure, 10, closure, [Ref(int: 12)]) == .null)
        #expect(vm.returnedInt(ClassID.closure, 9, closure) == 12)
        #expect(vm.returned(ClassID.closure, 11, closure, [target]) == .null)
        #expect(vm.heap.load(closure, slot: ClosureSlot.object) == target)
        #expect(vm.heap.refCount(target) == 2)
        #expect(vm.thrownMessage(ClassID.closure, 10, closure, [target]) == "not an integer arg")
        #expect(vm.thrownMessage(ClassID.closure, 10, closure, []) == "sys: need more parameters")
        #expect(vm.thrownMessage(ClassID.closure, 11, closure, []) == "sys: need more parameters")
        #expect(vm.thrownMessage(ClassID.closure, 8, closure) == "invalid syscall called")
        #expect(vm.returnedInt(ClassID.closure, 9, closure) == 12)

        // A closure may hold itself: the cycle collector frees it once we let go.
        #expect(vm.returned(ClassID.closure, 11, closure, [closure]) == .null)
        #expect(vm.heap.refCount(target) == 1)
        vm.heap.release(closure)
        vm.heap.collectCycles()
        vm.heap.release(target)
        #expect(vm.heap.verify() == [])
    }

    // MARK: - Thread and world

    @Test func threadAndWorld() throws {
        let (vm, _) = try makeTestVM()
        let thread = try vm.heap.allocate(slots: ThreadSlot.count, class: vm.classes[ClassID.thread])
        let otherThread = try vm.heap.allocate(slots: ThreadSlot.count, class: vm.classes[ClassID.thread])
        let world = vm.created(ClassID.world)
        vm.currentThread = thread
        defer { vm.currentThread = .null }

        let me = vm.returned(ClassID.world, 8, world)
        #expect(me == thread)
        vm.heap.release(me)
        #expect(vm.thrownMessage(ClassID.world, 9, world) == "invalid syscall called")

        #expect(vm.thrownMessage(ClassID.thread, 10, thread) == "Not this way")
        #expect(vm.thrownMessage(ClassID.thread, 10, otherThread) == "Thread can pause itself only")
        #expect(vm.thrownMessage(ClassID.thread, 11, thread) == "Not this way")

        // No .phantom.environment class: a directory stands in, created once.
        let environment = vm.returned(ClassID.thread, 12, thread)
        #expect(vm.classOf(environment) == vm.classes[ClassID.directory])
        let again = vm.returned(ClassID.thread, 12, thread)
        #expect(again == environment)
        #expect(vm.heap.refCount(environment) == 3)
        vm.heap.release(again)

        #expect(vm.returned(ClassID.thread, 13, thread) == .null)
        let user = try vm.string("user")
        vm.heap.store(thread, slot: ThreadSlot.owner, user)
        let gotUser = vm.returned(ClassID.thread, 13, thread)
        #expect(gotUser == user)
        vm.heap.release(gotUser)

        #expect(vm.returned(ClassID.thread, 14, thread) == .null)
        let os = try vm.string("os interface")
        vm.heap.store(vm.root, slot: RootSlot.osInterface, os)
        let gotOS = vm.returned(ClassID.thread, 14, otherThread)
        #expect(gotOS == os)
        vm.heap.release(gotOS)
        #expect(vm.heap.refCount(os) == 2)
        vm.heap.store(vm.root, slot: RootSlot.osInterface, .null)

        #expect(vm.heap.verify(externalRefs: [thread, otherThread, world, environment, user, os]) == [])
        for object in [thread, otherThread, world, environment, user, os] { vm.heap.release(object) }
        #expect(vm.heap.verify() == [])
    }

    @Test func environmentIsAnInstanceOfItsClass() throws {
        let (vm, _) = try makeTestVM()
        let cls = try vm.install(ClassFile(name: ".phantom.environment", objectSlots: 3))
        let thread = try vm.heap.allocate(slots: ThreadSlot.count, class: vm.classes[ClassID.thread])
        let environment = vm.returned(ClassID.thread, 12, thread)
        #expect(vm.classOf(environment) == cls)
        #expect(vm.heap.slotCount(environment) == 3)
        #expect(vm.heap.load(thread, slot: ThreadSlot.environment) == environment)
        vm.heap.release(environment)
        vm.heap.release(thread)
        #expect(vm.heap.verify() == [])
    }

    // MARK: - io and placeholders

    @Test func ioStubs() throws {
        let (vm, _) = try makeTestVM()
        let io = vm.created(ClassID.io)
        let name = try vm.string("file")
        #expect(vm.returned(ClassID.io, 8, io, [name]) == .null)
        #expect(vm.returned(ClassID.io, 9, io, [name]) == .null)
        #expect(vm.returned(ClassID.io, 10, io) == .null)
        #expect(vm.returnedInt(ClassID.io, 11, io, [name]) == 0)
        #expect(vm.returned(ClassID.io, 12, io, [name, name]) == .null)
        #expect(vm.returnedInt(ClassID.io, 13, io, [name]) == 0)
        #expect(vm.returned(ClassID.io, 14, io, [Ref(int: 1)]) == .null)
        for ordinal in [8, 9, 11, 12, 13, 14] {
            #expect(vm.thrownMessage(ClassID.io, ordinal, io) == "sys: need more parameters", "\(ordinal)")
        }
        #expect(vm.thrownMessage(ClassID.io, 12, io, [name]) == "sys: need more parameters")
        #expect(vm.heap.refCount(name) == 1)
        vm.heap.release(io)
        vm.heap.release(name)
        #expect(vm.heap.verify() == [])
    }

    @Test func placeholdersThrow() throws {
        let (vm, _) = try makeTestVM()
        let two = [Ref(int: 1), Ref(int: 2)]
        for table in [ClassID.tcp, ClassID.udp] {
            let socket = vm.created(table)
            for ordinal in [16, 17, 19, 21, 23] {
                #expect(vm.thrownMessage(table, ordinal, socket, two) == "not implemented")
                #expect(vm.thrownMessage(table, ordinal, socket, [Ref(int: 1)]) == "sys: need more parameters")
            }
            #expect(vm.thrownMessage(table, 24, socket, two) == "not implemented")
            #expect(vm.thrownMessage(table, 18, socket, two) == "invalid syscall called")
            vm.heap.release(socket)
        }
        let udp = vm.created(ClassID.udp)
        #expect(vm.thrownMessage(ClassID.udp, 25, udp, two) == "not implemented")
        #expect(vm.thrownMessage(ClassID.udp, 25, udp, []) == "sys: need more parameters")
        vm.heap.release(udp)
        let tcp = vm.created(ClassID.tcp)
        #expect(vm.thrownMessage(ClassID.tcp, 25, tcp, two) == "no method 25 in .internal.tcp")
        vm.heap.release(tcp)

        for table in [ClassID.net, ClassID.http] {
            let object = vm.created(table)
            #expect(vm.thrownMessage(table, 16, object, [Ref(int: 1)]) == "not implemented")
            #expect(vm.thrownMessage(table, 16, object) == "sys: need more parameters")
            #expect(vm.thrownMessage(table, 17, object) == "invalid syscall called")
            vm.heap.release(object)
        }
        // time: unixTime [16] reads the wall clock in seconds (the test clock is at 1000 s);
        // sleepSec [17] checks its argument, then sleeps as boot.21 does.
        let time = vm.created(ClassID.time)
        if case .value(let seconds) = vm.testNative(ClassID.time, 16, this: time, []) {
            #expect(seconds == Ref(int: 1000))
        } else {
            Issue.record("time.unixTime threw")
        }
        #expect(vm.thrownMessage(ClassID.time, 17, time) == "sys: need more parameters")
        #expect(vm.thrownMessage(ClassID.time, 8, time) == "invalid syscall called")
        vm.heap.release(time)
        for table in [ClassID.stat, ClassID.port, ClassID.uiControl, ClassID.uiFont] {
            let object = vm.created(table)
            #expect(vm.thrownMessage(table, 16, object) == "not implemented")
            #expect(vm.thrownMessage(table, 8, object) == "invalid syscall called")
            vm.heap.release(object)
        }
        #expect(vm.heap.verify() == [])
    }

    // MARK: - new

    @Test func newMakesEmptyObjects() throws {
        let (vm, _) = try makeTestVM()
        #expect(vm.created(ClassID.int) == Ref(int: 0))

        let void1 = vm.created(ClassID.void)
        let void2 = vm.created(ClassID.void)
        #expect(void1.isObject && void1 != void2)
        #expect(vm.classOf(void1) == vm.classes[ClassID.void])

        let long = vm.created(ClassID.long)
        let float = vm.created(ClassID.float)
        let double = vm.created(ClassID.double)
        #expect(vm.classOf(long) == vm.classes[ClassID.long] && vm.raw64(of: long) == 0)
        #expect(vm.classOf(float) == vm.classes[ClassID.float] && vm.raw32(of: float) == 0)
        #expect(vm.classOf(double) == vm.classes[ClassID.double] && vm.raw64(of: double) == 0)

        let string = vm.created(ClassID.string)
        #expect(vm.isString(string) && vm.heap.byteCount(string) == 0)
        let array = vm.created(ClassID.array)
        #expect(vm.classOf(array) == vm.classes[ClassID.array] && vm.arraySize(array) == 0)
        let directory = vm.created(ClassID.directory)
        #expect(vm.directoryCount(directory) == 0)
        let binary = vm.created(ClassID.binary)
        #expect(vm.classOf(binary) == vm.classes[ClassID.binary] && !vm.heap.hasSlots(binary))
        let closure = vm.created(ClassID.closure)
        #expect(vm.heap.slotCount(closure) == ClosureSlot.count)
        #expect(vm.heap.load(closure, slot: ClosureSlot.object) == .null)

        var generic: [Ref] = []
        for id in [ClassID.mutex, ClassID.cond, ClassID.sema, ClassID.tty, ClassID.boot, ClassID.window,
            ClassID.connection, ClassID.world, ClassID.io, ClassID.udp, ClassID.tcp, ClassID.net, ClassID.http,
            ClassID.time, ClassID.stat, ClassID.port, ClassID.uiControl, ClassID.uiFont]
        {
            let object = vm.created(id)
            #expect(vm.classOf(object) == vm.classes[id] && vm.heap.slotCount(object) == 8, "\(id)")
            generic.append(object)
        }

        for id in [ClassID.class, ClassID.interface, ClassID.code, ClassID.page, ClassID.thread,
            ClassID.callFrame, ClassID.istack, ClassID.ostack, ClassID.estack]
        {
            guard case .thrown(let error) = vm.newInternalObject(id) else {
                Issue.record("new \(InternalClass.table[id].name) did not throw")
                continue
            }
            #expect(vm.text(of: error) == "cannot create \(InternalClass.table[id].name) with new")
            vm.heap.release(error)
        }
        if case .thrown(let error) = vm.newInternalObject(InternalClass.table.count) { vm.heap.release(error) } else {
            Issue.record("new of an unknown table id did not throw")
        }

        let made = [void1, void2, long, float, double, string, array, directory, binary, closure] + generic
        #expect(vm.heap.verify(externalRefs: made) == [])
        for object in made { vm.heap.release(object) }
        #expect(vm.heap.verify() == [])
    }

    /// A full space: `new` and the allocating natives throw the preallocated "out of
    /// memory" string instead of trapping, and leave nothing half-made behind.
    @Test func fullSpaceThrowsOutOfMemory() throws {
        let (vm, _) = try makeTestVM(pages: 64)
        let bitmap = vm.created(ClassID.bitmap)
        let picture = try vm.makeString(ppm("P6 16 16 255\n", [UInt8](repeating: 9, count: 16 * 16 * 3)))
        var hoard: [Ref] = []
        while let block = try? vm.heap.allocate(bytes: 1024, class: vm.classes[ClassID.binary]) { hoard.append(block) }
        // Small boxes still fit in slab gaps for a while; keep taking until `new` fails.
        var failure: String?
        for _ in 0..<100_000 where failure == nil {
            switch vm.newInternalObject(ClassID.long) {
            case .value(let box): hoard.append(box)
            case .thrown(let error):
                failure = vm.text(of: error)
                vm.heap.release(error)
            case .block: Issue.record("blocked")
            }
        }
        #expect(failure == "out of memory")
        // A 1 KiB image cannot be made now; the bitmap keeps its empty one.
        #expect(vm.thrownMessage(ClassID.bitmap, 8, bitmap, [picture]) == "out of memory")
        #expect(vm.heap.load(bitmap, slot: BitmapSlot.xsize) == Ref(int: 0))
        #expect(vm.thrownMessage(ClassID.array, 11, vm.rootSlot(RootSlot.users), [picture, Ref(int: 5000)])
            == "out of memory")
        #expect(vm.arraySize(vm.rootSlot(RootSlot.users)) == 0)

        for block in hoard { vm.heap.release(block) }
        #expect(vm.returned(ClassID.bitmap, 8, bitmap, [picture]) == .null)
        #expect(vm.heap.load(bitmap, slot: BitmapSlot.xsize) == Ref(int: 16))
        vm.heap.release(bitmap)
        vm.heap.release(picture)
        #expect(vm.heap.verify() == [])
    }
}
