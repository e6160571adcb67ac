"""The files of one import, kept in a folder of their own between its steps.

Each upload gets a folder named by a random token under WESS_IMPORT_DIR
(default: `wess-import` in the system's temporary folder). The folder
contains the uploaded file, `meta.json` (file details, mapping, options, results),
`rows.sqlite3` (every row with its problems, for the preview and the
import), `progress.json` and, after the import, the rejected rows as XLSX.
The web views reach a folder only through a token stored in the session.
The import deletes the uploaded file and the rows once it has written the
customers, keeping the results and the rejected rows for download. Any
folder untouched for WESS_IMPORT_MAX_AGE seconds (default 6 hours) is
deleted by the next upload or import command.
"""

import contextlib
import fcntl
import json
import logging
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")
DEFAULT_MAX_AGE_SECONDS = 6 * 60 * 60
META_FILE = "meta.json"
ROWS_FILE = "rows.sqlite3"
PROGRESS_FILE = "progress.json"
LOCK_FILE = "lock"
REJECTED_FILE = "rejected.xlsx"


def import_root() -> Path:
    root = getattr(settings, "WESS_IMPORT_DIR", None)
    return Path(root) if root else Path(tempfile.gettempdir()) / "wess-import"


def max_age_seconds() -> int:
    return int(getattr(settings, "WESS_IMPORT_MAX_AGE", DEFAULT_MAX_AGE_SECONDS))


class ImportBusy(Exception):
    """Another request is working on the same import."""


class ImportStore:
    """The folder of one import, found by its token."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.token = folder.name
        self._meta = None

    @classmethod
    def create(cls, root: Path | None = None) -> "ImportStore":
        root = root or import_root()
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder = root / secrets.token_hex(16)
        folder.mkdir(mode=0o700)
        store = cls(folder)
        store.save_meta({"created": time.time()})
        return store

    @classmethod
    def find(cls, token: str, root: Path | None = None) -> "ImportStore | None":
        if not TOKEN_PATTERN.match(token or ""):
            return None
        folder = (root or import_root()) / token
        if not (folder / META_FILE).is_file():
            return None
        return cls(folder)

    # meta.json ------------------------------------------------------------

    @property
    def meta(self) -> dict:
        if self._meta is None:
            self._meta = json.loads((self.folder / META_FILE).read_text())
        return self._meta

    def save_meta(self, meta: dict | None = None) -> None:
        if meta is not None:
            self._meta = meta
        write_json_atomically(self.folder / META_FILE, self._meta)

    def reload(self) -> None:
        """Drop the cached meta.json, so the next read gets other requests' changes."""
        self._meta = None

    def update_meta(self, **changes) -> None:
        self.meta.update(changes)
        self.save_meta()

    # files ----------------------------------------------------------------

    @property
    def source_path(self) -> Path:
        return self.folder / f"source.{self.meta.get('kind', 'bin')}"

    @property
    def rejected_path(self) -> Path:
        return self.folder / REJECTED_FILE

    def rows(self) -> "RowStore":
        return RowStore(self.folder / ROWS_FILE)

    def delete_sources(self) -> None:
        """Delete the uploaded file and the rows, keeping the results."""
        for path in (self.source_path, self.folder / ROWS_FILE):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def delete(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    # progress -------------------------------------------------------------

    def report_progress(self, run: str, phase, done: int, total: int | None):
        write_json_atomically(
            self.folder / PROGRESS_FILE,
            {
                "run": run,
                "phase": str(phase),
                "label": str(phase.label) if hasattr(phase, "label") else str(phase),
                "done": done,
                "total": total,
            },
        )

    def progress(self) -> dict | None:
        try:
            return json.loads((self.folder / PROGRESS_FILE).read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    # locking --------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the import's lock; raise ImportBusy if another request has it."""
        with open(self.folder / LOCK_FILE, "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ImportBusy from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def write_json_atomically(path: Path, data) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data))
    os.replace(temporary, path)


def purge_expired(root: Path | None = None, max_age: int | None = None) -> int:
    """Delete import folders untouched for `max_age` seconds; return how many."""
    root = root or import_root()
    max_age = max_age_seconds() if max_age is None else max_age
    if not root.is_dir():
        return 0
    cutoff = time.time() - max_age
    deleted = 0
    for folder in root.iterdir():
        if not (folder.is_dir() and TOKEN_PATTERN.match(folder.name)):
            continue
        try:
            touched = max(
                (entry.stat().st_mtime for entry in folder.iterdir()),
                default=folder.stat().st_mtime,
            )
        except FileNotFoundError:
            continue
        if touched < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            deleted += 1
    if deleted:
        logger.info("Deleted %d expired import folders from %s", deleted, root)
    return deleted


class RowStore:
    """Every data row of an import in a SQLite file: cells, status, problems.

    The preview pages through it and the import reads the ready rows back,
    so a 50,000-row file never has to fit in memory at once.
    """

    SCHEMA = """
        CREATE TABLE IF NOT EXISTS row (
            number INTEGER PRIMARY KEY,
            cells TEXT NOT NULL,
            reading TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT '',
            problems TEXT NOT NULL DEFAULT '[]',
            cleaned TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX IF NOT EXISTS row_status ON row (status, number);
    """

    def __init__(self, path: Path):
        self.path = path
        self.connection = sqlite3.connect(path)
        self.connection.executescript(self.SCHEMA)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def clear(self) -> None:
        with self.connection:
            self.connection.execute("DELETE FROM row")

    def add(self, rows: list[tuple[int, list, list]]) -> None:
        """Store rows as (number, cells, reading problems as dicts)."""
        with self.connection:
            self.connection.executemany(
                "INSERT INTO row (number, cells, reading) VALUES (?, ?, ?)",
                [
                    (number, json.dumps(cells), json.dumps(reading))
                    for number, cells, reading in rows
                ],
            )

    def add_reading_problems(self, problems: dict[int, list[dict]]) -> None:
        with self.connection:
            for number, extra in problems.items():
                found = self.connection.execute(
                    "SELECT reading FROM row WHERE number = ?", (number,)
                ).fetchone()
                if found is None:
                    continue
                self.connection.execute(
                    "UPDATE row SET reading = ? WHERE number = ?",
                    (json.dumps(json.loads(found[0]) + extra), number),
                )

    def save_results(self, results: list[tuple[int, str, list, dict]]) -> None:
        """Store (number, status, problems as dicts, values) for checked rows."""
        with self.connection:
            self.connection.executemany(
                "UPDATE row SET status = ?, problems = ?, cleaned = ? WHERE number = ?",
                [
                    (status, json.dumps(problems), json.dumps(values), number)
                    for number, status, problems, values in results
                ],
            )

    def count(self, statuses=None) -> int:
        query, parameters = "SELECT COUNT(*) FROM row", []
        if statuses:
            query += f" WHERE status IN ({', '.join('?' for _ in statuses)})"
            parameters = list(statuses)
        return self.connection.execute(query, parameters).fetchone()[0]

    def counts_by_status(self) -> dict[str, int]:
        return dict(
            self.connection.execute("SELECT status, COUNT(*) FROM row GROUP BY status")
        )

    def batches(self, size: int, statuses=None) -> Iterator[list[dict]]:
        """Yield the rows in file order, `size` at a time."""
        last = -1
        while True:
            batch = self.page(statuses, after=last, limit=size)
            if not batch:
                return
            yield batch
            last = batch[-1]["number"]

    def page(self, statuses=None, *, after=None, offset=0, limit=100) -> list[dict]:
        query = "SELECT number, cells, reading, status, problems, cleaned FROM row"
        conditions, parameters = [], []
        if statuses:
            conditions.append(f"status IN ({', '.join('?' for _ in statuses)})")
            parameters.extend(statuses)
        if after is not None:
            conditions.append("number > ?")
            parameters.append(after)
        if conditions:
            query += " WHERE " + " AND ".join(conditions)
        query += " ORDER BY number LIMIT ? OFFSET ?"
        parameters.extend([limit, offset])
        found = self.connection.execute(query, parameters)
        return [
            {
                "number": number,
                "cells": json.loads(cells),
                "reading": json.loads(reading),
                "status": status,
                "problems": json.loads(problems),
                "values": json.loads(values),
            }
            for number, cells, reading, status, problems, values in found
        ]
