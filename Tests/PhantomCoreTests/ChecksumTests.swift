// ChecksumTests.swift — XXH64 against an independent implementation (PhantomCoreTests).
//
// The expected values were computed once with the Python `xxhash` package (4.1.0, which
// wraps the reference C library): `xxhash.xxh64(data, seed).intdigest()`. The lengths
// cover every path of the algorithm: no stripe (< 32 bytes), exactly one stripe, stripes
// plus each kind of tail (8-byte words, a 4-byte word, single bytes), and a full block.

import PhantomCore
import Testing

/// The patterned input the vectors were generated from: byte i is (31 * i + 7) mod 256.
private func pattern(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
}

/// One known answer: XXH64 of `pattern(length)` with `seed`.
struct XXH64Vector: CustomTestStringConvertible, Sendable {
    let length: Int
    let seed: UInt64
    let expected: UInt64
    var testDescription: String { "\(length) bytes, seed \(seed)" }
}

private let goldenRatio: UInt64 = 0x9E37_79B9_7F4A_7C15

private let vectors: [XXH64Vector] = [
    .init(length: 0, seed: 0, expected: 0xEF46_DB37_51D8_E999),
    .init(length: 0, seed: goldenRatio, expected: 0xC434_9FC9_3C01_0000),
    .init(length: 1, seed: 0, expected: 0xA96C_7F0C_E858_BBB7),
    .init(length: 1, seed: goldenRatio, expected: 0x5858_8242_2A61_65E7),
    .init(length: 3, seed: 0, expected: 0x56E6_9576_32A4_87F9),
    .init(length: 4, seed: 0, expected: 0xC60D_15B1_E3FF_8F04),
    .init(length: 7, seed: 1, expected: 0xBD99_F1FA_0DE7_B9A4),
    .init(length: 8, seed: 0, expected: 0x3DA5_C7AA_2696_83E0),
    .init(length: 9, seed: 0, expected: 0x4B17_A9BA_9E21_5C09),
    .init(length: 12, seed: goldenRatio, expected: 0xEAA6_D4D8_03D2_1FD7),
    .init(length: 15, seed: 0, expected: 0xAE2A_37EB_9357_CAA7),
    .init(length: 16, seed: 1, expected: 0x78B5_88AF_C3E5_E956),
    .init(length: 17, seed: 0, expected: 0xFE9F_0FEB_7EEE_DC09),
    .init(length: 31, seed: 0, expected: 0x4A74_F3A1_A39A_D4A1),
    .init(length: 31, seed: goldenRatio, expected: 0x8137_041F_5AF8_8413),
    .init(length: 32, seed: 0, expected: 0x8D57_D6A4_671C_C43D),
    .init(length: 32, seed: goldenRatio, expected: 0x184E_BCF3_745C_D46C),
    .init(length: 33, seed: 0, expected: 0x62C9_FD21_ED85_7664),
    .init(length: 33, seed: 1, expected: 0xB157_5979_B72C_805A),
    .init(length: 63, seed: 0, expected: 0x5C32_0A0D_2707_057F),
    .init(length: 64, seed: 0, expected: 0x7BBA_BBC4_5729_D17E),
    .init(length: 65, seed: goldenRatio, expected: 0x7A0B_76A8_1261_7C73),
    .init(length: 100, seed: 0, expected: 0xEFA0_AD2D_3E70_C151),
    .init(length: 100, seed: goldenRatio, expected: 0xBC7A_B33B_E752_8C18),
    .init(length: 100, seed: 1, expected: 0xCD81_03AE_CD2E_D5CF),
    .init(length: 4096, seed: 0, expected: 0xE211_74BE_82DC_78D9),
    .init(length: 4096, seed: goldenRatio, expected: 0xE4D8_CED1_24DF_0294),
    .init(length: 4096, seed: 1, expected: 0x7F1D_B610_7E63_ED04),
]

/// XXH64: known answers, alignment independence and the block shorthand.
struct ChecksumTests {
    @Test(arguments: vectors)
    func patternedInputMatchesReference(_ vector: XXH64Vector) {
        let data = pattern(vector.length)
        let hash = data.withUnsafeBytes { XXH64.hash($0, seed: vector.seed) }
        #expect(hash == vector.expected)
    }

    @Test func textInputsMatchReference() {
        #expect(Array("a".utf8).withUnsafeBytes { XXH64.hash($0) } == 0xD24E_C4F1_A98C_6E5B)
        #expect(Array("abc".utf8).withUnsafeBytes { XXH64.hash($0) } == 0x44BC_2CF5_AD77_0999)
    }

    @Test func emptyBufferWithoutAddressHashesLikeNoBytes() {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        #expect(XXH64.hash(empty) == 0xEF46_DB37_51D8_E999)
        #expect(XXH64.hash(empty, seed: goldenRatio) == 0xC434_9FC9_3C01_0000)
    }

    @Test func zeroBlockMatchesReference() {
        let zeros = [UInt8](repeating: 0, count: blockSize)
        #expect(zeros.withUnsafeBytes { XXH64.hashBlock($0.baseAddress!) } == 0xAC86_9B6F_32D8_BBDB)
    }

    @Test func blockShorthandEqualsFullHash() {
        let data = pattern(blockSize)
        data.withUnsafeBytes { bytes in
            #expect(XXH64.hashBlock(bytes.baseAddress!, seed: 1) == 0x7F1D_B610_7E63_ED04)
            #expect(XXH64.hashBlock(bytes.baseAddress!, seed: 7) == XXH64.hash(bytes, seed: 7))
        }
    }

    /// The store hashes pages at any address; misaligned input must give the same answer.
    @Test(arguments: 1...7)
    func misalignedInputGivesSameHash(_ shift: Int) {
        var storage = [UInt8](repeating: 0xAA, count: 100 + 8)
        let data = pattern(100)
        for i in 0..<100 { storage[shift + i] = data[i] }
        let hash = storage.withUnsafeBytes { XXH64.hash($0.baseAddress! + shift, count: 100, seed: goldenRatio) }
        #expect(hash == 0xBC7A_B33B_E752_8C18)
    }

    /// The smallest corruption a crash can leave must change the checksum.
    @Test func everySampledBitFlipChangesTheHash() {
        var data = pattern(blockSize)
        let original = data.withUnsafeBytes { XXH64.hash($0) }
        for bit in stride(from: 0, to: 8 * blockSize, by: 97) {
            data[bit >> 3] ^= UInt8(1 << (bit & 7))
            #expect(data.withUnsafeBytes { XXH64.hash($0) } != original, "bit \(bit)")
            data[bit >> 3] ^= UInt8(1 << (bit & 7))
        }
    }

    @Test func seedChangesTheHash() {
        let data = pattern(blockSize)
        data.withUnsafeBytes { bytes in
            #expect(XXH64.hash(bytes, seed: 0) != XXH64.hash(bytes, seed: 1))
        }
    }
}
