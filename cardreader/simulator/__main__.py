"""``python -m cardreader.simulator``: simulated cards for pcscd's vpcd driver.

Reads commands on standard input (see SimulatorConsole) and answers on standard output;
prints ``ready`` once listening. At the end of its input it keeps serving the cards it
holds until ``quit``, SIGINT or SIGTERM, so the demo can run it in the background.
"""

import argparse
import signal
import sys
import tempfile
import threading
from pathlib import Path
from types import FrameType

from cardreader.simulator.card_simulator import VPCD_SLOTS, CardSimulator
from cardreader.simulator.simulated_reader import VPCD_DEFAULT_PORT
from cardreader.simulator.simulator_console import SimulatorConsole
from cardreader.simulator.test_pki import DEFAULT_ID_NAT_PS


def _stop_on_signal(signum: int, frame: FrameType | None) -> None:
    del frame
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    """Run the simulator until told to stop."""
    parser = argparse.ArgumentParser(prog="python -m cardreader.simulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="where pcscd's vpcd listens")
    parser.add_argument("--port", type=int, default=VPCD_DEFAULT_PORT, help="vpcd's first port")
    parser.add_argument("--slots", type=int, default=VPCD_SLOTS)
    parser.add_argument("--pki", type=Path, help="TEST PKI folder (made if empty; default: temp)")
    parser.add_argument("--id-nat-ps", default=DEFAULT_ID_NAT_PS)
    parser.add_argument("--pin", default="1234")
    parser.add_argument(
        "--insert", action="append", default=[], metavar="SLOT:KIND", help="a card at start"
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_signal)
    with tempfile.TemporaryDirectory(prefix="cabinet-test-pki-") as scratch:
        pki = args.pki or Path(scratch)
        simulator = CardSimulator(args.port, args.host, args.slots)
        console = SimulatorConsole(simulator, pki, id_nat_ps=args.id_nat_ps, pin=args.pin)
        with simulator:
            for item in args.insert:
                slot, _, kind = item.partition(":")
                print(console.execute(f"insert {slot} {kind}"), flush=True)
            print("ready", flush=True)
            try:
                for line in sys.stdin:
                    if line.strip() == "quit":
                        break
                    print(console.execute(line), flush=True)
                else:
                    threading.Event().wait()  # input closed: serve until a signal
            except KeyboardInterrupt:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
