"""A login step refused for now because it was asked too often: the HTTP layer answers 429."""


class LoginThrottledError(Exception):
    """``retry_after_s``: when asking again may succeed (the ``Retry-After`` header)."""

    def __init__(self, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after_s = retry_after_s
