"""The catalog's connection: opening, migrating, transactions, errors said plainly, settings."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import CatalogError
from ..i18n import _
from .schema import MIGRATIONS


class Connection:
    """One SQLite connection (one per thread: connections are not shared across threads)."""

    def __init__(self, path: str | Path):
        self.path = Path(path).expanduser()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise CatalogError(_("Cannot open the catalog {path}: {exc}").format(path=self.path, exc=exc)) from exc
        self._depth = 0
        self._lock = threading.RLock()
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.Error as exc:
            self.db.close()
            raise CatalogError(_("Cannot use the catalog {path}: {exc}").format(path=self.path, exc=exc)) from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise CatalogError(
                _("The catalog {path} was written by a newer FaceAlbum (schema {version}); update FaceAlbum to open it.").format(path=self.path, version=version)
            )
        for number in range(version, len(MIGRATIONS)):
            with self.transaction():
                for statement in _split_sql(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={number + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction for a multi-row change; nested calls join the outer one."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self.db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self.db
            except BaseException as exc:
                self._depth -= 1
                if outer:
                    self._rollback()
                    if isinstance(exc, sqlite3.Error):
                        raise self.write_error(exc) from exc
                raise
            self._depth -= 1
            if outer:
                try:
                    self.db.execute("COMMIT")
                except sqlite3.Error as exc:
                    self._rollback()  # a COMMIT that failed (disk full) leaves the transaction open
                    raise self.write_error(exc) from exc

    def _rollback(self) -> None:
        """Undo the open transaction, if SQLite has not already: after 'database or disk is
        full' it may have rolled back itself, and a second ROLLBACK would raise an error that
        hides the real one."""
        if self.db.in_transaction:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def write_error(self, exc: sqlite3.Error) -> CatalogError:
        """A failed write, said so that the user knows what to do and that nothing is lost."""
        text = str(exc)
        if "full" in text:
            return CatalogError(_("Cannot write to the catalog {path}: the disk is full. Free some space and start again; everything saved before this is kept.").format(path=self.path))
        return CatalogError(_("Cannot write to the catalog {path}: {text}").format(path=self.path, text=text))

    @contextmanager
    def errors_said(self) -> Iterator[None]:
        """Work that writes outside one transaction: a failed write becomes a CatalogError that
        says what to do (the disk is full, …)."""
        try:
            yield
        except sqlite3.Error as exc:
            raise self.write_error(exc) from exc

    def execute(self, sql: str, params: Iterable = ()) -> sqlite3.Cursor:
        """Raw SQL, for the catalog's own modules and for tests that set up or inspect a state;
        the rest of FaceAlbum calls named methods (a CI test holds SQL to this package)."""
        return self.db.execute(sql, tuple(params))

    def copy_to(self, target: str | Path) -> None:
        """A consistent copy of the whole catalog in a new file (SQLite's online backup)."""
        with sqlite3.connect(str(target)) as other:
            self.db.backup(other)
        other.close()

    # -- settings -------------------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        self.db.execute(
            "INSERT INTO settings(key, value) VALUES(?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, json.dumps(value)),
        )

    def setting_keys_with_value(self, value: Any) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT key FROM settings WHERE value=?", (json.dumps(value),))]

    def delete_setting(self, key: str) -> None:
        self.db.execute("DELETE FROM settings WHERE key=?", (key,))


def _split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
