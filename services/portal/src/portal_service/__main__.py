"""Entry point: `python -m portal_service`."""

import logging

import uvicorn

from opensaraban_shared.logging import configure_logging

from .app import create_app
from .settings import PortalSettings


def main() -> None:
    settings = PortalSettings()
    configure_logging(service=settings.service_name, level=settings.log_level, fmt=settings.log_format)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per page is enough, not one per API call
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port, log_config=None,
                access_log=False, loop="uvloop", http="httptools", timeout_graceful_shutdown=10)


if __name__ == "__main__":
    main()
