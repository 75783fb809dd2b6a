"""Entry point: `python -m documents_service`."""

from opensaraban_shared.service_app import run

from .app import BLUEPRINT
from .settings import DocumentsSettings


def main() -> None:
    run(BLUEPRINT, DocumentsSettings())


if __name__ == "__main__":
    main()
