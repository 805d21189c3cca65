// Tests of the snapshot store and protocol over the page layer: round trips, shadow
// paging, copy-on-write, free-block reuse, lazy recovery, failure handling.
import Testing
import PhantomCore

/// A digest of every page of a space: equal digests mean equal spaces.
func digest(_ space: Space) -> UInt64 { space.contentDigest() }

/// Stores a recognisable word into `count` random pages of `space`.
func scribble(_ space: Space, count: Int, random: inout SeededRandom) {
    for _ in 0..<count {
        let page = random.below(space.pageCount)
        let offset = page * Space.pageSize + random.below(Space.pageSize / 8) * 8
        space.store64(offset, random.next())
    }
}

/// A copy of `device` without its capacity limit.
func unlimitedCopy(of device: MemoryBlockDevice) -> MemoryBlockDevice {
    let copy = MemoryBlockDevice()
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
    defer { buffer.deallocate() }
    for block in 0..<device.blockCount {
        try? device.read(block: block, count: 1, into: buffer)
        try? copy.write(block: block, count: 1, from: buffer)
    }
    return copy
}

/// A new space of `capacityPages` holding the snapshot recovered from `device`, every page
/// loaded and checked.
private func recoveredSpace(from device: some BlockDevice, capacityPages: Int) throws -> Space {
    let space = Space(capacityPages: capacityPages)
    _ = try Snapshotter.recover(device: device, into: space, eager: true)
    return space
}

@Suite struct StoreTests {
    @Test func roundTripThroughASnapshot() throws {
        let device = MemoryBlockDevice()
        let space = Space(capacityPages: 600)
        try space.grow(to: 520)  // more than one page-map leaf: a two-level map
        var random = SeededRandom(seed: 1)
        scribble(space, count: 2000, random: &random)
        let store = try Store.create(on: device, imageID: 42)
        let snapshotter = Snapshotter(space: space, store: store)
        #expect(try snapshotter.snapshot(time: 7) == 1)
        let expected = digest(space)

        let restored = Space(capacityPages: 600)
        let recovered = try Snapshotter.recover(device: device, into: restored, eager: false)
        #expect(recovered.store.generation == 1)
        #expect(recovered.store.current?.time == 7)
        #expect(restored.pageCount == 520)
        #expect(!restored.allResident)
        #expect(digest(restored) == expected)
    }

    @Test func aThreeLevelPageMapGrowsAndRecovers() throws {
        let device = MemoryBlockDevice()
        let space = Space(capacityPages: 70_000)
        try space.grow(to: 300)
        var random = SeededRandom(seed: 5)
        scribble(space, count: 100, random: &random)
        let snapshotter = Snapshotter(space: space, store: try Store.create(on: device, imageID: 8))
        try snapshotter.snapshot(time: 0)
        #expect(snapshotter.store.current?.height == 2)
        // Past 65,536 pages the map needs a third level; most new pages stay holes.
        try space.grow(to: 66_000)
        scribble(space, count: 300, random: &random)
        try snapshotter.snapshot(time: 0)
        #expect(snapshotter.store.current?.height == 3)
        scribble(space, count: 50, random: &random)
        try snapshotter.snapshot(time: 0)
        let restored = Space(capacityPages: 70_000)
        let recovered = try Snapshotter.recover(device: device, into: restored, eager: true)
        #expect(recovered.store.generation == 3)
        #expect(digest(restored) == digest(space))
        let (_, slots) = try Store.examine(device)
        #expect(slots.allSatisfy { $0.problems.isEmpty })
    }

    @Test func onlyDirtyPagesAreWrittenAndOldBlocksAreReused() throws {
        let device = MemoryBlockDevice()
        let space = Space(capacityPages: 256)
        try space.grow(to: 200)
        var random = SeededRandom(seed: 2)
        scribble(space, count: 1000, random: &random)
        let snapshotter = Snapshotter(space: space, store: try Store.create(on: device, imageID: 1))
        try snapshotter.snapshot(time: 0)
        let afterFirst = device.blocksWritten
        space.store64(5 * Space.pageSize, 99)
        space.store64(150 * Space.pageSize, 98)
        try snapshotter.snapshot(time: 0)
        // Two pages, one page-map node and the root record.
        #expect(device.blocksWritten - afterFirst == 4)
        #expect(snapshotter.cutPages == 2)
        // Many generations of the same dirty pages reuse blocks: the image stops growing.
        for _ in 0..<20 {
            space.store64(5 * Space.pageSize, random.next())
            try snapshotter.snapshot(time: 0)
        }
        let size = device.blockCount
        for _ in 0..<20 {
            space.store64(5 * Space.pageSize, random.next())
            try snapshotter.snapshot(time: 0)
        }
        #expect(device.blockCount == size)
        #expect(try digest(recoveredSpace(from: device, capacityPages: 256)) == digest(space))
    }

    @Test func storesDuringTheWriteAreCopiedOnWrite() throws {
        let device = MemoryBlockDevice()
        let space = Space(capacityPages: 64)
        try space.grow(to: 64)
        var random = SeededRandom(seed: 3)
        scribble(space, count: 300, random: &random)
        let store = try Store.create(on: device, imageID: 1)
        let snapshotter = Snapshotter(space: space, store: store, batchPages: 4)
        try snapshotter.snapshot(time: 0)
        for page in 0..<64 { space.store64(page * Space.pageSize, 1) }
        let atCut = digest(space)
        #expect(try snapshotter.cut())
        let first = try #require(snapshotter.captureBatch())
        try store.write(first)
        snapshotter.recycle(first)
        // The writer is behind: change every page, including ones not captured yet.
        for page in 0..<64 { space.store64(page * Space.pageSize + 8, 0xDEAD) }
        let afterStores = digest(space)
        while let batch = snapshotter.captureBatch() {
            try store.write(batch)
            snapshotter.recycle(batch)
        }
        #expect(snapshotter.copiedOnWrite == 60)
        try snapshotter.commit(time: 0)
        #expect(try digest(recoveredSpace(from: device, capacityPages: 64)) == atCut)
        // The stores made during the write go into the next snapshot.
        try snapshotter.snapshot(time: 0)
        #expect(try digest(recoveredSpace(from: device, capacityPages: 64)) == afterStores)
    }

    @Test func aFullDiskLosesNothingAndTheNextSnapshotWritesEverything() throws {
        let device = MemoryBlockDevice(capacityBlocks: 40)
        let space = Space(capacityPages: 64)
        try space.grow(to: 20)
        var random = SeededRandom(seed: 4)
        scribble(space, count: 200, random: &random)
        let snapshotter = Snapshotter(space: space, store: try Store.create(on: device, imageID: 1))
        try snapshotter.snapshot(time: 0)
        let committed = digest(space)
        try space.grow(to: 60)
        scribble(space, count: 500, random: &random)
        #expect(throws: StoreError.device(.noSpace(block: 40))) { try snapshotter.snapshot(time: 0) }
        // The last good snapshot still boots.
        let restored = Space(capacityPages: 64)
        let recovered = try Snapshotter.recover(device: device.copy(), into: restored, eager: true)
        #expect(recovered.store.generation == 1)
        #expect(digest(restored) == committed)
        // The failed cut went back into the dirty set: on a bigger disk it is all written.
        let bigger = unlimitedCopy(of: device)
        let retry = Snapshotter(space: space, store: try Store.open(bigger))
        #expect(try retry.snapshot(time: 0) == 2)
        #expect(try digest(recoveredSpace(from: bigger, capacityPages: 64)) == digest(space))
    }

    @Test func noCutWhileARecoveredImageIsStillLoading() throws {
        let device = MemoryBlockDevice()
        let space = Space(capacityPages: 64)
        try space.grow(to: 50)
        let snapshotter = Snapshotter(space: space, store: try Store.create(on: device, imageID: 1))
        try snapshotter.snapshot(time: 0)
        let restored = Space(capacityPages: 64)
        let recovered = try Snapshotter.recover(device: device, into: restored, eager: false)
        #expect(try recovered.cut() == false)
        #expect(restored.prefetch(maxPages: 10) == false)
        #expect(restored.prefetch(maxPages: 100))
        #expect(try recovered.snapshot(time: 0) == 2)
    }

    @Test func createdButNeverCommittedImageOpensEmpty() throws {
        let device = MemoryBlockDevice()
        _ = try Store.create(on: device, imageID: 9)
        let store = try Store.open(device)
        #expect(store.current == nil)
        #expect(store.generation == 0)
    }

    @Test func anEmptyDeviceIsNotAnImage() {
        let device = MemoryBlockDevice()
        #expect(throws: StoreError.self) { try Store.open(device) }
        do {
            _ = try Store.open(device)
        } catch {
            #expect(error.description.contains("not a Phantom image"))
        }
    }
}
