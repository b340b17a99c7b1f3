import Foundation

/// An external link on a profile. YouTube and Vimeo video links are checked and rewritten to one
/// canonical URL per video, so the same reel linked two ways is one link; other links are kept
/// as given, and must be https.
public enum MediaLink {
    /// The longest link kept (the profile schema's bound).
    public static let maxLength = 300

    /// The canonical form of `text`, or an error saying what is wrong with it.
    public static func normalize(_ text: String) throws(MediaError) -> String {
        let link = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !link.isEmpty, link.utf8.count <= maxLength else {
            throw MediaError(.invalidLink, "a link must be 1 to \(maxLength) bytes")
        }
        guard link.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }),
            let url = URLComponents(string: link), let scheme = url.scheme?.lowercased(),
            let host = url.host?.lowercased(), !host.isEmpty
        else { throw MediaError(.invalidLink, "'\(link)' is not a web address") }
        guard url.user == nil, url.password == nil else {
            throw MediaError(.invalidLink, "'\(link)' carries a user name or password; leave them out")
        }
        let site = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        var video = try youTube(site, url)
        if video == nil { video = try vimeo(site, url) }
        if let video {
            guard scheme == "https" || scheme == "http" else {
                throw MediaError(.invalidLink, "'\(link)' is not a web address")
            }
            return video
        }
        guard scheme == "https" else {
            throw MediaError(.invalidLink, "'\(link)' is not https", hint: "only https links are kept")
        }
        return link
    }

    private static let youTubeHosts: Set = [
        "youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com",
    ]

    /// `watch?v=ID`, `youtu.be/ID`, `/shorts/ID`, `/embed/ID`, `/live/ID` → `https://www.youtube.com/watch?v=ID`.
    /// Other YouTube pages (a channel, a playlist) are not videos and are kept as given.
    private static func youTube(_ site: String, _ url: URLComponents) throws(MediaError) -> String? {
        let path = url.path.split(separator: "/").map(String.init)
        let id: String?
        if site == "youtu.be" {
            id = path.first
        } else if youTubeHosts.contains(site) {
            if path == ["watch"] {
                id = url.queryItems?.first { $0.name == "v" }?.value ?? ""
            } else if let first = path.first, ["shorts", "embed", "live", "v"].contains(first) {
                id = path.count > 1 ? path[1] : ""
            } else {
                return nil
            }
        } else {
            return nil
        }
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        guard let id, id.count == 11, id.allSatisfy(allowed.contains) else {
            throw MediaError(.invalidLink, "the YouTube link names no video (a video id is 11 letters, digits, - or _)")
        }
        return "https://www.youtube.com/watch?v=\(id)"
    }

    /// `vimeo.com/ID`, `vimeo.com/ID/HASH` (unlisted), `vimeo.com/channels/NAME/ID`,
    /// `player.vimeo.com/video/ID` → `https://vimeo.com/ID` (with the unlisted hash, if any).
    private static func vimeo(_ site: String, _ url: URLComponents) throws(MediaError) -> String? {
        let path = url.path.split(separator: "/").map(String.init)
        let digits = { (text: String) in
            !text.isEmpty && text.count <= 12 && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber)
        }
        let id: String?
        var hash: String?
        if site == "player.vimeo.com" {
            id = path.count >= 2 && path[0] == "video" ? path[1] : ""
            hash = url.queryItems?.first { $0.name == "h" }?.value
        } else if site == "vimeo.com" {
            if let index = path.lastIndex(where: digits) {
                id = path[index]
                if index + 1 < path.count { hash = path[index + 1] }
            } else {
                return nil  // a profile or channel page, not a video
            }
        } else {
            return nil
        }
        guard let id, digits(id) else { throw MediaError(.invalidLink, "the Vimeo link names no video") }
        if let hash {
            guard hash.count <= 20, hash.allSatisfy({ $0.isASCII && $0.isHexDigit }) else {
                throw MediaError(.invalidLink, "the Vimeo link's privacy hash is not hexadecimal")
            }
            return "https://vimeo.com/\(id)/\(hash.lowercased())"
        }
        return "https://vimeo.com/\(id)"
    }
}
