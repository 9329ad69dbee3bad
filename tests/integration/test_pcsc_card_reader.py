"""The PC/SC adapter against real pcscd + vsmartcard-vpcd + the card simulator.

Every command travels PcscCardReader → pyscard → libpcsclite → pcscd → vpcd → TCP →
simulator, so what is asserted here is what the workstation does with a reader.
"""

import asyncio
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
import pytest_asyncio
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_kind import CardKind
from app.ports.cps_card import CpsCard
from cardreader.apdu_command import ApduCommand
from cardreader.card_channel import CardChannel
from cardreader.cps_layout import CpsLayout
from cardreader.pcsc_card_reader import PcscCardReader
from cardreader.simulator.card_simulator import CardSimulator
from cardreader.simulator.cps_card import CpsCard as SimulatedCps
from cardreader.simulator.opaque_card import OpaqueCard
from cardreader.simulator.simulated_beneficiary import SimulatedBeneficiary
from cardreader.simulator.simulated_card import SimulatedCard
from cardreader.simulator.vitale_card import VitaleCard
from cardreader.status_word import StatusWord
from tests.helpers.pcsc_client import PcscClient
from tests.helpers.pcsc_daemon import PcscDaemon
from tests.helpers.pcsc_fixtures import PkiFiles
from tests.helpers.reader_watch import WAIT_S, ReaderWatch

kind_in = ReaderWatch.kind_in

pytestmark = pytest.mark.asyncio

CPS_READER = "Virtual PCD 00 00"
VITALE_READER = "Virtual PCD 00 01"
INS_VERIFY = 0x20


@pytest_asyncio.fixture
async def cards(card_simulator: CardSimulator) -> AsyncIterator[PcscCardReader]:
    reader = PcscCardReader(poll_s=0.2)
    yield reader
    await reader.stop()


async def pull_at_every_command[C: SimulatedCard](
    watch: ReaderWatch,
    simulator: CardSimulator,
    slot: int,
    kind: CardKind,
    make_card: Callable[[], C],
    operation: Callable[[], Awaitable[None]],
    check: Callable[[C], None] | None = None,
) -> int:
    """Runs ``operation`` once whole to count its commands, then once per command with
    the card pulled at that command: each run must fail REMOVED (or NO_CARD when the
    card went before the connection). Returns the number of commands."""
    reader = simulator.reader(slot)
    name = (CPS_READER, VITALE_READER)[slot]
    reader.insert(make_card())
    await watch.until(kind_in(name, kind))
    await operation()
    commands = len(reader.received_commands())
    reader.remove()
    await watch.until(kind_in(name, None))
    for index in range(commands):
        card = make_card()
        reader.insert(card)
        await watch.until(kind_in(name, kind))
        reader.pull_at_command(index)
        with pytest.raises(CardError) as raised:
            await operation()
        assert raised.value.reason in (CardErrorReason.REMOVED, CardErrorReason.NO_CARD), index
        if check is not None:
            check(card)
        await watch.until(kind_in(name, None))
    return commands


async def open_cps(
    cards: PcscCardReader, watch: ReaderWatch, simulator: CardSimulator, card: SimulatedCps
) -> CpsCard:
    simulator.reader(0).insert(card)
    await watch.until(kind_in(CPS_READER, card.kind))
    return await cards.open_cps(CPS_READER)


def verifies(simulator: CardSimulator) -> int:
    return sum(1 for c in simulator.reader(0).received_commands() if c[1] == INS_VERIFY)


def signature_checks(certificate_der: bytes, message: bytes, signature: bytes) -> bool:
    key = x509.load_der_x509_certificate(certificate_der).public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    try:
        key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except Exception:
        return False
    return True


# -- the watch ---------------------------------------------------------------------------


async def test_a_card_already_in_the_reader_is_in_the_first_snapshot(
    cards: PcscCardReader, card_simulator: CardSimulator, pki_files: PkiFiles
) -> None:
    card_simulator.reader(0).insert(SimulatedCps(CardKind.CPS3_CONTACT, pki_files.authentication))
    card_simulator.reader(1).insert(VitaleCard(SimulatedBeneficiary.samples(1)))
    # Let pcscd see both before the workstation starts.
    probe = PcscCardReader(poll_s=0.2)
    probe_watch = ReaderWatch(probe)
    await probe.start()
    # pcscd polls each vpcd slot on its own: wait until it has seen both cards.
    await probe_watch.until(
        lambda s: (
            kind_in(CPS_READER, CardKind.CPS3_CONTACT)(s)
            and kind_in(VITALE_READER, CardKind.VITALE_2)(s)
        )
    )
    await probe.stop()

    await cards.start()
    state = cards.state
    assert state.service
    assert [(s.reader, s.kind) for s in state.slots] == [
        (CPS_READER, CardKind.CPS3_CONTACT),
        (VITALE_READER, CardKind.VITALE_2),
    ]
    assert all(s.insertion == 1 for s in state.slots)


async def test_insertions_and_removals_reach_the_loop_and_are_counted(
    cards: PcscCardReader, card_simulator: CardSimulator, pki_files: PkiFiles
) -> None:
    watch = ReaderWatch(cards)
    await cards.start()
    assert [(s.reader, s.kind) for s in cards.state.slots] == [
        (CPS_READER, None),
        (VITALE_READER, None),
    ]
    reader = card_simulator.reader(0)
    reader.insert(SimulatedCps(CardKind.CPS4, pki_files.authentication))
    first = (await watch.until(kind_in(CPS_READER, CardKind.CPS4))).slot(CPS_READER)
    loop = asyncio.get_running_loop()
    pulled = loop.time()
    reader.remove()
    await watch.until(kind_in(CPS_READER, None))
    # The lock follows these snapshots: removal must be seen well within 2 s.
    assert loop.time() - pulled < 2.0
    reader.insert(SimulatedCps(CardKind.CPS4, pki_files.authentication))
    second = (await watch.until(kind_in(CPS_READER, CardKind.CPS4))).slot(CPS_READER)
    assert first is not None and second is not None
    assert second.insertion == first.insertion + 1


async def test_each_card_kind_is_told_apart(
    cards: PcscCardReader, card_simulator: CardSimulator, pki_files: PkiFiles
) -> None:
    watch = ReaderWatch(cards)
    await cards.start()
    reader = card_simulator.reader(0)
    for card, kind in [
        (SimulatedCps(CardKind.CPS3_CONTACT, pki_files.authentication), CardKind.CPS3_CONTACT),
        (
            SimulatedCps(CardKind.CPS3_CONTACTLESS, pki_files.authentication),
            CardKind.CPS3_CONTACTLESS,
        ),
        (SimulatedCps(CardKind.CPS4, pki_files.authentication), CardKind.CPS4),
        (VitaleCard(SimulatedBeneficiary.samples(1)), CardKind.VITALE_2),
        (OpaqueCard.vitale_1(), CardKind.VITALE_1),
        (OpaqueCard.unknown(), CardKind.UNKNOWN),
    ]:
        reader.insert(card)
        await watch.until(kind_in(CPS_READER, kind))
        reader.remove()
        await watch.until(kind_in(CPS_READER, None))


@pytest.mark.parametrize("crash", [False, True], ids=["restart", "crash"])
async def test_a_pcscd_restart_is_seen_and_the_card_comes_back_as_a_new_insertion(
    cards: PcscCardReader,
    card_simulator: CardSimulator,
    pcsc_daemon: PcscDaemon,
    pki_files: PkiFiles,
    crash: bool,
) -> None:
    watch = ReaderWatch(cards)
    await cards.start()
    card_simulator.reader(0).insert(SimulatedCps(CardKind.CPS3_CONTACT, pki_files.authentication))
    before = (await watch.until(kind_in(CPS_READER, CardKind.CPS3_CONTACT))).slot(CPS_READER)
    if crash:
        await asyncio.to_thread(pcsc_daemon.kill)
    else:
        await asyncio.to_thread(pcsc_daemon.stop)
    await watch.until(lambda s: not s.service)
    await asyncio.to_thread(pcsc_daemon.start)
    after = (await watch.until(kind_in(CPS_READER, CardKind.CPS3_CONTACT))).slot(CPS_READER)
    assert before is not None and after is not None
    assert after.insertion > before.insertion
    card = await cards.open_cps(CPS_READER)
    await card.close()


async def test_readers_unplugged_and_plugged_back(
    cards: PcscCardReader, card_simulator: CardSimulator, pcsc_daemon: PcscDaemon
) -> None:
    # vpcd's readers are static: unplugging them means pcscd coming back without them.
    watch = ReaderWatch(cards)
    await cards.start()
    await asyncio.to_thread(pcsc_daemon.restart, readers=False)
    state = await watch.until(lambda s: s.service and not s.slots)
    with pytest.raises(CardError) as raised:
        state.holding(lambda kind: kind.is_cps, [])
    assert raised.value.reason is CardErrorReason.NO_READER
    with pytest.raises(CardError) as raised:
        await cards.open_cps(CPS_READER)
    assert raised.value.reason is CardErrorReason.NO_READER
    await asyncio.to_thread(pcsc_daemon.restart)
    await watch.until(kind_in(CPS_READER, None))


async def test_no_service_is_a_state_not_a_crash(
    cards: PcscCardReader, card_simulator: CardSimulator, pcsc_daemon: PcscDaemon
) -> None:
    await asyncio.to_thread(pcsc_daemon.stop)
    await cards.start()
    assert not cards.state.service
    with pytest.raises(CardError) as raised:
        await cards.open_cps(CPS_READER)
    assert raised.value.reason is CardErrorReason.NO_SERVICE
    watch = ReaderWatch(cards)
    await asyncio.to_thread(pcsc_daemon.start)
    await watch.until(kind_in(CPS_READER, None))


# -- the CPS -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [CardKind.CPS3_CONTACT, CardKind.CPS4])
async def test_login_sequence_reads_the_identity_verifies_once_and_signs(
    cards: PcscCardReader, card_simulator: CardSimulator, pki_files: PkiFiles, kind: CardKind
) -> None:
    watch = ReaderWatch(cards)
    await cards.start()
    simulated = SimulatedCps(kind, pki_files.authentication)
    card = await open_cps(cards, watch, card_simulator, simulated)
    assert card.identity.id_nat_ps == pki_files.authentication.id_nat_ps
    assert card.identity.certificate == pki_files.authentication.certificate_der
    assert card.identity.family_name
    assert card.tries_left == CpsLayout.PIN_MAX_TRIES
    assert not card.blocked
    assert card.insertion == cards.state.slot(CPS_READER).insertion  # type: ignore[union-attr]

    await card.verify_pin("1234")
    assert verifies(card_simulator) == 1
    message = b"cabinet-cps-login-v1\x00" + bytes(range(32))
    signature = await card.sign(message)
    assert signature_checks(card.identity.certificate, message, signature)
    # The SHA-256 DigestInfo went out, never the message itself.
    sent = card_simulator.reader(0).received_commands()
    authenticate = next(c for c in sent if c[1] == 0x88)
    assert hashlib.sha256(message).digest() in authenticate
    await card.close()
    assert not simulated.pin_verified  # closed with a reset: the card forgot the PIN


async def test_sign_before_the_pin_is_refused(
    cards: PcscCardReader, card_simulator: CardSimulator, pki_files: PkiFiles
) -> None:
    watch = ReaderWatch(cards)
    await cards.start()
    card = await open_cps(
        cards, watch, card_simulator, SimulatedCps(CardKind.CPS3_CONTACT, pki_files.authentication)
    )
    with pytest.raises(CardError) as raised:
        await card.sign(b"challenge")
    assert raised.value.reason is CardErrorReason.UNREADABLE
    await card.close()


async def test_wrong_pins_count_down_then_the_card_blocks_and_no_verify_follows(
    cards: PcscCardReader, card_simulator: CardSimulator, pki_files: PkiFiles
) -> None:
    watch = ReaderWatch(cards)
    await cards.start()
    simulated = SimulatedCps(CardKind.CPS3_CONTACT, pki_files.authentication)
    card = await open_cps(cards, watch, card_simulator, simulated)
    for expected in (2, 1):
        with pytest.raises(CardError) as raised:
            await card.verify_pin("0000")
        assert raised.value.reason is CardErrorReason.WRONG_PIN
        assert raised.value.tries_left == expected
        assert card.tries_left == expected
    with pytest.raises(CardError) as raised:
        await card.verify_pin("0000")
    assert raised.value.reason is CardErrorReason.PIN_BLOCKED
    assert card.blocked
    assert simulated.verify_attempts == 3
    # Blocked: even the right PIN is never sent, on this session or a new one.
    with pytest.raises(CardError) as raised:
        await card.verify_pin("1234")
    assert raised.value.reason is CardErrorReason.PIN_BLOCKED
    await card.close()
    again = await cards.open_cps(CPS_READER)
    assert again.blocked and again.tries_left == 0
    with pytest.raises(CardError) as raised:
        await again.verify_pin("1234")
    assert raised.value.reason is CardErrorReason.PIN_BLOCKED
    await again.close()
    assert simulated.verify_attempts == 3
    assert verifies(card_simulator) == 3


async def test_a_right_pin_after_a_wrong_one_restores_the_tries(
    cards: PcscCardReader, card_simulator: CardSimulator, pki_files: PkiFiles
) -> None:
    watch = ReaderWatch(cards)
    await cards.start()
    card = await open_cps(
        cards, watch, card_simulator, SimulatedCps(CardKind.CPS4, pki_files.authentication)
    )
    with pytest.raises(CardError):
        await card.verify_pin("9999")
    await card.verify_pin("1234")
    assert card.tries_left == CpsLayout.PIN_MAX_TRIES
    await card.close()


@pytest.mark.parametrize("pin", ["123", "12345", "12a4", "", "١٢٣٤"])
async def test_a_pin_that_is_not_four_digits_never_reaches_the_card(
    cards: PcscCardReader, card_simulator: CardSimulator, pki_files: PkiFiles, pin: str
) -> None:
    watch = ReaderWatch(cards)
    await cards.start()
    simulated = SimulatedCps(CardKind.CPS3_CONTACT, pki_files.authentication)
    card = await open_cps(cards, watch, card_simulator, simulated)
    with pytest.raises(CardError) as raised:
        await card.verify_pin(pin)
    assert raised.value.reason is CardErrorReason.PIN_FORMAT
    assert simulated.verify_attempts == 0
    assert card.tries_left == CpsLayout.PIN_MAX_TRIES
    await card.close()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda pki: SimulatedCps(CardKind.CPS3_CONTACTLESS, pki), CardErrorReason.CONTACTLESS),
        (lambda _pki: VitaleCard(SimulatedBeneficiary.samples(1)), CardErrorReason.NOT_CPS),
        (lambda _pki: OpaqueCard.vitale_1(), CardErrorReason.NOT_CPS),
        (lambda _pki: OpaqueCard.unknown(), CardErrorReason.UNKNOWN_CARD),
    ],
    ids=["contactless", "vitale2", "vitale1", "unknown"],
)
async def test_cards_that_cannot_log_in_are_refused_with_their_reason(
    cards: PcscCardReader,
    card_simulator: CardSimulator,
    pki_files: PkiFiles,
    make: Callable[..., object],
    reason: CardErrorReason,
) -> None:
    watch = ReaderWatch(cards)
    await cards.start()
    card = make(pki_files.authentication)
    card_simulator.reader(0).insert(card)  # type: ignore[arg-type]
    await watch.until(lambda s: (slot := s.slot(CPS_READER)) is not None and slot.has_card)
    with pytest.raises(CardError) as raised:
        await cards.open_cps(CPS_READER)
    assert raised.value.reason is reason
    # Contactless: no PIN was ever offered to the card.
    assert not any(c[1] == INS_VERIFY for c in card_simulator.reader(0).received_commands())


async def test_a_card_pulled_at_any_command_of_the_login_is_reported_removed(
    cards: PcscCardReader, card_simulator: CardSimulator, pki_files: PkiFiles
) -> None:
    watch = ReaderWatch(cards)
    await cards.start()

    async def whole_login() -> None:
        card = await cards.open_cps(CPS_READER)
        try:
            await card.verify_pin("1234")
            await card.sign(b"challenge")
        finally:
            await card.close()

    def fresh_card() -> SimulatedCps:
        return SimulatedCps(CardKind.CPS3_CONTACT, pki_files.authentication)

    def no_try_spent(card: SimulatedCps) -> None:
        # A pulled VERIFY never cost a try: the card never saw it.
        assert card.pin_tries_left == CpsLayout.PIN_MAX_TRIES

    # The reset at close is a control message, not a command: what remains is the login.
    commands = await pull_at_every_command(
        watch, card_simulator, 0, CardKind.CPS3_CONTACT, fresh_card, whole_login, no_try_spent
    )
    assert commands >= 7


async def test_a_card_reset_by_another_program_needs_a_new_login(
    cards: PcscCardReader, card_simulator: CardSimulator, pki_files: PkiFiles
) -> None:
    watch = ReaderWatch(cards)
    await cards.start()
    card = await open_cps(
        cards, watch, card_simulator, SimulatedCps(CardKind.CPS3_CONTACT, pki_files.authentication)
    )
    await card.verify_pin("1234")
    other = await asyncio.to_thread(CardChannel.connect, CPS_READER)
    await asyncio.to_thread(lambda: other.close(reset=True))
    with pytest.raises(CardError) as raised:
        await card.sign(b"challenge")
    assert raised.value.reason is CardErrorReason.REMOVED
    await card.close()


# -- the channel: response chaining -------------------------------------------------------


async def test_the_channel_follows_61xx_and_6cxx(
    card_simulator: CardSimulator, pki_files: PkiFiles
) -> None:
    simulated = SimulatedCps(CardKind.CPS3_CONTACT, pki_files.authentication)
    card_simulator.reader(0).insert(simulated)
    assert card_simulator.reader(0).wait_connected(WAIT_S)

    def exchange() -> tuple[bytes, bytes, list[bytes]]:
        with PcscClient() as client:
            client.wait_for_card(CPS_READER)
        with CardChannel.connect(CPS_READER) as channel:
            # SELECT with FCP requested and no Le: the simulator answers 61 xx.
            aid = ApduCommand(0x00, 0xA4, 0x04, 0x00, CpsLayout.IAS_AID)
            fcp = channel.transmit(aid)
            assert fcp.status == StatusWord.OK
            fid = CpsLayout.SIMULATOR_AUTH_CERTIFICATE_FID.to_bytes(2, "big")
            channel.transmit(ApduCommand(0x00, 0xA4, 0x02, 0x0C, fid))
            # Near the end of the file, an Le larger than what is left gets 6C xx.
            size = len(pki_files.authentication.certificate_der)
            offset = size - 10
            tail = channel.transmit(ApduCommand(0x00, 0xB0, offset >> 8, offset & 0xFF, le=200))
            assert tail.status == StatusWord.OK
            return fcp.data, tail.data, card_simulator.reader(0).received_commands()

    fcp, tail, sent = await asyncio.to_thread(exchange)
    assert fcp  # the FCP came back through GET RESPONSE
    assert tail == pki_files.authentication.certificate_der[-10:]
    assert [c[1] for c in sent] == [0xA4, 0xC0, 0xA4, 0xB0, 0xB0]
    assert sent[-1][-1] == 10  # the repeat carried the Le the card asked for


# -- the Carte Vitale ----------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3, 5])
async def test_vitale_holders_are_read_in_card_order(
    cards: PcscCardReader, card_simulator: CardSimulator, count: int
) -> None:
    watch = ReaderWatch(cards)
    await cards.start()
    holders = SimulatedBeneficiary.samples(count)
    card_simulator.reader(1).insert(VitaleCard(holders))
    await watch.until(kind_in(VITALE_READER, CardKind.VITALE_2))
    read = await cards.read_vitale(VITALE_READER)
    assert [(b.rank, b.surname, b.first_name, b.birth_date_text, b.nir) for b in read] == [
        (i, h.surname, h.first_name, h.birth_date, h.nir) for i, h in enumerate(holders, 1)
    ]
    assert all(b.nir_key_valid for b in read)


async def test_a_vitale_nir_with_a_wrong_key_is_read_and_flagged(
    cards: PcscCardReader, card_simulator: CardSimulator
) -> None:
    watch = ReaderWatch(cards)
    await cards.start()
    first, second = SimulatedBeneficiary.samples(2)
    card_simulator.reader(1).insert(VitaleCard([first, second.with_wrong_nir_key()]))
    await watch.until(kind_in(VITALE_READER, CardKind.VITALE_2))
    read = await cards.read_vitale(VITALE_READER)
    assert [b.nir_key_valid for b in read] == [True, False]


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda pki: OpaqueCard.vitale_1(), CardErrorReason.VITALE_1),
        (lambda pki: SimulatedCps(CardKind.CPS4, pki), CardErrorReason.NOT_VITALE),
        (lambda pki: OpaqueCard.unknown(), CardErrorReason.UNKNOWN_CARD),
    ],
    ids=["vitale1", "cps", "unknown"],
)
async def test_cards_that_are_no_readable_vitale_say_why(
    cards: PcscCardReader,
    card_simulator: CardSimulator,
    pki_files: PkiFiles,
    make: Callable[..., object],
    reason: CardErrorReason,
) -> None:
    watch = ReaderWatch(cards)
    await cards.start()
    card_simulator.reader(1).insert(make(pki_files.authentication))  # type: ignore[arg-type]
    await watch.until(lambda s: (slot := s.slot(VITALE_READER)) is not None and slot.has_card)
    with pytest.raises(CardError) as raised:
        await cards.read_vitale(VITALE_READER)
    assert raised.value.reason is reason


async def test_a_vitale_pulled_at_any_command_is_reported_removed(
    cards: PcscCardReader, card_simulator: CardSimulator
) -> None:
    watch = ReaderWatch(cards)
    await cards.start()
    card = VitaleCard(SimulatedBeneficiary.samples(3))

    async def read() -> None:
        await cards.read_vitale(VITALE_READER)

    commands = await pull_at_every_command(
        watch, card_simulator, 1, CardKind.VITALE_2, lambda: card, read
    )
    assert commands >= 4
