"""Shared helpers for the oxidc test-vector generators.

Determinism: every source of randomness and time that idpyoidc 5.0.0 / cryptojwt 1.11.0 /
cryptography touch on the code paths we drive is replaced while a `Determinism` context is
active:

* ``os.urandom``            -> Fernet IVs (cryptography.fernet), AES-GCM cookie IVs
                               (idpyoidc.server.cookie_handler), random oct keys (cryptojwt
                               key_bundle), default crypt configs (idpyoidc.encrypter)
* ``secrets.token_bytes``   -> ``secrets.token_urlsafe`` -> ``idpyoidc.util.rndstr``
* ``time.time``             -> Fernet timestamp, cryptojwt ``utc_time_sans_frac`` (JWT iat/exp)
* ``idpyoidc.time_util.datetime`` -> idpyoidc ``utc_time_sans_frac`` (every Item/grant time)
* ``uuid.uuid1`` / ``uuid.uuid4`` (and the names imported from them into
  ``idpyoidc.server.session.grant`` / ``.token``) -> grant ids, token ids, jti

Random bytes come either from an explicit queue (for the opaque vectors, where the bytes are
recorded in the vector) or from a SHA-256 counter stream keyed by a seed string (for the grant
vectors, where only reproducibility matters).
"""

import datetime as _dt
import hashlib
import json
import os
import secrets
import sys
import time
import uuid

OUT_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SOURCE = "idpyoidc 5.0.0 + cryptojwt 1.11.0 (cryptography %s)"


def source_string():
    import cryptography

    return SOURCE % cryptography.__version__


class Determinism:
    def __init__(self, seed="oxidc", now=1795420800):
        self.seed = seed
        self.now = int(now)
        self.counter = 0
        self.uuid_counter = 0
        self.queues = {"urandom": [], "token_bytes": []}
        self.draws = []  # (kind, nbytes, hex)
        self._saved = []

    # ------------------------------------------------------------------ randomness
    def _stream(self, n):
        out = b""
        while len(out) < n:
            out += hashlib.sha256(f"{self.seed}|{self.counter}".encode()).digest()
            self.counter += 1
        return out[:n]

    def queue(self, kind, *blobs):
        for b in blobs:
            self.queues[kind].append(bytes(b))

    def _take(self, kind, n):
        q = self.queues[kind]
        if q:
            b = q.pop(0)
            if len(b) != n:
                raise AssertionError(f"{kind}: queued {len(b)} bytes but {n} were requested")
        else:
            b = self._stream(n)
        self.draws.append((kind, n, b.hex()))
        return b

    def urandom(self, n):
        return self._take("urandom", n)

    def token_bytes(self, n=None):
        return self._take("token_bytes", 32 if n is None else n)

    def assert_queues_empty(self):
        for k, q in self.queues.items():
            if q:
                raise AssertionError(f"unused injected {k} bytes: {[b.hex() for b in q]}")

    # ------------------------------------------------------------------ uuids
    def uuid1(self, node=None, clock_seq=None):
        self.uuid_counter += 1
        # uuid1-shaped (version 1, RFC 4122 variant), derived from the frozen time + counter
        ts = (self.now * 10_000_000 + 0x01B21DD213814000 + self.uuid_counter) & ((1 << 60) - 1)
        time_low = ts & 0xFFFFFFFF
        time_mid = (ts >> 32) & 0xFFFF
        time_hi_version = ((ts >> 48) & 0x0FFF) | (1 << 12)
        cs = self.uuid_counter & 0x3FFF
        return uuid.UUID(
            fields=(time_low, time_mid, time_hi_version, (cs >> 8) | 0x80, cs & 0xFF, 0x02FC00000001)
        )

    def uuid4(self):
        b = bytearray(self._stream(16))
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        return uuid.UUID(bytes=bytes(b))

    # ------------------------------------------------------------------ patching
    def _patch(self, obj, name, value):
        self._saved.append((obj, name, getattr(obj, name)))
        setattr(obj, name, value)

    def __enter__(self):
        det = self

        class FrozenDatetime(_dt.datetime):
            @classmethod
            def now(cls, tz=None):
                return _dt.datetime.fromtimestamp(det.now, tz or _dt.timezone.utc)

            @classmethod
            def utcnow(cls):
                return _dt.datetime.fromtimestamp(det.now, _dt.timezone.utc).replace(tzinfo=None)

        import idpyoidc.time_util as tu

        self._patch(os, "urandom", self.urandom)
        self._patch(secrets, "token_bytes", self.token_bytes)
        self._patch(time, "time", lambda: float(det.now))
        self._patch(tu, "datetime", FrozenDatetime)
        self._patch(uuid, "uuid1", self.uuid1)
        self._patch(uuid, "uuid4", self.uuid4)
        for modname in ("idpyoidc.server.session.grant", "idpyoidc.server.session.token"):
            mod = sys.modules.get(modname)
            if mod is not None and hasattr(mod, "uuid1"):
                self._patch(mod, "uuid1", self.uuid1)
        return self

    def __exit__(self, *exc):
        while self._saved:
            obj, name, value = self._saved.pop()
            setattr(obj, name, value)
        return False


def import_idpyoidc():
    """Import every idpyoidc module we patch names in, before any Determinism is entered."""
    import idpyoidc.server.session.grant  # noqa: F401
    import idpyoidc.server.session.token  # noqa: F401
    import idpyoidc.time_util  # noqa: F401


def write_vector(folder, filename, data):
    path = os.path.join(OUT_ROOT, folder, filename)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="ascii") as fh:
        json.dump(data, fh, indent=1, sort_keys=True)
        fh.write("\n")
    return path


def clean_folder(folder):
    path = os.path.join(OUT_ROOT, folder)
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):
        if name.endswith(".json"):
            os.remove(os.path.join(path, name))


def fixed_bytes(label, n):
    """Fixed, documented key material: SHA-256 counter stream of a label."""
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(f"{label}|{i}".encode()).digest()
        i += 1
    return out[:n]


def exc_name(err):
    return type(err).__name__


def exc_qualname(err):
    t = type(err)
    return f"{t.__module__}.{t.__qualname__}"
