#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz harnesses (`make fuzz`) from the protocol test vectors,
so each harness starts from well-formed messages and mutates them.

    python3 Fixtures/fuzz/make_seeds.py
"""
import json
import pathlib

here = pathlib.Path(__file__).parent
vectors = json.loads((here.parent.parent / "Protocol/test-vectors/protocol-v2.json").read_text())


def write(harness, name, data):
    folder = here / harness
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)


def envelope(change):
    """SignedChange{body = 1, signature = 2} in protobuf."""
    body, signature = bytes.fromhex(change["bytes"]), bytes.fromhex(change["signature"])
    return bytes([0x0A]) + varint(len(body)) + body + bytes([0x12, 0x40]) + signature


def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


for name in ["change_zero_oneofs", "change_negative_sint64", "change_op_indexes"]:
    write("fuzz-change", name + ".body", bytes.fromhex(vectors[name]["bytes"]))
    write("fuzz-change", name + ".signed", envelope(vectors[name]))
request = vectors["request"]
write("fuzz-federation", "pull-request", bytes([0]) + bytes.fromhex(request["body"]))
write("fuzz-federation", "pull-response", bytes([1]) + bytes.fromhex(vectors["response"]["body"]))
push = b"".join(bytes([0x0A]) + varint(len(e)) + e for e in [envelope(vectors["change_op_indexes"])])
write("fuzz-federation", "push-request", bytes([2]) + push)
headers = request["headers"]
write(
    "fuzz-request-signature",
    "pull",
    "\n".join([headers["Content-Digest"], headers["Signature-Input"], headers["Signature"]]).encode()
    + b"\n"
    + bytes.fromhex(request["body"]),
)
write("fuzz-bundle", "two-changes", bytes.fromhex(vectors["bundle"]["bytes"]))
write("fuzz-invite", "token", vectors["invite"]["token"].encode())
print("seeds written under", here)
