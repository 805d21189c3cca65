// Crafted images: metadata blocks rewritten with random field values AND valid checksums,
// as a buggy writer or a hostile file could make them. Opening must never trap: it boots a
// snapshot that checks clean, or fails with a clear error.
import Testing
import PhantomCore

@Suite struct CraftedImageTests {
    /// Rewrites the self-checked block `block` with `mutate` applied, then re-seals it.
    func reseal(_ device: MemoryBlockDevice, block: UInt64, seed: UInt64, _ mutate: (UnsafeMutableRawPointer) -> Void) {
        device.withBlock(block) { pointer in
            mutate(pointer)
            let sum = ImageFormat.selfSum(pointer, seed: seed)
            pointer.storeBytes(of: sum.littleEndian, toByteOffset: ImageFormat.checkedBytes, as: UInt64.self)
        }
    }

    @Test func rootRecordsWithAbsurdFieldsAreRejectedNotTrusted() throws {
        let (pristine, newest, _) = try makeImage()
        var random = SeededRandom(seed: 2024)
        let fields = [24, 32, 40, 48, 56, 64, 72, 80, 88]  // generation … high-water (ImageFormat.Root)
        var booted = 0
        var refused = 0
        for _ in 0..<1000 {
            let device = pristine.copy()
            let block: UInt64 = random.chance(percent: 50) ? 1 : 2
            let field = fields[random.below(fields.count)]
            let value: UInt64 = switch random.below(4) {
            case 0: random.next()
            case 1: UInt64(random.below(1000))
            case 2: UInt64.max - UInt64(random.below(4))
            default: 1 << UInt64(random.below(64))
            }
            // Root records are sealed with the root seed mixed with their block number.
            reseal(device, block: block, seed: 0x524F_4F54_5245_4352 ^ block) { pointer in
                pointer.storeBytes(of: value.littleEndian, toByteOffset: field, as: UInt64.self)
            }
            let space = Space(capacityPages: 320)
            do {
                let recovered = try Snapshotter.recover(device: device, into: space, eager: true)
                // Whatever booted must be a real snapshot of this image, intact.
                let (_, slots) = try Store.examine(device)
                let slot = slots.first { $0.root?.generation == recovered.store.generation }
                #expect(slot?.problems.isEmpty == true)
                if recovered.store.generation == 5 { #expect(space.contentDigest() == newest) }
                booted += 1
            } catch {
                #expect(!error.description.isEmpty)
                refused += 1
            }
        }
        #expect(booted > 0)
    }

    @Test func mapNodesWithAbsurdEntriesAreRejected() throws {
        let (pristine, _, _) = try makeImage()
        let store = try Store.open(pristine)
        let root = try #require(store.current)
        var random = SeededRandom(seed: 77)
        for _ in 0..<500 {
            let device = pristine.copy()
            // Rewrite an entry of the top map node and re-point the root at it with a
            // matching checksum, so only the entry's own checks stand in the way.
            let entry = random.below(ImageFormat.mapFanout)
            let bogus: UInt64 = random.chance(percent: 50) ? random.next() : UInt64(random.below(3))
            device.withBlock(root.map.block) { node in
                node.storeBytes(of: bogus.littleEndian, toByteOffset: entry * 16, as: UInt64.self)
            }
            let sum = device.bytes(ofBlock: root.map.block).withUnsafeBytes {
                ImageFormat.blockSum($0.baseAddress!, block: root.map.block)
            }
            let rootBlock: UInt64 = root.generation & 1 == 1 ? 1 : 2
            reseal(device, block: rootBlock, seed: 0x524F_4F54_5245_4352 ^ rootBlock) { pointer in
                pointer.storeBytes(of: sum.littleEndian, toByteOffset: ImageFormat.Root.mapSumOffset, as: UInt64.self)
            }
            let space = Space(capacityPages: 320)
            do {
                let recovered = try Snapshotter.recover(device: device, into: space, eager: true)
                #expect(recovered.store.generation == 4 || recovered.store.generation == 5)
            } catch {
                #expect(error.description.contains("block"))
            }
        }
    }
}
