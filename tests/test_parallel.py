"""The worker threads (exchange_tracker/parallel.py): a job sees its caller's language and returns or raises."""

import threading

import pytest

from exchange_tracker.i18n import current_language, use_language
from exchange_tracker.parallel import in_background


def test_a_job_runs_on_another_thread_in_the_callers_language():
    for language in ("uk", "en"):
        with use_language(language):
            job = in_background(lambda: (current_language(), threading.current_thread().name))
        assert job.result(timeout=10) == (language, job.result()[1])
        assert job.result()[1] != threading.current_thread().name


def test_a_jobs_exception_reaches_its_caller():
    def fails():
        raise ValueError("bad column")

    with pytest.raises(ValueError, match="bad column"):
        in_background(fails).result(timeout=10)
