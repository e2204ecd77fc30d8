#if canImport(CMimalloc)
import CMimalloc
#endif

/// The memory allocator of the `briefing` process. On Linux the executable links mimalloc (Debian's
/// `libmimalloc-dev`), which then serves every `malloc` and `free` of the process in place of the C
/// library's: a build makes and frees millions of small strings, arrays and dictionaries on every core,
/// and glibc's allocator took about a tenth of its CPU time (README, Performance). Only the executable
/// links it; the libraries and their tests use whatever allocator their host process has.
enum Allocator {
    /// "mimalloc 2.0.9", or "system malloc" where it is not linked (shown by `build --timings`).
    static var description: String {
        #if canImport(CMimalloc)
        let version = Int(mi_version())
        return "mimalloc \(version / 100).\(version / 10 % 10).\(version % 10)"
        #else
        return "system malloc"
        #endif
    }
}
