// Snapshots on a real image file: a read-only image gives a clear error and stays
// bootable; a file that is not an image is rejected with the reason.
import Foundation
import Testing
import PhantomCore
import PhantomHost

@Suite struct ImageFileTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("phantom-\(getpid())-\(name)").path
    }

    @Test func aReadOnlyImageKeepsItsLastSnapshotBootable() throws {
        let path = temporaryPath("ro.img")
        defer { unlink(path) }
        let space = Space(capacityPages: 64)
        try space.grow(to: 30)
        for page in 0..<30 { space.store64(page * Space.pageSize, UInt64(page) * 7 + 1) }
        do {
            let device = try FileBlockDevice(path: path, create: true)
            let snapshotter = Snapshotter(space: space, store: try Store.create(on: device, imageID: 2))
            #expect(try snapshotter.snapshot(time: 1) == 1)
        }
        let committed = space.contentDigest()
        let device = try FileBlockDevice(path: path, create: false, readOnly: true)
        let restored = Space(capacityPages: 64)
        let recovered = try Snapshotter.recover(device: device, into: restored, eager: true)
        #expect(restored.contentDigest() == committed)
        restored.store64(0, 12345)
        #expect(throws: StoreError.device(.readOnly)) { try recovered.snapshot(time: 2) }
        #expect(restored.dirty.test(0))
        device.close()
        let again = Space(capacityPages: 64)
        let reopened = try Snapshotter.recover(device: try FileBlockDevice(path: path, create: false), into: again, eager: true)
        #expect(reopened.store.generation == 1)
        #expect(again.contentDigest() == committed)
    }

    @Test func aFileThatIsNotAnImageIsRejectedWithTheReason() throws {
        let path = temporaryPath("text.img")
        defer { unlink(path) }
        try String(repeating: "hello, world\n", count: 1000).write(toFile: path, atomically: false, encoding: .utf8)
        let device = try FileBlockDevice(path: path, create: false)
        do {
            _ = try Store.open(device)
            Issue.record("a text file opened as an image")
        } catch {
            #expect(error.description == "not a Phantom image: block 0 does not start with the magic \"PHANTOM-IMAGE\" and no root record is valid")
        }
    }

    @Test func fsckSaysOkOrNamesTheDamagedBlock() throws {
        let path = temporaryPath("fsck.img")
        defer { unlink(path) }
        let space = Space(capacityPages: 256)
        let heap = try Heap(formatting: space)
        let table = try heap.allocate(slots: 40)
        heap.root = table
        heap.release(table)
        for i in 0..<40 {
            let blob = try heap.allocate(bytes: 3000)
            heap.storeByte(blob, at: 7, UInt8(i))
            heap.store(table, slot: i, blob)
            heap.release(blob)
        }
        let damaged: UInt64
        do {
            let device = try FileBlockDevice(path: path, create: true)
            let snapshotter = Snapshotter(space: space, store: try Store.create(on: device, imageID: 4))
            try snapshotter.snapshot(time: 1)
            damaged = snapshotter.store.blockOf(page: space.pageCount - 1)
        }
        let output = URL(fileURLWithPath: path + ".out")
        defer { try? FileManager.default.removeItem(at: output) }
        var fsck = try launchPhantom(["fsck", path], output: output)
        fsck.waitUntilExit()
        #expect(fsck.terminationStatus == 0)
        #expect(try String(contentsOf: output, encoding: .utf8).hasSuffix("\(path): ok\n"))
        // Flip one bit of the block that holds the last page.
        try flipBits(in: path, at: damaged * UInt64(blockSize) + 100, mask: 0x10)
        fsck = try launchPhantom(["fsck", path], output: output)
        fsck.waitUntilExit()
        let report = try String(contentsOf: output, encoding: .utf8)
        #expect(fsck.terminationStatus == 1)
        #expect(report.contains("in block \(damaged) fails its checksum"), "fsck said: \(report)")
    }
}
