// The progress of hosted snapshots and of opening a world: BackgroundSnapshotter.finish
// counts the pages of the cut as the writer writes them, and HostedWorld names its phases.
import Foundation
import Testing
import PhantomCore
import PhantomTestSupport
import PhantomHost

@Suite struct ProgressHookTests {
    @Test func snapshotNowCountsThePagesOfTheCut() throws {
        let space = Space(capacityPages: 4096)
        try space.grow(to: 3000)
        for page in 0..<3000 { space.store64(page * Space.pageSize, UInt64(page) + 1) }
        let background = BackgroundSnapshotter(
            Snapshotter(space: space, store: try Store.create(on: MemoryBlockDevice(), imageID: 7)))
        let first = ProgressReports()
        #expect(try background.snapshotNow(progress: first.hook) == 1)
        // Eight batches of 256 pages between two reports: 3000 pages make two of them.
        #expect(first.problems(total: 3000, atLeast: 2) == [])

        // Only what changed since: 500 pages.
        for page in stride(from: 0, to: 3000, by: 6) { space.store64(page * Space.pageSize + 8, 9) }
        let second = ProgressReports()
        #expect(try background.snapshotNow(progress: second.hook) == 2)
        #expect(second.problems(total: 500, atLeast: 1) == [])
    }

    @Test func finishCountsTheWholeCutWhenPartOfItIsWrittenAlready() throws {
        let space = Space(capacityPages: 4096)
        try space.grow(to: 2000)
        for page in 0..<2000 { space.store64(page * Space.pageSize, UInt64(page) + 1) }
        let background = BackgroundSnapshotter(
            Snapshotter(space: space, store: try Store.create(on: MemoryBlockDevice(), imageID: 8), batchPages: 64))
        #expect(try background.start())
        for _ in 0..<5 { _ = background.pump(maxBatches: 1) }
        let reports = ProgressReports()
        #expect(try background.finish(progress: reports.hook) == 1)
        #expect(reports.problems(total: 2000, atLeast: 1) == [])
        // With nothing in flight there is nothing to report.
        let idle = ProgressReports()
        #expect(try background.finish(progress: idle.hook) == nil)
        #expect(idle.calls.isEmpty)
    }

    @Test func aWorldReportsWritingAndLoading() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-\(getpid())-progress.img").path
        defer { unlink(path) }
        unlink(path)
        let written = ProgressReports()
        do {
            let world = try HostedWorld(imagePath: path, pages: 4096)
            world.snapshotProgress = written.world
            #expect(try world.snapshotNow() == 1)
        }
        #expect(written.calls.allSatisfy { $0.phase == "writing" })
        #expect(written.problems(total: written.calls.last?.total ?? -1, atLeast: 1) == [])

        let loaded = ProgressReports()
        let world = try HostedWorld(imagePath: path, pages: 4096, progress: loaded.world)
        #expect(!world.isNew)
        #expect(loaded.calls.allSatisfy { $0.phase == "loading" })
        // Recovery reads every page twice: once to check it, once to load it.
        #expect(loaded.problems(total: 2 * world.snapshotter.space.pageCount, atLeast: 1) == [])
    }
}
