// Tests of the progress hooks of long jobs (ProgressHook, Store.swift): examining and
// recovering an image and verifying a heap report a rising count that ends at the total.
import Testing
import PhantomCore
import PhantomTestSupport

@Suite struct ProgressTests {
    /// Pages of the test images: several times the interval between two reports (1024
    /// units), so that a job reports on its way and not only at its end.
    static let pages = 3000

    /// An image with two snapshots: every page written, then a few hundred changed and
    /// 100 more pages.
    func twoSnapshotImage() throws -> (MemoryBlockDevice, Space) {
        let device = MemoryBlockDevice()
        let space = Space(capacityPages: Self.pages + 100)
        try space.grow(to: Self.pages)
        for page in 0..<Self.pages { space.store64(page * Space.pageSize, UInt64(page) + 1) }
        let snapshotter = Snapshotter(space: space, store: try Store.create(on: device, imageID: 5))
        #expect(try snapshotter.snapshot(time: 1) == 1)
        try space.grow(to: Self.pages + 100)
        var random = SeededRandom(seed: 3)
        scribble(space, count: 300, random: &random)
        #expect(try snapshotter.snapshot(time: 2) == 2)
        return (device, space)
    }

    @Test func examineCountsThePagesOfBothSnapshots() throws {
        let (device, _) = try twoSnapshotImage()
        let reports = ProgressReports()
        let (superblock, slots) = try Store.examine(device, progress: reports.hook)
        #expect(superblock.isEmpty && slots.allSatisfy { $0.problems.isEmpty })
        #expect(reports.problems(total: 2 * Self.pages + 100, atLeast: 5) == [])
    }

    @Test func eagerRecoveryCountsEveryPageTwice() throws {
        let (device, space) = try twoSnapshotImage()
        let reports = ProgressReports()
        let restored = Space(capacityPages: Self.pages + 100)
        let recovered = try Snapshotter.recover(device: device, into: restored, eager: true, progress: reports.hook)
        #expect(recovered.store.generation == 2)
        #expect(restored.contentDigest() == space.contentDigest())
        #expect(reports.problems(total: 2 * (Self.pages + 100), atLeast: 5) == [])
    }

    @Test func lazyRecoveryAndSmallJobsReportOnlyTheirEnd() throws {
        let (device, _) = try twoSnapshotImage()
        let lazy = ProgressReports()
        _ = try Snapshotter.recover(device: device, into: Space(capacityPages: Self.pages + 100), eager: false, progress: lazy.hook)
        #expect(lazy.calls.isEmpty)

        let small = MemoryBlockDevice()
        let space = Space(capacityPages: 64)
        try space.grow(to: 40)
        try Snapshotter(space: space, store: try Store.create(on: small, imageID: 6)).snapshot(time: 1)
        let reports = ProgressReports()
        _ = try Store.examine(small, progress: reports.hook)
        #expect(reports.calls.count == 1)
        #expect(reports.problems(total: 40, atLeast: 1) == [])
    }

    @Test func verifyCountsThePagesTwice() throws {
        let heap = try Heap(formatting: Space(capacityPages: 4096))
        let table = try heap.allocate(slots: 1500)
        heap.root = table
        heap.release(table)
        for slot in 0..<1500 {
            let bytes = try heap.allocate(bytes: 6000)
            heap.store(table, slot: slot, bytes)
            heap.release(bytes)
        }
        let reports = ProgressReports()
        #expect(heap.verify(progress: reports.hook).isEmpty)
        #expect(heap.space.pageCount > 2000)
        #expect(reports.problems(total: 2 * heap.space.pageCount, atLeast: 3) == [])
    }
}
