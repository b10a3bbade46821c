"""A fix for Streamlit's handling of download buttons whose file is built on click (`data=callable`).

Streamlit 1.67 stores the file built on click without tying it to any session. Its cleanup, which runs at the
end of every script run in every session, marks such a file and deletes it on the next pass: on a busy server
two reruns elsewhere happen before the reader's browser fetches the file, and the download fails (404, saved
as a file named after a hash). Measured: up to 6 of 20 concurrent sessions (bench/results.md, Load).

The fix ties the built file to the session and the button that asked for it, the way Streamlit ties every
other file it serves. A later click on the same button replaces it; the session's end releases it.
Imported by `exchange_tracker.ui` only (this module is the one other place that knows Streamlit).
"""

from __future__ import annotations

from streamlit.runtime.media_file_manager import MediaFileManager

_PATCHED = "_exchange_tracker_ties_downloads"


def tie_built_downloads_to_their_session() -> None:
    """Patch MediaFileManager.execute_deferred once per process (idempotent)."""
    if getattr(MediaFileManager, _PATCHED, False):
        return
    build_and_store = MediaFileManager.execute_deferred

    def execute_deferred(self: MediaFileManager, file_id: str) -> str:
        with self._lock:
            deferred = self._deferred_callables.get(file_id)
        url = build_and_store(self, file_id)
        if deferred is not None:
            stored_id = url.rsplit("/", 1)[-1].split(".", 1)[0]
            with self._lock:
                session_files = self._files_by_session_and_coord.get(deferred["session_id"])
                if session_files is not None and stored_id in self._file_metadata:
                    session_files[f"{deferred['coordinates']}.built-download"] = stored_id
        return url

    MediaFileManager.execute_deferred = execute_deferred
    setattr(MediaFileManager, _PATCHED, True)
