"""The `offline` fixture: every flow but an explicit fetch runs with it."""

from __future__ import annotations

import socket

import pytest


class NetworkUsed(AssertionError):
    """Something tried to reach the network (raised by the `offline` fixture)."""


@pytest.fixture
def offline(monkeypatch) -> list[str]:
    """No network: creating an internet socket, connecting or resolving a name raises.

    Unix-domain sockets stay allowed: the asyncio event loop wakes itself through a
    socketpair, which never leaves the machine. Returns the attempts made, to assert on."""
    attempts: list[str] = []
    real_socket = socket.socket

    class OfflineSocket(real_socket):
        def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
            if fileno is None and family != socket.AF_UNIX:
                attempts.append(f"socket({family}, {type})")
                raise NetworkUsed(f"a test tried to open a network socket ({family}, {type})")
            super().__init__(family, type, proto, fileno)

    def refuse(name):
        def refused(*args, **kwargs):
            attempts.append(f"{name}{args}")
            raise NetworkUsed(f"a test tried {name}{args}")
        return refused

    monkeypatch.setattr(socket, "socket", OfflineSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts
