"""Type stubs of the native module `hudna._hudna` (Rust, PyO3).

Use the `hudna` package instead: it wraps these functions, decodes their
JSON and documents every option. They exchange JSON so that a Python user
sees exactly the JSON the `hudna` command writes.
"""

from typing import Any, Dict, List, Optional

__version__: str

class HudnaError(Exception):
    """Base class of the errors hudna raises."""

class ValidationError(HudnaError):
    """The gold or the predictions break the contract."""

    diagnostics: List[Dict[str, Any]]
    """Every problem: path, line, pointer, severity, code, message, hint."""

class ExtractorError(HudnaError):
    """An extractor failed on a document."""

class NativeReport:
    """A score report as the Rust library made it."""

    def to_json(self) -> str: ...
    def to_text(self) -> str: ...
    def to_markdown(self) -> str: ...
    def to_csv(self) -> str: ...
    def tidy_json(self) -> str: ...
    def warnings_json(self) -> str: ...
    @staticmethod
    def from_json(text: str) -> NativeReport: ...

def score_predictions(
    paths: List[str],
    data: Optional[bytes],
    label: str,
    gold: Optional[str],
    options: Dict[str, Any],
) -> NativeReport:
    """Scores JSONL files/directories (`paths`) and JSONL bytes (`data`,
    named `label` in messages). `options`: the keywords of `hudna.score`."""

def score_extractor(
    adapter: Any, name: str, gold: Optional[str], options: Dict[str, Any]
) -> NativeReport:
    """Scores an object whose `_extract_json(doc, text)` returns a JSON
    array of prediction records."""

def validate_gold(gold: Optional[str]) -> str:
    """`{"text": ..., "diagnostics": [...]}` for a gold corpus."""

def validate_predictions(
    paths: List[str], data: Optional[bytes], label: str, gold: Optional[str]
) -> str:
    """`{"text": ..., "diagnostics": [...]}` for predictions against a gold."""

def load_gold(gold: Optional[str]) -> str:
    """The gold as JSON: root, version, fingerprint, documents, kb."""
