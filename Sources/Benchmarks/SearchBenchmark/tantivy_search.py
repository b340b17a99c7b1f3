"""The search benchmark's comparison: the same profiles and queries in tantivy (PyPI `tantivy`).

    python3 tantivy_search.py PROFILES.jsonl QUERIES.json INDEX_DIR

Profiles arrive already folded (lower case, no diacritics) by nollycrew's own folding, so both
engines see the same words. Prints one JSON object: index time, p50/p99 of the text-plus-filter
queries, and the day rates of the top 10 (cheapest first) of each filter-only query.
"""
import json
import os
import sys
import time
import unicodedata

import tantivy

TEXT_FIELDS = ["name", "headline", "bio", "skills", "credits", "languages", "place"]
BOOSTS = {"name": 8.0, "headline": 4.0, "bio": 1.0, "skills": 3.0, "credits": 2.0, "languages": 2.0, "place": 1.0}


def fold(text):
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()


def main(profiles_path, queries_path, index_dir):
    builder = tantivy.SchemaBuilder()
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=False)
    builder.add_text_field("user", stored=True, tokenizer_name="raw")
    builder.add_text_field("kinds", stored=False, tokenizer_name="raw")
    builder.add_text_field("language_keys", stored=False, tokenizer_name="raw")
    builder.add_integer_field("rate_minor", stored=True, fast=True, indexed=True)
    builder.add_integer_field("age_min", fast=True, indexed=True)
    builder.add_integer_field("age_max", fast=True, indexed=True)
    schema = builder.build()
    os.makedirs(index_dir, exist_ok=True)
    index = tantivy.Index(schema, path=index_dir)
    started = time.perf_counter()
    writer = index.writer(heap_size=100_000_000)
    with open(profiles_path, encoding="utf-8") as profiles:
        for line in profiles:
            profile = json.loads(line)
            document = tantivy.Document()
            for name in TEXT_FIELDS:
                document.add_text(name, profile.get(name, ""))
            document.add_text("user", profile["user"])
            for kind in profile["kinds"]:
                document.add_text("kinds", kind)
            for key in profile["language_keys"]:
                document.add_text("language_keys", key)
            for name in ("rate_minor", "age_min", "age_max"):
                if name in profile:
                    document.add_integer(name, profile[name])
            writer.add_document(document)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    index_seconds = time.perf_counter() - started
    searcher = index.searcher()

    def filters(query):
        clauses = []
        if query["kinds"]:
            clauses.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, "kinds", query["kinds"][0])))
        for language in query["languages"]:
            clauses.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, "language_keys", fold(language))))
        if query.get("rate_max") is not None:
            clauses.append((tantivy.Occur.Must, tantivy.Query.range_query(
                schema, "rate_minor", tantivy.FieldType.Integer, None, query["rate_max"])))
        return clauses

    with open(queries_path, encoding="utf-8") as file:
        queries = json.load(file)
    text_latencies = []
    top_tens = []
    for round_number in range(2):  # the first round warms up, the second is measured
        text_latencies.clear()
        top_tens.clear()
        for query in queries:
            started = time.perf_counter()
            if query["shape"] == "filters only":
                result = searcher.search(tantivy.Query.boolean_query(filters(query)), 10,
                                         order_by_field="rate_minor", order=tantivy.Order.Asc)
                top_tens.append([key for key, _ in result.hits])
            else:
                words = [w for w in "".join(c if c.isalnum() else " " for c in fold(query["text"])).split()]
                text = index.parse_query(" ".join(words), TEXT_FIELDS, field_boosts=BOOSTS)
                result = searcher.search(tantivy.Query.boolean_query(
                    [(tantivy.Occur.Must, text)] + filters(query)), 10)
                text_latencies.append((time.perf_counter() - started) * 1000)
    text_latencies.sort()
    print(json.dumps({
        "version": getattr(tantivy, "__version__", "?"),
        "index_seconds": index_seconds,
        "text_p50_ms": text_latencies[len(text_latencies) // 2],
        "text_p99_ms": text_latencies[min(len(text_latencies) - 1, int(len(text_latencies) * 0.99))],
        "filter_top10_rates": top_tens,
    }))


if __name__ == "__main__":
    main(*sys.argv[1:4])
