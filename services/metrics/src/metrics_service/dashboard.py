"""The administrators' dashboard: one HTML page, its script, the vendored chart library and the Sarabun font."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

import opensaraban_shared
from opensaraban_shared.errors import NOT_FOUND, AppError

STATIC = Path(__file__).parent / "static"
FONTS = Path(opensaraban_shared.__file__).parent / "fonts"
# Only these files are served: nothing else in the package is reachable by URL.
FILES = {
    "dashboard.js": STATIC / "dashboard.js",
    "dashboard.css": STATIC / "dashboard.css",
    "echarts.min.js": STATIC / "vendor" / "echarts.min.js",
    "ECHARTS_LICENSE": STATIC / "vendor" / "ECHARTS_LICENSE",
    "Sarabun-Regular.ttf": FONTS / "Sarabun-Regular.ttf",
    "Sarabun-Bold.ttf": FONTS / "Sarabun-Bold.ttf",
    "OFL.txt": FONTS / "OFL.txt",
}
_TYPES = {".js": "text/javascript", ".css": "text/css", ".ttf": "font/ttf", "": "text/plain", ".txt": "text/plain"}

router = APIRouter(tags=["dashboard"])


@router.get("/dashboard", summary="แดชบอร์ดการใช้งานระบบไร้กระดาษ · Paper-free adoption dashboard for administrators (Thai, English switch)",
            response_class=FileResponse)
async def page() -> FileResponse:
    # The page holds no data: its script calls /adoption/* with the administrator's token.
    return FileResponse(STATIC / "dashboard.html", media_type="text/html; charset=utf-8")


@router.get("/dashboard/static/{name}", include_in_schema=False)
async def static_file(name: str) -> FileResponse:
    path = FILES.get(name)
    if path is None:
        raise AppError(NOT_FOUND)
    return FileResponse(path, media_type=_TYPES.get(path.suffix, "application/octet-stream"),
                        headers={"Cache-Control": "public, max-age=3600"})
