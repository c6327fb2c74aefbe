"""VAPID keys: the server's identity towards push services (RFC 8292).

Browsers bind each subscription to the public key passed as `applicationServerKey`, so the key
pair must survive restarts: it comes from the environment (PEM, or the raw base64url private
scalar that `web-push generate-vapid-keys` prints) or is generated once into the instance folder.
The file is published atomically (write a 0600 temp file, then hard-link it into place), so
several workers starting together all end up with the same key and nobody reads half a file.

Rotating the key invalidates every existing subscription (push services answer 401/403), so
`rotate_keys` is an operator action followed by clients re-subscribing.

`vapid_authorization` signs the ES256 JWT by hand (header.claims.signature, raw r||s) because it
is twenty lines and keeps the claims immutable and the clock explicit.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

log = logging.getLogger(__name__)

KEY_FILENAME = "vapid_private.pem"


def b64url_encode(data: bytes) -> str:
    """Base64url without padding, as Web Push uses everywhere."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str | bytes) -> bytes:
    """Inverse of `b64url_encode`, tolerant of missing padding."""
    raw = text.encode("ascii") if isinstance(text, str) else text
    return base64.urlsafe_b64decode(raw + b"=" * (-len(raw) % 4))


@dataclass(frozen=True)
class VapidKeys:
    """A P-256 key pair; `public_key_b64url` is what the browser's `applicationServerKey` needs."""

    private_key: ec.EllipticCurvePrivateKey
    private_key_pem: bytes
    public_key_b64url: str

    @classmethod
    def from_private_key(cls, key: ec.EllipticCurvePrivateKey) -> VapidKeys:
        if not isinstance(key.curve, ec.SECP256R1):
            raise ValueError("VAPID keys must be on the P-256 curve")
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        point = key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return cls(private_key=key, private_key_pem=pem, public_key_b64url=b64url_encode(point))

    @classmethod
    def generate(cls) -> VapidKeys:
        return cls.from_private_key(ec.generate_private_key(ec.SECP256R1()))

    @classmethod
    def from_text(cls, text: str | bytes) -> VapidKeys:
        """Parse a PEM private key or a base64url raw 32-byte private scalar."""
        raw = text.encode("ascii") if isinstance(text, str) else text
        raw = raw.strip()
        if raw.startswith(b"-----BEGIN"):
            key = serialization.load_pem_private_key(raw, password=None)
        else:
            scalar = b64url_decode(raw)
            if len(scalar) != 32:
                raise ValueError("a raw VAPID private key must be 32 bytes (base64url)")
            key = ec.derive_private_key(int.from_bytes(scalar, "big"), ec.SECP256R1())
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("VAPID private key must be an EC key")
        return cls.from_private_key(key)

    def __repr__(self) -> str:  # never print the private key
        return f"VapidKeys(public_key_b64url={self.public_key_b64url!r})"


def _write_private(path: Path, pem: bytes, *, replace: bool) -> bool:
    """Write `pem` to `path` with mode 0600; return False if it exists and `replace` is off."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vapid-", suffix=".tmp")  # 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, path)
            return True
        try:
            os.link(tmp, path)  # atomic, fails if another process won the race
        except FileExistsError:
            return False
        return True
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def load_or_create_keys(instance_dir: Path, private_key_pem_env: str | None = None) -> VapidKeys:
    """Keys from the environment if given, else from (or newly into) `instance_dir`."""
    if private_key_pem_env:
        return VapidKeys.from_text(private_key_pem_env)
    path = Path(instance_dir) / KEY_FILENAME
    if not path.exists():
        keys = VapidKeys.generate()
        if _write_private(path, keys.private_key_pem, replace=False):
            log.info("generated VAPID key pair in %s", path)
            return keys
    if path.stat().st_mode & 0o077:
        log.warning("%s is readable by group or others; chmod 600 it", path)
    return VapidKeys.from_text(path.read_bytes())


def rotate_keys(instance_dir: Path) -> VapidKeys:
    """Replace the stored key pair; old subscriptions stop working until clients resubscribe."""
    keys = VapidKeys.generate()
    path = Path(instance_dir) / KEY_FILENAME
    _write_private(path, keys.private_key_pem, replace=True)
    log.warning("rotated VAPID key pair in %s; existing subscriptions are now invalid", path)
    return keys


def vapid_authorization(keys: VapidKeys, audience: str, subject: str, expires_at: int) -> str:
    """The `Authorization` header value: `vapid t=<ES256 JWT>, k=<public key>`."""
    header = b64url_encode(json.dumps({"typ": "JWT", "alg": "ES256"}).encode())
    claims = {"aud": audience, "exp": int(expires_at), "sub": subject}
    body = b64url_encode(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{body}".encode("ascii")
    r, s = decode_dss_signature(keys.private_key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
    signature = b64url_encode(r.to_bytes(32, "big") + s.to_bytes(32, "big"))
    return f"vapid t={header}.{body}.{signature}, k={keys.public_key_b64url}"
