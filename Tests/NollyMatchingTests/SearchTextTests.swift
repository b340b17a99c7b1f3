import NollyMatching
import NollyRandom
import Testing

@Suite("Search text folding and synonyms")
struct SearchTextTests {
    @Test("case and diacritics fold, so Adebayo finds Adébáyọ̀")
    func foldsDiacritics() {
        #expect(SearchText.words("Adébáyọ̀ ADEBAYO") == ["adebayo", "adebayo"])
        #expect(SearchText.key("Ọlọ́rọ̀  Ẹ̀kọ́") == "oloro eko")
        #expect(SearchText.key("Ɓaƙo Ɗan-Ƴaro") == "bako dan yaro")
        #expect(SearchText.key("Chiwetelu Ejiofor") == "chiwetelu ejiofor")
    }

    @Test("punctuation, quotes and FTS operators separate words")
    func punctuationSeparates() {
        #expect(
            SearchText.words("\"voice\" NEAR(a b) -x* ' OR 1=1; DROP TABLE") == [
                "voice", "near", "a", "b", "x", "or", "1", "1", "drop", "table",
            ]
        )
        #expect(SearchText.words("  ...  ").isEmpty)
    }

    @Test("a phrase in a synonym group stands for the whole group, longest phrase first")
    func synonymTerms() {
        let table = SynonymTable(groups: [["voice artist", "voice over"], ["cinematographer", "DOP"]])
        let terms = table.terms(["experienced", "voice", "over", "dop"])
        #expect(terms.count == 3)
        #expect(terms[0].alternatives == [["experienced"]])
        #expect(terms[1].alternatives == [["voice", "over"], ["voice", "artist"]])
        #expect(terms[2].alternatives == [["dop"], ["cinematographer"]])
        #expect(terms[2].isLast && !terms[1].isLast)
        #expect(table.canonical("dop") == "cinematographer")
        #expect(table.canonical("gaffer") == "gaffer")
    }

    @Test("the built-in table loads from Fixtures/search/synonyms.json")
    func builtInSynonyms() {
        #expect(SynonymTable.builtIn.canonical("mua") == "makeup artist")
        #expect(SynonymTable.builtIn.canonical("voice over") == "voice artist")
        #expect(SynonymTable.builtIn.canonical("dop") == "cinematographer")
    }
}

@Suite("Search text: the ASCII fast path")
struct AsciiFoldingTests {
    @Test("ASCII text folds as the general path does", arguments: [UInt64(51), 52])
    func asciiAgreesWithGeneralPath(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let alphabet = Array("abcXYZ019 -_'\"*().,:;!?\t\n/\\@#AbC")
        for _ in 0..<2_000 {
            let text = String(
                (0..<Int.random(in: 0...40, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            )
            // A trailing non-ASCII letter sends the text down the general path; it adds one word.
            let general = SearchText.words(text + " é")
            #expect(SearchText.words(text) + ["e"] == general, "seed \(seed): \(text)")
        }
    }
}
