"""The subscription endpoint policy (server-side request forgery) and key checks, unit by unit."""

from __future__ import annotations

from ipaddress import ip_address

import pytest

from server.push.endpoint_policy import (
    address_allowed,
    auth_problems,
    endpoint_problems,
    p256dh_problems,
    system_resolver,
)
from server.push.vapid import b64url_encode, load_or_create_keys

PUBLIC = {"fcm.googleapis.com": ["142.250.185.106", "2a00:1450:4001:82b::200a"]}


def resolve(host: str) -> list[str]:
    return {
        **PUBLIC,
        "internal.example.com": ["10.1.2.3"],
        "split.example.com": ["93.184.216.34", "192.168.0.7"],
        "mapped.example.com": ["::ffff:10.0.0.1"],
    }.get(host, [])


def problems(url: str, **options: object) -> list[str]:
    return endpoint_problems(url, resolve=resolve, **options)  # type: ignore[arg-type]


def test_a_real_push_service_endpoint_is_accepted() -> None:
    assert problems("https://fcm.googleapis.com/fcm/send/abc:def") == []


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/push",
        "https://10.0.0.1/push",
        "https://172.16.5.4/push",
        "https://192.168.1.1/push",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/push",
        "https://[fc00::1]/push",
        "https://[fd12:3456::1]/push",
        "https://[fe80::1]/push",
        "https://[::ffff:127.0.0.1]/push",
        "https://[64:ff9b::a00:1]/push",
        "https://0.0.0.0/push",
        "https://224.0.0.1/push",
        "https://240.0.0.1/push",
        "https://100.64.0.1/push",
        "https://localhost/push",
        "https://push.localhost/push",
        "https://internal.example.com/push",
        "https://split.example.com/push",
        "https://mapped.example.com/push",
    ],
)
def test_private_loopback_link_local_and_reserved_hosts_are_refused(url: str) -> None:
    assert problems(url) == [
        "The endpoint must be a public push service, not a private or local address."
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://fcm.googleapis.com/fcm/send/abc", "The endpoint must use https."),
        ("ftp://fcm.googleapis.com/x", "The endpoint must use https."),
        ("https:///nohost", "The endpoint has no host."),
        ("not a url", "The endpoint has no host."),
        ("https://fcm.googleapis.com:99999/x", "The endpoint is not a valid URL."),
        ("https://user:pw@fcm.googleapis.com/x", "The endpoint must not carry credentials."),
        ("https://nowhere.invalid/x", "We couldn't find that push service."),
        (
            "https://fcm.googleapis.com/" + "a" * 1024,
            "The endpoint is longer than 1024 characters.",
        ),
        ("", "Send the subscription's endpoint URL."),
    ],
)
def test_malformed_endpoints_are_refused_with_a_reason(url: str, message: str) -> None:
    assert problems(url) == [message]


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8123/push/x", "http://localhost:8123/push/x", "http://[::1]:1/x"]
)
def test_the_loopback_test_setting_admits_local_http_endpoints(url: str) -> None:
    assert problems(url, allow_loopback=True) == []
    assert problems(url) != []


def test_the_loopback_test_setting_still_refuses_other_private_hosts() -> None:
    assert problems("http://10.0.0.1/push", allow_loopback=True) != []
    assert problems("https://169.254.169.254/", allow_loopback=True) != []


def test_the_system_resolver_answers_nothing_for_a_name_that_cannot_exist() -> None:
    assert system_resolver("no-such-host.invalid") == []


def test_a_real_browser_key_pair_passes_the_key_checks(tmp_path) -> None:
    public = load_or_create_keys(tmp_path).public_key_b64url
    assert p256dh_problems(public) == []
    assert auth_problems(b64url_encode(b"0123456789abcdef")) == []


@pytest.mark.parametrize(
    "value",
    [
        b64url_encode(b"\x04" + b"\x01" * 63),  # 64 bytes
        b64url_encode(b"\x02" + b"\x01" * 64),  # compressed-point prefix
        b64url_encode(b"\x04" + b"\x01" * 64),  # 65 bytes, not on the curve
        "!!not base64!!",
        "",
        42,
    ],
)
def test_a_p256dh_that_is_not_an_uncompressed_p256_point_is_refused(value: object) -> None:
    assert p256dh_problems(value) != []


@pytest.mark.parametrize(
    "value", [b64url_encode(b"x" * 15), b64url_encode(b"x" * 17), "a+b/", "", None]
)
def test_an_auth_secret_that_is_not_16_bytes_is_refused(value: object) -> None:
    assert auth_problems(value) != []


@pytest.mark.parametrize(
    "url",
    [
        "https://[2002:a00:1::1]/push",  # 6to4 around 10.0.0.1
        "https://[2002:7f00:1::1]/push",  # 6to4 around 127.0.0.1
        "https://[2002:a9fe:a9fe::1]/push",  # 6to4 around 169.254.169.254
        "https://[64:ff9b::7f00:1]/push",  # NAT64 around 127.0.0.1
        "https://[64:ff9b::a9fe:a9fe]/push",  # NAT64 around 169.254.169.254
        "https://[64:ff9b:1::a00:1]/push",  # local-use NAT64
        "https://[64:ff9b:1:abcd::5db8:d822]/push",  # local-use NAT64, any embedding
        "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/push",  # Teredo
        "https://[2001::a00:1]/push",  # Teredo
        "https://[::a00:1]/push",  # IPv4-compatible 10.0.0.1
        "https://[::7f00:1]/push",  # IPv4-compatible 127.0.0.1
        "https://[::ffff:a9fe:a9fe]/push",  # IPv4-mapped 169.254.169.254
        "https://tunnel.example.com/push",  # a name whose only answer is one of those
    ],
)
def test_ipv6_forms_that_carry_a_private_ipv4_address_are_refused(url: str) -> None:
    tunnel = {"tunnel.example.com": ["2002:c0a8:1::1"]}  # 6to4 around 192.168.0.1
    assert endpoint_problems(url, resolve=lambda host: tunnel.get(host, [])) == [
        "The endpoint must be a public push service, not a private or local address."
    ]


def test_a_6to4_or_nat64_address_around_a_public_ipv4_address_is_accepted() -> None:
    assert problems("https://[2002:5db8:d822::1]/push") == []
    assert problems("https://[64:ff9b::5db8:d822]/push") == []


@pytest.mark.parametrize("port", [22, 80, 6379, 8443, 5432])
def test_only_the_standard_https_port_is_accepted(port: int) -> None:
    assert problems(f"https://fcm.googleapis.com:{port}/fcm/send/abc") == [
        "The endpoint must use the standard https port."
    ]
    assert problems("https://fcm.googleapis.com:443/fcm/send/abc") == []


@pytest.mark.parametrize(
    ("address", "loopback", "allowed"),
    [
        ("142.250.185.106", False, True),
        ("127.0.0.1", False, False),
        ("127.0.0.1", True, True),
        ("::1", True, True),
        ("10.0.0.8", True, False),
        ("169.254.169.254", True, False),
        ("2002:7f00:1::1", True, False),
    ],
)
def test_send_time_address_checks_follow_the_same_policy(
    address: str, loopback: bool, allowed: bool
) -> None:
    assert address_allowed(ip_address(address), allow_loopback=loopback) is allowed
