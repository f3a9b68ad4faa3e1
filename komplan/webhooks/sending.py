"""Signing a delivery and sending it to an address that is not inside the network.

The signature (docs/webhooks.md shows how a receiver checks it): the header
`Komplan-Signature: t=<unix time>,v1=<hex>`, where <hex> is HMAC-SHA256 with the webhook's
secret over `<unix time>.<body>`. A receiver refuses a timestamp far from its clock, so a
recorded delivery cannot be replayed later.

The address must be http(s), and its host must resolve to public addresses only: loopback,
private, link-local (the cloud's metadata service), multicast and reserved ranges are refused,
unless KOMPLAN_WEBHOOKS_ALLOW_PRIVATE allows them (a receiver inside the organisation's own
network; the tests). The check is made again before each attempt, and the request goes to the
address that was checked (the host name is sent as `Host` and in TLS's SNI), so a name that
resolves elsewhere a second time (DNS rebinding) does not reach inside. Redirects are not
followed, and the timeouts are short (KOMPLAN_WEBHOOK_TIMEOUT seconds).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

RESPONSE_KEPT = 500  # characters of the receiver's answer kept in the log
USER_AGENT = "komplan-webhooks/1"


class UnsafeAddress(ValueError):
    """The address is not one komplan sends to."""


def body_of(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent: the same on every attempt of a delivery."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def checked_address(url: str) -> str:
    """The IP address to send to for `url`; UnsafeAddress when komplan must not send there."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeAddress(_("The address must start with https:// or http://."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError):
        raise UnsafeAddress(_("The address's host name could not be found.")) from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    if not addresses:
        raise UnsafeAddress(_("The address's host name could not be found."))
    if not settings.KOMPLAN_WEBHOOKS_ALLOW_PRIVATE and any(_refused(a) for a in addresses):
        raise UnsafeAddress(
            _("The address leads to a private or local network, where komplan does not send.")
        )
    return str(addresses[0])


@dataclass
class Answer:
    status_code: int | None
    text: str
    error: str
    duration_ms: int


def send(url: str, *, secret: str, body: bytes, event: str, delivery_id: str) -> Answer:
    """POST `body` to `url`, signed; never raises for the receiver's failures."""
    started = time.monotonic()

    def answer(status: int | None, text: str = "", error: str = "") -> Answer:
        elapsed = int((time.monotonic() - started) * 1000)
        return Answer(status, text[:RESPONSE_KEPT], error[:300], elapsed)

    try:
        ip = checked_address(url)
    except UnsafeAddress as refused:
        return answer(None, error=str(refused))
    parts = urlsplit(url)
    host = f"[{ip}]" if ":" in ip else ip
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    timestamp = int(time.time())
    headers = {
        "Host": parts.netloc.rsplit("@", 1)[-1],
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Komplan-Event": event,
        "Komplan-Delivery": delivery_id,
        "Komplan-Signature": signature_header(secret, timestamp, body),
    }
    timeout = httpx.Timeout(settings.KOMPLAN_WEBHOOK_TIMEOUT)
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client,
            client.stream(
                "POST",
                pinned,
                content=body,
                headers=headers,
                extensions={"sni_hostname": parts.hostname or ""},
            ) as response,
        ):
            start = b""
            for chunk in response.iter_bytes():  # the start only: a large answer is not read
                start += chunk
                if len(start) >= RESPONSE_KEPT * 4:
                    break
            return answer(response.status_code, start.decode("utf-8", errors="replace"))
    except httpx.TimeoutException:
        seconds = settings.KOMPLAN_WEBHOOK_TIMEOUT
        return answer(None, error=_("No answer within %(seconds)s seconds.") % {"seconds": seconds})
    except httpx.HTTPError as failed:
        return answer(None, error=_("Could not connect: %(error)s") % {"error": failed})
