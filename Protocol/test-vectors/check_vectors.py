#!/usr/bin/env python3
"""Checks change-v1.json with an independent implementation: Python's hashlib (BLAKE2b)
and the `cryptography` package (Ed25519). No NollyCrew code is used.

    python3 Protocol/test-vectors/check_vectors.py
"""
import hashlib
import json
import pathlib
import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

vector = json.loads((pathlib.Path(__file__).parent / "change-v1.json").read_text())
seed = bytes.fromhex(vector["seed"])
# libsodium crypto_kdf_derive_from_key: BLAKE2b-256 keyed with the master key, salt =
# subkey id (8 bytes little-endian) padded to 16, personal = context padded to 16.
signing_seed = hashlib.blake2b(
    b"", digest_size=32, key=seed, salt=(1).to_bytes(8, "little") + bytes(8), person=b"NollyKey" + bytes(8)
).digest()
public = Ed25519PrivateKey.from_private_bytes(signing_seed).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
body = bytes.fromhex(vector["change_bytes"])
checks = {
    "public key derived from seed": public.hex() == vector["public_key"],
    "signature verifies": True,
    "change id is BLAKE2b-256 of the bytes": hashlib.blake2b(body, digest_size=32).hexdigest() == vector["change_id"],
    "author inside the signed bytes": public in body,
}
try:
    Ed25519PublicKey.from_public_bytes(public).verify(bytes.fromhex(vector["signature"]), body)
except Exception:
    checks["signature verifies"] = False
for name, ok in checks.items():
    print(("ok   " if ok else "FAIL ") + name)
sys.exit(0 if all(checks.values()) else 1)
