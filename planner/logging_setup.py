"""Logging to a rotating, owner-only file in the user's log folder, through a filter that lets no personal data by.

Why: a log is copied into support tickets and e-mails; it must never hold a name, an identity number or a word of
a plan. The rule for code is "log ids and event names only" (``log.info("plan opened (id=%d)", plan_id)``); the
:class:`PrivacyFilter` enforces it for everyone, third-party libraries included:

* arguments pass only when they are numbers, booleans, ``None``, short lower-case tokens (``sqlite``, ``wal``,
  ``pre-migration``), exception class names, or strings wrapped in :class:`Safe`; anything else becomes ``<…>``;
* the finished message is scrubbed of anything shaped like an identity number, e-mail address or phone number;
* an exception keeps its traceback (file, line, function) and class name but never its message, which for a
  database error may quote the row being saved;
* SQLAlchemy's statement logging is kept at WARNING, so parameters are never even formatted.

Unhandled exceptions (crash reports) go through the same filter (:func:`install_crash_handler`).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from planner import paths

LOG_NAME = "stegvis.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "<…>"


class _Redacted(str):
    """Stands in for a redacted argument, also under ``%r``."""

    def __repr__(self) -> str:
        return REDACTED


_REDACTED_ARG = _Redacted(REDACTED)

_SAFE_TOKEN = re.compile(r"^[a-z0-9_.:=+\-]{0,40}$")
_EXCEPTION_NAME = re.compile(r"^[A-Za-z_.]{1,80}(Error|Exception|Warning|Interrupt|Exit)$")
_SCRUB = [
    re.compile(r"\b(?:\d{2})?\d{6}[-+]?\d{4}\b"),  # personnummer / samordningsnummer
    re.compile(r"[^\s@<>()\"']+@[^\s@<>()\"']+"),  # e-mail
    re.compile(r"\+?\d[\d ()\-]{6,}\d"),  # phone numbers and other long digit runs
]
_QUIET = ("alembic", "sqlalchemy", "sqlalchemy.engine", "sqlalchemy.pool", "sqlalchemy.orm", "PIL", "fontTools")


class Safe(str):
    """A string the caller vouches for (a file name the app chose, an event name): passes the filter."""


def _safe_arg(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | Safe):
        return value
    if isinstance(value, str) and (_SAFE_TOKEN.match(value) or _EXCEPTION_NAME.match(value)):
        return value
    enum_value = getattr(value, "value", None)
    if isinstance(enum_value, str) and _SAFE_TOKEN.match(enum_value) and type(value).__module__.startswith(
            ("planner", "enum")):
        return enum_value
    return _REDACTED_ARG


def scrub(text: str) -> str:
    for pattern in _SCRUB:
        text = pattern.sub(REDACTED, text)
    return text


def safe_traceback(exc_type: type[BaseException] | None, exc: BaseException | None,
                   tb: TracebackType | None) -> str:
    """The frames (file, line, function) and exception class names of an exception chain: no exception message
    and no source line (a line of code can hold a literal)."""
    parts: list[str] = []
    seen: set[int] = set()
    current, current_tb = exc, tb
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(f'  File "{f.filename}", line {f.lineno}, in {f.name}\n'
                         for f in traceback.extract_tb(current_tb or current.__traceback__))
        kind = getattr(current, "kind", None)
        detail = f" (kind={kind})" if isinstance(kind, str) and _SAFE_TOKEN.match(kind) else ""
        parts.append(f"Traceback (most recent call last):\n{frames}"
                     f"{type(current).__module__}.{type(current).__qualname__}{detail}")
        nxt = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
        current, current_tb = nxt, None
    if not parts and exc_type is not None:
        parts.append(exc_type.__qualname__)
    return "\n\nwhile handling, or caused by:\n".join(reversed(parts))


class PrivacyFilter(logging.Filter):
    """Rewrites every record so that it holds no personal data (see the module text). Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_stegvis_clean", False):
            return True
        try:
            template = record.msg if isinstance(record.msg, str) else REDACTED
            args = record.args
            if isinstance(args, dict):
                message = template % {k: _safe_arg(v) for k, v in args.items()}
            elif args:
                message = template % tuple(_safe_arg(a) for a in args)
            else:
                message = template
        except Exception:  # noqa: BLE001 - a bad format string must not leak its arguments either
            message = f"{REDACTED} (unformattable log message)"
        record.msg, record.args = scrub(message), None
        if record.exc_info:
            record.exc_text = safe_traceback(*record.exc_info)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        record._stegvis_clean = True  # type: ignore[attr-defined]
        return True


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time (a test or a GUI may replace it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file handler whose files are created readable by the owner only (0600)."""

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        os.chmod(self.baseFilename, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding or "utf-8", errors=self.errors)


def _level_from_env(default: int) -> int:
    name = os.environ.get("STEGVIS_LOG_LEVEL", "").upper()
    value = logging.getLevelName(name) if name else default
    return value if isinstance(value, int) else default


def setup_logging(level: int | None = None, *, console: bool = False,
                  directory: Path | None = None) -> Path | None:
    """Log to ``stegvis.log`` in :func:`planner.paths.log_dir` (rotated at 1 MB, 5 kept), and warnings to stderr
    when ``console``. Safe to call again (replaces what it installed). Returns the log file, or None when the
    folder cannot be written (logging then goes to stderr only; the app still works)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_stegvis", False)]:
        root.removeHandler(handler)
        handler.close()
    level = _level_from_env(logging.INFO) if level is None else level
    formatter = logging.Formatter(FORMAT)
    privacy = PrivacyFilter()
    log_file: Path | None = None
    folder = Path(directory) if directory is not None else paths.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        log_file = folder / LOG_NAME
        file_handler = PrivateRotatingFileHandler(log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                                                  encoding="utf-8")
        file_handler.setLevel(level)
        file_handler.addFilter(privacy)
        file_handler.setFormatter(formatter)
        file_handler._stegvis = True  # type: ignore[attr-defined]
        root.addHandler(file_handler)
    except OSError:
        log_file = None
    if console or log_file is None:
        stream = _StderrHandler()
        stream.setLevel(logging.WARNING)
        stream.addFilter(privacy)
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        stream._stegvis = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(min(level, logging.WARNING))
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    return log_file


def install_crash_handler() -> None:
    """Unhandled exceptions (also in threads) are logged through the privacy filter instead of printed raw."""
    crash_log = logging.getLogger("stegvis.crash")
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        crash_log.critical("unhandled exception", exc_info=(exc_type, exc, tb))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            crash_log.critical("unhandled exception in a thread (%s)", args.exc_type.__name__)
            return
        crash_log.critical("unhandled exception in a thread",
                           exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook = hook
    threading.excepthook = thread_hook
