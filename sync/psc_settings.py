"""How to reach Pro Santé Connect: the discovery URL and this workstation's client.

PSC publishes its discovery document at a non-standard path
(``/.well-known/wallet-openid-configuration``), so the full URL is configured rather
than derived from the issuer. The client id and secret are those the ANS registered
for this software; a desktop application cannot keep a secret (RFC 8252 §8.5), so the
secret only identifies the software: PKCE is what protects the authorization code.
"""

from dataclasses import dataclass, field

PSC_PRODUCTION_DISCOVERY = (
    "https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet"
    "/.well-known/wallet-openid-configuration"
)
DEFAULT_SCOPE = "openid scope_all"
DEFAULT_ACR = "eidas1"


@dataclass(frozen=True, slots=True)
class PscSettings:
    """The provider and the client; timeouts in seconds."""

    discovery_url: str
    client_id: str
    client_secret: str | None = field(default=None, repr=False)
    scope: str = DEFAULT_SCOPE
    acr: str = DEFAULT_ACR
    # Each HTTP request to the provider.
    request_timeout_s: float = 15.0
    # The practitioner typing their identifier and approving on their phone.
    browser_timeout_s: float = 300.0
    # Clock skew tolerated on iat/exp: the workstation's clock may drift a little.
    leeway_s: float = 60.0
