"""Entry point: `python -m meeting_service`."""

from opensaraban_shared.service_app import run

from .app import BLUEPRINT
from .settings import MeetingSettings


def main() -> None:
    run(BLUEPRINT, MeetingSettings())


if __name__ == "__main__":
    main()
