// Space.swift — the page layer of the persistent object space (PhantomCore).
//
// The space is one contiguous region of 4 KiB pages addressed by byte offsets, never
// by host addresses, so an image can be mapped anywhere (ARCHITECTURE §3). This file
// owns the region, the write barrier and the per-page bitmaps the snapshot protocol
// needs. Objects, headers and the allocator live one layer up in Heap.swift; the
// snapshot cut and copy-on-write are driven from Snapshot.swift; lazy loading of
// pages after recovery is done by the store through `PageFaultHandler`.
//
// Every store into the space goes through `store*` or `willWrite`, which
//   1. loads the page first if it is not resident yet (lazy recovery),
//   2. copies the page aside if the snapshot writer still needs its old contents,
//   3. sets the page's bit in the dirty bitmap.
// Loads only do (1). Steps (1) and (2) sit behind one flag each, so a space that is
// fully resident and has no snapshot in flight pays one predictable branch.

/// A bitmap with one bit per page, in raw memory so that copying it never copies.
public struct PageBitmap {
    public let words: UnsafeMutablePointer<UInt64>
    public let wordCount: Int

    public init(pages: Int) {
        wordCount = (pages + 63) / 64
        words = .allocate(capacity: max(wordCount, 1))
        words.initialize(repeating: 0, count: max(wordCount, 1))
    }

    public func deallocate() { words.deallocate() }

    @inline(__always) public func test(_ page: Int) -> Bool {
        words[page &>> 6] & (1 &<< UInt64(page & 63)) != 0
    }

    @inline(__always) public func set(_ page: Int) {
        words[page &>> 6] |= 1 &<< UInt64(page & 63)
    }

    @inline(__always) public func clear(_ page: Int) {
        words[page &>> 6] &= ~(1 &<< UInt64(page & 63))
    }

    public func clearAll() { words.update(repeating: 0, count: max(wordCount, 1)) }

    /// ORs `other` into this bitmap (both must cover the same number of pages).
    public func formUnion(_ other: PageBitmap) {
        for i in 0..<wordCount { words[i] |= other.words[i] }
    }

    public var count: Int {
        var n = 0
        for i in 0..<wordCount { n += words[i].nonzeroBitCount }
        return n
    }

    /// The first set bit at or after `page`, or nil.
    public func next(from page: Int, below limit: Int) -> Int? {
        var p = page
        while p < limit {
            let w = words[p &>> 6] &>> UInt64(p & 63)
            if w != 0 {
                let hit = p + w.trailingZeroBitCount
                return hit < limit ? hit : nil
            }
            p = (p | 63) + 1
        }
        return nil
    }
}

/// Errors of the page layer.
public enum SpaceError: Error, Equatable {
    /// The space cannot grow past its capacity (in pages).
    case outOfSpace(capacityPages: Int)
}

/// Who loads pages on first touch and keeps old page contents for a running snapshot.
/// Implemented by the snapshot machinery; a class-bound protocol so Embedded Swift accepts it.
public protocol PageFaultHandler: AnyObject {
    /// Fill page `page` of `space` from the image. Returns false if the page is damaged;
    /// the space then holds zeros there and records the damage in `space.damagedPage`.
    func loadPage(_ page: Int, into space: Space) -> Bool
    /// Page `page` is about to be written while the snapshot writer still needs its
    /// contents as of the cut: copy them aside now.
    func capturePage(_ page: Int, of space: Space)
}

/// The hot, mutable state of a space, kept in raw memory (not in class properties) so
/// that the barrier has no exclusivity or copy-on-write checks (PERFORMANCE-NOTES §1).
public struct SpaceControl {
    /// Pages in use: `[0, pageCount)` is the space; everything above is untouched.
    public var pageCount: Int
    /// False while some pages of a recovered image have not been loaded yet.
    public var allResident: Bool
    /// True while a snapshot writer still needs old contents of some pages.
    public var capturing: Bool
    /// The first page found damaged on lazy load, or -1.
    public var damagedPage: Int
    /// Pages below this one are resident (prefetch cursor).
    public var prefetchCursor: Int
    /// The dirty bitmap (pages stored to since the last cut); swapped at each cut.
    public var dirty: PageBitmap
    /// Pages of the running snapshot whose old contents are still needed; all clear
    /// when no snapshot is capturing, so a cut can swap it with `dirty`.
    public var pending: PageBitmap
}

/// The persistent object space's memory: pages, barrier, dirty/resident/pending bitmaps.
public final class Space {
    public static let pageShift = 12
    public static let pageSize = 1 << pageShift

    /// Start of the region in host memory. Only this file and the store use it directly.
    public let base: UnsafeMutableRawPointer
    /// Maximum number of pages; the region is reserved for all of them.
    public let capacityPages: Int
    let control: UnsafeMutablePointer<SpaceControl>
    /// Pages stored to since the last cut.
    public var dirty: PageBitmap { control.pointee.dirty }
    /// Pages already loaded (meaningful while `allResident` is false).
    public let resident: PageBitmap
    /// Pages of the running snapshot whose old contents are still needed.
    public var pending: PageBitmap { control.pointee.pending }
    /// Set by the snapshot machinery; called on the slow paths only. Not retained (the
    /// handler owns the space, and Embedded Swift has no weak references): a handler
    /// clears it in its deinit.
    public unowned(unsafe) var faultHandler: PageFaultHandler?
    private let ownsMemory: Bool

    /// A space over memory it allocates itself; pages are zeroed as the space grows.
    public convenience init(capacityPages: Int) {
        let memory = UnsafeMutableRawPointer.allocate(
            byteCount: capacityPages << Space.pageShift, alignment: Space.pageSize)
        self.init(memory: memory, capacityPages: capacityPages, ownsMemory: true)
    }

    /// A space over caller-provided memory of `capacityPages` pages (e.g. an mmap reservation).
    public init(memory: UnsafeMutableRawPointer, capacityPages: Int, ownsMemory: Bool) {
        precondition(capacityPages > 0)
        base = memory
        self.capacityPages = capacityPages
        self.ownsMemory = ownsMemory
        control = .allocate(capacity: 1)
        control.initialize(to: SpaceControl(
            pageCount: 0, allResident: true, capturing: false, damagedPage: -1, prefetchCursor: 0,
            dirty: PageBitmap(pages: capacityPages), pending: PageBitmap(pages: capacityPages)))
        resident = PageBitmap(pages: capacityPages)
    }

    deinit {
        dirty.deallocate()
        resident.deallocate()
        pending.deallocate()
        control.deallocate()
        if ownsMemory { base.deallocate() }
    }

    // MARK: - Size

    public var pageCount: Int { control.pointee.pageCount }
    public var byteCount: Int { control.pointee.pageCount << Space.pageShift }
    public var allResident: Bool { control.pointee.allResident }
    public var damagedPage: Int? { control.pointee.damagedPage < 0 ? nil : control.pointee.damagedPage }

    /// Grows the space to `pages` pages; new pages are zero and dirty.
    public func grow(to pages: Int) throws(SpaceError) {
        let old = control.pointee.pageCount
        guard pages > old else { return }
        guard pages <= capacityPages else { throw .outOfSpace(capacityPages: capacityPages) }
        (base + (old << Space.pageShift)).initializeMemory(
            as: UInt8.self, repeating: 0, count: (pages - old) << Space.pageShift)
        for page in old..<pages {
            resident.set(page)
            dirty.set(page)
        }
        control.pointee.pageCount = pages
    }

    // MARK: - Barrier

    /// Make `page` resident and remember it is about to change. Every store ends here.
    @inline(__always) public func willWrite(page: Int) {
        if _slowPath(!control.pointee.allResident) { fault(page) }
        if _slowPath(control.pointee.capturing) && control.pointee.pending.test(page) { capture(page) }
        control.pointee.dirty.set(page)
    }

    /// The barrier for a store of `count` bytes at `offset` (may span pages).
    @inline(__always) public func willWrite(offset: Int, count: Int) {
        let first = offset &>> Space.pageShift
        let last = (offset &+ count &- 1) &>> Space.pageShift
        willWrite(page: first)
        if _slowPath(last != first) {
            for page in (first + 1)...last { willWrite(page: page) }
        }
    }

    /// Make `page` resident before it is read.
    @inline(__always) public func willRead(page: Int) {
        if _slowPath(!control.pointee.allResident) { fault(page) }
    }

    @inline(__always) public func willRead(offset: Int, count: Int) {
        if _slowPath(!control.pointee.allResident) {
            let last = (offset &+ count &- 1) &>> Space.pageShift
            for page in (offset &>> Space.pageShift)...last { fault(page) }
        }
    }

    @inline(never) private func fault(_ page: Int) {
        guard !resident.test(page) else { return }
        let loaded = faultHandler?.loadPage(page, into: self) ?? true
        markLoaded(page, damaged: !loaded)
    }

    /// Marks a page loaded (the one a fault asked for, or one the handler read along
    /// with it); a damaged one is zeroed and recorded in `damagedPage`.
    public func markLoaded(_ page: Int, damaged: Bool) {
        resident.set(page)
        if damaged {
            pagePointer(page).initializeMemory(as: UInt8.self, repeating: 0, count: Space.pageSize)
            if control.pointee.damagedPage < 0 { control.pointee.damagedPage = page }
        }
    }

    @inline(never) private func capture(_ page: Int) {
        faultHandler?.capturePage(page, of: self)
        pending.clear(page)
    }

    // MARK: - Access (offsets in bytes from the start of the space)

    @inline(__always) public func load64(_ offset: Int) -> UInt64 {
        willRead(page: offset &>> Space.pageShift)
        return base.load(fromByteOffset: offset, as: UInt64.self)
    }

    @inline(__always) public func store64(_ offset: Int, _ value: UInt64) {
        willWrite(page: offset &>> Space.pageShift)
        base.storeBytes(of: value, toByteOffset: offset, as: UInt64.self)
    }

    @inline(__always) public func load32(_ offset: Int) -> UInt32 {
        willRead(page: offset &>> Space.pageShift)
        return base.load(fromByteOffset: offset, as: UInt32.self)
    }

    @inline(__always) public func store32(_ offset: Int, _ value: UInt32) {
        willWrite(page: offset &>> Space.pageShift)
        base.storeBytes(of: value, toByteOffset: offset, as: UInt32.self)
    }

    @inline(__always) public func load16(_ offset: Int) -> UInt16 {
        willRead(page: offset &>> Space.pageShift)
        return base.load(fromByteOffset: offset, as: UInt16.self)
    }

    @inline(__always) public func store16(_ offset: Int, _ value: UInt16) {
        willWrite(page: offset &>> Space.pageShift)
        base.storeBytes(of: value, toByteOffset: offset, as: UInt16.self)
    }

    @inline(__always) public func load8(_ offset: Int) -> UInt8 {
        willRead(page: offset &>> Space.pageShift)
        return base.load(fromByteOffset: offset, as: UInt8.self)
    }

    @inline(__always) public func store8(_ offset: Int, _ value: UInt8) {
        willWrite(page: offset &>> Space.pageShift)
        base.storeBytes(of: value, toByteOffset: offset, as: UInt8.self)
    }

    /// Copies `count` bytes from `source` into the space at `offset`.
    public func storeBytes(_ offset: Int, from source: UnsafeRawPointer, count: Int) {
        guard count > 0 else { return }
        willWrite(offset: offset, count: count)
        (base + offset).copyMemory(from: source, byteCount: count)
    }

    /// Copies `count` bytes at `offset` out of the space.
    public func loadBytes(_ offset: Int, into target: UnsafeMutableRawPointer, count: Int) {
        guard count > 0 else { return }
        willRead(offset: offset, count: count)
        target.copyMemory(from: base + offset, byteCount: count)
    }

    /// Sets `count` bytes at `offset` to zero.
    public func zero(_ offset: Int, count: Int) {
        guard count > 0 else { return }
        willWrite(offset: offset, count: count)
        (base + offset).initializeMemory(as: UInt8.self, repeating: 0, count: count)
    }

    /// A digest of every page (loading them): equal digests mean equal spaces. For
    /// tests, fsck and the crash harness.
    public func contentDigest() -> UInt64 {
        var hash = XXH64.hash(UnsafeRawBufferPointer(start: nil, count: 0), seed: UInt64(pageCount))
        for page in 0..<pageCount {
            willRead(page: page)
            hash = XXH64.hashBlock(pagePointer(page), seed: hash)
        }
        return hash
    }

    // MARK: - Raw page access (for the store and snapshot machinery; no barrier)

    /// The host address of a page. Bypasses the barrier: callers are the store and the
    /// snapshot writer, which manage residency and dirtiness themselves.
    @inline(__always) public func pagePointer(_ page: Int) -> UnsafeMutableRawPointer {
        base + (page << Space.pageShift)
    }

    /// Hands over the dirty set and starts a new, empty one; the caller owns the
    /// returned bitmap. For measurements and tests (how many pages did an operation
    /// dirty?); snapshots cut with `beginCut`, which allocates nothing.
    public func takeDirty() -> PageBitmap {
        let cut = control.pointee.dirty
        control.pointee.dirty = PageBitmap(pages: capacityPages)
        return cut
    }

    /// Runs at the start of every cut, before the dirty set is taken: the heap gives back
    /// memory it kept for reuse (`Heap.keepsFreedBoxes`).
    public var beforeCut: (() -> Void)?

    /// The cut: the dirty set becomes the pending set and an empty bitmap (the cleared
    /// pending set of the last snapshot) becomes the dirty set; copy-on-write starts.
    /// O(1): two pointers swap, whatever the size of the space.
    public func beginCut() {
        beforeCut?()
        precondition(!control.pointee.capturing, "a cut is already capturing")
        let cut = control.pointee.dirty
        control.pointee.dirty = control.pointee.pending
        control.pointee.pending = cut
        control.pointee.capturing = true
    }

    /// Ends copy-on-write once every pending page has been captured.
    public func endCapture() { control.pointee.capturing = false }

    /// Abandons a cut: the pages still pending and the `captured` ones are dirty again.
    public func abandonCut(captured: [Int]) {
        control.pointee.capturing = false
        dirty.formUnion(pending)
        pending.clearAll()
        for page in captured { dirty.set(page) }
    }

    /// Declares the space as recovered from an image with `pages` pages, none loaded yet.
    /// Pages load on first touch through `faultHandler`.
    public func beginLazyRecovery(pageCount pages: Int) {
        precondition(pages <= capacityPages)
        control.pointee.pageCount = pages
        resident.clearAll()
        dirty.clearAll()
        control.pointee.allResident = pages == 0
        control.pointee.damagedPage = -1
        control.pointee.prefetchCursor = 0
    }

    /// Loads up to `maxPages` pages that are not resident yet, in page order; returns
    /// true when every page is resident.
    public func prefetch(maxPages: Int) -> Bool {
        if control.pointee.allResident { return true }
        var loaded = 0
        var page = control.pointee.prefetchCursor
        let count = control.pointee.pageCount
        while loaded < maxPages, page < count {
            if !resident.test(page) {
                fault(page)
                loaded += 1
            }
            page += 1
        }
        control.pointee.prefetchCursor = page
        if page >= count { control.pointee.allResident = true }
        return control.pointee.allResident
    }
}
