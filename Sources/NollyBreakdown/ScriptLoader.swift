import Foundation

/// Reads a screenplay file of any supported format, refusing what is not a screenplay with
/// a clear message: a missing or unreadable file, an empty one, a binary one, one too
/// large to be a script, a damaged FDX, or a PDF with no text.
public enum ScriptLoader {
    /// Screenplays are under a few megabytes (a 400-page script is about 600 KB); anything
    /// larger is refused before it is read, so memory stays bounded.
    public static let maxBytes = 20 << 20

    public enum Format: String, Sendable {
        case fountain, fdx, pdf, plainText = "text"
    }

    /// Loads and parses `path`; `pdfText` turns a PDF into layout text (`pdftotext -layout`).
    public static func load(
        _ path: String,
        pdfText: (String) throws(BreakdownError) -> String = PDFText.extract
    ) throws(BreakdownError) -> (Screenplay, Format) {
        let url = URL(fileURLWithPath: path)
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard (attributes[.type] as? FileAttributeType) != .typeDirectory else {
                throw BreakdownError("\(path) is a directory, not a script")
            }
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch let error as BreakdownError {
            throw error
        } catch {
            throw BreakdownError("cannot read \(path): no such file, or no permission")
        }
        guard size > 0 else { throw BreakdownError("\(path) is empty") }
        guard size <= maxBytes else {
            throw BreakdownError(
                "\(path) is \(size >> 20) MB: too large for a screenplay (the limit is \(maxBytes >> 20) MB)"
            )
        }
        guard let data = try? Data(contentsOf: url) else { throw BreakdownError("cannot read \(path)") }
        if data.starts(with: Array("%PDF".utf8)) {
            let text = try pdfText(path)
            guard !text.trimmingWhitespace().isEmpty else {
                throw BreakdownError("\(path) has no text to read (a scanned PDF needs OCR first)")
            }
            return (PlainTextParser.parse(text), .pdf)
        }
        guard !data.prefix(8192).contains(0), let text = String(data: data, encoding: .utf8) else {
            throw BreakdownError(
                "\(path) is a binary file or not UTF-8 text; give a Fountain, FDX, PDF or text screenplay"
            )
        }
        guard !text.trimmingWhitespace().isEmpty else { throw BreakdownError("\(path) has no text") }
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if url.pathExtension.lowercased() == "fdx" || trimmed.hasPrefix("<?xml") || trimmed.hasPrefix("<FinalDraft") {
            return (try FDXParser.parse(data), .fdx)
        }
        if url.pathExtension.lowercased() == "txt" { return (PlainTextParser.parse(text), .plainText) }
        return (FountainParser.parse(text), .fountain)
    }
}

/// PDF text through Debian's poppler-utils (`pdftotext -layout`), which the Makefile installs.
public enum PDFText {
    public static func extract(_ path: String) throws(BreakdownError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdftotext", "-layout", "-enc", "UTF-8", path, "-"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw BreakdownError("reading a PDF needs pdftotext (Debian package poppler-utils)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BreakdownError(
                process.terminationStatus == 127
                    ? "reading a PDF needs pdftotext: apt-get install poppler-utils"
                    : "\(path) is not a readable PDF (damaged or encrypted)"
            )
        }
        return String(decoding: data, as: UTF8.self)
    }
}
