"""``python -m backend``: the FHIR server (see :mod:`backend.http.backend_server`)."""

import sys

from backend.http.backend_server import BackendServer

if __name__ == "__main__":
    sys.exit(BackendServer.main(sys.argv[1:]))
