// Directory placement (Containers.swift `directoryHome`) and the layout upgrade of a
// world made before it (VM.swift `upgradeLayout`).
import Testing
import PhantomTestSupport
@testable import PhantomCore

@Suite struct DirectoryLayoutTests {
    /// "k0" … "k39999" spread over a 65,536-slot table: the PJW hash's low bits alone put
    /// them in about 11,000 slots (a sixth), which made every insert probe hundreds of slots.
    @Test func decimalKeysSpreadOverTheTable() {
        let capacity = 1 << 16
        var homes = Set<Int>()
        var lowBits = Set<Int>()
        for i in 0..<40_000 {
            let hash = Machine.pjwHash(Array("k\(i)".utf8))
            homes.insert(Machine.directoryHome(hash, capacity: capacity))
            lowBits.insert(Int(hash) & (capacity - 1))
        }
        #expect(lowBits.count < 15_000)  // the problem this fixes
        #expect(homes.count > 28_000)  // close to what random placement gives (~30,000)
        for capacity in [1, 2, 8, 1 << 20] {
            #expect(Machine.directoryHome(0xFFFF_FFFF, capacity: capacity) < capacity)
        }
    }

    /// A world whose directories were filled by the old placement (and whose root has
    /// no layout version) is rehashed when a VM attaches to it: every key is found.
    @Test func anOlderWorldsDirectoriesAreRehashedOnAttach() throws {
        let (vm, _) = try makeTestVM()
        let directory = try vm.makeDirectory()
        // Keep the directory reachable from the root's statistics slot for the test.
        vm.heap.store(vm.root, slot: RootSlot.statistics, directory)
        vm.heap.release(directory)
        for i in 0..<500 {
            let key = try vm.makeString("k\(i)")
            #expect(try vm.directoryPut(directory, key: key, Ref(int: i)))
            vm.heap.release(key)
        }
        // Re-place every key as the old VM did (home = PJW & mask), and drop the version.
        let keys = vm.heap.load(directory, slot: DirectorySlot.keys)
        let values = vm.heap.load(directory, slot: DirectorySlot.values)
        let capacity = vm.heap.slotCount(keys)
        var entries: [(Ref, Ref)] = []
        for slot in 0..<capacity where !vm.heap.load(keys, slot: slot).isNull {
            let key = vm.heap.load(keys, slot: slot)
            let value = vm.heap.load(values, slot: slot)
            vm.heap.retain(key)
            entries.append((key, value))
            vm.heap.store(keys, slot: slot, .null)
            vm.heap.store(values, slot: slot, .null)
        }
        for (key, value) in entries {
            var slot = Int(Machine.pjwHash(vm.bytes(of: key))) & (capacity - 1)
            while !vm.heap.load(keys, slot: slot).isNull { slot = (slot + 1) & (capacity - 1) }
            vm.heap.store(keys, slot: slot, key)
            vm.heap.store(values, slot: slot, value)
            vm.heap.release(key)
        }
        vm.heap.store(vm.root, slot: RootSlot.layoutVersion, .null)
        let misses = (0..<500).filter { vm.directoryGet(directory, Array("k\($0)".utf8)) == nil }
        #expect(!misses.isEmpty, "the old placement should hide keys from the new probe")

        let attached = try VM(heap: vm.heap, platform: TestPlatform())
        #expect(attached.rootSlot(RootSlot.layoutVersion) == Ref(int: Machine.layoutVersion))
        let reattached = attached.rootSlot(RootSlot.statistics)
        for i in 0..<500 {
            #expect(attached.directoryGet(reattached, Array("k\(i)".utf8)) == Ref(int: i), "k\(i)")
        }
        #expect(attached.heap.verify(externalRefs: []) == [])
    }
}
