"""Entry point: `python -m metrics_service`."""

from opensaraban_shared.service_app import run

from .app import BLUEPRINT
from .settings import MetricsSettings


def main() -> None:
    run(BLUEPRINT, MetricsSettings())


if __name__ == "__main__":
    main()
