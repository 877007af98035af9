import Fetcher
import Foundation

// Fetches N feeds from a loopback server twice: cold (every one a 200) and
// warm (every one sent back its validators, so every one a 304). Prints wall
// time, CPU time of this process, requests per second and peak memory.
//
// Usage: FetchBenchmark BASE_URL COUNT

let arguments = CommandLine.arguments
guard arguments.count == 3, let count = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: FetchBenchmark BASE_URL COUNT\n".utf8))
    exit(64)
}
let base = arguments[1]

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func peakMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func run(_ label: String, _ requests: [FetchRequest]) async -> [FetchResult] {
    let clock = ContinuousClock()
    let cpuBefore = cpuSeconds()
    let started = clock.now
    let results = await Fetcher().fetch(requests)
    let wall = clock.now - started
    let cpu = cpuSeconds() - cpuBefore
    let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
    var outcomes: [String: Int] = [:]
    for result in results {
        let name: String
        switch result.outcome {
        case .fetched: name = "200"
        case .notModified: name = "304"
        default: name = "other: \(result.outcome)"
        }
        outcomes[name, default: 0] += 1
    }
    let summary = outcomes.sorted { $0.key < $1.key }.map { "\($0.value)× \($0.key)" }.joined(separator: ", ")
    print(String(format: "%@: %d feeds in %.3f s wall, %.3f s CPU (%.3f ms CPU a feed), %.0f requests/s, peak RSS %.1f MB [%@]",
                 label, requests.count, seconds, cpu, cpu * 1000 / Double(requests.count), Double(requests.count) / seconds,
                 peakMegabytes(), summary))
    return results
}

let cold = await run("cold", (0..<count).map { FetchRequest(url: "\(base)/feed-\($0).xml") })
_ = await run("warm", cold.map { FetchRequest(url: $0.request.url, validators: $0.validators) })
