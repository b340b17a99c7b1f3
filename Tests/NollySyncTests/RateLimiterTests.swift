import Testing

@testable import NollySync

@Suite("Rate limits per address")
struct RateLimiterTests {
    @Test("A burst is allowed, then the address waits for tokens to come back")
    func burstThenWait() {
        var limiter = RateLimiter(burst: 5, per: 60)
        for _ in 0..<5 { #expect(limiter.spend("10.0.0.1", now: 1_000) == nil) }
        let wait = limiter.spend("10.0.0.1", now: 1_000)
        #expect(wait == 12, "one token comes back every 12 s")
        #expect(limiter.spend("10.0.0.2", now: 1_000) == nil, "other addresses are not affected")
        #expect(limiter.retryAfter("10.0.0.1", now: 1_006) == 6)
        #expect(limiter.spend("10.0.0.1", now: 1_012) == nil)
        #expect(limiter.spend("10.0.0.1", now: 1_012) != nil)
    }

    @Test("A flood of addresses costs bounded memory", arguments: [UInt64(1), 99])
    func boundedKeys(seed: UInt64) {
        var limiter = RateLimiter(burst: 3, per: 60, maxKeys: 100)
        var state = seed
        for index in 0..<10_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            _ = limiter.spend("addr-\(state % 100_000)", now: UInt64(index / 100))
        }
        #expect(limiter.trackedKeys <= 100, "seed \(seed)")
    }
}
