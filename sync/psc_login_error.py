"""Why a Pro Santé Connect login failed, in a few plain causes the login screen can word.

The message is for logs and support: it says which step failed and why, never a token,
a code or a secret (the provider's own ``error_description`` is kept, cut short, since it
describes the request, not the credentials).
"""

import enum

MAX_DETAIL_CHARS = 200


class PscFailure(enum.Enum):
    """What the login screen tells the practitioner."""

    CANCELLED = "cancelled"  # the practitioner (or the app) gave up
    DENIED = "denied"  # the practitioner or the provider refused (access_denied)
    TIMED_OUT = "timed_out"  # nobody answered in time, or the request expired
    INVALID_TOKEN = "invalid_token"  # noqa: S105 (a cause, not a secret): the provider's answer did not pass validation
    UNREACHABLE = "unreachable"  # network, timeout, or a 5xx from the provider
    PROVIDER_ERROR = "provider_error"  # the provider refused the request itself
    NOT_SUPPORTED = "not_supported"  # e.g. CIBA where the provider does not offer it
    SERVER_REFUSED = "server_refused"  # our FHIR server did not accept the identity


class PscLoginError(Exception):
    """``failure`` is the cause to show; the message the detail to log."""

    def __init__(self, failure: PscFailure, detail: str) -> None:
        super().__init__(f"{failure.value}: {detail[:MAX_DETAIL_CHARS]}")
        self.failure = failure
