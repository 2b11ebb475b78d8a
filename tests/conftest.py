"""Shared fixtures: offscreen Qt, a fresh qasync loop per test, loop errors fail the test."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import pytest


@pytest.fixture(autouse=True, scope="session")
def private_config_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Profiles and window settings of every test (and of the processes they start) go to a
    temporary folder, never to the user's own configuration."""
    previous = os.environ.get("WSGUI_CONFIG_DIR")
    os.environ["WSGUI_CONFIG_DIR"] = str(tmp_path_factory.mktemp("config"))
    yield
    if previous is None:
        del os.environ["WSGUI_CONFIG_DIR"]
    else:
        os.environ["WSGUI_CONFIG_DIR"] = previous


@pytest.fixture(autouse=True, scope="session")
def private_log_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The crash log of every test (and of the processes they start) goes to a temporary
    folder, never to the user's log folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WSGUI_LOG_DIR", str(tmp_path_factory.mktemp("log")))
        yield


@pytest.fixture(autouse=True, scope="session")
def private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The history store of every test (and of the processes they start) goes to a temporary
    folder, never to the user's data folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WSGUI_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        yield


@pytest.fixture
def qloop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop on the test's QApplication; exceptions reported to it fail the test."""
    import qasync

    qapp.setQuitOnLastWindowClosed(
        False
    )  # as the app does: closing a window must not stop the loop
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    yield loop
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()
    asyncio.set_event_loop(None)
    assert not errors, errors


@pytest.fixture
def run_async(qloop: asyncio.AbstractEventLoop) -> Any:
    """Run a scenario coroutine on the qasync loop, with a timeout so a hang is a failure."""

    def run[T](coro: Coroutine[Any, Any, T], timeout: float = 15) -> T:
        return qloop.run_until_complete(asyncio.wait_for(coro, timeout))

    return run


@pytest.fixture
def memory_keyring() -> Iterator[Any]:
    """The real ``keyring`` API over an in-memory backend (no OS keyring on test machines)."""
    import keyring

    from tests.helpers.secrets import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def store(tmp_path: Path, memory_keyring: Any) -> Any:
    """A profile store in a temporary folder, secrets in the in-memory keyring."""
    from wsgui.core.model.secrets import KeyringSecrets
    from wsgui.core.profiles.store import ProfileStore

    return ProfileStore(tmp_path / "profiles", KeyringSecrets())
