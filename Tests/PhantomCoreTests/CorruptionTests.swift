// Corruption tests: a bit flipped in any block of an image is detected. The newest
// snapshot boots if the block is not its own, else the previous one boots, else
// recovery fails with an error naming the block — never a crash, never wrong data.
import Testing
import PhantomCore

/// An image with several generations of a 300-page space (a two-level page map), and
/// the digests of its last two snapshots.
func makeImage() throws -> (MemoryBlockDevice, newest: UInt64, previous: UInt64) {
    let device = MemoryBlockDevice()
    let space = Space(capacityPages: 320)
    try space.grow(to: 200)
    var random = SeededRandom(seed: 77)
    let snapshotter = Snapshotter(space: space, store: try Store.create(on: device, imageID: 5))
    var previous: UInt64 = 0
    for generation in 1...5 {
        if generation == 3 { try space.grow(to: 300) }
        scribble(space, count: 150, random: &random)
        if generation == 4 { previous = digest(space) }
        try snapshotter.snapshot(time: UInt64(generation))
    }
    return (device, digest(space), previous)
}

@Suite struct CorruptionTests {
    @Test func everyFlippedBitIsDetectedAndNeverBootsWrongData() throws {
        let (pristine, newest, previous) = try makeImage()
        let (_, cleanSlots) = try Store.examine(pristine)
        #expect(cleanSlots.allSatisfy { $0.problems.isEmpty })
        let newestBlocks = Set(cleanSlots.first { $0.root?.generation == 5 }!.blocks)
        let referenced = Set(cleanSlots.flatMap(\.blocks)).union([0, 1, 2])
        var random = SeededRandom(seed: 99)
        var fellBack = 0
        var failed = 0
        for block in 0..<pristine.blockCount {
            for _ in 0..<2 {
                let device = pristine.copy()
                device.flipBit(block: block, bit: random.below(8 * blockSize))
                // fsck names the block whenever it belongs to a kept snapshot.
                let (superProblems, slots) = try Store.examine(device)
                let problems = superProblems + slots.flatMap(\.problems)
                if referenced.contains(block) {
                    #expect(problems.contains { $0.contains("block \(block)") }, "flip in block \(block) not reported: \(problems)")
                } else {
                    #expect(problems.isEmpty, "flip in unused block \(block) reported: \(problems)")
                }
                // Recovery boots the newest or the previous snapshot with exactly its data.
                let space = Space(capacityPages: 320)
                do {
                    let recovered = try Snapshotter.recover(device: device, into: space, eager: true)
                    switch recovered.store.generation {
                    case 5:
                        #expect(digest(space) == newest)
                        #expect(!newestBlocks.contains(block) || block < 3, "block \(block) of the newest snapshot damaged but it booted")
                    case 4:
                        #expect(digest(space) == previous)
                        fellBack += 1
                    default:
                        Issue.record("flip in block \(block) booted generation \(recovered.store.generation)")
                    }
                } catch {
                    #expect(error.description.contains("block"), "error does not name a block: \(error)")
                    failed += 1
                }
            }
        }
        #expect(fellBack > 0)
    }

    @Test func lazyRecoveryFindsADamagedPageWhenItIsTouched() throws {
        let (device, _, _) = try makeImage()
        let store = try Store.open(device)
        let (_, slots) = try Store.examine(device)
        let previousBlocks = Set(slots.first { $0.root?.generation == 4 }!.blocks)
        // A page that snapshot 5 changed, so snapshot 4 still has its old copy.
        let page = try #require((0..<300).first { store.blockOf(page: $0) != 0 && !previousBlocks.contains(store.blockOf(page: $0)) })
        let block = store.blockOf(page: page)
        device.flipBit(block: block, bit: 1000)
        let space = Space(capacityPages: 320)
        let recovered = try Snapshotter.recover(device: device, into: space, eager: false)
        #expect(space.damagedPage == nil)
        _ = space.load64((page + 1) * Space.pageSize)
        #expect(space.damagedPage == nil)
        _ = space.load64(page * Space.pageSize)
        #expect(space.damagedPage == page)
        // The damaged world cannot be snapshotted over its fallback.
        #expect(throws: StoreError.pageDamaged(page: page, block: block, generation: 5)) { try recovered.cut() }
        // Eager recovery of the same image falls back to the previous snapshot.
        let again = Space(capacityPages: 320)
        let fallback = try Snapshotter.recover(device: device, into: again, eager: true)
        #expect(fallback.store.generation == 4)
    }

    @Test func aDamagedPageSharedByBothSnapshotsFailsRecoveryNamingTheBlock() throws {
        let (device, _, _) = try makeImage()
        let store = try Store.open(device)
        let (_, slots) = try Store.examine(device)
        let previousBlocks = Set(slots.first { $0.root?.generation == 4 }!.blocks)
        let page = try #require((0..<300).first { store.blockOf(page: $0) != 0 && previousBlocks.contains(store.blockOf(page: $0)) })
        let block = store.blockOf(page: page)
        device.flipBit(block: block, bit: 7)
        do {
            _ = try Snapshotter.recover(device: device, into: Space(capacityPages: 320), eager: true)
            Issue.record("recovery succeeded over a damaged page")
        } catch {
            #expect(error.description.contains("page \(page) in block \(block) fails its checksum"))
        }
    }

    @Test func garbageIsNotAnImage() throws {
        let device = MemoryBlockDevice()
        var random = SeededRandom(seed: 3)
        for block in 0..<8 as Range<UInt64> {
            device.withBlock(block) { pointer in
                for i in 0..<(blockSize / 8) { pointer.storeBytes(of: random.next(), toByteOffset: i * 8, as: UInt64.self) }
            }
        }
        #expect(throws: StoreError.self) { try Store.open(device) }
        do { _ = try Store.open(device) } catch { #expect(error.description.contains("block")) }
    }
}
