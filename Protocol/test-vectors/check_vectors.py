#!/usr/bin/env python3
"""Checks the committed test vectors with an independent implementation: Python's hashlib
(BLAKE2b, SHA-256, SHA-512), base64, and the `cryptography` package (Ed25519, X25519).
No NollyCrew code is used.

    python3 Protocol/test-vectors/check_vectors.py
"""
import base64
import hashlib
import json
import pathlib
import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

here = pathlib.Path(__file__).parent
checks = {}


def derive(seed, subkey_id):
    """libsodium crypto_kdf_derive_from_key: BLAKE2b-256 keyed with the master seed, salt = the
    subkey id (8 bytes little-endian) padded with zeros to 16, personal = the context padded to 16."""
    return hashlib.blake2b(
        b"", digest_size=32, key=seed, salt=subkey_id.to_bytes(8, "little") + bytes(8), person=b"NollyKey" + bytes(8)
    ).digest()


def raw(public_key):
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def verifies(public, signature, message):
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
        return True
    except Exception:
        return False


def varint(data, offset):
    value, shift = 0, 0
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, offset


# ---- protocol 1: one change (change-v1.json) ----
v1 = json.loads((here / "change-v1.json").read_text())
seed = bytes.fromhex(v1["seed"])
public = raw(Ed25519PrivateKey.from_private_bytes(derive(seed, 1)).public_key())
body = bytes.fromhex(v1["change_bytes"])
checks["v1: public key derived from seed"] = public.hex() == v1["public_key"]
checks["v1: signature verifies"] = verifies(public, bytes.fromhex(v1["signature"]), body)
checks["v1: change id is BLAKE2b-256 of the bytes"] = hashlib.blake2b(body, digest_size=32).hexdigest() == v1["change_id"]

# ---- protocol 2 (protocol-v2.json) ----
v2 = json.loads((here / "protocol-v2.json").read_text())
seed = bytes.fromhex(v2["seed"])
public = raw(Ed25519PrivateKey.from_private_bytes(derive(seed, 1)).public_key())
checks["signing key: subkey 1 of the seed"] = public.hex() == v2["signing_public_key"]
x_subkey = derive(seed, 2)
checks["x25519: subkey 2 of the seed"] = x_subkey.hex() == v2["x25519_subkey"]
# crypto_box_seed_keypair: the secret key is the first 32 bytes of SHA-512 of the seed.
x_public = raw(X25519PrivateKey.from_private_bytes(hashlib.sha512(x_subkey).digest()[:32]).public_key())
checks["x25519: crypto_box_seed_keypair public key"] = x_public.hex() == v2["x25519_public_key"]

for name in ["change_zero_oneofs", "change_negative_sint64", "change_op_indexes"]:
    change = v2[name]
    data = bytes.fromhex(change["bytes"])
    checks[f"{name}: signature verifies"] = verifies(public, bytes.fromhex(change["signature"]), data)
    checks[f"{name}: id is BLAKE2b-256"] = hashlib.blake2b(data, digest_size=32).hexdigest() == change["id"]
zeros = bytes.fromhex(v2["change_zero_oneofs"]["bytes"])
# FieldOp{field = "headline", assign = Value{text = ""}}: the assign is 12 02, the empty text 0a 00.
checks["oneof text '' is written (field 1, length 0)"] = b"headline" + bytes.fromhex("12020a00") in zeros
checks["oneof integer 0 is written (field 2, value 0)"] = b"latitude_e6" + bytes.fromhex("12021000") in zeros
negative = bytes.fromhex(v2["change_negative_sint64"]["bytes"])
zigzag = (-3379205 << 1) ^ (-3379205 >> 63)
encoded = bytearray()
while True:
    if zigzag < 0x80:
        encoded.append(zigzag)
        break
    encoded.append((zigzag & 0x7F) | 0x80)
    zigzag >>= 7
checks["sint64 -3379205 is zigzag-encoded"] = b"longitude_e6" + bytes([0x12, 1 + len(encoded), 0x10]) + bytes(encoded) in negative
tags = v2["change_op_indexes"]["add_tags"]
checks["op indexes run across rows: 0, 1, 2"] = [tag[1] for tag in tags] == [0, 1, 2]

request = v2["request"]
headers = request["headers"]
request_body = bytes.fromhex(request["body"])
digest = base64.b64encode(hashlib.sha256(request_body).digest()).decode()
checks["request: Content-Digest is RFC 9530 sha-256"] = headers["Content-Digest"] == f"sha-256=:{digest}:"
params = headers["Signature-Input"][len("sig1="):]
base = "\n".join(
    [
        f'"@method": {request["method"]}',
        f'"@target-uri": {request["target"]}',
        f'"@authority": {request["authority"]}',
        f'"content-digest": {headers["Content-Digest"]}',
        f'"@signature-params": {params}',
    ]
)
checks["request: signature base rebuilt from the headers (RFC 9421)"] = base == request["signature_base"]
signature_field = headers["Signature"]
request_signature = base64.b64decode(signature_field[len("sig1=:"):-1])
checks["request: signature verifies over the base"] = verifies(public, request_signature, base.encode())
checks["request: tagged nollycrew/2"] = params.endswith(';tag="nollycrew/2"')

response = v2["response"]
answer = bytes.fromhex(response["body"])
response_base = "\n".join(
    [
        '"@context": nollycrew-response-v1',
        f'"@request-signature": :{base64.b64encode(request_signature).decode()}:',
        f'"@status": {response["status"]}',
        f'"content-digest": sha-256=:{base64.b64encode(hashlib.sha256(answer).digest()).decode()}:',
    ]
)
checks["response: signature base"] = response_base == response["signature_base"]
checks["response: signature verifies"] = verifies(
    public, base64.b64decode(response["header"][len("sig1=:"):-1]), response_base.encode()
)

bundle = bytes.fromhex(v2["bundle"]["bytes"])
checks["bundle: magic NOLLYCB1"] = bundle[:8] == b"NOLLYCB1"
length, offset = varint(bundle, 8)
header = bundle[offset:offset + length]
offset += length
records = 0
while offset < len(bundle):
    length, offset = varint(bundle, offset)
    offset += length
    records += 1
checks["bundle: records as the header counts"] = records == v2["bundle"]["change_count"] and offset == len(bundle)
checks["bundle: header names the origin node"] = bytes.fromhex(v2["bundle"]["origin_node"]) in header

invite = v2["invite"]
token = invite["token"]
checks["invite: nollycrew-invite: prefix"] = token.startswith("nollycrew-invite:")
payload = token[len("nollycrew-invite:"):]
decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
checks["invite: base64url of a message holding the key and secret"] = (
    public in decoded and bytes.fromhex(invite["secret"]) in decoded and invite["name"].encode() in decoded
)

for name, ok in checks.items():
    print(("ok   " if ok else "FAIL ") + name)
print(f"{sum(checks.values())} passed, {len(checks) - sum(checks.values())} failed")
sys.exit(0 if all(checks.values()) else 1)
