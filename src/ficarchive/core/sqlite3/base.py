"""Django's SQLite backend, creating the database file readable by its owner only.

SQLite creates a new file with the process's umask (usually 0644: everyone on the machine
could read every account's email and password hash). Every way of opening the archive
(serve, migrate, import, tests on disk) goes through here, so the file is made 0600 before
SQLite first opens it (and its folder 0700 if there is none yet); SQLite gives its -wal and
-shm files the database file's mode.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        name = str(conn_params["database"])
        # "file:..." names are URIs (Django's in-memory test database); others are paths.
        if name and name != ":memory:" and not name.startswith("file:"):
            # A new data folder (SECRET_KEY set, so no key file made it): made for its owner.
            Path(name).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # Only a file that is not there yet is opened (O_EXCL). Closing any descriptor of
            # a database file drops every SQLite lock this process holds on it (POSIX locks
            # belong to the process): a thread opening a connection would free another
            # thread's write lock to the other processes, and the file could be corrupted.
            with contextlib.suppress(FileExistsError):
                os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return super().get_new_connection(conn_params)
