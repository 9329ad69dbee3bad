"""The simulated readers behind one vpcd driver instance: slot n listens on port + n."""

from types import TracebackType

from cardreader.simulator.simulated_reader import VPCD_DEFAULT_PORT, SimulatedReader

# pcsc-lite's vpcd configuration registers two slots: "Virtual PCD 00 00" and "00 01".
VPCD_SLOTS = 2


class CardSimulator:
    """Starts a link per slot; cards are inserted through ``reader(slot)``."""

    def __init__(
        self, port: int = VPCD_DEFAULT_PORT, host: str = "127.0.0.1", slots: int = VPCD_SLOTS
    ) -> None:
        self.readers = [SimulatedReader(port + slot, host) for slot in range(slots)]

    def reader(self, slot: int = 0) -> SimulatedReader:
        return self.readers[slot]

    def start(self) -> "CardSimulator":
        for reader in self.readers:
            reader.start()
        return self

    def stop(self) -> None:
        for reader in self.readers:
            reader.stop()

    def __enter__(self) -> "CardSimulator":
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
