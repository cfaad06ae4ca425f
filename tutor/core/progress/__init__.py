"""The learner's progress file: model, TOML codec, safe storage, migrations.

Pure core: nothing here imports textual or rich.
"""

from tutor.core.progress.codec import (
    MAX_BYTES,
    decode,
    dumps,
    from_toml_dict,
    loads,
    loads_bytes,
    to_toml_dict,
)
from tutor.core.progress.errors import (
    AlreadyOpen,
    ProgressError,
    SaveFailed,
    StoreClosed,
    UntrustedFile,
)
from tutor.core.progress.migrations import MIGRATIONS, migrate
from tutor.core.progress.model import (
    SCHEMA_VERSION,
    Answer,
    CourseRef,
    Credit,
    DrillRun,
    Evaluation,
    Integrity,
    Learner,
    ModuleProgress,
    Position,
    Progress,
    QuizAttempt,
    compute_chain,
    verify_chain,
)
from tutor.core.progress.store import ProgressStore, read_progress, read_progress_bytes

__all__ = [
    "MAX_BYTES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "AlreadyOpen",
    "Answer",
    "CourseRef",
    "Credit",
    "DrillRun",
    "Evaluation",
    "Integrity",
    "Learner",
    "ModuleProgress",
    "Position",
    "Progress",
    "ProgressError",
    "ProgressStore",
    "QuizAttempt",
    "SaveFailed",
    "StoreClosed",
    "UntrustedFile",
    "compute_chain",
    "decode",
    "dumps",
    "from_toml_dict",
    "loads",
    "loads_bytes",
    "migrate",
    "read_progress",
    "read_progress_bytes",
    "to_toml_dict",
    "verify_chain",
]
