// HostMemory.swift — reserving the region of the object space on Linux (PhantomHost).
#if canImport(Glibc)
import Glibc
#endif
import PhantomCore

/// Reserves address space for a space with mmap: pages cost memory only once touched.
public enum HostMemory {
    /// A space of `capacityPages` pages over an anonymous, lazily committed mapping.
    public static func makeSpace(capacityPages: Int) -> Space {
        let bytes = capacityPages << Space.pageShift
        let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let raw, raw != MAP_FAILED else { return Space(capacityPages: capacityPages) }
        return Space(memory: raw, capacityPages: capacityPages, ownsMemory: false)
    }
}
