"""Bearer tokens: random, shown once, stored only as a hash, checked in constant time.

A token is 32 random bytes, so a plain sha256 is enough to store it (there is
nothing to brute-force, unlike a password); the database never holds a token
that would work if the file leaked.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "pr_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def client_hash(client_id: str) -> str:
    """How a client id is stored: hashed, so the database never holds an id that could
    be sent as `X-Client-Id` to get a token for someone else's account."""
    return hashlib.sha256(("photoreel-client:" + client_id).encode("utf-8", "replace")).hexdigest()


def same_hash(a: str, b: str) -> bool:
    """Constant-time comparison, so response timing says nothing about a guess."""
    return hmac.compare_digest(a.encode(), b.encode())
