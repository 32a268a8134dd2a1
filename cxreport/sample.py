"""The bundled sample: exports of all five kinds for one fictional company (see sample_data/STORY.md)."""

from __future__ import annotations

from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
_SUFFIXES = {".csv", ".xlsx", ".tsv", ".parquet", ".json", ".gz", ".zip"}


def sample_paths() -> list[Path]:
    """The sample export files, in a stable order (the generator script is not one)."""
    return sorted(p for p in SAMPLE_DIR.iterdir() if p.suffix.lower() in _SUFFIXES) if SAMPLE_DIR.is_dir() else []


def load_sample() -> list:
    """Every sample file read and recognised, as `Dataset`s."""
    from cxreport.io.dataset import load_dataset

    return [load_dataset(p.name, p.read_bytes()) for p in sample_paths()]
