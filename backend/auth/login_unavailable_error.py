"""A login method this server offers only once configured, and is not: answered with 501.

Distinct from a refused proof (401): nothing the caller sends can succeed, and the
message says what the administrator has to set up.
"""


class LoginUnavailableError(Exception):
    """The message says which method is off and which option turns it on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
