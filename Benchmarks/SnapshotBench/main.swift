// phantom-bench — snapshot benchmarks (see Docs/Performance.md for results and method).
//
//   swift run -c release phantom-bench [--dir DIR] [--quick]
//
// 1. Cut pause: the stop-the-world part of a snapshot, for spaces of 64 MiB, 256 MiB
//    and 1 GiB with 1% and 10% of their pages dirty. Goal ≤ 1 ms, flat in space size.
// 2. Write rate: a full snapshot of N MiB (background writer, fsync) against a raw
//    sequential pwrite + fdatasync of the same bytes to the same disk, alternating, in
//    one run. Goal: ratio ≥ 0.8.
// 3. Recovery: time from opening a 1 GiB image to the first object read (lazy loading).
//    Goal ≤ 100 ms.

import PhantomCore
import PhantomHost

#if canImport(Glibc)
import Glibc
#endif

let mib = 1 << 20
var directory = "/tmp"
var quick = false
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--dir": directory = arguments.next() ?? directory
    case "--quick": quick = true
    default:
        print("usage: phantom-bench [--dir DIR] [--quick]")
        exit(2)
    }
}

func seconds(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e9 }
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func format(_ value: Double, _ digits: Int = 3) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    return "\(rounded)"
}

/// Fills every page of `space` with pseudo-random words (no holes).
func fill(_ space: Space, seed: UInt64) {
    var random = SeededRandom(seed: seed)
    for page in 0..<space.pageCount {
        space.willWrite(page: page)
        let words = space.pagePointer(page).assumingMemoryBound(to: UInt64.self)
        for i in 0..<(Space.pageSize / 8) { words[i] = random.next() }
    }
}

func openDevice(_ path: String) -> FileBlockDevice {
    unlink(path)
    do { return try FileBlockDevice(path: path, create: true) } catch {
        print("cannot open \(path): \(error)")
        exit(1)
    }
}

func check<T>(_ body: () throws(StoreError) -> T) -> T {
    do { return try body() } catch {
        print("snapshot failed: \(error)")
        exit(1)
    }
}

// MARK: - 1. Cut pause

print("# Phantom snapshot benchmarks\n")
print("## Cut pause (stop-the-world part of a snapshot), median of 7 cuts\n")
print("| space | dirty | dirty pages | cut pause (µs) | whole snapshot (s) |")
print("|---|---|---|---|---|")
let sizes = quick ? [64] : [64, 256, 1024]
for size in sizes {
    let pages = size * mib / Space.pageSize
    let space = HostMemory.makeSpace(capacityPages: pages)
    check { () throws(StoreError) in
        do { try space.grow(to: pages) } catch { print("\(error)"); exit(1) }
    }
    fill(space, seed: 1)
    let path = "\(directory)/phantom-bench-cut.img"
    let device = openDevice(path)
    let background = BackgroundSnapshotter(Snapshotter(space: space, store: check { () throws(StoreError) in
        try Store.create(on: device, imageID: 1)
    }))
    _ = check { () throws(StoreError) in try background.snapshotNow() }
    for percent in [1, 10] {
        var pauses: [Double] = []
        var wholes: [Double] = []
        var random = SeededRandom(seed: UInt64(size * 100 + percent))
        let dirtyPages = pages * percent / 100
        for _ in 0..<7 {
            for _ in 0..<dirtyPages {
                space.store64(random.below(pages) * Space.pageSize + random.below(512) * 8, random.next())
            }
            let start = monotonicNanoseconds()
            _ = check { () throws(StoreError) in try background.start() }
            let cut = monotonicNanoseconds()
            _ = check { () throws(StoreError) in try background.finish() }
            let end = monotonicNanoseconds()
            pauses.append(Double(cut - start) / 1000)
            wholes.append(seconds(end - start))
        }
        print("| \(size) MiB | \(percent)% | \(background.snapshotter.cutPages) | \(format(median(pauses), 1)) | \(format(median(wholes))) |")
    }
    device.close()
    unlink(path)
}

// MARK: - 2. Write rate

let writeMiB = quick ? 64 : 256
print("\n## Snapshot write rate against raw sequential write + fdatasync (\(writeMiB) MiB, same disk, alternating, median of 3)\n")
/// Sequential 1 MiB pwrites then fdatasync; with `hint`, each write also asks the kernel
/// to start writing back at once (what FileBlockDevice does), for a fair second baseline.
func rawWrite(_ path: String, bytes: Int, hint: Bool = false) -> Double {
    let fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0o644)
    precondition(fd >= 0)
    let chunk = 1 * mib
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 4096)
    var random = SeededRandom(seed: 5)
    for i in 0..<(chunk / 8) { buffer.storeBytes(of: random.next(), toByteOffset: i * 8, as: UInt64.self) }
    let start = monotonicNanoseconds()
    var offset = 0
    while offset < bytes {
        let n = pwrite(fd, buffer, chunk, off_t(offset))
        precondition(n == chunk)
        if hint { _ = posix_fadvise(fd, off_t(offset), off_t(chunk), POSIX_FADV_DONTNEED) }
        offset += chunk
    }
    fdatasync(fd)
    let end = monotonicNanoseconds()
    close(fd)
    buffer.deallocate()
    return seconds(end - start)
}
func snapshotWrite(_ path: String, bytes: Int) -> Double {
    let pages = bytes / Space.pageSize
    let space = HostMemory.makeSpace(capacityPages: pages)
    do { try space.grow(to: pages) } catch { exit(1) }
    fill(space, seed: 9)
    let device = openDevice(path)
    let background = BackgroundSnapshotter(Snapshotter(space: space, store: check { () throws(StoreError) in
        try Store.create(on: device, imageID: 1)
    }))
    let start = monotonicNanoseconds()
    _ = check { () throws(StoreError) in try background.snapshotNow() }
    let end = monotonicNanoseconds()
    device.close()
    return seconds(end - start)
}
var raws: [Double] = []
var hinted: [Double] = []
var snaps: [Double] = []
let rawPath = "\(directory)/phantom-bench-raw.bin"
let snapPath = "\(directory)/phantom-bench-write.img"
for _ in 0..<3 {
    raws.append(rawWrite(rawPath, bytes: writeMiB * mib))
    unlink(rawPath)
    hinted.append(rawWrite(rawPath, bytes: writeMiB * mib, hint: true))
    unlink(rawPath)
    snaps.append(snapshotWrite(snapPath, bytes: writeMiB * mib))
    unlink(snapPath)
}
let raw = median(raws)
let snap = median(snaps)
print("| what | time (s) | MiB/s |")
print("|---|---|---|")
print("| raw pwrite + fdatasync | \(format(raw)) | \(format(Double(writeMiB) / raw, 0)) |")
print("| raw pwrite + early-writeback hint + fdatasync | \(format(median(hinted))) | \(format(Double(writeMiB) / median(hinted), 0)) |")
print("| snapshot (checksums, page map, two flushes, root) | \(format(snap)) | \(format(Double(writeMiB) / snap, 0)) |")
print("\nratio (snapshot rate / raw rate): **\(format(raw / snap, 2))**; against the hinted raw write: \(format(median(hinted) / snap, 2))")

// MARK: - 3. Recovery

let recoverMiB = quick ? 64 : 1024
print("\n## Open a \(recoverMiB) MiB image to the first object read (median of 5)\n")
do {
    let pages = recoverMiB * mib / Space.pageSize
    let path = "\(directory)/phantom-bench-recover.img"
    // A heap of 1 MiB raw objects hung off a root table, filling the space.
    let objects = recoverMiB - 8
    do {
        let space = HostMemory.makeSpace(capacityPages: pages)
        let made: (Heap, Ref)
        do throws(SpaceError) {
            let heap = try Heap(formatting: space)
            let table = try heap.allocate(slots: objects)
            heap.root = table
            heap.release(table)
            var random = SeededRandom(seed: 3)
            for i in 0..<objects {
                let blob = try heap.allocate(bytes: mib - 64)
                for j in stride(from: 0, to: mib - 64, by: 512) { heap.storeByte(blob, at: j, UInt8(truncatingIfNeeded: random.next() | 1)) }
                heap.store(table, slot: i, blob)
                heap.release(blob)
            }
            made = (heap, table)
        } catch {
            print("cannot build the heap: \(error)")
            exit(1)
        }
        _ = made
        let device = openDevice(path)
        let snapshotter = Snapshotter(space: space, store: check { () throws(StoreError) in try Store.create(on: device, imageID: 7) })
        _ = check { () throws(StoreError) in try snapshotter.snapshot(time: 0) }
        device.close()
    }
    var opens: [Double] = []
    var firsts: [Double] = []
    var eagers: [Double] = []
    for _ in 0..<5 {
        let start = monotonicNanoseconds()
        let device: FileBlockDevice
        do { device = try FileBlockDevice(path: path, create: false) } catch { print("\(error)"); exit(1) }
        let recovered = check { () throws(StoreError) in
            let capacity = try Store.open(device).current?.capacityPages ?? pages
            return try Snapshotter.recover(device: device, into: HostMemory.makeSpace(capacityPages: capacity), eager: false)
        }
        let space = recovered.space
        let opened = monotonicNanoseconds()
        let heap: Heap
        do throws(HeapError) { heap = try Heap(attaching: space) } catch { print("\(error)"); exit(1) }
        let object = heap.load(heap.root, slot: objects / 2)
        let byte = heap.loadByte(object, at: 512)
        let first = monotonicNanoseconds()
        precondition(byte & 1 == 1 && recovered.store.generation == 1)
        _ = space.prefetch(maxPages: space.pageCount)
        let all = monotonicNanoseconds()
        opens.append(seconds(opened - start) * 1000)
        firsts.append(seconds(first - start) * 1000)
        eagers.append(seconds(all - start))
        device.close()
    }
    print("| what | time |")
    print("|---|---|")
    print("| open: superblock, roots, page map checked | \(format(median(opens), 1)) ms |")
    print("| open to first object read | \(format(median(firsts), 1)) ms |")
    print("| open and load every page (checked) | \(format(median(eagers), 2)) s |")
    unlink(path)
}

// MARK: - 4. Heap operations

print("\n## Heap operations (median of 5 runs of 10^6 operations)\n")
do {
    func timeHeap(_ body: (Heap) throws(SpaceError) -> Void) -> Double {
        var runs: [Double] = []
        for _ in 0..<5 {
            let space = HostMemory.makeSpace(capacityPages: 1 << 18)
            do throws(SpaceError) {
                let heap = try Heap(formatting: space)
                let start = monotonicNanoseconds()
                try body(heap)
                runs.append(Double(monotonicNanoseconds() - start) / 1e6)
            } catch {
                print("heap benchmark failed: \(error)")
                exit(1)
            }
        }
        return median(runs)
    }
    let n = 1_000_000
    let pairs = timeHeap { heap throws(SpaceError) in
        for _ in 0..<n { heap.release(try heap.allocate(slots: 3)) }
    }
    let batch = timeHeap { heap throws(SpaceError) in
        var objects: [Ref] = []
        objects.reserveCapacity(n)
        for _ in 0..<n { objects.append(try heap.allocate(slots: 3)) }
        for object in objects { heap.release(object) }
    }
    let rings = timeHeap { heap throws(SpaceError) in
        heap.cycleCollectionThreshold = 0
        for _ in 0..<(n / 2) {
            let a = try heap.allocate(slots: 1)
            let b = try heap.allocate(slots: 1)
            heap.store(a, slot: 0, b)
            heap.store(b, slot: 0, a)
            heap.release(a)
            heap.release(b)
        }
        heap.collectCycles()
        precondition(heap.stats.liveObjects == 0)
    }
    print("| operation | ns per object |")
    print("|---|---|")
    print("| allocate + release (3 slots) | \(format(pairs * 1e6 / Double(n), 0)) |")
    print("| 10^6 allocations, then 10^6 releases | \(format(batch * 1e6 / Double(n), 0)) |")
    print("| 2-object cycles dropped, then collectCycles | \(format(rings * 1e6 / Double(n), 0)) |")
}
