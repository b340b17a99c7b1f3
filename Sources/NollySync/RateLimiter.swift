/// Token buckets per key (a client's address), with time passed in: a pure value, so a server
/// keeps one behind a lock and tests drive it with a clock of their own.
///
/// Each key may spend `burst` tokens at once; tokens come back at `burst` per `period` seconds.
/// The number of keys is bounded: past `maxKeys`, full buckets (keys that have been quiet) are
/// forgotten first, so a flood of addresses costs bounded memory.
public struct RateLimiter: Sendable {
    public let burst: Int
    public let period: UInt64
    public let maxKeys: Int
    private var buckets: [String: (tokens: Double, at: UInt64)] = [:]

    public init(burst: Int, per period: UInt64, maxKeys: Int = 10_000) {
        self.burst = max(1, burst)
        self.period = max(1, period)
        self.maxKeys = max(1, maxKeys)
    }

    /// Spends a token for `key` at `now` (seconds). Returns `nil` when allowed, or the seconds to
    /// wait (for a `Retry-After` header) when the bucket is empty.
    public mutating func spend(_ key: String, now: UInt64) -> UInt64? {
        var bucket = refilled(key, now: now)
        guard bucket.tokens >= 1 else {
            buckets[key] = bucket
            return max(1, UInt64(((1 - bucket.tokens) / rate).rounded(.up)))
        }
        bucket.tokens -= 1
        store(key, bucket)
        return nil
    }

    /// The seconds to wait before `key` may spend again, without spending (`nil`: it may now).
    public func retryAfter(_ key: String, now: UInt64) -> UInt64? {
        let bucket = refilled(key, now: now)
        return bucket.tokens >= 1 ? nil : max(1, UInt64(((1 - bucket.tokens) / rate).rounded(.up)))
    }

    /// How many addresses are remembered (bounded by ``maxKeys``).
    public var trackedKeys: Int { buckets.count }

    private var rate: Double { Double(burst) / Double(period) }

    private func refilled(_ key: String, now: UInt64) -> (tokens: Double, at: UInt64) {
        guard let bucket = buckets[key] else { return (Double(burst), now) }
        let elapsed = now > bucket.at ? Double(now - bucket.at) : 0
        return (min(Double(burst), bucket.tokens + elapsed * rate), now)
    }

    private mutating func store(_ key: String, _ bucket: (tokens: Double, at: UInt64)) {
        if buckets[key] == nil, buckets.count >= maxKeys {
            let now = bucket.at
            buckets = buckets.filter { refilled($0.key, now: now).tokens < Double(burst) }
            if buckets.count >= maxKeys { buckets.removeAll() }
        }
        buckets[key] = bucket
    }
}
