"""The report to take away whole: a zip of the notebook and the data it recomputes from.

The app's session holds tables, not files: uploads were parsed, recognised and corrected
(kinds, column mappings, SERVQUAL tags, journey stages). So the notebook cannot reload
"the same files"; it reloads the session's own datasets instead, written exactly as the
saved-report store writes them (`cxreport.store`: every frame as Parquet, everything
else about a dataset as JSON), and the user's corrections beside them. Unzipped::

    cxreport-report/
        report.ipynb              the notebook (`cxreport.render.notebook.to_ipynb`), reading ./data
        data/bundle.json          format, version, each dataset's kind, mapping, question texts ...,
                                  the SERVQUAL tag of every survey column, the journey stages set by hand
        data/<i>_<frame>.parquet  dataset i's frames: raw (as read), table (canonical), rejected ...

The SERVQUAL tags are written as they are in force (recognised or corrected), not only the
corrections: recognising an item reads the question texts of the export, and pinning the
result keeps the numbers even if a later cxreport recognised differently.
"""

from __future__ import annotations

import dataclasses
import io
import json
import tempfile
import zipfile
from pathlib import Path

import nbformat

from cxreport import __version__
from cxreport.errors import CXError
from cxreport.notebook import Notebook
from cxreport.render.document import ReportDocument
from cxreport.render.notebook import to_ipynb
from cxreport.state import ViewState
from cxreport.store import read_dataset, write_dataset
from cxreport.workspace import Workspace

BUNDLE_FORMAT = "cxreport-bundle"
BUNDLE_VERSION = 1
FOLDER = "cxreport-report"  # the zip's one top-level folder
DATA = "data"  # the data folder, beside the notebook
MANIFEST = "bundle.json"
NOTEBOOK = "report.ipynb"


def _not_valid(folder: Path) -> CXError:
    return CXError("bundle_not_valid", f"The folder {folder} holds no cxreport data this version can read.",
                   "Unzip the download from the app again, next to the notebook, or update cxreport.",
                   folder=str(folder))


def write_data(ws: Workspace, folder: Path) -> Path:
    """The workspace's datasets and corrections into `folder` (see the module docstring)."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = [write_dataset(ds, folder, i) for i, ds in enumerate(ws.datasets.values())]
    tags = {column: [dimension, role] if dimension else None
            for column, _, dimension, role in ws.servqual_table().iter_rows()}  # a few dozen columns
    manifest = {"format": BUNDLE_FORMAT, "version": BUNDLE_VERSION, "cxreport": __version__, "datasets": entries,
                "servqual_tags": tags, "journey_stages": ws.journey_stages()}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def load_bundle(folder: str | Path = DATA) -> Workspace:
    """The workspace a bundle's data folder holds: the app's datasets as they were, with the
    SERVQUAL tags and journey stages the app used. Raises ``bundle_not_valid`` for a folder
    without a manifest of this format and version, or with one that does not hold together."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise _not_valid(folder) from None
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT or manifest.get("version") != BUNDLE_VERSION:
        raise _not_valid(folder)
    try:
        return _workspace(manifest, folder)
    except CXError:
        raise
    except Exception:  # noqa: BLE001 — a hand-edited or damaged bundle: one plain refusal, whatever broke
        raise _not_valid(folder) from None


def _workspace(manifest: dict, folder: Path) -> Workspace:
    from cxreport.io.dataset import Dataset
    from cxreport.metrics.journey import STAGES
    from cxreport.metrics.servqual import DIMENSIONS, ROLES

    known = {f.name for f in dataclasses.fields(Dataset)}
    root = folder.resolve()
    datasets, tags, stages = manifest.get("datasets", []), manifest.get("servqual_tags") or {}, \
        manifest.get("journey_stages") or {}
    if not (isinstance(datasets, list) and isinstance(tags, dict) and isinstance(stages, dict)):
        raise _not_valid(folder)
    ws = Workspace()
    for index, entry in enumerate(datasets):
        frames = entry.get("frames", {}) if isinstance(entry, dict) else None
        # a frame's name becomes a file name: fields only, and every file inside the folder
        if not isinstance(frames, dict) or not set(frames) <= known or \
                any(root not in p.resolve().parents for p in folder.glob(f"{index}_*.parquet")):
            raise _not_valid(folder)
        ws.add(read_dataset(entry, folder, index))
    if not all(tag is None or (isinstance(tag, list) and len(tag) == 2 and tag[0] in DIMENSIONS and tag[1] in ROLES)
               for tag in tags.values()) or not all(stage in STAGES for stage in stages.values()):
        raise _not_valid(folder)
    ws.set_servqual_tags({str(column): tuple(tag) if tag else None for column, tag in tags.items()})
    ws.set_journey_stages({str(k): str(v) for k, v in stages.items()})
    return ws


def bundle_zip(ws: Workspace, doc: ReportDocument, *, notebook: Notebook | None = None,
               view: ViewState | None = None) -> bytes:
    """The zip (see the module docstring): `doc`'s notebook, reading the workspace's data
    under the document's filters, period and language, with `view`'s page parameters."""
    nb = to_ipynb([], doc, notebook=notebook, bundle=DATA, view=view)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="cxreport-bundle-") as tmp, \
            zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        data = write_data(ws, Path(tmp) / DATA)
        archive.writestr(f"{FOLDER}/{NOTEBOOK}", nbformat.writes(nb))
        for path in sorted(data.iterdir()):
            # Parquet is compressed already: stored as is, the zip costs no second compression.
            kind = zipfile.ZIP_STORED if path.suffix == ".parquet" else zipfile.ZIP_DEFLATED
            archive.write(path, f"{FOLDER}/{DATA}/{path.name}", compress_type=kind)
    return buffer.getvalue()
