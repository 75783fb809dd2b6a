"""Entry point: `python -m notify_service`."""

from opensaraban_shared.service_app import run

from .app import BLUEPRINT
from .settings import NotifySettings


def main() -> None:
    run(BLUEPRINT, NotifySettings())


if __name__ == "__main__":
    main()
