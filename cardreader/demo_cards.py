"""The cards the demo profile « inserts »: simulated cards in pcscd's virtual reader.

The demo runs the real login path (pcscd, the vpcd driver, our card reader code) with
a simulated CPS in vpcd's first slot, so what a visitor sees is what a practice gets
with a real card. The CPS carries a TEST certificate for the demo's lead practitioner,
issued by a TEST CA made in the profile folder; the embedded backend trusts that CA and
nothing else. A Carte Vitale 2 of a demo family can be put in the second slot for the
front desk.

pcscd is the system's (Debian's ``vsmartcard-vpcd`` registers the virtual reader at
port 35963 on loopback). When pcscd does not run, the login screen says so: the
simulator keeps trying to reach it and the card appears once it does.
"""

import logging
from pathlib import Path

from app.domain.card_kind import CardKind
from cardreader.simulator.card_simulator import CardSimulator
from cardreader.simulator.cps_card import CpsCard
from cardreader.simulator.simulated_beneficiary import SimulatedBeneficiary
from cardreader.simulator.simulated_reader import VPCD_DEFAULT_PORT
from cardreader.simulator.test_pki import (
    CA_CERTIFICATE_FILE,
    KeyUsageKind,
    PractitionerCredentials,
    TestPki,
)
from cardreader.simulator.vitale_card import VitaleCard

log = logging.getLogger(__name__)

DEMO_PIN = "1234"
CPS_SLOT = 0
VITALE_SLOT = 1


class DemoCards:
    """A simulated CPS (and optionally a Vitale) served to the system's vpcd reader."""

    def __init__(
        self,
        pki_dir: Path,
        id_nat_ps: str,
        surname: str,
        given_name: str,
        *,
        pin: str = DEMO_PIN,
        port: int = VPCD_DEFAULT_PORT,
    ) -> None:
        self.pki_dir = pki_dir
        self.id_nat_ps = id_nat_ps
        self.pin = pin
        self._names = (surname, given_name)
        self._simulator = CardSimulator(port)
        self._started = False

    @property
    def ca_certificate_path(self) -> Path:
        """The TEST CA the embedded backend is told to trust for the demo."""
        return self.pki_dir / CA_CERTIFICATE_FILE

    def prepare(self) -> None:
        """Make the TEST CA and the practitioner's credentials once per profile."""
        auth_cert, _ = PractitionerCredentials.paths(
            self.pki_dir, self.id_nat_ps, KeyUsageKind.AUTHENTICATION
        )
        if not (self.ca_certificate_path.exists() and auth_cert.exists()):
            self.pki_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            TestPki.create_into(self.pki_dir, self.id_nat_ps, *self._names)

    def start(self) -> None:
        """Serve the slots and insert the CPS (the reader threads connect when pcscd does)."""
        self.prepare()
        if not self._started:
            self._simulator.start()
            self._started = True
        self.insert_cps()

    def insert_cps(self) -> None:
        auth = PractitionerCredentials.load(self.pki_dir, self.id_nat_ps)
        sig = PractitionerCredentials.load(self.pki_dir, self.id_nat_ps, KeyUsageKind.SIGNATURE)
        card = CpsCard(CardKind.CPS3_CONTACT, auth, sig, pin=self.pin)
        self._simulator.reader(CPS_SLOT).insert(card)
        log.info("demo CPS inserted in the virtual reader")

    def remove_cps(self) -> None:
        self._simulator.reader(CPS_SLOT).remove()

    def insert_vitale(self, holders: list[SimulatedBeneficiary]) -> None:
        self._simulator.reader(VITALE_SLOT).insert(VitaleCard(holders))

    def remove_vitale(self) -> None:
        self._simulator.reader(VITALE_SLOT).remove()

    def stop(self) -> None:
        if self._started:
            self._simulator.stop()
            self._started = False
