// ImageFormat.swift — the on-disk format of a Phantom image, in one place (PhantomCore).
//
// Shared by the store (Store.swift), `phantom fsck`/`inspect` and the bare-metal
// kernel. Docs/ImageFormat.md is the prose version of this file. Every integer is
// little-endian with a fixed width, so an image moves between the hosted system and
// the kernel unchanged.
//
//   block 0        block 1        block 2        block 3 …
//  +------------+ +------------+ +------------+ +--------------------------------+
//  | superblock | |  root  A   | |  root  B   | | data pages and page-map nodes,  |
//  | (format)   | | (odd gens) | | (even gens)| | shadow-paged: never rewritten   |
//  +------------+ +------------+ +------------+ | while a kept snapshot uses them |
//                                               +--------------------------------+
//
// A snapshot is a root record pointing at a radix tree of page-map nodes. A node is one
// block of 256 entries {block u64, checksum u64}; leaves point at data blocks (one space
// page each), inner nodes at nodes. Block 0 in an entry is a hole: a page of zeros, or a
// subtree of holes. The checksum of every block is stored in its parent entry (XXH64
// seeded with the block number, so a block written to the wrong place fails too); the
// root record and the superblock carry their own checksum in their last 8 bytes.

/// Layout constants of the image format, with the offsets of every field.
public enum ImageFormat {
    public static let version: UInt32 = 1
    public static let superblockNumber: UInt64 = 0
    public static let rootBlockNumbers: (UInt64, UInt64) = (1, 2)
    public static let firstDataBlock: UInt64 = 3
    /// Entries per page-map node (4096 / 16).
    public static let mapFanout = 256
    public static let mapFanoutShift = 8
    /// Bytes of a block covered by its own checksum (the last 8 hold the checksum).
    public static let checkedBytes = blockSize - 8

    /// Probe values: a reader with the wrong byte order or field widths sees other numbers.
    public static let probe16: UInt16 = 0x1234
    public static let probe32: UInt32 = 0x89AB_CDEF
    public static let probe64: UInt64 = 0x0123_4567_89AB_CDEF

    /// Checksum seeds, one per kind of block, mixed with the block number.
    static let superSeed: UInt64 = 0x5355_5045_5242_4C4B  // "SUPERBLK"
    static let rootSeed: UInt64 = 0x524F_4F54_5245_4352  // "ROOTRECR"

    /// The superblock (block 0), written once when the image is created.
    public enum Super {
        public static let magic: [UInt8] = Array("PHANTOM-IMAGE\u{0}\u{0}\u{0}".utf8)  // 16 bytes
        /// OFFSET  SIZE  DESCRIPTION
        public static let magicOffset = 0  //  16  "PHANTOM-IMAGE\0\0\0"
        public static let versionOffset = 16  //   4  format version (1)
        public static let blockSizeOffset = 20  //   4  block size (4096)
        public static let probe16Offset = 24  //   2  0x1234
        public static let probe32Offset = 28  //   4  0x89ABCDEF
        public static let probe64Offset = 32  //   8  0x0123456789ABCDEF
        public static let imageIDOffset = 40  //   8  random id of this image
        public static let createdOffset = 48  //   8  creation time, ns since 1970 (0 = unknown)
        public static let firstDataOffset = 56  //   8  first data block (3)
        //                                        4088    8  XXH64 of bytes 0..<4088, seed superSeed
    }

    /// A root record (blocks 1 and 2): odd generations live in block 1, even ones in block 2.
    public enum Root {
        public static let magic: [UInt8] = Array("PHROOT01".utf8)  // 8 bytes
        /// OFFSET  SIZE  DESCRIPTION
        public static let magicOffset = 0  //   8  "PHROOT01"
        public static let versionOffset = 8  //   4  format version (1)
        public static let blockSizeOffset = 12  //   4  block size (4096)
        public static let imageIDOffset = 16  //   8  must equal the superblock's
        public static let generationOffset = 24  //   8  snapshot generation, ≥ 1
        public static let pageCountOffset = 32  //   8  pages in the space
        public static let capacityOffset = 40  //   8  capacity of the space in pages
        public static let heightOffset = 48  //   8  page-map height (0 only if no pages)
        public static let mapBlockOffset = 56  //   8  block of the top page-map node
        public static let mapSumOffset = 64  //   8  its checksum
        public static let timeOffset = 72  //   8  snapshot time, ns since 1970 (0 = unknown)
        public static let blocksUsedOffset = 80  //   8  blocks this snapshot uses (pages + map)
        public static let highWaterOffset = 88  //   8  1 + highest block this snapshot uses
        public static let probe64Offset = 96  //   8  0x0123456789ABCDEF
        //                                        4088    8  XXH64 of bytes 0..<4088, seed rootSeed ^ block
    }

    /// The checksum a parent entry stores for `block`'s contents.
    @inline(__always) public static func blockSum(_ data: UnsafeRawPointer, block: UInt64) -> UInt64 {
        XXH64.hash(UnsafeRawBufferPointer(start: data, count: blockSize), seed: block &* 0x9E37_79B9_7F4A_7C15)
    }

    /// The checksum a self-checked block (superblock, root) stores in its last 8 bytes.
    public static func selfSum(_ data: UnsafeRawPointer, seed: UInt64) -> UInt64 {
        XXH64.hash(UnsafeRawBufferPointer(start: data, count: checkedBytes), seed: seed)
    }

    /// The height of the page map for `pages` pages: the smallest h with 256^h ≥ pages.
    public static func mapHeight(pages: Int) -> Int {
        var height = 0
        var covered = 1
        while covered < pages {
            covered <<= mapFanoutShift
            height += 1
        }
        return pages > 0 ? max(height, 1) : 0
    }
}

// MARK: - Little-endian field access on raw blocks

extension UnsafeMutableRawPointer {
    @inline(__always) func putLE64(_ value: UInt64, at offset: Int) {
        storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self)
    }
    @inline(__always) func putLE32(_ value: UInt32, at offset: Int) {
        storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
    }
    @inline(__always) func putLE16(_ value: UInt16, at offset: Int) {
        storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt16.self)
    }
}

extension UnsafeRawPointer {
    @inline(__always) func getLE64(at offset: Int) -> UInt64 {
        UInt64(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
    @inline(__always) func getLE32(at offset: Int) -> UInt32 {
        UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
    @inline(__always) func getLE16(at offset: Int) -> UInt16 {
        UInt16(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }
    func bytesEqual(_ expected: [UInt8], at offset: Int) -> Bool {
        for i in 0..<expected.count where load(fromByteOffset: offset + i, as: UInt8.self) != expected[i] {
            return false
        }
        return true
    }
}
