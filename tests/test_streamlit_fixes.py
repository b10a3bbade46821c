"""A file built when a download button is clicked survives other sessions' cleanups until it is fetched."""

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from exchange_tracker.streamlit_fixes import tie_built_downloads_to_their_session


@pytest.fixture
def manager() -> MediaFileManager:
    tie_built_downloads_to_their_session()
    return MediaFileManager(MemoryMediaFileStorage("/media"))


def test_a_built_download_survives_cleanups_until_the_session_ends(manager):
    placeholder = manager.add_deferred(lambda: b"Date,Bodies\n2025-06-11,1212\n", "text/csv", "1.(2.3).4", "b.csv")
    url = manager.execute_deferred(placeholder)
    name = url.rsplit("/", 1)[-1]
    for _ in range(3):  # three script runs end in other sessions before the browser fetches the file
        manager.remove_orphaned_files()
    assert manager._storage.get_file(name).content == b"Date,Bodies\n2025-06-11,1212\n"
    manager.clear_session_refs("dontcare")  # the session ends (outside a script run the session is "dontcare")
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    with pytest.raises(MediaFileStorageError):
        manager._storage.get_file(name)


def test_a_second_click_replaces_the_first_file(manager):
    placeholder = manager.add_deferred(lambda: b"first", "text/csv", "1.(2.3).4", "b.csv")
    first = manager.execute_deferred(placeholder).rsplit("/", 1)[-1]
    manager._deferred_callables[placeholder]["callable"] = lambda: b"second"
    second = manager.execute_deferred(placeholder).rsplit("/", 1)[-1]
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    assert manager._storage.get_file(second).content == b"second"
    with pytest.raises(MediaFileStorageError):
        manager._storage.get_file(first)
