"""Which key provider a profile uses: the OS keyring, or the demo profile's file."""

from app.config import Config
from app.store.demo_key_file import DemoKeyFile
from app.store.key_provider import KeyProvider
from app.store.store_key import StoreKey


class ProfileKeys:
    """The one place that decides where a profile's database key lives."""

    @staticmethod
    def for_config(config: Config) -> KeyProvider:
        if config.demo:
            return DemoKeyFile(config.demo_key_path, config.db_path)
        return StoreKey(config.profile, config.db_path)
