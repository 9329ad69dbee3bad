"""The demo's random source: a seeded ``random.Random`` that also makes UUIDs."""

import random
import uuid


class DemoRandom(random.Random):
    """Seeded randomness for synthetic data only (never for secrets or keys).

    Ids come from the same stream as everything else, so one seed gives the same
    UUIDs on every run, where ``uuid.uuid4()`` would differ each time.
    """

    def uuid(self) -> str:
        """A version-4 UUID string drawn from this stream."""
        return str(uuid.UUID(int=self.getrandbits(128), version=4))

    @classmethod
    def stream(cls, seed: int, name: str) -> "DemoRandom":
        """An independent stream per part of the demo.

        A part (say, the photos) can change without reshuffling the others. String
        seeds go through SHA-512, so they do not depend on PYTHONHASHSEED.
        """
        return cls(f"cabinet-demo/{seed}/{name}")
