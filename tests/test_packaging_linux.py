"""The Linux desktop metadata validates with the distribution's own tools, and the icons are all there.

``desktop-file-validate`` (desktop-file-utils) and ``appstreamcli`` (appstream) come from apt; CI installs them.
Without them the validation tests are skipped with the reason shown in the summary.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytestmark = pytest.mark.core

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
APP_ID = "se.stegvis.Stegvis"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "resources" / "icons"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (apt-get install {package})")
    return path


def test_desktop_file_validates() -> None:
    tool = _tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True)
    # desktop-file-validate exits 0 on hints too; any "error:" or "warning:" line is a failure for us.
    problems = [line for line in (result.stdout + result.stderr).splitlines() if "error:" in line or "warning:" in line]
    assert result.returncode == 0 and not problems, result.stdout + result.stderr


def test_metainfo_validates() -> None:
    tool = _tool("appstreamcli", "appstream")
    result = subprocess.run([tool, "validate", "--no-net", "--explain", str(METAINFO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    # Warnings make the file fail on Flathub and in GNOME Software's review: none allowed.
    assert not re.search(r"^W: ", result.stdout, re.MULTILINE), result.stdout


def _desktop_entries() -> dict[str, str]:
    entries: dict[str, str] = {}
    for line in DESKTOP.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            entries[key] = value
    return entries


def test_desktop_file_and_metainfo_agree() -> None:
    entries = _desktop_entries()
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == DESKTOP.name  # type: ignore[union-attr]
    assert entries["Icon"] == APP_ID
    assert entries["Exec"].split()[0] == root.find("provides/binary").text == "stegvis"  # type: ignore[union-attr]
    # English and Swedish for everything a software centre shows
    summaries = {s.get(XML_LANG) for s in root.findall("summary")}
    assert summaries == {None, "sv"}
    paragraphs = {p.get(XML_LANG) for p in root.findall("description/p")}
    assert paragraphs == {None, "sv"}
    assert "Comment[sv]" in entries and "Keywords[sv]" in entries
    assert root.find("content_rating").get("type") == "oars-1.1"  # type: ignore[union-attr]


def test_latest_release_is_the_project_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    releases = ET.parse(METAINFO).getroot().findall("releases/release")
    assert releases, "metainfo has no release"
    assert releases[0].get("version") == version, "add a <release> for the new version (newest first)"


def test_icon_svg_and_pngs() -> None:
    svg = ET.parse(ICONS / "stegvis.svg").getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 256 256"
    from PIL import Image

    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = ICONS / f"stegvis-{size}.png"
        assert png.is_file(), f"{png.name} missing: run packaging/linux/render_icons.py"
        with Image.open(png) as img:
            assert img.size == (size, size) and img.mode == "RGBA"
            # transparent corners (rounded square), opaque middle
            assert img.getpixel((0, 0))[3] == 0 and img.getpixel((size // 2, size // 2))[3] == 255
    with Image.open(ROOT / "packaging" / "windows" / "stegvis.ico") as ico:
        assert (256, 256) in ico.info["sizes"] and (16, 16) in ico.info["sizes"]


@pytest.mark.gui
def test_pngs_are_up_to_date_with_the_svg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendering the SVG again gives the committed 64 px PNG (within anti-aliasing noise)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("render_icons", LINUX / "render_icons.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    monkeypatch.setattr(module, "PNG_DIR", tmp_path)
    module.render(sizes=(64,))
    from PIL import Image, ImageChops

    with Image.open(tmp_path / "stegvis-64.png") as fresh, Image.open(ICONS / "stegvis-64.png") as committed:
        diff = ImageChops.difference(fresh.convert("RGBA"), committed.convert("RGBA"))
        assert max(band_max for _band_min, band_max in diff.getextrema()) <= 8, "re-run render_icons.py"
