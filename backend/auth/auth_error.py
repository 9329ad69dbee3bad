"""A refused authentication: the HTTP layer answers 401 (or 403) with a challenge."""


class AuthError(Exception):
    """``scheme`` and ``error`` go into ``WWW-Authenticate``; the message to the client.

    The message never carries a token or a secret, only why it was refused.
    """

    def __init__(
        self,
        message: str,
        *,
        scheme: str = "Bearer",
        error: str | None = "invalid_token",
        status: int = 401,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.scheme = scheme
        self.error = error
        self.status = status

    def challenge(self, realm: str) -> str:
        """The ``WWW-Authenticate`` value (RFC 6750 §3 for Bearer)."""
        parts = [f'{self.scheme} realm="{realm}"']
        if self.error is not None:
            parts.append(f'error="{self.error}"')
            parts.append(f'error_description="{self.message}"')
        return ", ".join(parts)
