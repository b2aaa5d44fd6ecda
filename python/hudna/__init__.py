"""Score Arabic information extractors against the hudna gold dataset.

hudna (هدنة, "truce") is a gold-annotated Arabic news dataset on the
Armenia–Azerbaijan ceasefires, and a scorer for entity, event and casualty
extractors. This package is the Rust scorer itself (the same code as the
``hudna`` command, which the wheel also installs), with the dataset inside::

    import hudna

    report = hudna.score([
        {"kind": "entity", "doc": "2020-10-10-moscow-ceasefire-talks",
         "type": "GPE", "start": 6, "end": 14, "text": "أذربيجان", "ref": "azerbaijan"},
    ])
    print(report)                      # the text tables of `hudna score`
    report.metrics                     # one dict per layer × scheme × label
    report.to_pandas()                 # the tidy table (the CSV's columns)

Predictions are records in the prediction contract
(``schemas/prediction.schema.json``): a list of dicts, a pandas DataFrame, a
JSONL file or a directory of them. An extractor can also be a Python object
with an ``extract(doc, text)`` method (see :class:`Extractor`); it is called
in process, document by document.

Offsets are code points, end exclusive: Python ``str`` indexing, so
``text[start:end]`` is the mention.
"""

from __future__ import annotations

import json
import math
import os
import sys
from dataclasses import dataclass, field
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Protocol,
    Sequence,
    Union,
    runtime_checkable,
)

from . import _hudna
from ._hudna import ExtractorError, HudnaError, ValidationError

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "score",
    "validate",
    "load_gold",
    "read_report",
    "Extractor",
    "Report",
    "Diagnostics",
    "Gold",
    "Document",
    "HudnaError",
    "ValidationError",
    "ExtractorError",
    "TIDY_COLUMNS",
    "__version__",
]

__version__: str = _hudna.__version__

#: The columns of :meth:`Report.to_pandas`, as in ``hudna score --format csv``.
TIDY_COLUMNS = ["doc", "layer", "scheme", "label", "metric", "value", "ci_low", "ci_high"]

PathLike = Union[str, "os.PathLike[str]"]


@runtime_checkable
class Extractor(Protocol):
    """What :func:`score` needs of an in-process extractor.

    Any object with this method will do; subclassing is optional::

        class Gazetteer:
            name = "gazetteer"            # optional: the name in the report

            def extract(self, doc: str, text: str) -> list[dict]:
                i = text.find("باكو")
                return [] if i < 0 else [
                    {"kind": "entity", "type": "GPE", "start": i, "end": i + 4,
                     "text": "باكو", "ref": "baku"}]

    ``extract`` sees what a deployed system would see, a document id and its
    text, never the gold. It returns prediction records (dicts); their
    ``doc`` may be left out. Offsets are code points into ``text``. An
    exception it raises stops the run with an :class:`ExtractorError`
    naming the document (the exception is its ``__cause__``).
    """

    def extract(self, doc: str, text: str) -> List[Dict[str, Any]]:
        """Prediction records for one article."""
        ...  # pragma: no cover


class Report:
    """A score report: the same report as ``hudna score``, with views for
    Python.

    ``str(report)`` is the text table; :attr:`metrics` the corpus-level rows
    as flat dicts; :meth:`to_pandas` the tidy table; :meth:`to_json` the
    versioned JSON (byte for byte what ``hudna score --format json``
    writes), which ``hudna gate`` and ``hudna compare`` read.
    """

    def __init__(self, native: "_hudna.NativeReport") -> None:
        self._native = native
        self._data: Optional[Dict[str, Any]] = None

    @property
    def data(self) -> Dict[str, Any]:
        """The whole report as a dict (the JSON, decoded)."""
        if self._data is None:
            self._data = json.loads(self._native.to_json())
        return self._data

    @property
    def extractor(self) -> str:
        """The extractor's name."""
        return self.data["extractor"]

    @property
    def dataset(self) -> Dict[str, Any]:
        """The gold it was scored against: version, fingerprint, documents."""
        return self.data["dataset"]

    @property
    def metrics(self) -> List[Dict[str, Any]]:
        """Corpus-level rows, one per layer × scheme × label (``micro``,
        ``macro`` or a type), flattened: ``layer, scheme, label, precision,
        recall, f1``, the counts (``correct … spurious, possible, actual``;
        ``None`` for macro rows) and the 95% bootstrap bounds
        (``precision_ci_low`` … ``f1_ci_high``; ``None`` without resamples).
        """
        out = []
        for row in self.data["metrics"]:
            flat: Dict[str, Any] = {
                "layer": row["layer"],
                "scheme": row["scheme"],
                "label": row["label"],
                "precision": row["precision"],
                "recall": row["recall"],
                "f1": row["f1"],
            }
            counts = row.get("counts") or {}
            for k in ("correct", "incorrect", "partial", "missed", "spurious"):
                flat[k] = counts.get(k)
            flat["possible"] = row.get("possible")
            flat["actual"] = row.get("actual")
            ci = row.get("ci") or {}
            for m in ("precision", "recall", "f1"):
                low, high = ci.get(m) or (None, None)
                flat[f"{m}_ci_low"] = low
                flat[f"{m}_ci_high"] = high
            out.append(flat)
        return out

    def metric(self, layer: str, scheme: str, label: str = "micro") -> Dict[str, Any]:
        """One row of :attr:`metrics`; ``KeyError`` names what exists."""
        for row in self.metrics:
            if (row["layer"], row["scheme"], row["label"]) == (layer, scheme, label):
                return row
        known = sorted({f"{r['layer']}.{r['scheme']}" for r in self.metrics})
        raise KeyError(f"no row {layer}.{scheme}.{label}; schemes: {', '.join(known)}")

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        """Problems in predictions that ``lenient=True`` scored as spurious."""
        return json.loads(self._native.warnings_json())

    def to_json(self) -> str:
        """The versioned JSON report (``schemas/report.schema.json``)."""
        return self._native.to_json()

    def to_csv(self) -> str:
        """The tidy CSV: one row per document × layer × scheme × label × metric."""
        return self._native.to_csv()

    def to_markdown(self) -> str:
        """Markdown tables, for a pull-request comment or a notebook."""
        return self._native.to_markdown()

    def to_pandas(self) -> "pandas.DataFrame":
        """The tidy table as a DataFrame with the CSV's columns
        (:data:`TIDY_COLUMNS`): corpus rows (``doc == "ALL"``) first, then
        every document's. Needs pandas."""
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover
            raise ImportError("Report.to_pandas needs pandas: pip install pandas") from e
        rows = json.loads(self._native.tidy_json())
        return pd.DataFrame(rows, columns=TIDY_COLUMNS)

    def save(self, path: PathLike) -> None:
        """Writes :meth:`to_json` to ``path`` atomically (a temporary file,
        then a rename), so a reader never sees half a report."""
        _write_atomic(path, self.to_json())

    def __str__(self) -> str:
        return self._native.to_text()

    def __repr__(self) -> str:
        micro = [
            f"{r['layer']}.{r['scheme']} F1 {r['f1']:.3f}"
            for r in self.metrics
            if r["label"] == "micro" and r["scheme"] in ("strict", "trigger_cls", "claim")
        ]
        return f"<hudna.Report {self.extractor!r}: {'; '.join(micro)}>"

    def _repr_markdown_(self) -> str:  # Jupyter
        return self.to_markdown()


def read_report(path: PathLike) -> Report:
    """Reads a JSON report (``hudna score --format json``, :meth:`Report.save`),
    checking it as ``hudna gate`` does."""
    with open(path, encoding="utf-8") as f:
        return Report(_hudna.NativeReport.from_json(f.read()))


class Diagnostics:
    """What :func:`validate` found: every problem with its file, line and field."""

    def __init__(self, payload: str) -> None:
        data = json.loads(payload)
        self._text: str = data["text"]
        #: One dict per problem: ``path, line, pointer, severity, code,
        #: message`` and, where useful, ``hint``.
        self.diagnostics: List[Dict[str, Any]] = data["diagnostics"]

    @property
    def errors(self) -> int:
        """How many errors."""
        return sum(1 for d in self.diagnostics if d["severity"] == "error")

    @property
    def warnings(self) -> int:
        """How many warnings."""
        return sum(1 for d in self.diagnostics if d["severity"] == "warning")

    @property
    def valid(self) -> bool:
        """Whether there is no error."""
        return self.errors == 0

    def __bool__(self) -> bool:
        return self.valid

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"<hudna.Diagnostics valid={self.valid} errors={self.errors} warnings={self.warnings}>"


@dataclass
class Document:
    """One gold article: its id, its text exactly as stored, and its gold
    records (dicts in ``schemas/gold.schema.json``)."""

    id: str
    text: str
    sha256: str
    records: List[Dict[str, Any]] = field(repr=False)

    def of_kind(self, kind: str) -> List[Dict[str, Any]]:
        """Its records of one kind: ``entity``, ``event``, ``casualty``,
        ``zone`` or ``document``."""
        return [r for r in self.records if r["kind"] == kind]

    @property
    def entities(self) -> List[Dict[str, Any]]:
        """Entity mentions."""
        return self.of_kind("entity")

    @property
    def events(self) -> List[Dict[str, Any]]:
        """Event mentions."""
        return self.of_kind("event")

    @property
    def casualties(self) -> List[Dict[str, Any]]:
        """Casualty figures."""
        return self.of_kind("casualty")


@dataclass
class Gold:
    """A gold corpus: documents by id (in id order) and the KB by ref."""

    root: str
    version: Optional[str]
    fingerprint: str
    documents: Dict[str, Document] = field(repr=False)
    kb: Dict[str, Dict[str, Any]] = field(repr=False)

    def records(self, kind: Optional[str] = None) -> List[Dict[str, Any]]:
        """Every document's records (of one kind, if given), in document order."""
        return [
            r
            for d in self.documents.values()
            for r in d.records
            if kind is None or r["kind"] == kind
        ]


def load_gold(gold: Optional[PathLike] = None) -> Gold:
    """The gold corpus as Python objects: the bundled one, or the corpus
    directory ``gold``. Raises :class:`ValidationError` if it has errors."""
    data = json.loads(_native(_hudna.load_gold, _path(gold)))
    docs = {
        d["id"]: Document(id=d["id"], text=d["text"], sha256=d["sha256"], records=d["records"])
        for d in data["documents"]
    }
    return Gold(
        root=data["root"],
        version=data["version"],
        fingerprint=data["fingerprint"],
        documents=docs,
        kb={e["ref"]: e for e in data["kb"]},
    )


Predictions = Union[
    PathLike,
    Sequence[PathLike],
    Iterable[Mapping[str, Any]],
    "pandas.DataFrame",
    Extractor,
]


def score(
    predictions: Predictions,
    gold: Optional[PathLike] = None,
    *,
    matching: str = "optimal",
    boundary: str = "exact",
    keep_teh_marbuta: bool = False,
    claim_victims: bool = False,
    claim_source: bool = False,
    min_overlap: Optional[float] = None,
    event_dedup: bool = False,
    resamples: int = 1000,
    seed: Optional[int] = None,
    lenient: bool = False,
    name: Optional[str] = None,
    save_predictions: Optional[PathLike] = None,
    resume: Optional[PathLike] = None,
) -> Report:
    """Scores predictions against the gold, as ``hudna score`` does.

    ``predictions`` is any of:

    - a list (any iterable) of prediction records, as dicts;
    - a pandas DataFrame with one record per row (missing values, NaN or
      None, are left out of the record; nested fields such as ``trigger``
      or ``count`` hold dicts);
    - a path to a JSONL file, or to a directory of ``*.jsonl``, or a list
      of paths;
    - an :class:`Extractor`: an object with ``extract(doc, text)``, called
      for each gold article in id order.

    ``gold`` is a corpus directory; ``None`` is the dataset bundled with
    hudna. A directory is checked under the profile ``hudna score`` picks
    for it: strict with ``kb.jsonl`` or a dataset card, core (any corpus:
    offsets, text, its own entity labels) otherwise; the bundled dataset
    is strict. The options are the command line's: ``matching`` (``"optimal"``
    or ``"greedy"``, nervaluate's), ``boundary`` (``"exact"`` or
    ``"token"``), ``keep_teh_marbuta``, ``claim_victims``,
    ``claim_source``, ``min_overlap`` (percent, 1–100), ``event_dedup``,
    ``resamples`` (bootstrap, 0–100000), ``seed`` and ``lenient`` (score
    invalid records as spurious instead of raising). ``name`` names the
    extractor in the report. For an :class:`Extractor`,
    ``save_predictions`` saves each answer as it arrives and ``resume``
    reuses a saved file, as ``hudna score --save-predictions/--resume``
    do.

    Raises :class:`ValidationError` (with ``.diagnostics``: file, line,
    field) when predictions break the contract and ``lenient`` is off,
    :class:`ExtractorError` when an extractor fails, ``FileNotFoundError``
    for a missing path, ``ValueError`` for an option out of range.
    """
    options: Dict[str, Any] = {
        "matching": matching,
        "boundary": boundary,
        "keep_teh_marbuta": keep_teh_marbuta,
        "claim_victims": claim_victims,
        "claim_source": claim_source,
        "min_overlap": min_overlap,
        "event_dedup": event_dedup,
        "resamples": resamples,
        "seed": seed,
        "lenient": lenient,
        "name": name,
        "save_predictions": _path(save_predictions),
        "resume": _path(resume),
    }
    gold_path = _path(gold)
    if _is_extractor(predictions):
        adapter = _Adapter(predictions)
        options.pop("name")
        native = _native(
            _hudna.score_extractor, adapter, name or adapter.name, gold_path, options
        )
        return Report(native)
    paths, data, label = _predictions(predictions)
    return Report(_native(_hudna.score_predictions, paths, data, label, gold_path, options))


def validate(
    predictions: Optional[Predictions] = None, gold: Optional[PathLike] = None
) -> Diagnostics:
    """Checks data as ``hudna validate`` does.

    With ``predictions`` (records, a DataFrame, a path or paths), checks
    them against the gold: the prediction schema, then offsets against the
    article text, ids and references. Without, checks the gold itself (the
    bundled dataset, or the corpus directory ``gold``). Returns every
    problem found; nothing is raised for bad data, only for a gold that is
    itself invalid when checking predictions.
    """
    if predictions is None:
        return Diagnostics(_native(_hudna.validate_gold, _path(gold)))
    if _is_extractor(predictions):
        raise TypeError("validate checks data; score an extractor with hudna.score")
    paths, data, label = _predictions(predictions)
    return Diagnostics(_native(_hudna.validate_predictions, paths, data, label, _path(gold)))


# ---------------------------------------------------------------------------
# Internals


def _native(fn: Any, *args: Any) -> Any:
    """Calls into the native module, giving ``ValidationError`` its
    ``.diagnostics`` (the native side attaches them as JSON)."""
    try:
        return fn(*args)
    except ValidationError as e:
        raw = getattr(e, "_diagnostics_json", None)
        e.diagnostics = json.loads(raw) if raw else []
        raise


def _path(p: Optional[PathLike]) -> Optional[str]:
    return None if p is None else os.fspath(p)


def _is_extractor(x: Any) -> bool:
    return callable(getattr(x, "extract", None)) and not _is_dataframe(x)


def _is_dataframe(x: Any) -> bool:
    mod = type(x).__module__ or ""
    return mod.startswith("pandas") and hasattr(x, "to_dict")


def _clean(value: Any) -> Any:
    """A value made JSON-ready: numpy scalars to Python, NaN dropped (by
    the caller: see ``_record``), integral floats from a float column back
    to ints (a DataFrame turns an int column with gaps into floats)."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if not _missing(v)}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return _clean(value.tolist())  # numpy scalars and arrays
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _pandas_missing() -> tuple:
    """pandas' missing-value singletons, if pandas is imported at all."""
    pd = sys.modules.get("pandas")
    return (pd.NA, pd.NaT) if pd is not None else ()


def _missing(v: Any) -> bool:
    if v is None:
        return False  # an explicit null is data (e.g. "ref": null)
    if isinstance(v, float) and math.isnan(v):
        return True
    return any(v is m for m in _pandas_missing())


def _record(r: Mapping[str, Any], where: str) -> str:
    if not isinstance(r, Mapping):
        raise TypeError(f"{where}: a prediction record must be a dict, not {type(r).__name__}")
    return json.dumps(_clean(dict(r)), ensure_ascii=False, allow_nan=False)


def _predictions(p: Any) -> "tuple[List[str], Optional[bytes], str]":
    """``(paths, jsonl, label)`` for the native side."""
    if isinstance(p, (str, os.PathLike)):
        return [os.fspath(p)], None, ""
    if _is_dataframe(p):
        rows = p.to_dict(orient="records")
        lines = [_record(r, f"DataFrame row {i}") for i, r in enumerate(rows)]
        return [], _jsonl(lines), "<DataFrame>"
    if isinstance(p, Mapping):
        raise TypeError("predictions: a list of records (dicts), not one dict")
    items = list(p)
    if items and all(isinstance(i, (str, os.PathLike)) for i in items):
        return [os.fspath(i) for i in items], None, ""
    lines = [_record(r, f"record {i}") for i, r in enumerate(items)]
    return [], _jsonl(lines), "<predictions>"


def _jsonl(lines: List[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


class _Adapter:
    """Wraps a user's extractor for the native side: records as one JSON
    string, with numpy values and NaN dealt with here, where Python knows
    them."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        given = getattr(inner, "name", None)
        self.name = given if isinstance(given, str) and given else f"python:{type(inner).__qualname__}"

    def _extract_json(self, doc: str, text: str) -> str:
        records = self.inner.extract(doc, text)
        if isinstance(records, Mapping) or isinstance(records, (str, bytes)):
            raise TypeError(
                f"extract() must return a list of records (dicts), not {type(records).__name__}"
            )
        if _is_dataframe(records):
            records = records.to_dict(orient="records")
        items = [json.loads(_record(r, f"record {i}")) for i, r in enumerate(records)]
        return json.dumps(items, ensure_ascii=False)


def _write_atomic(path: PathLike, text: str) -> None:
    path = os.fspath(path)
    tmp = os.path.join(
        os.path.dirname(path) or ".", f".{os.path.basename(path)}.{os.getpid()}.tmp"
    )
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise


def _cli_path() -> Optional[str]:
    """The ``hudna`` binary the wheel installed next to this interpreter."""
    import shutil
    import sysconfig

    here = os.path.join(sysconfig.get_path("scripts"), "hudna")
    if os.path.isfile(here) and os.access(here, os.X_OK):
        return here
    return shutil.which("hudna")


if sys.version_info < (3, 9):  # pragma: no cover
    raise ImportError("hudna needs Python 3.9 or later")
