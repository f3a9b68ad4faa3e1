"""komplan's settings plus the two reference views of `benchmarks/throughput.py` (its URLs)."""

from komplan.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.throughput_urls"
