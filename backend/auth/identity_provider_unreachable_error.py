"""The identity provider a login relies on did not answer: the HTTP layer answers 503.

Not the caller's fault and not a refusal: the same proof may succeed in a moment
(``Retry-After``). The message names what could not be read, never a token.
"""


class IdentityProviderUnreachableError(Exception):
    """``retry_after_s``: a reasonable wait before trying again."""

    def __init__(self, message: str, retry_after_s: float = 5.0) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after_s = retry_after_s
