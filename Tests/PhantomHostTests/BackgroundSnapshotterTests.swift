// The background writer: snapshots taken while the VM thread keeps storing come back
// exactly as they were at their cut.
import Testing
import PhantomCore
import PhantomHost

@Suite struct BackgroundSnapshotterTests {
    @Test func snapshotsWhileTheVMThreadKeepsStoring() throws {
        let device = MemoryBlockDevice()
        let space = Space(capacityPages: 512)
        try space.grow(to: 400)
        var random = SeededRandom(seed: 11)
        func scribble(_ n: Int) {
            for _ in 0..<n {
                space.store64(random.below(space.pageCount) * Space.pageSize + random.below(512) * 8, random.next())
            }
        }
        scribble(5000)
        let background = BackgroundSnapshotter(
            Snapshotter(space: space, store: try Store.create(on: device, imageID: 3), batchPages: 8), maxBatchesInFlight: 4)
        var atCut: [UInt64: UInt64] = [:]
        var committed: UInt64 = 0
        var copiedOnWrite = 0
        for _ in 0..<10 {
            let digest = space.contentDigest()
            #expect(try background.start())
            atCut[background.snapshotter.store.generation + 1] = digest
            var status = BackgroundSnapshotter<MemoryBlockDevice>.Status.writing
            while status == .writing {
                scribble(20)
                status = background.pump(maxBatches: 1)
                copiedOnWrite = max(copiedOnWrite, background.snapshotter.copiedOnWrite)
            }
            guard case .committed(let generation) = status else {
                Issue.record("snapshot ended with \(status)")
                return
            }
            committed = generation
            let restored = Space(capacityPages: 512)
            let recovered = try Snapshotter.recover(device: device.copy(), into: restored, eager: true)
            #expect(recovered.store.generation == generation)
            #expect(restored.contentDigest() == atCut[generation])
        }
        #expect(committed == 10)
        #expect(copiedOnWrite > 0)
        // A final snapshot on demand holds everything stored so far.
        let final = try background.snapshotNow()
        #expect(final == 11)
        let restored = Space(capacityPages: 512)
        _ = try Snapshotter.recover(device: device, into: restored, eager: true)
        #expect(restored.contentDigest() == space.contentDigest())
    }

    @Test func aFailingDiskAbandonsTheSnapshotAndKeepsThePages() throws {
        let device = MemoryBlockDevice(capacityBlocks: 30)
        let space = Space(capacityPages: 64)
        try space.grow(to: 10)
        let background = BackgroundSnapshotter(Snapshotter(space: space, store: try Store.create(on: device, imageID: 3)))
        #expect(try background.snapshotNow() == 1)
        try space.grow(to: 60)
        for page in 0..<60 { space.store64(page * Space.pageSize, UInt64(page) + 1) }
        #expect(throws: StoreError.self) { try background.snapshotNow() }
        #expect(background.snapshotter.phase == .idle)
        #expect(space.dirty.count == 60)
        let restored = Space(capacityPages: 64)
        #expect(try Snapshotter.recover(device: device, into: restored, eager: true).store.generation == 1)
    }
}
