"""An authenticator whose proof answers a challenge the server handed out first.

``POST /auth/<name>/challenge`` asks for a fresh challenge; the proof built over it goes
to ``POST /auth/<name>/login`` (the same as ``POST /auth/<name>``), where
:meth:`Authenticator.authenticate` checks it. The CPS card login is the first such method.
"""

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from backend.auth.authenticator import Authenticator


@runtime_checkable
class ChallengeAuthenticator(Authenticator, Protocol):
    """An authenticator with a challenge step before its login."""

    async def challenge(self, client: str | None) -> Mapping[str, Any]:
        """The JSON answer of the challenge endpoint, for the caller at address ``client``.

        Raises LoginThrottledError when that caller (or everyone) asks too often, and
        LoginUnavailableError when the method is not set up on this server.
        """
