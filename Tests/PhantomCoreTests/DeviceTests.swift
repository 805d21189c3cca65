// DeviceTests.swift — the in-memory and crash-simulating block devices (PhantomCoreTests).
//
// The crash device is the judge of every store crash test, so it is tested here on its
// own: that each fate (kept, dropped, torn, garbled, reordered) really happens, leaves
// the disk it claims to, and replays exactly from its seed. Also the seeded random
// source that drives it.

import PhantomCore
import Testing

// MARK: - Helpers

/// One block whose every byte is `byte`.
private func filled(_ byte: UInt8) -> [UInt8] {
    [UInt8](repeating: byte, count: blockSize)
}

/// A block whose bytes depend on `tag` and position, so blocks and sectors are distinguishable.
private func patterned(_ tag: UInt8) -> [UInt8] {
    (0..<blockSize).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(tag) &* 13 &+ 1) }
}

// `withUnsafeBytes` only rethrows untyped errors, so the device call goes out as a
// Result and its DeviceError is thrown from `get()`.

private func write(_ device: some BlockDevice, _ block: UInt64, _ data: [UInt8]) throws(DeviceError) {
    precondition(data.count % blockSize == 0)
    try data.withUnsafeBytes { bytes in
        Result { () throws(DeviceError) in
            try device.write(block: block, count: data.count / blockSize, from: bytes.baseAddress!)
        }
    }.get()
}

private func read(_ device: some BlockDevice, _ block: UInt64, count: Int = 1) throws(DeviceError) -> [UInt8] {
    var data = [UInt8](repeating: 0xEE, count: count * blockSize)
    try data.withUnsafeMutableBytes { bytes in
        Result { () throws(DeviceError) in try device.read(block: block, count: count, into: bytes.baseAddress!) }
    }.get()
    return data
}

/// Which 512-byte sectors of `block` equal those of `new` (bit set) or `old` (bit clear);
/// nil if some sector equals neither.
private func sectorMask(of block: [UInt8], new: [UInt8], old: [UInt8]) -> UInt8? {
    var mask: UInt8 = 0
    let size = CrashBlockDevice.sectorSize
    for sector in 0..<CrashBlockDevice.sectorsPerBlock {
        let range = sector * size..<(sector + 1) * size
        if block[range] == new[range] {
            mask |= 1 << sector
        } else if block[range] != old[range] {
            return nil
        }
    }
    return mask
}

/// The block devices of PhantomCore and the random source of the crash device.
enum DeviceTests {}

// MARK: - Memory device

extension DeviceTests {
    /// MemoryBlockDevice: storage, limits, counters, copies and test access.
    struct Memory {
        @Test func unwrittenBlocksReadAsZeros() throws {
            let device = MemoryBlockDevice()
            #expect(try read(device, 0) == filled(0))
            #expect(try read(device, 1_000_000) == filled(0))
            #expect(device.blockCount == 0)
        }

        @Test func writtenBlocksReadBackAndGrowTheDevice() throws {
            let device = MemoryBlockDevice()
            let data = patterned(1) + patterned(2) + patterned(3)
            try write(device, 5, data)
            #expect(device.blockCount == 8)
            #expect(try read(device, 5, count: 3) == data)
            #expect(try read(device, 4, count: 2) == filled(0) + patterned(1))
            #expect(try read(device, 7, count: 2) == patterned(3) + filled(0))
            try write(device, 6, filled(9))
            #expect(try read(device, 5, count: 3) == patterned(1) + filled(9) + patterned(3))
        }

        @Test func countersCountCallsAndBlocks() throws {
            let device = MemoryBlockDevice()
            try write(device, 0, filled(1) + filled(2))
            try write(device, 4, filled(3))
            _ = try read(device, 0, count: 3)
            try device.flush()
            #expect(device.writes == 2)
            #expect(device.blocksWritten == 3)
            #expect(device.reads == 1)
            #expect(device.blocksRead == 3)
            #expect(device.flushes == 1)
        }

        @Test func capacityLimitRefusesTheWholeWrite() throws {
            let device = MemoryBlockDevice(capacityBlocks: 4)
            try write(device, 3, filled(1))
            #expect(throws: DeviceError.noSpace(block: 4)) { try write(device, 2, filled(2) + filled(3) + filled(4)) }
            #expect(throws: DeviceError.noSpace(block: 9)) { try write(device, 9, filled(5)) }
            #expect(throws: DeviceError.noSpace(block: .max)) { try write(device, .max, filled(5)) }
            // Nothing of the refused write landed.
            #expect(try read(device, 2, count: 2) == filled(0) + filled(1))
            #expect(device.blockCount == 4)
            #expect(device.writes == 1)
            #expect(throws: DeviceError.outOfRange(block: 4)) { _ = try read(device, 3, count: 2) }
        }

        @Test func blocksNoTableCanHoldAreOutOfRange() {
            #expect(throws: DeviceError.outOfRange(block: .max)) { try write(MemoryBlockDevice(), .max, filled(1)) }
            #expect(throws: DeviceError.outOfRange(block: 0)) {
                try MemoryBlockDevice().write(block: 0, count: -1, from: UnsafeRawPointer(bitPattern: 16)!)
            }
        }

        @Test func readOnlyDeviceRefusesWrites() throws {
            let device = MemoryBlockDevice(readOnly: true)
            #expect(throws: DeviceError.readOnly) { try write(device, 0, filled(1)) }
            #expect(try read(device, 0) == filled(0))
            device.readOnly = false
            try write(device, 0, filled(1))
            #expect(try read(device, 0) == filled(1))
        }

        @Test func copyIsIndependent() throws {
            let device = MemoryBlockDevice(capacityBlocks: 10)
            try write(device, 2, patterned(1))
            let clone = device.copy()
            #expect(clone.hasSameContents(as: device))
            #expect(clone.capacityBlocks == 10)
            #expect(clone.writes == 0)
            try write(device, 2, patterned(2))
            try write(clone, 3, patterned(3))
            #expect(try read(clone, 2) == patterned(1))
            #expect(try read(device, 3) == filled(0))
            #expect(!clone.hasSameContents(as: device))
        }

        @Test func sameContentsTreatsUnwrittenAsZero() throws {
            let a = MemoryBlockDevice()
            let b = MemoryBlockDevice()
            try write(a, 7, filled(0))
            #expect(a.hasSameContents(as: b))
            #expect(b.hasSameContents(as: a))
            try write(b, 7, filled(1))
            #expect(!a.hasSameContents(as: b))
        }

        @Test func testsCanCorruptBlocksInPlace() throws {
            let device = MemoryBlockDevice(readOnly: true)
            device.flipBit(block: 1, bit: 9)
            var expected = filled(0)
            expected[1] = 2
            #expect(try read(device, 1) == expected)
            #expect(device.bytes(ofBlock: 1) == expected)
            device.withBlock(1) { $0.storeBytes(of: 0xFF, toByteOffset: 4095, as: UInt8.self) }
            expected[4095] = 0xFF
            #expect(device.bytes(ofBlock: 1) == expected)
            #expect(device.writes == 0)
        }
    }
}

// MARK: - Crash device

extension DeviceTests {
    /// CrashBlockDevice: the cache model, the crash outcomes and their replay.
    struct Crash {
        @Test func readsSeeNewestPendingWrite() throws {
            let device = CrashBlockDevice()
            try write(device, 1, filled(1))
            try device.flush()
            try write(device, 1, filled(2))
            try write(device, 1, filled(3))
            try write(device, 2, filled(4))
            #expect(try read(device, 0, count: 3) == filled(0) + filled(3) + filled(4))
            #expect(device.blockCount == 3)
            #expect(device.pendingCount == 3)
            // A power cut now that dropped everything unflushed would leave only the flush.
            let now = device.survivors()
            #expect(now.bytes(ofBlock: 1) == filled(1))
            #expect(now.bytes(ofBlock: 2) == filled(0))
        }

        @Test func flushMakesWritesDurableInOrder() throws {
            let device = CrashBlockDevice()
            try write(device, 0, filled(1) + filled(2))
            try write(device, 0, filled(3))
            try device.flush()
            #expect(device.pendingCount == 0)
            let disk = device.survivors()
            #expect(disk.bytes(ofBlock: 0) == filled(3))
            #expect(disk.bytes(ofBlock: 1) == filled(2))
        }

        @Test func writesAndFlushesAreOperationsReadsAreNot() throws {
            let device = CrashBlockDevice()
            try write(device, 0, filled(1) + filled(1))
            _ = try read(device, 0)
            try device.flush()
            _ = try read(device, 0)
            try write(device, 3, filled(1))
            #expect(device.operationCount == 3)
        }

        @Test func everyOperationThrowsAfterTheCrash() throws {
            let device = CrashBlockDevice()
            device.crash(atOperation: 1, seed: 5)
            try write(device, 0, filled(1))
            #expect(throws: DeviceError.crashed) { try device.flush() }
            #expect(device.isCrashed)
            #expect(throws: DeviceError.crashed) { _ = try read(device, 0) }
            #expect(throws: DeviceError.crashed) { try write(device, 0, filled(2)) }
            #expect(throws: DeviceError.crashed) { try device.flush() }
            #expect(device.operationCount == 2)
        }

        @Test func crashAtAFlushCompletesNothingOfIt() throws {
            // Over many seeds the pending write is sometimes lost: the crashing flush did not
            // make it durable.
            var lost = 0
            for seed in UInt64(0)..<100 {
                let device = CrashBlockDevice()
                try write(device, 0, filled(1))
                device.crash(atOperation: 1, seed: seed)
                #expect(throws: DeviceError.crashed) { try device.flush() }
                if device.survivors().bytes(ofBlock: 0) == filled(0) { lost += 1 }
            }
            #expect(lost > 0)
        }

        @Test func writeAtTheCrashPointMayOrMayNotLand() throws {
            var landed = 0
            var lost = 0
            for seed in UInt64(0)..<100 {
                let device = CrashBlockDevice()
                device.crash(atOperation: 0, seed: seed)
                #expect(throws: DeviceError.crashed) { try write(device, 3, filled(7)) }
                #expect(device.crashLog.count == 1)
                let block = device.survivors().bytes(ofBlock: 3)
                if block == filled(7) { landed += 1 }
                if block == filled(0) { lost += 1 }
            }
            #expect(landed > 0)
            #expect(lost > 0)
        }

        @Test func crashNowResolvesPendingWritesBetweenOperations() throws {
            let device = CrashBlockDevice()
            try write(device, 0, filled(1) + filled(2) + filled(3))
            device.crashNow(seed: 11)
            #expect(device.isCrashed)
            #expect(device.crashLog.map(\.block) == [0, 1, 2])
            #expect(throws: DeviceError.crashed) { _ = try read(device, 0) }
        }

        /// Each fate happens, is logged, and leaves the disk the log says: old data under the
        /// write, new data on top.
        @Test func eachFateLeavesTheDiskItClaims() throws {
            let old = patterned(1)
            let new = patterned(2)
            var seen: [String: Int] = [:]
            for seed in UInt64(0)..<400 {
                let device = CrashBlockDevice()
                try write(device, 4, old)
                try device.flush()
                try write(device, 4, new)
                device.crashNow(seed: seed)
                let disk = device.survivors().bytes(ofBlock: 4)
                let event = try #require(device.crashLog.first)
                #expect(device.crashLog.count == 1)
                #expect(event.block == 4)
                switch event.fate {
                case .kept:
                    seen["kept", default: 0] += 1
                    #expect(disk == new)
                    #expect(event.landingIndex == 0)
                case .dropped:
                    seen["dropped", default: 0] += 1
                    #expect(disk == old)
                    #expect(event.landingIndex == nil)
                case .torn(let mask):
                    seen["torn", default: 0] += 1
                    #expect(mask != 0 && mask != 0xFF)
                    #expect(sectorMask(of: disk, new: new, old: old) == mask, "\(event)")
                case .garbled(let changes):
                    seen["garbled", default: 0] += 1
                    #expect(disk != new)
                    let differing = (0..<blockSize).filter { disk[$0] != new[$0] }.count
                    #expect(differing >= 1 && differing <= changes + 1, "\(event)")
                }
            }
            // Expected shares: 50 / 20 / 15 / 15 % of 400.
            #expect((150...250).contains(seen["kept", default: 0]), "\(seen)")
            #expect((40...120).contains(seen["dropped", default: 0]), "\(seen)")
            #expect((25...95).contains(seen["torn", default: 0]), "\(seen)")
            #expect((25...95).contains(seen["garbled", default: 0]), "\(seen)")
        }

        @Test func tornWritesMixSectorsInVariousPatterns() throws {
            var masks = Set<UInt8>()
            var nonPrefix = false
            for seed in UInt64(0)..<300 {
                let device = CrashBlockDevice()
                try write(device, 0, filled(1))
                try device.flush()
                try write(device, 0, filled(2))
                device.crashNow(seed: seed)
                guard case .torn(let mask) = device.crashLog[0].fate else { continue }
                masks.insert(mask)
                // A prefix tear would be 0b1, 0b11, 0b111 …: a mask plus one being a power of two.
                if (mask &+ 1) & mask != 0 { nonPrefix = true }
                let disk = device.survivors().bytes(ofBlock: 0)
                #expect(disk.contains(1) && disk.contains(2))
            }
            #expect(masks.count > 10)
            #expect(nonPrefix)
        }

        @Test func survivingWritesToOneBlockLandInAnyOrder() throws {
            var olderWon = false
            var newerWon = false
            for seed in UInt64(0)..<300 {
                let device = CrashBlockDevice()
                try write(device, 0, filled(1))
                try write(device, 0, filled(2))
                device.crashNow(seed: seed)
                let log = device.crashLog
                guard log[0].fate == .kept, log[1].fate == .kept else { continue }
                let disk = device.survivors().bytes(ofBlock: 0)
                let olderLandedLast = log[0].landingIndex! > log[1].landingIndex!
                #expect(disk == (olderLandedLast ? filled(1) : filled(2)))
                if olderLandedLast { olderWon = true } else { newerWon = true }
            }
            #expect(olderWon && newerWon)
        }

        @Test func flushedWritesAlwaysSurvive() throws {
            for seed in UInt64(0)..<200 {
                let device = CrashBlockDevice()
                try write(device, 0, patterned(1) + patterned(2))
                try device.flush()
                try write(device, 2, patterned(3))
                try write(device, 5, patterned(4))
                // Operations so far: write, flush, write, write. Crash at the write to block 1
                // (4), at the flush after it (5), or at the write after that flush (6).
                device.crash(atOperation: 4 + Int(seed % 3), seed: seed)
                do throws(DeviceError) {
                    try write(device, 1, patterned(5))
                    try device.flush()
                    try write(device, 3, patterned(6))
                } catch {
                    #expect(error == .crashed)
                }
                #expect(device.isCrashed, "seed \(seed)")
                let disk = device.survivors()
                #expect(disk.bytes(ofBlock: 0) == patterned(1), "seed \(seed)")
                if seed % 3 == 2 {
                    #expect(disk.bytes(ofBlock: 1) == patterned(5), "seed \(seed)")
                    #expect(disk.bytes(ofBlock: 2) == patterned(3), "seed \(seed)")
                    #expect(disk.bytes(ofBlock: 5) == patterned(4), "seed \(seed)")
                }
            }
        }

        @Test func sameSeedSameDisk() throws {
            func run(seed: UInt64) throws -> (MemoryBlockDevice, [CrashBlockDevice.CrashEvent]) {
                let device = CrashBlockDevice()
                for block in UInt64(0)..<20 {
                    try write(device, block % 7, patterned(UInt8(block)))
                }
                device.crashNow(seed: seed)
                return (device.survivors(), device.crashLog)
            }
            var distinct = 0
            for seed in UInt64(0)..<20 {
                let (a, logA) = try run(seed: seed)
                let (b, logB) = try run(seed: seed)
                #expect(a.hasSameContents(as: b))
                #expect(logA == logB)
                let (c, _) = try run(seed: seed + 1000)
                if !a.hasSameContents(as: c) { distinct += 1 }
            }
            #expect(distinct > 15)
        }

        @Test func survivorsCanBeCrashedAgain() throws {
            let first = CrashBlockDevice()
            try write(first, 0, filled(1))
            try first.flush()
            first.crashNow(seed: 1)
            let second = CrashBlockDevice(image: first.survivors())
            #expect(try read(second, 0) == filled(1))
            try write(second, 0, filled(2))
            second.crashNow(seed: 2)
            #expect(first.survivors().bytes(ofBlock: 0) == filled(1))
        }

        @Test func imageLimitsApplyToWrites() throws {
            let device = CrashBlockDevice(image: MemoryBlockDevice(capacityBlocks: 2))
            #expect(throws: DeviceError.noSpace(block: 2)) { try write(device, 1, filled(1) + filled(2)) }
            #expect(device.pendingCount == 0)
            #expect(device.operationCount == 1)
            #expect(throws: DeviceError.outOfRange(block: 2)) { _ = try read(device, 2) }
        }

        @Test func crashLogDescribesEachWrite() throws {
            let device = CrashBlockDevice()
            for block in UInt64(0)..<30 { try write(device, block, filled(1)) }
            device.crashNow(seed: 3)
            #expect(device.crashLog.count == 30)
            #expect(device.crashLog.map(\.issueIndex) == Array(0..<30))
            let landed = device.crashLog.compactMap(\.landingIndex).sorted()
            #expect(landed == Array(0..<landed.count))
            for event in device.crashLog {
                #expect((event.fate == .dropped) == (event.landingIndex == nil))
                #expect(event.description.contains("block \(event.block)"))
            }
        }
    }
}

// MARK: - Seeded random source

extension DeviceTests {
    /// SeededRandom: reproducible streams with the published algorithm.
    struct Random {
        /// Expected values from a separate Python transcription of SplitMix64 (seeding) and
        /// xoshiro256** (Vigna); its SplitMix64 reproduces the published outputs for seed
        /// 1234567 (6457827717110365317, 3203168211198807973, …).
        @Test func streamMatchesReference() {
            var zero = SeededRandom(seed: 0)
            #expect([zero.next(), zero.next(), zero.next(), zero.next()]
                == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0, 0x6AA5_94F1_262D_2D2C])
            var answer = SeededRandom(seed: 42)
            #expect([answer.next(), answer.next(), answer.next(), answer.next()]
                == [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1])
        }

        @Test func boundedChoicesStayInRangeAndCoverIt() {
            var random = SeededRandom(seed: 9)
            var hits = [Int](repeating: 0, count: 10)
            for _ in 0..<10_000 { hits[random.below(10)] += 1 }
            #expect(hits.allSatisfy { (800...1200).contains($0) }, "\(hits)")
            #expect((0..<100).allSatisfy { _ in (5...8).contains(Int.random(in: 5...8, using: &random)) })
        }
    }
}
