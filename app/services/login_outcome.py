"""What a successful card login gives the workstation."""

from dataclasses import dataclass

from app.domain.cps_identity import CpsIdentity
from app.ports.cps_card import CpsCard
from app.services.session import Session


@dataclass(frozen=True, slots=True)
class LoginOutcome:
    """The session to work under, who logged in, and whether the server took part.

    ``online`` False: an offline login (PIN + a local challenge checked against the
    certificate of a practitioner known in this profile); sync waits for
    ``LoginService.renew_online`` to get a token once the server answers.
    ``card`` stays open while the session lives: removing it locks the workstation.
    An e-CPS login (Pro Santé Connect) has no card (``card`` None, ``identity`` without
    a certificate): it is always online, and idle or Ctrl+L lock it as any session.
    """

    session: Session
    identity: CpsIdentity
    online: bool
    card: CpsCard | None

    @property
    def by_ecps(self) -> bool:
        return self.card is None
