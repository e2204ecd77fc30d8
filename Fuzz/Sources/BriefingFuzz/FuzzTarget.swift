import BriefingSite
import Foundation

/// One fuzz input: the first byte picks the kind of content file (events as YAML, JSON or CSV, a profile,
/// a briefing); the rest is that file's bytes, run through load → parse → link → render.
func checkOne(_ bytes: UnsafeRawBufferPointer) {
    guard let selector = bytes.first else { return }
    let kinds = ContentParsing.Kind.allCases
    let kind = kinds[Int(selector) % kinds.count]
    _ = ContentParsing.check(Data(bytes.dropFirst()), as: kind)
}

#if FUZZING
/// libFuzzer's driver; SwiftPM gives the executable its own `main`, so the fuzzer is started from it.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The entry libFuzzer's own `main` calls, when the linker picks that one.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    checkOne(UnsafeRawBufferPointer(start: data, count: count))
    return 0
}

@main
struct Fuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { data, count in
            checkOne(UnsafeRawBufferPointer(start: data, count: count))
            return 0
        })
    }
}
#else
/// Without the fuzzer: replays files (the seed corpus, or crash reproducers) so they stay regression tests.
@main
struct Replay {
    static func main() throws {
        let paths = CommandLine.arguments.dropFirst()
        var count = 0
        for path in paths {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let files = isDirectory.boolValue
                ? (try FileManager.default.contentsOfDirectory(atPath: path)).sorted().map { "\(path)/\($0)" } : [path]
            for file in files {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                data.withUnsafeBytes(checkOne)
                count += 1
            }
        }
        print("replayed \(count) inputs, no crash")
    }
}
#endif
